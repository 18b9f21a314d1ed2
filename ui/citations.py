"""Citation cards: the cited clause in full, with the quoted sentences marked."""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.records import Citation, Clause


@dataclass(frozen=True)
class CitationCard:
    doc_id: str
    doc_title: str
    clause_id: str
    title: str  # the clause's short heading, e.g. 着力扩大开放合作
    heading_path: str
    quotes: tuple[str, ...]
    segments: tuple[tuple[str, bool], ...]  # the clause text cut into (text, is_quote) pieces
    found: bool  # False when the clause is not in the index (the quote is then shown alone)

    @property
    def before(self) -> str:
        """Text ahead of the first quote."""
        out = []
        for text, quoted in self.segments:
            if quoted:
                break
            out.append(text)
        return "".join(out)

    @property
    def quote(self) -> str:
        """The first highlighted piece (the quote as it stands in the clause)."""
        return next((text for text, quoted in self.segments if quoted), "")

    @property
    def after(self) -> str:
        """Text after the last quote."""
        out = []
        for text, quoted in reversed(self.segments):
            if quoted:
                break
            out.append(text)
        return "".join(reversed(out))

    @property
    def label(self) -> str:
        return f"{self.clause_id}　{self.title}" if self.title and self.title != self.clause_id else self.clause_id

    @property
    def key(self) -> str:
        return f"{self.doc_id}|{self.clause_id}"


def find_span(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` stands in `text`: exactly, or else ignoring whitespace differences."""
    quote = quote.strip()
    if not quote:
        return None
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    chars = [re.escape(ch) for ch in quote if not ch.isspace()]
    if not chars:
        return None
    m = re.search(r"\s*".join(chars), text)
    return (m.start(), m.end()) if m else None


def split_quotes(text: str, quotes: list[str] | tuple[str, ...]) -> tuple[tuple[tuple[str, bool], ...], bool]:
    """Cut `text` into (piece, is_quote) segments; the flag says whether every quote was found."""
    spans = []
    all_found = True
    for quote in quotes:
        span = find_span(text, quote)
        if span is None:
            all_found = False
        else:
            spans.append(span)
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments: list[tuple[str, bool]] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            segments.append((text[pos:start], False))
        segments.append((text[start:end], True))
        pos = end
    if pos < len(text):
        segments.append((text[pos:], False))
    return tuple(segments), all_found


def _resolve_doc_id(index, citation: Citation) -> str:
    if citation.doc_id:
        return citation.doc_id
    for doc_id, doc in index.documents.items():
        if doc.title == citation.doc and index.clause(doc_id, citation.clause) is not None:
            return doc_id
    for doc_id in index.documents:
        if index.clause(doc_id, citation.clause) is not None:
            return doc_id
    return ""


def citation_cards(index, citations) -> list[CitationCard]:
    """One card per cited clause (in citation order); several quotes of one clause share a card."""
    grouped: dict[tuple[str, str], list[Citation]] = {}
    for c in citations:
        grouped.setdefault((_resolve_doc_id(index, c), c.clause), []).append(c)
    cards = []
    for (doc_id, clause_id), group in grouped.items():
        quotes = tuple(dict.fromkeys(c.quote for c in group if c.quote))
        clause: Clause | None = index.clause(doc_id, clause_id) if doc_id else None
        title = index.document_title(doc_id) if doc_id else ""
        title = title or group[0].doc
        if clause is None:
            segments = tuple((q, True) for q in quotes)
            cards.append(CitationCard(doc_id, title, clause_id, "", "", quotes, segments, False))
            continue
        segments, _ = split_quotes(clause.text, quotes)
        cards.append(CitationCard(doc_id, title, clause_id, clause.title, clause.heading_path, quotes, segments, True))
    return cards


def missing_quotes(card: CitationCard) -> list[str]:
    """Quotes that could not be placed in the clause text (shown separately under the card)."""
    if not card.found:
        return []
    text = "".join(t for t, _ in card.segments)
    return [q for q in card.quotes if find_span(text, q) is None]
