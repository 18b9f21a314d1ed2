"""Claims built from the index: a quote is kept only when it is verbatim text of its clause."""
from __future__ import annotations

from core.facts import Fact
from core.records import Claim, ClaimKind


class ClaimBuilder:
    """Collects an answer's claims in order, once each (answers over a large corpus cite hundreds of facts)."""

    def __init__(self, index, kind: ClaimKind = "quote"):
        self.index = index
        self.kind = kind
        self._items: list[Claim] = []
        self._seen: set[Claim] = set()

    def add(self, doc_id: str, clause_id: str, quote: str, *, kind: ClaimKind | None = None,
            text: str = "") -> Claim | None:
        clause = self.index.clause(doc_id, clause_id)
        quote = quote.strip()
        if clause is None or not quote or quote not in clause.text:
            return None  # never cite what the clause does not say
        claim = Claim(doc=self.index.document_title(doc_id), clause=clause_id, quote=quote, doc_id=doc_id,
                      kind=kind or self.kind, text=text)
        if claim not in self._seen:
            self._seen.add(claim)
            self._items.append(claim)
        return claim

    def add_fact(self, fact: Fact) -> Claim | None:
        return self.add(fact.doc_id, fact.clause_id, fact.quote, kind="fact")

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(self._items)
