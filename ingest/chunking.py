"""Chunk each clause on its own: a chunk never spans two clauses.

Sentences are packed up to `max_chars`; a sentence longer than that is cut at jieba
word boundaries with `overlap_chars` of overlap.
"""
from __future__ import annotations

import re

from core.records import Chunk, Clause
from core.settings import ChunkingSettings
from core.tokenizer import cut

_SENTENCE_RE = re.compile(r"[^。！？；;\n]+[。！？；;]?|\n")


def split_sentences(text: str) -> list[str]:
    """Sentences as they stand in the text (verbatim), without empty pieces."""
    return [s for s in (m.group(0).strip() for m in _SENTENCE_RE.finditer(text)) if s]


def _cut_long(sentence: str, max_chars: int, overlap: int) -> list[str]:
    words = cut(sentence)
    pieces, current = [], ""
    for word in words:
        if current and len(current) + len(word) > max_chars:
            pieces.append(current)
            tail = ""
            for w in reversed(cut(current)):
                if len(tail) + len(w) > overlap:
                    break
                tail = w + tail
            current = tail
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
    """Pack one paragraph's sentences into pieces of at most max_chars."""
    pieces: list[str] = []
    current = ""
    for sentence in split_sentences(paragraph):
        if len(sentence) > settings.max_chars:
            if current:
                pieces.append(current)
                current = ""
            pieces.extend(_cut_long(sentence, settings.max_chars, settings.overlap_chars))
            continue
        if current and len(current) + len(sentence) > settings.max_chars:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def chunk_clauses(clauses: list[Clause], settings: ChunkingSettings) -> list[Chunk]:
    return [chunk for clause in clauses for chunk in chunk_clause(clause, settings)]
