"""Scoring, report and baseline on hand-made records: no index, no model."""
from __future__ import annotations

import json

import numpy as np
import pytest

from core.records import Answer, Citation, Clause
from eval import report
from eval.baseline import NaiveRAG
from eval.metrics import (by_category, clause_matches, cited_expected, missing_includes, normalize, percentile,
                          score_item, summarize)
from eval.runner import quote_flags

pytestmark = pytest.mark.unit


def gold(qid, category="targets", *, refused=False, must=(), clauses=(), tags=()):
    return {"id": qid, "category": category, "question": f"问题{qid}", "history": [], "tags": list(tags),
            "expect": {"refused": refused, "must_include": list(must), "clauses": list(clauses)}}


def record(qid, answer="", *, refused=False, cited=(), latency=10.0):
    return {"id": qid, "question": f"问题{qid}", "answer": answer,
            "citations": [{"doc": "文件", "clause": c, "quote": "引文"} for c in cited],
            "refused": refused, "latency_ms": latency}


# --- comparison primitives -------------------------------------------------------------

def test_normalize_is_nfkc_without_whitespace():
    assert normalize("２０２０年 产业规模\n超过 ４０００亿元") == "2020年产业规模超过4000亿元"
    assert normalize("（一）") == "(一)"


def test_must_include_elements_and_alternatives():
    answer = "到２０２０年，产业规模 超过 3000 亿元。"
    assert missing_includes(answer, ["3000亿元", "2020年"]) == []
    assert missing_includes(answer, [["突破3000亿元", "超过3000亿元"]]) == []
    assert missing_includes(answer, ["4000亿元", ["突破", "达到"]]) == ["4000亿元", ["突破", "达到"]]
    assert missing_includes("", []) == []


@pytest.mark.parametrize("cited, expected, ok", [
    ("二（一）1", "二（一）1", True),
    ("二（一）1·新型智能手机", "二（一）1", True),
    ("二（一）10", "二（一）1", False),
    ("二（一）", "二（一）1", False),
    ("二（一）1", "二（一）1·新型智能手机", False),
    ("二（一）1·新型智能手机", "二（一）1·新型智能手机", True),
])
def test_clause_matching(cited, expected, ok):
    assert clause_matches(cited, expected) is ok


def test_cited_expected_counts_each_expected_clause_once():
    assert cited_expected(["二（一）6·化学创新药", "二（一）6", "三"], ["二（一）6", "一（四）"]) == ["二（一）6"]


def test_percentile_interpolates_like_numpy():
    values = [5.0, 1.0, 3.0, 2.0, 4.0, 10.0, 7.5]
    for q in (0, 50, 95, 100):
        assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
    assert percentile([], 50) is None
    assert percentile([3.0], 95) == 3.0


# --- item scores and summaries --------------------------------------------------------

def test_score_item_answerable():
    g = gold("t1", must=["4000亿元", ["超过", "突破"]], clauses=["二（一）6", "一（四）"])
    s = score_item(g, record("t1", "产业规模超过4000亿元", cited=["二（一）6·化学创新药"]))
    assert s.answer_ok and s.citation_ok and not s.false_refusal
    assert s.matched_clauses == ("二（一）6",)
    assert s.failures() == []

    s = score_item(g, record("t1", "产业规模达到4000亿元", cited=["三"]))
    assert not s.answer_ok and not s.citation_ok
    assert s.missing == (["超过", "突破"],)
    assert any("缺少" in r for r in s.failures()) and any("引用" in r for r in s.failures())


def test_refused_answer_is_never_correct_even_if_it_holds_the_words():
    g = gold("t2", must=["4000亿元"], clauses=["二（一）6"])
    s = score_item(g, record("t2", "抱歉……与此相关，二（一）6规定：4000亿元", refused=True, cited=["二（一）6"]))
    assert not s.answer_ok and s.false_refusal
    assert "误拒" in s.failures()


def test_score_item_refusal_item():
    g = gold("r1", "refusal", refused=True)
    assert score_item(g, record("r1", "抱歉", refused=True)).refusal_ok
    s = score_item(g, record("r1", "上海的补贴是……"))
    assert not s.refusal_ok and s.failures() == ["应拒答而未拒答"]


def test_quote_flags_must_match_citations():
    g = gold("q1", must=[], clauses=["一"])
    rec = record("q1", "答", cited=["一", "二"])
    s = score_item(g, rec, quote_ok=[True, False])
    assert (s.quotes_checked, s.quotes_verbatim) == (2, 1)
    assert len(s.bad_quotes) == 1 and s.bad_quotes[0].startswith("二")
    with pytest.raises(ValueError):
        score_item(g, rec, quote_ok=[True])
    unchecked = score_item(g, rec)
    assert unchecked.quotes_checked == 0 and unchecked.bad_quotes == ()


def hand_made_scores():
    items = [
        (gold("a", must=["甲"], clauses=["一"]), record("a", "甲", cited=["一"], latency=10), [True]),
        (gold("b", must=["乙"], clauses=["二", "三"]), record("b", "丙", cited=["二"], latency=20), [False]),
        (gold("c", "units", must=["丁"], clauses=["四"]), record("c", "抱歉", refused=True, latency=30), []),
        (gold("d", "refusal", refused=True), record("d", "抱歉", refused=True, latency=40), []),
        (gold("e", "refusal", refused=True), record("e", "答了", latency=50), []),
    ]
    return [score_item(g, r, quote_ok=q) for g, r, q in items]


def test_summary_counts_and_shares():
    total = summarize(hand_made_scores())
    assert total.items == 5 and total.answerable == 3 and total.refusal_items == 2
    assert total.answer_accuracy == pytest.approx(1 / 3)
    assert total.citation_accuracy == pytest.approx(2 / 3)
    assert total.citation_recall == pytest.approx(2 / 4)
    assert total.refusal_accuracy == pytest.approx(1 / 2)
    assert total.false_refusal_rate == pytest.approx(1 / 3)
    assert total.quote_verbatim_rate == pytest.approx(1 / 2)
    assert total.latency_p50 == 30 and total.latency_p95 == pytest.approx(48.0)
    d = total.as_dict()
    assert d["answer_correct"] == 1 and d["answerable"] == 3 and d["latency_p50_ms"] == 30.0


def test_summary_by_category_and_empty_shares():
    groups = by_category(hand_made_scores())
    assert list(groups) == ["targets", "units", "refusal"]
    assert groups["refusal"].answer_accuracy is None and groups["refusal"].refusal_accuracy == 0.5
    assert groups["units"].refusal_accuracy is None and groups["units"].false_refusal_rate == 1.0
    assert groups["units"].quote_verbatim_rate is None


def test_item_without_expected_clauses_is_left_out_of_citation_accuracy():
    s = score_item(gold("x", must=["甲"]), record("x", "甲"))
    total = summarize([s])
    assert total.answer_accuracy == 1.0 and total.citation_accuracy is None and total.citation_recall is None


# --- quote check against clause text --------------------------------------------------

class FakeIndex:
    def __init__(self, clauses):
        self._clauses = {(c.doc_id, c.clause_id): c for c in clauses}

    def clause(self, doc_id, clause_id):
        return self._clauses.get((doc_id, clause_id))


def make_clause(clause_id, text, doc_id="d1"):
    return Clause(clause_id=clause_id, doc_id=doc_id, label="", title="", text=text, parent_id=None, level=1,
                  order=0)


def test_quote_flags_look_up_the_cited_clause_of_the_cited_document():
    index = FakeIndex([make_clause("一", "到2020年，产业规模超过4000亿元。"), make_clause("二", "另一条。")])
    answer = Answer("答", claims=(
        Citation("文", "一", "产业规模超过4000亿元", doc_id="d1"),  # verbatim
        Citation("文", "二", "产业规模超过4000亿元", doc_id="d1"),  # real text, wrong clause
        Citation("文", "一", "产业规模超过 4000 亿元", doc_id="d1"),  # not verbatim
        Citation("文", "一", "产业规模超过4000亿元", doc_id="d2"),  # wrong document
        Citation("文", "三", "另一条", doc_id="d1"),  # no such clause
        Citation("文", "一", "", doc_id="d1"),  # empty quote
    ))
    assert quote_flags(index, answer) == [True, False, False, False, False, False]


# --- report ---------------------------------------------------------------------------

def test_report_text_and_json_side_by_side():
    system = report.Results(report.SYSTEM_NAME, hand_made_scores())
    base_scores = [score_item(gold("a", must=["甲"], clauses=["一"]), record("a", "甲乙丙", latency=5)),
                   score_item(gold("d", "refusal", refused=True), record("d", "甲乙丙", latency=6))]
    baseline = report.Results(report.BASELINE_NAME, base_scores)
    text = report.render("gold.jsonl", system, baseline, show_failures=True, baseline_info="测试")
    for heading in ("按类别", "答案准确率", "引用准确率", "引用召回率", "拒答准确率", "误拒率", "引文原文率",
                    "P95", report.BASELINE_NAME, "总体", "未通过：3 / 5"):
        assert heading in text
    assert "[b]" in text and "[a]" not in text  # failures listed, passing items not
    assert "应拒答而未拒答" in text
    data = report.as_json("gold.jsonl", system, baseline)
    json.dumps(data, ensure_ascii=False)  # serialisable
    assert data["system"]["overall"]["items"] == 5
    assert data["baseline"]["overall"]["answer_accuracy"] == 1.0
    assert data["baseline"]["overall"]["citation_accuracy"] == 0.0
    assert data["baseline"]["overall"]["refusal_accuracy"] == 0.0
    assert {f["id"] for f in data["failures"]} == {"b", "c", "e"}
    items = {i["id"]: i for i in data["items"]}
    assert set(items) == {"a", "b", "c", "d", "e"}  # passing items are listed too
    assert items["a"]["passed"] and not items["b"]["passed"]
    assert all(i["precise_cited"] <= i["distinct_cited"] for i in items.values())


def test_report_without_baseline():
    text = report.render("gold.jsonl", report.Results(report.SYSTEM_NAME, hand_made_scores()), None)
    assert report.BASELINE_NAME not in text and "--show-failures" in text


def test_table_pads_by_display_width():
    lines = report.table(["类别", "n"], [["目标 targets", "1"], ["x", "22"]])
    assert len({report.width(line) for line in lines}) == 1


# --- baseline -------------------------------------------------------------------------

class KeywordEmbedder:
    """Deterministic fake: one dimension per keyword."""

    name = "fake"
    KEYWORDS = ["生物医药", "物流", "金融", "人才"]

    def _embed(self, texts):
        vectors = np.array([[t.count(k) + 0.01 for k in self.KEYWORDS] for t in texts], dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    embed_queries = embed_passages = _embed


def test_naive_rag_answers_with_the_top_chunks_and_never_refuses():
    paragraphs = ["生物医药产业规模超过4000亿元。" * 3, "航空物流与冷链物流。" * 5, "新兴金融服务业。" * 6,
                  "人才引进与培养。" * 6]  # 48-51 characters each: one chunk per paragraph
    rag = NaiveRAG([("a.txt", "\n\n".join(paragraphs))], KeywordEmbedder(), chunk_size=55, chunk_overlap=0,
                   top_k=2)
    assert rag.chunks == 4
    result = rag.answer("生物医药的目标是多少？")
    assert not result.refused and result.citations == ()
    assert result.text.split("\n")[0] == paragraphs[0]
    assert len(result.text.split("\n")) == 2
    s = score_item(gold("g", must=["4000亿元"], clauses=["二（一）6"]),
                   {"id": "g", "answer": result.text, "citations": [], "refused": False, "latency_ms": 1})
    assert s.answer_ok and not s.citation_ok


# --- the stricter own metric: precision, refused parts, what a refusal must say -----------------

def test_citation_precision_counts_cited_clauses_outside_the_expected_family():
    s = score_item(gold("p1", must=["1万元"], clauses=["第八条"]),
                   record("p1", "补贴1万元", cited=["第八条（二）", "第八条·标准", "第十二条", "第八条（二）"]))
    assert (s.precise_cited, s.distinct_cited) == (2, 3)
    total = summarize([s])
    assert total.citation_precision == pytest.approx(2 / 3)
    # a longer ID that merely starts with the expected digits is another clause
    other = score_item(gold("p2", clauses=["1"]), record("p2", "x", cited=["12"]))
    assert other.precise_cited == 0


def test_a_refused_part_of_a_compound_answer_is_a_false_refusal():
    text = "（1）补贴多少？ 据第三条：补贴1万元。\n（2）谁来办？ 抱歉，现有政策文件中没有找到能回答这个问题的规定。"
    s = score_item(gold("c1", must=["1万元"]), record("c1", text, cited=["第三条"]))
    assert s.part_refused and s.false_refusal and not s.answer_ok
    assert "部分误拒" in s.failures()
    whole = score_item(gold("c2", must=["1万元"]), record("c2", "据第三条：补贴1万元。", cited=["第三条"]))
    assert whole.answer_ok and not whole.false_refusal


def test_a_refusal_must_say_what_the_item_requires():
    said = score_item(gold("r1", "refusal", refused=True, must=["2020"]),
                      record("r1", "抱歉，现有政策文件中没有找到能回答这个问题的规定。文件只规定了2020年的目标。",
                             refused=True))
    silent = score_item(gold("r2", "refusal", refused=True, must=["2020"]),
                        record("r2", "抱歉，现有政策文件中没有找到能回答这个问题的规定。", refused=True))
    assert said.refusal_ok and not silent.refusal_ok
    assert any(reason.startswith("拒答未说明") for reason in silent.failures())
