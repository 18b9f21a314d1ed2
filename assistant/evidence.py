"""Citations built from the index: quotes are checked to be verbatim text of their clause."""
from __future__ import annotations

from core.records import Citation


class CitationBuilder:
    def __init__(self, index):
        self.index = index
        self._items: list[Citation] = []
        self._seen: set[Citation] = set()  # answers over a large corpus cite hundreds of facts

    def add(self, doc_id: str, clause_id: str, quote: str) -> Citation | None:
        clause = self.index.clause(doc_id, clause_id)
        quote = quote.strip()
        if clause is None or not quote or quote not in clause.text:
            return None  # never cite what the clause does not say
        citation = Citation(doc=self.index.document_title(doc_id), clause=clause_id, quote=quote, doc_id=doc_id)
        if citation not in self._seen:
            self._seen.add(citation)
            self._items.append(citation)
        return citation

    def add_fact(self, fact: dict) -> Citation | None:
        return self.add(fact["doc_id"], fact["clause_id"], fact["quote"])

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(self._items)
