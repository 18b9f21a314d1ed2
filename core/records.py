"""One typed record per stage: Document -> Clause -> Chunk -> Hit -> Answer.

IDs are content hashes so that re-ingesting the same text yields the same IDs.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal


def content_id(*parts: str, length: int = 16) -> str:
    """Stable hash of the given parts (joined with a separator unlikely in text)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Document:
    """One policy document: its text and metadata (title, issuer, date ...)."""

    doc_id: str
    path: str
    title: str
    text: str
    sha256: str
    issuer: str = ""
    date: str = ""
    doc_number: str = ""  # 文号, e.g. 豫政办〔2017〕xx号
    validity: str = ""
    title_supplied: bool = False
    effective: str = ""  # ISO date the document takes effect (实施日期), when the source states it
    expires: str = ""  # ISO date it stops (失效日期), when the source states it


@dataclass(frozen=True)
class Clause:
    """A node of the clause tree. `clause_id` follows DESIGN.md section 2."""

    clause_id: str
    doc_id: str
    label: str  # the numbering label as written, e.g. "（四）", "6."
    title: str  # short heading, e.g. "发展目标"; may be empty
    text: str  # the clause's own text (without children), normalised
    parent_id: str | None
    level: int
    order: int  # position in document order
    path: tuple[str, ...] = ()  # heading path, e.g. ("二、发展重点", "（一）新兴制造业产业集群", "6.生物医药")

    @property
    def heading_path(self) -> str:
        return " > ".join(self.path)


@dataclass(frozen=True)
class Chunk:
    """A piece of one clause's text, cut at jieba word boundaries."""

    chunk_id: str
    doc_id: str
    clause_id: str
    text: str
    heading_path: str
    order: int
    tokens: tuple[str, ...] = ()

    @staticmethod
    def make_id(doc_id: str, clause_id: str, text: str) -> str:
        return content_id(doc_id, clause_id, text)


Source = Literal["dense", "bm25", "fact", "fused"]


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its score and which index found it."""

    chunk: Chunk
    score: float
    source: Source
    rank: int = 0


ClaimKind = Literal["fact", "quote", "near", "meta"]


@dataclass(frozen=True)
class Claim:
    """One thing an answer asserts, tied to the clause that says it.

    `doc`, `clause` and `quote` are what the eval contract calls a citation (DESIGN.md 3);
    `kind` says how the answer uses it (a structured fact, a quoted sentence, the nearest
    clause of a refusal, document metadata) and `text` is the answer line it supports.
    Equality is by (doc, clause, quote, doc_id): the same quote is one claim."""

    doc: str  # document title
    clause: str  # clause ID
    quote: str  # verbatim text of the cited clause
    doc_id: str = ""
    kind: ClaimKind = field(default="quote", compare=False)
    text: str = field(default="", compare=False)

    def as_dict(self) -> dict:
        return {"doc": self.doc, "clause": self.clause, "quote": self.quote}


Citation = Claim  # the eval contract's word for a claim's (doc, clause, quote)

Route = Literal["facts", "extractive", "refusal", "llm", "error"]


@dataclass(frozen=True)
class Answer:
    """What every step after composition reads: the text and the claims it rests on."""

    text: str
    claims: tuple[Claim, ...] = ()
    refused: bool = False
    route: Route = "extractive"
    notice: str = ""  # one-line Chinese notice, e.g. LLM fell back
    conflicts: tuple[str, ...] = ()  # human-readable conflict statements touched by the answer
    debug: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def citations(self) -> tuple[Claim, ...]:
        return self.claims

    def cited_clauses(self) -> list[tuple[str, str]]:
        """(doc_id, clause_id) of the claims, first mention first, without repeats."""
        return list(dict.fromkeys((c.doc_id, c.clause) for c in self.claims))
