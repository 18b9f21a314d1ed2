"""The project's jieba user dictionary file and its fingerprint.

A leaf module (no project imports): the settings hash the fingerprint into the index key,
and the tokenizer loads the file and keys its prefix-dict cache by the same fingerprint.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

USERDICT = Path(__file__).resolve().parent / "data" / "userdict.txt"


@lru_cache(maxsize=1)
def userdict_fingerprint() -> str:
    return hashlib.sha256(USERDICT.read_bytes()).hexdigest()[:12] if USERDICT.exists() else "none"
