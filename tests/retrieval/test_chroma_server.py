"""Server mode against a REAL Chroma server: `chroma run --path <tmp> --port <free> --host 127.0.0.1`.

The server is started once for this module (it comes with the chromadb package) and
stopped in a finally block. Ingest writes the vectors into a collection on the
server; records and BM25 stay in the (test's) data dir; readers query the server,
in this process and in a second process configured only through the environment.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from core.errors import StoreUnavailableError
from core.ports import free_port, stop_process
from core.settings import PROJECT_ROOT, Settings, StoreSettings
from ingest.pipeline import _collection_name, ingest
from retrieval.index import open_index
from store import generations, records_db

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CJK = re.compile(r"[\u4e00-\u9fff]")
SECOND = PROJECT_ROOT / "tests" / "fixtures" / "corpus2"  # a second document (fictional 云岭 policy)
SMALL_DOC = """测试市关于支持智能制造发展的若干措施（虚构，仅供测试）

一、支持方向
（一）研发补助。对企业年度研发投入给予补助，单个企业最高不超过500万元。
（二）人才引进。对引进的高层次人才给予安家补贴。
二、附则
本措施自印发之日起施行。

测试市人民政府
2020年1月1日
"""


def _chroma_cli() -> str:
    """The `chroma` command of this interpreter's chromadb (next to python), else on PATH."""
    beside = Path(sys.executable).with_name("chroma")
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if not found:
        pytest.fail("the `chroma` CLI (installed with the chromadb package) was not found")
    return found


def _heartbeat(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2) as response:
            return response.status == 200 and "heartbeat" in response.read().decode()
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """Port of a running `chroma run` on 127.0.0.1; the server is stopped afterwards."""
    root = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log_path = root / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [_chroma_cli(), "run", "--path", str(root / "db"), "--port", str(port), "--host", "127.0.0.1"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=root,
        )
    try:
        deadline = time.monotonic() + 90
        while not _heartbeat(port):
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited with {proc.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"chroma run did not answer its heartbeat in 90 s:\n"
                            f"{log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        yield port
    finally:
        stop_process(proc)


@pytest.fixture(scope="module")
def server_client(chroma_server):
    """A raw client of our own, to look at the server independently of the code under test."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.HttpClient(host="127.0.0.1", port=chroma_server,
                               settings=ChromaSettings(anonymized_telemetry=False))


def server_names(client) -> set[str]:
    return {c.name for c in client.list_collections()}


def http_settings(data_dir: Path, corpus: Path, port: int) -> Settings:
    return Settings(data_dir=data_dir, corpus_dir=corpus, store=StoreSettings(mode="http", port=port))


def live_collection(settings: Settings, corpus: Path) -> str:
    gen = generations.current_generation(settings.index_dir(corpus))
    conn = records_db.connect(gen / "index.sqlite")
    try:
        return records_db.get_meta(conn, "collection")
    finally:
        conn.close()


def own_collections(client, settings: Settings, corpus: Path) -> set[str]:
    prefix = _collection_name(settings.index_dir(corpus), "")
    return {n for n in server_names(client) if n.startswith(prefix)}


def generation_of(collection: str) -> str:
    """pqa-<index hash>-gen-… -> gen-…"""
    return collection.split("-", 2)[2]


def counts(report) -> tuple[int, int, int]:
    return report.added, report.updated, report.removed


def in_clause(hit, clause_id: str) -> bool:
    return hit.chunk.clause_id == clause_id or hit.chunk.clause_id.startswith(clause_id + "·")


def test_seed_ingest_and_search_through_the_server(chroma_server, server_client, built_index, seed_corpus,
                                                   tmp_path):
    # Two documents, so that the document filter on the server has something to exclude.
    for path in SECOND.glob("yunling-*"):
        shutil.copy2(path, seed_corpus / path.name)
    settings = http_settings(tmp_path / "data", seed_corpus, chroma_server)
    index_dir = settings.index_dir(seed_corpus)
    # The vectors of the seed's passages were computed by the session's embedded build; reuse them
    # (same embedding settings, so the same index key). This test is about the server, not the model.
    built_settings, _ = built_index
    index_dir.mkdir(parents=True)
    shutil.copy2(built_settings.index_dir(built_settings.corpus_dir) / "embcache.sqlite", index_dir)

    first = ingest(seed_corpus, settings)
    assert counts(first) == (2, 0, 0) and first.errors == []
    gen = generations.current_generation(index_dir)
    assert gen is not None and not (gen / "chroma").exists(), "vectors must go to the server, not the data dir"

    name = live_collection(settings, seed_corpus)
    assert name in server_names(server_client)
    assert server_client.get_collection(name).count() == first.chunks

    index = open_index(settings, seed_corpus)
    assert index.store.count() == len(index.chunks) == first.chunks
    top = index.search("生物医药产业规模目标", top_k=3)
    assert any(in_clause(h, "二（一）6") for h in top), [h.chunk.clause_id for h in top]
    dense = index.dense_hits("生物医药产业规模目标", 5)
    assert any(in_clause(h, "二（一）6") for h in dense), "the server's nearest neighbours miss 二（一）6"
    seed = next(d.doc_id for d in index.documents.values() if d.title.startswith("河南"))
    other = next(d.doc_id for d in index.documents.values() if d.title.startswith("云岭"))
    everything = len(index.chunks)
    assert {h.chunk.doc_id for h in index.dense_hits("产业规模", everything)} == {seed, other}  # unfiltered: both
    for wanted in (seed, other):
        scoped = index.dense_hits("产业规模", everything, doc_ids=[wanted])
        assert {h.chunk.doc_id for h in scoped} == {wanted}
        assert len(scoped) == sum(c.doc_id == wanted for c in index.chunks)
    assert index.dense_hits("产业规模", 5, doc_ids=["no-such-doc"]) == []

    second = ingest(seed_corpus, settings)
    assert counts(second) == (0, 0, 0) and second.unchanged == 2
    assert generations.current_generation(index_dir) == gen
    assert live_collection(settings, seed_corpus) == name

    # A second process (an app replica) chooses the server through the environment only.
    reader = (
        "import json; from core.settings import Settings; from retrieval.index import open_index\n"
        f"index = open_index(Settings(), {str(seed_corpus)!r})\n"
        "hits = index.dense_hits('生物医药产业规模目标', 5)\n"
        "print(json.dumps({'mode': index.settings.store.mode, 'clauses': [h.chunk.clause_id for h in hits]}))\n"
    )
    env = {**os.environ, "POLICYQA_DATA_DIR": str(settings.data_dir), "POLICYQA_STORE__MODE": "http",
           "POLICYQA_STORE__HOST": "127.0.0.1", "POLICYQA_STORE__PORT": str(chroma_server)}
    proc = subprocess.run([sys.executable, "-c", reader], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["mode"] == "http"
    assert any(c == "二（一）6" or c.startswith("二（一）6·") for c in out["clauses"]), out


def test_prune_deletes_old_collections_and_leftovers_on_the_server(chroma_server, server_client, tmp_path,
                                                                   fake_embedder):
    """Collection bookkeeping on the server; FAKE vectors (tests/fakes.py): no ranking is judged here."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = corpus / "small.txt"
    doc.write_text(SMALL_DOC, encoding="utf-8")
    settings = http_settings(tmp_path / "data", corpus, chroma_server)
    index_dir = settings.index_dir(corpus)

    assert counts(ingest(corpus, settings, embedder=fake_embedder)) == (1, 0, 0)
    first = live_collection(settings, corpus)
    assert own_collections(server_client, settings, corpus) == {first}

    doc.write_text(SMALL_DOC.replace("500万元", "600万元"), encoding="utf-8")
    assert counts(ingest(corpus, settings, embedder=fake_embedder)) == (0, 1, 0)
    second = live_collection(settings, corpus)
    assert own_collections(server_client, settings, corpus) == {first, second}, "live + previous are kept"

    # What a build killed after its first vectors leaves behind: a generation directory
    # without COMPLETE and its collection on the server.
    leftover = generations.new_generation_dir(index_dir)
    server_client.create_collection(_collection_name(index_dir, leftover.name))

    doc.write_text(SMALL_DOC.replace("500万元", "700万元"), encoding="utf-8")
    assert counts(ingest(corpus, settings, embedder=fake_embedder)) == (0, 1, 0)
    third = live_collection(settings, corpus)
    assert own_collections(server_client, settings, corpus) == {second, third}
    assert not leftover.exists()
    assert {p.name for p in index_dir.glob("gen-*")} == {generation_of(second), generation_of(third)}
    index = open_index(settings, corpus, embedder=fake_embedder)
    assert any("700万元" in c.text for c in index.chunks)
    assert index.store.count() == len(index.chunks)  # the live collection on the server holds this build
    assert any("700万元" in h.chunk.text for h in index.search("研发补助最高多少", top_k=3, dense=False))
    assert {h.chunk.chunk_id for h in index.dense_hits("研发补助", len(index.chunks))} == \
        {c.chunk_id for c in index.chunks}

    # Removing every file stops serving, and the collections go too.
    doc.unlink()
    assert counts(ingest(corpus, settings, embedder=fake_embedder)) == (0, 0, 1)
    assert generations.current_generation(index_dir) is None
    assert own_collections(server_client, settings, corpus) == set()


def test_a_wiped_server_is_rebuilt_from_the_records(chroma_server, server_client, tmp_path, fake_embedder):
    """Rebuilding lost vectors on the server; FAKE vectors (tests/fakes.py): no ranking is judged here."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "small.txt").write_text(SMALL_DOC, encoding="utf-8")
    settings = http_settings(tmp_path / "data", corpus, chroma_server)
    ingest(corpus, settings, embedder=fake_embedder)
    lost = live_collection(settings, corpus)
    server_client.delete_collection(lost)

    report = ingest(corpus, settings, embedder=fake_embedder)
    assert counts(report) == (0, 0, 0) and report.unchanged == 1  # no file changed …
    rebuilt = live_collection(settings, corpus)
    assert rebuilt != lost and rebuilt in server_names(server_client)  # … but the vectors are back
    index = open_index(settings, corpus, embedder=fake_embedder)
    assert index.store.count() == len(index.chunks)
    assert counts(ingest(corpus, settings, embedder=fake_embedder)) == (0, 0, 0)
    assert live_collection(settings, corpus) == rebuilt


def test_unreachable_server_gives_a_chinese_error(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "small.txt").write_text(SMALL_DOC, encoding="utf-8")
    settings = http_settings(tmp_path / "data", corpus, free_port())
    with pytest.raises(StoreUnavailableError) as info:
        ingest(corpus, settings)
    assert CJK.search(info.value.message_zh) and str(settings.store.port) in info.value.message_zh
    assert generations.current_generation(settings.index_dir(corpus)) is None
    assert not list(settings.index_dir(corpus).glob("gen-*"))
