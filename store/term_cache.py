"""BM25 terms cached by text hash, like the passage vectors (store/embed_cache.py).

Tokenizing every chunk for BM25 (jieba's search mode in pure Python) was most of the write phase
at 1,000 documents, and a new generation rebuilt it for every chunk even when one file changed.
The cache lives inside `index-<key>/`, whose key includes the dictionary and the parser version,
so cached terms never outlive the tokenizer that made them."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Callable

from core.records import content_id


class TermCache:
    def __init__(self, path: Path):
        self._conn = sqlite3.connect(str(path))
        self._conn.execute("CREATE TABLE IF NOT EXISTS terms (key TEXT PRIMARY KEY, terms TEXT)")
        self.misses = 0

    def terms(self, texts: list[str], terms_fn: Callable[[str], list[str]]) -> list[list[str]]:
        keys = [content_id(t, length=24) for t in texts]
        found: dict[str, list[str]] = {}
        for start in range(0, len(keys), 500):
            part = list(dict.fromkeys(keys[start:start + 500]))
            marks = ",".join("?" * len(part))
            for key, blob in self._conn.execute(f"SELECT key, terms FROM terms WHERE key IN ({marks})", part):
                found[key] = json.loads(blob)
        new = {}
        for key, text in zip(keys, texts):
            if key not in found:
                found[key] = new[key] = terms_fn(text)
        self.misses = len(new)
        with self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO terms VALUES (?,?)",
                                   [(k, json.dumps(v, ensure_ascii=False)) for k, v in new.items()])
        return [found[k] for k in keys]

    def close(self) -> None:
        self._conn.close()
