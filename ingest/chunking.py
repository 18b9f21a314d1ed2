"""Chunk each clause on its own: a chunk never spans two clauses.

Sentences are packed up to `max_chars`; a sentence longer than that is cut at jieba
word boundaries with `overlap_chars` of overlap.
"""
from __future__ import annotations

import re

from core.records import Chunk, Clause
from core.settings import ChunkingSettings
from core.tokenizer import cut

# A sentence also ends at the comma before "二是/三是…" of an "一是…，二是…" list, so that
# each item of the list can be picked (and quoted) on its own; the items stay in their clause.
_LIST_NEXT = r"[，,](?=[二三四五六七八九十]是(?!否))"
_SENTENCE_RE = re.compile(rf"(?:[^。！？；;，,\n]|(?!{_LIST_NEXT})[，,])+(?:[。！？；;]|{_LIST_NEXT})?|\n")


def split_sentences(text: str) -> list[str]:
    """Sentences as they stand in the text (verbatim), without empty pieces."""
    return [s for s in (m.group(0).strip() for m in _SENTENCE_RE.finditer(text)) if s]


def _words(text: str, max_chars: int) -> list[str]:
    """jieba words that join back to `text`; a word longer than max_chars is split by characters."""
    out = []
    for word in cut(text, keep_space=True):
        out.extend(word[i:i + max_chars] for i in range(0, len(word), max_chars))
    return out


def _cut_long(sentence: str, max_chars: int, overlap: int) -> list[str]:
    words = _words(sentence, max_chars)
    pieces, current = [], ""
    for word in words:
        if current and len(current) + len(word) > max_chars:
            pieces.append(current)
            tail = ""
            for w in reversed(_words(current, max_chars)):
                if len(tail) + len(w) > overlap:
                    break
                tail = w + tail
            current = tail if len(tail) + len(word) <= max_chars else ""
        current += word
    if current:
        pieces.append(current)
    return pieces


def chunk_clause(clause: Clause, settings: ChunkingSettings) -> list[Chunk]:
    pieces: list[str] = []
    for paragraph in clause.text.split("\n"):
        pieces.extend(_pack(paragraph, settings))
    return [
        Chunk(
            chunk_id=Chunk.make_id(clause.doc_id, clause.clause_id, text) + f"-{i}",
            doc_id=clause.doc_id,
            clause_id=clause.clause_id,
            text=text,
            heading_path=clause.heading_path,
            order=i,
        )
        for i, text in enumerate(pieces)
    ]


def _pack(paragraph: str, settings: ChunkingSettings) -> list[str]:
    """Pack one paragraph's sentences into verbatim slices of at most max_chars."""
    pieces: list[str] = []
    start = end = None  # the current piece is paragraph[start:end]
    for m in _SENTENCE_RE.finditer(paragraph):
        if not m.group(0).strip():
            continue
        s, e = m.start(), m.end()
        if e - s > settings.max_chars:
            if start is not None:
                pieces.append(paragraph[start:end].strip())
                start = None
            pieces.extend(p for p in _cut_long(paragraph[s:e].strip(), settings.max_chars, settings.overlap_chars)
                          if p.strip())
            continue
        if start is not None and e - start > settings.max_chars:
            pieces.append(paragraph[start:end].strip())
            start = None
        if start is None:
            start = s
        end = e
    if start is not None:
        pieces.append(paragraph[start:end].strip())
    return [p for p in pieces if p]


def chunk_clauses(clauses: list[Clause], settings: ChunkingSettings) -> list[Chunk]:
    return [chunk for clause in clauses for chunk in chunk_clause(clause, settings)]
