"""`python -m ingest` as a real subprocess: idempotent runs, updates, removals, bad files, the lock.

Each test has its own POLICYQA_DATA_DIR (conftest), which the subprocess inherits.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import IndexBusyError
from core.settings import PROJECT_ROOT, Settings
from store import generations
from ingest.pipeline import ingest, parse_file
from retrieval.index import open_index

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CJK = re.compile(r"[\u4e00-\u9fff]")

SMALL_DOC = """测试市关于支持智能制造发展的若干措施

一、支持方向
（一）研发补助。对企业年度研发投入给予补助，单个企业最高不超过500万元。
（二）人才引进。对引进的高层次人才给予安家补贴。
二、附则
本措施自印发之日起施行。

测试市人民政府
2020年1月1日
"""


def run_ingest(corpus: Path, timeout: int = 300) -> tuple[int, dict, str]:
    """Run the CLI; return (exit code, the JSON of its last stdout line, stderr)."""
    proc = subprocess.run(
        [sys.executable, "-m", "ingest", "--corpus", str(corpus)],
        cwd=PROJECT_ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=timeout,
    )
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert lines, f"no output (exit {proc.returncode}); stderr:\n{proc.stderr[-3000:]}"
    return proc.returncode, json.loads(lines[-1]), proc.stderr


def counts(report: dict) -> dict:
    return {k: report[k] for k in ("added", "updated", "removed", "unchanged")}


def live_index(corpus: Path):
    settings = Settings()  # POLICYQA_DATA_DIR from the test's environment
    return open_index(settings, corpus)


def test_ingest_twice_then_edit_add_and_remove(seed_corpus, seed_path):
    seed = seed_corpus / seed_path.name

    code, first, err = run_ingest(seed_corpus)
    assert code == 0, err
    assert counts(first) == {"added": 1, "updated": 0, "removed": 0, "unchanged": 0}
    assert first["errors"] == []
    assert first["documents"] == 1 and first["clauses"] > 80 and first["chunks"] > 100
    assert set(first) >= {"documents", "clauses", "chunks", "added", "updated", "removed", "unchanged", "errors"}

    code, second, err = run_ingest(seed_corpus)
    assert code == 0, err
    assert counts(second) == {"added": 0, "updated": 0, "removed": 0, "unchanged": 1}
    assert (second["documents"], second["clauses"], second["chunks"]) == (
        first["documents"], first["clauses"], first["chunks"])

    # edit: change a number and add a section
    text = seed.read_text(encoding="utf-8")
    assert "超过4000亿元" in text
    text = text.replace("超过4000亿元", "超过4500亿元").replace(
        "\n河南省人民政府办公厅", "　　（四）加强宣传引导。各地要加强政策宣传解读，营造良好氛围。\n\n河南省人民政府办公厅", 1)
    seed.write_text(text, encoding="utf-8")
    code, edited, err = run_ingest(seed_corpus)
    assert code == 0, err
    assert counts(edited) == {"added": 0, "updated": 1, "removed": 0, "unchanged": 0}
    expected = parse_file(seed, seed_corpus, Settings())
    index = live_index(seed_corpus)
    assert len(index.chunks) == len(expected.chunks) == edited["chunks"]
    assert index.store.count() == len(expected.chunks), "orphan or missing vectors"
    assert not any("超过4000亿元" in c.text for c in index.chunks), "stale chunk survived the update"
    assert any("超过4500亿元" in c.text for c in index.chunks)
    assert "四（四）" in {c.clause_id for c in index.clauses}

    # add a second document, then remove it again
    (seed_corpus / "small.txt").write_text(SMALL_DOC, encoding="utf-8")
    code, added, err = run_ingest(seed_corpus)
    assert code == 0, err
    assert counts(added) == {"added": 1, "updated": 0, "removed": 0, "unchanged": 1}
    assert added["documents"] == 2
    assert "测试市关于支持智能制造发展的若干措施" in {d.title for d in live_index(seed_corpus).documents.values()}

    (seed_corpus / "small.txt").unlink()
    code, removed, err = run_ingest(seed_corpus)
    assert code == 0, err
    assert counts(removed) == {"added": 0, "updated": 0, "removed": 1, "unchanged": 1}
    index = live_index(seed_corpus)
    assert len(index.documents) == 1
    assert len(index.chunks) == len(expected.chunks) == index.store.count()
    assert not any("500万元" in c.text for c in index.chunks)


def test_generations_and_current_pointer(tmp_path, fake_embedder):
    """Generation bookkeeping in process; FAKE vectors (tests/fakes.py), nothing here ranks."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "small.txt").write_text(SMALL_DOC, encoding="utf-8")
    settings = Settings()
    ingest(corpus, settings, embedder=fake_embedder)
    index_dir = settings.index_dir(corpus)
    live = generations.current_generation(index_dir)
    assert live is not None and (live / generations.COMPLETE_MARK).exists()
    assert (index_dir / "CURRENT").read_text(encoding="utf-8").strip() == live.name
    assert (live / "index.sqlite").exists() and (live / "chroma").is_dir() and (live / "bm25").is_dir()

    (corpus / "small.txt").write_text(SMALL_DOC.replace("500万元", "800万元"), encoding="utf-8")
    ingest(corpus, settings, embedder=fake_embedder)
    new_live = generations.current_generation(index_dir)
    assert new_live != live
    assert sorted(p.name for p in index_dir.glob("gen-*")) == sorted({live.name, new_live.name})


def test_bad_file_is_reported_and_good_file_still_ingests(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(SMALL_DOC, encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (corpus / "empty.md").write_bytes(b"")
    code, report, err = run_ingest(corpus)
    assert code == 0, err
    assert report["added"] == 1 and report["documents"] == 1
    by_file = {e["file"]: e["error"] for e in report["errors"]}
    assert set(by_file) == {"binary.txt", "empty.md"}
    for reason in by_file.values():
        assert CJK.search(reason), reason


def test_only_bad_files_exit_nonzero_with_reasons(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    code, report, _ = run_ingest(corpus)
    assert code != 0
    assert [e["file"] for e in report["errors"]] == ["empty.txt"]
    assert CJK.search(report["errors"][0]["error"])


def test_missing_corpus_dir_gives_chinese_error(tmp_path):
    code, report, _ = run_ingest(tmp_path / "no-such-dir")
    assert code != 0
    assert CJK.search(report["error"]), report


def test_held_lock_gives_clear_chinese_error(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "small.txt").write_text(SMALL_DOC, encoding="utf-8")
    index_dir = Settings().index_dir(corpus)
    with generations.writer_lock(index_dir):
        code, report, _ = run_ingest(corpus)
        with pytest.raises(IndexBusyError) as info:
            ingest(corpus, Settings())
    assert code != 0
    assert report == {"error": IndexBusyError.message_zh}
    assert CJK.search(info.value.message_zh)
    # once the lock is released, the same command works
    code, report, err = run_ingest(corpus)
    assert code == 0, err
    assert report["added"] == 1


def test_removing_the_last_file_is_idempotent(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "small.txt").write_text(SMALL_DOC, encoding="utf-8")
    assert run_ingest(corpus)[1]["added"] == 1
    (corpus / "small.txt").unlink()
    first = run_ingest(corpus)[1]
    assert first["removed"] == 1
    again = run_ingest(corpus)[1]
    assert again["removed"] == 0
