"""Passage vectors cached by text hash, so a rebuild only embeds what changed."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable

import numpy as np

from core.records import content_id


class EmbeddingCache:
    def __init__(self, path: Path):
        self._conn = sqlite3.connect(str(path))
        self._conn.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB)")

    def embed(self, texts: list[str], embed_fn, batch_size: int = 32,
              on_batch: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Vectors for `texts`, from the cache or from `embed_fn` in calls of `batch_size` texts.
        `on_batch(done, total)` counts the texts that had to be embedded (cache misses)."""
        keys = [content_id(t, length=24) for t in texts]
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            for key, blob in self._conn.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", part):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        missing = [i for i, k in enumerate(keys) if k not in found]
        if on_batch is not None:
            on_batch(0, len(missing))
        for start in range(0, len(missing), batch_size):
            batch = missing[start : start + batch_size]
            vectors = embed_fn([texts[i] for i in batch])
            with self._conn:
                for i, vec in zip(batch, vectors):
                    vec = np.asarray(vec, dtype=np.float32)
                    found[keys[i]] = vec
                    self._conn.execute("INSERT OR REPLACE INTO vectors VALUES (?,?)", (keys[i], vec.tobytes()))
            if on_batch is not None:
                on_batch(min(start + batch_size, len(missing)), len(missing))
        self.misses = len(missing)
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([found[k] for k in keys])

    def close(self) -> None:
        self._conn.close()
