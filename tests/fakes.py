"""Named test fakes. Nothing here is a real component; each says so in its name and docstring.

`HashEmbedder` is a FAKE embedder for logic tests (ingest bookkeeping, generations, stores,
filters): it turns each text into a unit vector seeded by the SHA-256 of the text, so that

- the same text always gets the same vector (deterministic across runs and processes),
- different texts get unrelated vectors (no semantics at all: "生物医药" is no closer to
  "医药" than to "天气"),
- nothing is loaded and nothing is downloaded (a few microseconds per text).

Use it only where a test does not judge retrieval quality. Dense rankings computed with it
are meaningless, except that a text queried verbatim finds its own passage first (its
vector is identical). Tests of ranking quality and end-to-end answers use the real model
(`built_index` in tests/conftest.py).

The same idea (hash-seeded unit vectors) is used by the bench's `StubPassages`
(eval/bench_worker.py) for passages at scale points; eval keeps its own copy and never
imports tests/.
"""
from __future__ import annotations

import hashlib

import numpy as np

FAKE_DIM = 64


class HashEmbedder:
    """FAKE embedder: deterministic hash-seeded unit vectors, no model, no semantics.

    Implements the `retrieval.embedders.Embedder` protocol (`name`, `embed_queries`,
    `embed_passages`). Queries and passages use the same function, so a query equal to a
    passage's text gets that passage's vector. `calls` counts the texts embedded, per kind,
    for tests that check what was (not) re-embedded.
    """

    def __init__(self, dim: int = FAKE_DIM):
        self.dim = dim
        self.name = f"fake-hash-embedder-{dim}"
        self.calls = {"query": 0, "passage": 0}

    def vector(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
        v = np.random.default_rng(seed).standard_normal(self.dim)
        return (v / np.linalg.norm(v)).astype(np.float32)

    def _embed(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self.vector(text)
        return out

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self.calls["query"] += len(texts)
        return self._embed(list(texts))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls["passage"] += len(texts)
        return self._embed(list(texts))
