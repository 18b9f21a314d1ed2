"""Re-ingest is safe: a killed build, a concurrent writer and open readers never lose the live index.

Every ingest here is the real CLI (`python -m ingest`) in a subprocess, except where a
test needs an in-process reader and writer side by side. The index starts as a copy of
one built once per module: the seed three times (``seed.txt`` with its sidecar and two
copies), so that a rebuild has a few thousand rows to write and can be caught mid-way.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.errors import IndexBusyError
from core.settings import PROJECT_ROOT, Settings
from store import generations
from ingest.pipeline import ingest
from retrieval.index import open_index

pytestmark = [pytest.mark.integration, pytest.mark.slow]

OLD, NEW = "超过4000亿元", "超过4500亿元"  # in 二（一）6 of the seed
EDITED = "henan-10plus8-2017.txt"
COPIES = ("copy-2.txt", "copy-3.txt")
QUESTION = "生物医药产业规模目标"


@pytest.fixture(scope="module")
def template(tmp_path_factory, built_index, seed_path):
    """(corpus, data dir) of a built index of the seed and two copies of it."""
    root = tmp_path_factory.mktemp("crash-template")
    corpus = root / "corpus"
    corpus.mkdir()
    for source in seed_path.parent.glob(seed_path.stem + ".*"):  # the seed and its sidecar
        shutil.copy2(source, corpus / source.name)
    for name in COPIES:
        shutil.copy2(seed_path, corpus / name)
    settings = Settings(data_dir=root / "data", corpus_dir=corpus)
    # Passage vectors of the seed from the session's build (same embedding settings): only the
    # records, BM25 and Chroma are written here, not embedded again.
    built_settings, _ = built_index
    settings.index_dir(corpus).mkdir(parents=True)
    shutil.copy2(built_settings.index_dir(built_settings.corpus_dir) / "embcache.sqlite", settings.index_dir(corpus))
    report = ingest(corpus, settings)
    assert report.added == 3 and report.errors == [], report.as_dict()
    return corpus, settings.data_dir


@pytest.fixture
def corpus(template, tmp_path, _isolated_data_dir) -> Path:
    """A private copy of the template corpus and its index, in this test's POLICYQA_DATA_DIR."""
    source_corpus, source_data = template
    target = tmp_path / "corpus"
    shutil.copytree(source_corpus, target)
    shutil.copytree(source_data, _isolated_data_dir, dirs_exist_ok=True)
    settings = Settings()
    (_isolated_data_dir / f"corpus-{settings.corpus_key(source_corpus)}").rename(
        _isolated_data_dir / f"corpus-{settings.corpus_key(target)}")
    assert generations.current_generation(settings.index_dir(target)) is not None
    return target


def edit(corpus: Path) -> None:
    path = corpus / EDITED
    text = path.read_text(encoding="utf-8")
    assert OLD in text
    path.write_text(text.replace(OLD, NEW), encoding="utf-8")


def start_ingest(corpus: Path, log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen([sys.executable, "-m", "ingest", "--corpus", str(corpus)], cwd=PROJECT_ROOT,
                                env=dict(os.environ), stdout=out, stderr=subprocess.STDOUT)


def run_ingest(corpus: Path) -> tuple[int, dict, str]:
    proc = subprocess.run([sys.executable, "-m", "ingest", "--corpus", str(corpus)], cwd=PROJECT_ROOT,
                          env=dict(os.environ), capture_output=True, text=True, timeout=600)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert lines, f"no output (exit {proc.returncode}); stderr:\n{proc.stderr[-3000:]}"
    return proc.returncode, json.loads(lines[-1]), proc.stderr


def wait_for_build(proc: subprocess.Popen, index_dir: Path, live: Path, stage: str, log: Path) -> Path:
    """Poll fast until the writer has a new generation directory (stage "embedding") or has
    started writing vectors into it (stage "writing"); return that directory."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        for gen in index_dir.glob("gen-*"):
            if gen.name != live.name and (stage == "embedding" or (gen / "chroma").exists()):
                return gen
        if proc.poll() is not None:
            pytest.fail(f"ingest ended (exit {proc.returncode}) before reaching stage {stage!r}:\n"
                        f"{log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.002)
    pytest.fail(f"ingest did not reach stage {stage!r} in time")


def edited_doc_id(index) -> str:
    return next(d.doc_id for d in index.documents.values() if d.path.endswith(EDITED))


def target_clause_text(index) -> str:
    return index.clause(edited_doc_id(index), "二（一）6").text


def top_texts(index) -> str:
    return "\n".join(h.chunk.text for h in index.search(QUESTION, top_k=3, doc_ids=[edited_doc_id(index)]))


@pytest.mark.parametrize("stage", ["embedding", "writing"])
def test_sigkill_mid_build_leaves_the_old_index_serving(corpus, tmp_path, stage):
    settings = Settings()  # POLICYQA_DATA_DIR of this test, as the subprocess sees it
    index_dir = settings.index_dir(corpus)
    live = generations.current_generation(index_dir)
    pointer = (index_dir / "CURRENT").read_bytes()
    edit(corpus)

    log = tmp_path / "killed.log"
    proc = start_ingest(corpus, log)
    try:
        partial = wait_for_build(proc, index_dir, live, stage, log)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it was killed"

    # The build was cut off: its directory is incomplete and nothing points at it.
    assert not generations.is_complete(partial)
    assert (index_dir / "CURRENT").read_bytes() == pointer
    assert generations.current_generation(index_dir) == live

    # The old index still answers, with the old text.
    old = open_index(settings, corpus)
    assert old.gen == live
    assert OLD in target_clause_text(old)
    assert OLD in top_texts(old)
    assert not any(NEW in c.text for c in old.chunks)
    assert old.store.count() == len(old.chunks)

    # The next ingest completes, replaces the edited file and sweeps the leftover.
    code, report, err = run_ingest(corpus)
    assert code == 0, err
    assert (report["added"], report["updated"], report["removed"], report["unchanged"]) == (0, 1, 0, 2)
    assert report["errors"] == []
    new = open_index(settings, corpus)
    assert new.gen not in (live, partial) and new.gen == generations.current_generation(index_dir)
    assert NEW in target_clause_text(new) and NEW in top_texts(new)
    assert sum(NEW in c.text for c in new.chunks) >= 1
    assert sum(OLD in c.text for c in new.chunks) == sum(OLD in c.text for c in old.chunks) * 2 // 3
    assert new.store.count() == len(new.chunks) == report["chunks"]
    assert not partial.exists(), "the killed build's directory was not pruned"
    assert {p.name for p in index_dir.glob("gen-*")} == {live.name, new.gen.name}

    code, again, err = run_ingest(corpus)
    assert code == 0, err
    assert (again["added"], again["updated"], again["removed"]) == (0, 0, 0)


def test_second_writer_is_refused_while_the_first_is_mid_build(corpus, tmp_path):
    settings = Settings()
    index_dir = settings.index_dir(corpus)
    live = generations.current_generation(index_dir)
    edit(corpus)

    log = tmp_path / "first.log"
    first = start_ingest(corpus, log)
    try:
        wait_for_build(first, index_dir, live, "embedding", log)
        os.kill(first.pid, signal.SIGSTOP)  # frozen mid-build, holding the writer lock
        try:
            assert f"pid={first.pid} " in (index_dir / "ingest.lock").read_text(encoding="utf-8")
            assert open_index(settings, corpus).gen == live  # readers never see the half-built one

            code, report, _ = run_ingest(corpus)
            assert code == 1
            assert report == {"error": IndexBusyError.message_zh}
        finally:
            os.kill(first.pid, signal.SIGCONT)
        assert first.wait(timeout=600) == 0, log.read_text(errors="replace")[-3000:]
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(timeout=60)
    result = json.loads(log.read_text(encoding="utf-8").strip().splitlines()[-1])
    assert (result["added"], result["updated"], result["removed"]) == (0, 1, 0)
    assert NEW in target_clause_text(open_index(settings, corpus))


def test_open_reader_survives_a_publish_and_reopening_picks_up_the_new_generation(corpus):
    settings = Settings()
    index_dir = settings.index_dir(corpus)
    reader = open_index(settings, corpus)
    assert OLD in top_texts(reader)  # dense and BM25: the vector store is open now

    edit(corpus)
    assert ingest(corpus, settings).updated == 1
    # The reader still holds its generation (kept as the predecessor) and answers from it.
    assert reader.gen.exists() and generations.current_generation(index_dir) != reader.gen
    assert OLD in top_texts(reader) and NEW not in top_texts(reader)
    assert reader.dense_hits(QUESTION, 3)

    # A long-running process asking again gets the new generation, once.
    fresh = open_index(settings, corpus)
    assert fresh is not reader and fresh.gen == generations.current_generation(index_dir)
    assert NEW in top_texts(fresh)
    assert open_index(settings, corpus) is fresh

    # Reverting the file in the same process builds a third generation under a new name (an
    # earlier build's directory is never reused); the predecessor it keeps still answers.
    (corpus / EDITED).write_text((corpus / EDITED).read_text(encoding="utf-8").replace(NEW, OLD), encoding="utf-8")
    report = ingest(corpus, settings)
    assert report.updated == 1
    latest = open_index(settings, corpus)
    assert latest.gen not in (reader.gen, fresh.gen)
    assert OLD in top_texts(latest) and latest.store.count() == len(latest.chunks)
    assert {p.name for p in index_dir.glob("gen-*")} == {fresh.gen.name, latest.gen.name}
    assert NEW in top_texts(fresh), "the predecessor generation must keep answering"
