"""Sparse index: bm25s over the project's jieba search terms, saved beside the vectors."""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

logging.getLogger("bm25s").setLevel(logging.WARNING)


class BM25Index:
    def __init__(self, retriever, size: int):
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> "BM25Index":
        import bm25s

        retriever = bm25s.BM25()
        retriever.index([tokens or ["_"] for tokens in token_lists], show_progress=False)
        return cls(retriever, len(token_lists))

    def save(self, directory: Path) -> None:
        self._retriever.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, size: int) -> "BM25Index":
        import bm25s

        return cls(bm25s.BM25.load(str(directory), mmap=False, show_progress=False), size)

    def vocabulary(self):
        """Every term the index knows."""
        return self._retriever.vocab_dict.keys()

    def search(self, tokens: list[str], k: int) -> list[tuple[int, float]]:
        """(row, score) pairs, best first, for rows with a positive score."""
        vocab = self._retriever.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known or self.size == 0:
            return []
        k = min(k, self.size)
        docs, scores = self._retriever.retrieve([known], k=k, show_progress=False, n_threads=1)
        return [(int(d), float(s)) for d, s in zip(np.asarray(docs)[0], np.asarray(scores)[0]) if s > 0]
