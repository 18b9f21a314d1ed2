"""`python -m eval run` and `python -m eval` as real processes, plus input parsing units.

The subprocesses share one data dir per session (the `built_index` fixture's when
tests/conftest.py provides it, else a session temp dir), so the index is built once.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.records import Answer, Citation
from eval.runner import InputFileError, LineProblem, Question, parse_line, read_questions

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = ROOT / "corpus" / "henan-10plus8-2017.txt"
CONTRACT_KEYS = {"id", "question", "answer", "citations", "refused", "latency_ms"}
CITATION_KEYS = {"doc", "clause", "quote"}
OUT_OF_SCOPE = "上海市的人才补贴是多少？"

GOOD = [
    {"id": "q-target", "question": "数字创意集群2020年规模要做到多少？", "history": []},
    {"id": "q-user-only", "question": "那它由哪个单位牵头？",
     "history": [{"role": "user", "content": "生物医药集群2020年规模要做到多少？"}]},
    {"id": "q-out-of-scope", "question": OUT_OF_SCOPE, "history": []},
    {"id": "q-units", "question": "省商务厅作为牵头单位负责哪几个集群？",
     "history": [{"role": "user", "content": "你好"}, {"role": "assistant", "content": "您好，请提问。"}]},
]


def question_file_lines() -> list[str]:
    lines = [json.dumps(GOOD[0], ensure_ascii=False), json.dumps(GOOD[1], ensure_ascii=False),
             '{"id": "bad-json", "question": "缺了右括号"',  # line 3
             json.dumps(GOOD[2], ensure_ascii=False),
             json.dumps({"id": "no-question", "history": []}, ensure_ascii=False),  # line 5
             json.dumps(GOOD[3], ensure_ascii=False)]
    return lines


@pytest.fixture(scope="session")
def eval_data_dir(request, tmp_path_factory) -> Path:
    """A data dir the subprocesses share: the session-built index when conftest offers one."""
    try:
        settings, _ = request.getfixturevalue("built_index")
        return Path(settings.data_dir)
    except pytest.FixtureLookupError:
        data_dir = tmp_path_factory.mktemp("eval-cli") / "data"
        data_dir.mkdir()
        return data_dir


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("POLICYQA_") and k not in ("LLM_BASE_URL", "LLM_MODEL", "LLM_API_KEY")}
    env.update(POLICYQA_DATA_DIR=str(data_dir), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               ANONYMIZED_TELEMETRY="False", TOKENIZERS_PARALLELISM="false", PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def run_cli(args: list[str], data_dir: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eval", *args], cwd=ROOT, env=cli_env(data_dir),
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


@pytest.fixture(scope="session")
def eval_run(eval_data_dir, tmp_path_factory):
    """One real `python -m eval run` over a small mixed question file."""
    work = tmp_path_factory.mktemp("eval-run")
    questions, out = work / "q.jsonl", work / "out" / "a.jsonl"
    questions.write_text("\n".join(question_file_lines()) + "\n", encoding="utf-8")
    proc = run_cli(["run", "--questions", str(questions), "--out", str(out)], eval_data_dir)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return proc, records


# --- eval run, end to end ---------------------------------------------------------------

@pytest.mark.e2e
@pytest.mark.slow
class TestEvalRun:
    def test_exits_zero_and_answers_the_good_lines_in_input_order(self, eval_run):
        proc, records = eval_run
        assert proc.returncode == 0, proc.stderr
        assert [r["id"] for r in records] == [q["id"] for q in GOOD]
        assert [r["question"] for r in records] == [q["question"] for q in GOOD]

    def test_records_have_exactly_the_contract_keys_and_types(self, eval_run):
        _, records = eval_run
        assert records
        for r in records:
            assert set(r) == CONTRACT_KEYS, r  # no "route" without an LLM
            assert isinstance(r["id"], str) and isinstance(r["question"], str)
            assert isinstance(r["answer"], str) and r["answer"].strip()
            assert isinstance(r["refused"], bool)
            assert isinstance(r["latency_ms"], (int, float)) and not isinstance(r["latency_ms"], bool)
            assert r["latency_ms"] >= 0
            assert isinstance(r["citations"], list)
            for c in r["citations"]:
                assert set(c) == CITATION_KEYS, c
                assert all(isinstance(c[k], str) and c[k] for k in CITATION_KEYS), c

    def test_bad_lines_are_reported_with_line_numbers_in_chinese(self, eval_run):
        proc, _ = eval_run
        assert "第 3 行" in proc.stderr and "JSON" in proc.stderr
        assert "第 5 行" in proc.stderr and "question" in proc.stderr
        assert "已跳过" in proc.stderr
        assert "Traceback" not in proc.stderr

    def test_every_quote_is_verbatim_corpus_text(self, eval_run):
        _, records = eval_run
        corpus = SEED_TEXT.read_text(encoding="utf-8")
        quotes = [c["quote"] for r in records for c in r["citations"]]
        assert quotes
        for quote in quotes:
            assert quote in corpus, quote

    def test_answerable_questions_are_answered_with_citations(self, eval_run):
        _, records = eval_run
        by_id = {r["id"]: r for r in records}
        target = by_id["q-target"]
        assert not target["refused"] and "1000亿元" in target["answer"]
        assert any(c["clause"].startswith("二（二）8") for c in target["citations"])
        follow_up = by_id["q-user-only"]  # user-only history resolves "它"
        assert not follow_up["refused"] and "省发展改革委" in follow_up["answer"]

    def test_out_of_scope_question_is_refused_in_chinese(self, eval_run):
        _, records = eval_run
        refused = {r["id"]: r for r in records}["q-out-of-scope"]
        assert refused["refused"] is True
        assert any("\u4e00" <= ch <= "\u9fff" for ch in refused["answer"])


# --- eval run: bad input files (no index needed) ----------------------------------------

def assert_clean_failure(proc: subprocess.CompletedProcess, *fragments: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert "错误" in proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr


@pytest.mark.e2e
def test_missing_question_file_fails_with_a_chinese_message(tmp_path):
    proc = run_cli(["run", "--questions", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "a.jsonl")],
                   tmp_path / "data", timeout=120)
    assert_clean_failure(proc, "找不到问题文件", "nope.jsonl")
    assert not (tmp_path / "a.jsonl").exists()


@pytest.mark.e2e
def test_non_utf8_question_file_fails(tmp_path):
    questions = tmp_path / "gbk.jsonl"
    questions.write_bytes(json.dumps(GOOD[0], ensure_ascii=False).encode("gbk") + b"\n")
    proc = run_cli(["run", "--questions", str(questions), "--out", str(tmp_path / "a.jsonl")], tmp_path / "data",
                   timeout=120)
    assert_clean_failure(proc, "UTF-8")


@pytest.mark.e2e
def test_file_without_a_valid_line_fails_and_names_the_bad_lines(tmp_path):
    questions = tmp_path / "bad.jsonl"
    questions.write_text('not json\n{"id": "x"}\n\n', encoding="utf-8")
    proc = run_cli(["run", "--questions", str(questions), "--out", str(tmp_path / "a.jsonl")], tmp_path / "data",
                   timeout=120)
    assert_clean_failure(proc, "第 1 行", "第 2 行", "没有有效的问题")


@pytest.mark.e2e
def test_missing_corpus_dir_fails_cleanly(tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps(GOOD[0], ensure_ascii=False) + "\n", encoding="utf-8")
    proc = run_cli(["run", "--questions", str(questions), "--out", str(tmp_path / "a.jsonl"),
                    "--corpus", str(tmp_path / "no-corpus")], tmp_path / "data", timeout=120)
    assert_clean_failure(proc, "语料目录不存在")


@pytest.mark.e2e
def test_missing_arguments_give_a_chinese_usage_error(tmp_path):
    proc = run_cli(["run", "--out", str(tmp_path / "a.jsonl")], tmp_path / "data", timeout=120)
    assert proc.returncode == 2 and "参数错误" in proc.stderr and "Traceback" not in proc.stderr


# --- python -m eval (gold report), end to end ------------------------------------------

@pytest.mark.e2e
@pytest.mark.slow
def test_gold_report_with_baseline_and_json(eval_data_dir, tmp_path):
    gold_lines = [json.loads(line) for line in (ROOT / "eval" / "gold.jsonl").read_text(encoding="utf-8")
                  .splitlines() if line.strip()]
    by_category = {}
    for g in gold_lines:
        by_category.setdefault(g["category"], g)
    small = tmp_path / "gold.jsonl"
    small.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in by_category.values()),
                     encoding="utf-8")
    out_json = tmp_path / "report.json"
    proc = run_cli(["--gold", str(small), "--json", str(out_json), "--show-failures"], eval_data_dir)
    assert proc.returncode == 0, proc.stderr
    for heading in ("答案准确率", "引用准确率", "拒答准确率", "误拒率", "引文原文率", "P50", "LangChain 基线", "总体"):
        assert heading in proc.stdout
    data = json.loads(out_json.read_text(encoding="utf-8"))
    overall = data["system"]["overall"]
    assert overall["items"] == len(by_category)
    assert set(data["system"]["by_category"]) == set(by_category)
    assert overall["quote_verbatim_rate"] == 1.0
    base = data["baseline"]["overall"]
    assert base["citation_accuracy"] == 0.0 and base["false_refusal_rate"] == 0.0
    if base["refusal_items"]:
        assert base["refusal_accuracy"] == 0.0


# --- units: line parsing, file reading, route flag ---------------------------------------

@pytest.mark.unit
@pytest.mark.parametrize("line, reason", [
    ("{oops", "JSON"),
    ("[1, 2]", "JSON 对象"),
    ('{"question": "问"}', "缺少 \"id\""),
    ('{"id": 7, "question": "问"}', "\"id\""),
    ('{"id": "", "question": "问"}', "\"id\""),
    ('{"id": "a"}', "缺少 \"question\""),
    ('{"id": "a", "question": ["问"]}', "\"question\""),
    ('{"id": "a", "question": "  "}', "\"question\""),
    ('{"id": "a", "question": "问", "history": "上一问"}', "应为列表"),
    ('{"id": "a", "question": "问", "history": ["上一问"]}', "第 1 项"),
    ('{"id": "a", "question": "问", "history": [{"role": "system", "content": "x"}]}', "role"),
    ('{"id": "a", "question": "问", "history": [{"role": "user"}]}', "content"),
    ('{"id": "a", "question": "问", "history": [{"role": "user", "content": 3}]}', "content"),
])
def test_parse_line_rejects_malformed_lines(line, reason):
    problem = parse_line(line, 9)
    assert isinstance(problem, LineProblem), problem
    assert reason in problem.reason
    assert problem.message().startswith("第 9 行")


@pytest.mark.unit
def test_parse_line_accepts_contract_lines_and_gold_lines():
    q = parse_line(json.dumps(GOOD[3], ensure_ascii=False), 1)
    assert isinstance(q, Question) and q.history == GOOD[3]["history"]
    q = parse_line('{"id": "a", "question": "问"}', 2)  # history may be left out
    assert isinstance(q, Question) and q.history == []
    gold = '{"id": "g", "category": "targets", "question": "问", "history": [], "expect": {"refused": false}}'
    q = parse_line(gold, 3)
    assert isinstance(q, Question) and q.raw["expect"] == {"refused": False}


@pytest.mark.unit
def test_read_questions_skips_blank_lines_duplicates_and_bom(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text("\ufeff" + '{"id": "a", "question": "一"}\n\n{"id": "a", "question": "二"}\n'
                    '{"id": "b", "question": "三"}\n', encoding="utf-8")
    questions, problems = read_questions(path)
    assert [(q.id, q.line_no) for q in questions] == [("a", 1), ("b", 4)]
    assert [p.line_no for p in problems] == [3] and "重复" in problems[0].reason


@pytest.mark.unit
def test_read_questions_rejects_unusable_files(tmp_path):
    with pytest.raises(InputFileError) as info:
        read_questions(tmp_path / "missing.jsonl")
    assert "找不到" in info.value.message_zh
    with pytest.raises(InputFileError) as info:
        read_questions(tmp_path)
    assert "目录" in info.value.message_zh
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        read_questions(empty)
    assert "没有有效的问题" in info.value.message_zh


class FakeIndex:
    def search(self, question, **kwargs):
        return []


class FakeAssistant:
    """Answers from a script; records what it was asked."""

    def __init__(self):
        from core.settings import LLMSettings, Settings

        self.index = FakeIndex()
        self.settings = Settings(llm=LLMSettings(base_url="", model=""))  # its own answers need no model
        self.asked = []

    def answer(self, question, history=None, *, doc_ids=None):
        self.asked.append((question, history))
        if question == "炸":
            raise RuntimeError("boom")
        return Answer(f"答：{question}", (Citation("文", "一", "引文", doc_id="d"),), route="facts")


@pytest.mark.unit
@pytest.mark.parametrize("llm, has_route", [(True, True), (False, False)])
def test_route_is_added_only_when_an_llm_is_configured(tmp_path, monkeypatch, capsys, llm, has_route):
    import assistant.service
    from core.settings import get_settings
    from eval.__main__ import main

    fake = FakeAssistant()
    monkeypatch.setattr(assistant.service, "get_assistant", lambda settings=None, corpus_dir=None: fake)
    for name in ("LLM_BASE_URL", "LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    if llm:
        monkeypatch.setenv("LLM_BASE_URL", "http://127.0.0.1:9/v1")
        monkeypatch.setenv("LLM_MODEL", "scripted")
    get_settings.cache_clear()
    questions, out = tmp_path / "q.jsonl", tmp_path / "a.jsonl"
    questions.write_text('{"id": "1", "question": "问一", "history": []}\n'
                         '{"id": "2", "question": "炸", "history": []}\n'
                         '{"id": "3", "question": "问三", "history": [{"role": "user", "content": "前"}]}\n',
                         encoding="utf-8")
    try:
        assert main(["run", "--questions", str(questions), "--out", str(out)]) == 0
    finally:
        get_settings.cache_clear()
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["1", "2", "3"]
    for r in records:
        assert set(r) == CONTRACT_KEYS | ({"route"} if has_route else set())
    if has_route:
        assert [r["route"] for r in records] == ["facts", "error", "facts"]
    assert records[1]["refused"] is True and "出错" in records[1]["answer"]
    assert fake.asked[-1] == ("问三", [{"role": "user", "content": "前"}])
    err = capsys.readouterr().err
    assert "第 2 行" in err and "Traceback" not in err


@pytest.mark.integration
def test_retrieval_subcommand_prints_hit_rates(eval_data_dir):
    proc = run_cli(["retrieval", "--k", "5"], eval_data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("BM25 ") and "向量" in last and "混合" in last
    rates = [float(x) for x in re.findall(r"\d\.\d{3}", last)]
    assert len(rates) == 3 and all(0.5 < r <= 1 for r in rates)
