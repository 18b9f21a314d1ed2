"""Retrieval only opens a published index; `assistant.index_factory.open_or_build` builds a
missing one first."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

from assistant.index_factory import open_or_build
from core.errors import EmptyIndexError
from core.settings import Settings
from retrieval.index import open_index
from store import generations

pytestmark = pytest.mark.integration

TEXT = "一、总体要求\n（一）发展目标。到2020年，产业规模超过4000亿元。\n二、保障措施\n（一）资金支持。省财政给予不低于1000万元的资金支持。\n"


class HashEmbedder:
    """Deterministic fake: a unit vector seeded by the text's hash (no model)."""

    name = "fake/hash"

    def _embed(self, texts):
        out = np.empty((len(texts), 16), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(16)
            out[i] = v / np.linalg.norm(v)
        return out

    embed_queries = embed_passages = _embed


@pytest.fixture
def small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "policy.txt").write_text(TEXT, encoding="utf-8")
    return corpus


def test_open_index_never_builds(tmp_path, small_corpus):
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=small_corpus)
    with pytest.raises(EmptyIndexError):
        open_index(settings, small_corpus, embedder=HashEmbedder())
    assert generations.current_generation(settings.index_dir(small_corpus)) is None


def test_open_or_build_builds_once_then_opens(tmp_path, small_corpus):
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=small_corpus)
    embedder = HashEmbedder()
    messages = []
    index = open_or_build(settings, small_corpus, embedder=embedder, progress=lambda m, f: messages.append(m))
    assert index.chunks and messages and messages[-1] == "完成"
    assert open_index(settings, small_corpus, embedder=embedder) is index
    messages.clear()
    assert open_or_build(settings, small_corpus, embedder=embedder, progress=lambda m, f: messages.append(m)) is index
    assert messages == []  # a published index is opened, not rebuilt


def test_open_or_build_on_an_empty_corpus_raises(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=empty)
    with pytest.raises(EmptyIndexError):
        open_or_build(settings, empty, embedder=HashEmbedder())
