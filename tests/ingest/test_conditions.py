"""Condition extraction (ingest/conditions.py) on clauses written for these tests."""
from __future__ import annotations

import pytest

from core.profile import load_profile
from core.records import Clause, Document
from ingest.conditions import extract_conditions, thresholds

pytestmark = pytest.mark.unit


def _bounds(text: str):
    [p] = thresholds(text)
    return p.low, p.low_inclusive, p.high, p.high_inclusive, p.unit


@pytest.mark.parametrize("text, want", [
    ("年营业收入达到2亿元以上的企业", (2.0, True, None, True, "亿元")),
    ("年营业收入超过2亿元的企业", (2.0, False, None, True, "亿元")),
    ("从业人员不少于50人的企业", (50.0, True, None, True, "人")),
    ("从业人员300人以下的企业", (None, True, 300.0, True, "人")),
    ("从业人员不足300人的企业", (None, True, 300.0, False, "人")),
    ("成立时间在3年内的企业", (None, True, 3.0, True, "年")),
    ("留用率达到60%以上（含60%）的基地", (60.0, True, None, True, "%")),
    ("申请人年龄不超过35周岁", (None, True, 35.0, True, "周岁")),
])
def test_threshold_words_set_the_bound_and_whether_it_counts(text, want):
    assert _bounds(text) == want


def test_a_range_written_with_two_words_is_one_predicate():
    [p] = thresholds("起飞重量20千克以上、不超过100千克的机型")
    assert (p.low, p.low_inclusive, p.high, p.high_inclusive, p.unit) == (20.0, True, 100.0, True, "千克")
    assert "起飞重量" in p.metric


def test_a_bare_number_is_not_a_condition():
    assert thresholds("本市共有企业500家") == []


def _doc(text: str) -> tuple[Document, list[Clause]]:
    doc = Document(doc_id="d1", path="x.txt", title="远帆市人民政府关于扶持物流企业的通知", text=text, sha256="0",
                   issuer="远帆市人民政府")
    return doc, []


def _clause(cid: str, text: str, parent: str | None = None, title: str = "", order: int = 0) -> Clause:
    return Clause(clause_id=cid, doc_id="d1", label=cid, title=title, text=text, parent_id=parent,
                  level=1 if parent is None else 2, order=order)


def test_tiers_inherit_the_lead_in_rate_and_each_keeps_its_own_cap():
    clauses = [
        _clause("第五条", "对本市新建的冷链仓库，按照实际投资额的25%给予补助：", order=1),
        _clause("第五条（一）", "库容5000吨以上的，最高补助400万元；", "第五条", order=2),
        _clause("第五条（二）", "库容不足5000吨的，最高补助100万元。", "第五条", order=3),
    ]
    doc, _ = _doc("\n".join(c.text for c in clauses))
    facts = {f.clause_id: f for f in extract_conditions(doc, clauses, load_profile("default"))}
    assert set(facts) == {"第五条（一）", "第五条（二）"}  # the lead-in itself is not a measure
    big, small = facts["第五条（一）"], facts["第五条（二）"]
    assert (big.rate, big.cap, small.rate, small.cap) == (25.0, "400万元", 25.0, "100万元")
    assert "冷链仓库" in big.subject and big.region == "远帆市"
    [p] = [p for p in small.predicates if p.kind == "threshold"]
    assert (p.low, p.high, p.high_inclusive, p.unit) == (None, 5000.0, False, "吨")
    [q] = [q for q in big.predicates if q.kind == "threshold"]
    assert (q.low, q.low_inclusive, q.high) == (5000.0, True, None)


def test_respectively_pairs_each_subject_with_its_amount():
    clause = _clause("第六条", "对新认定的市级物流枢纽、区级物流园区，分别给予80万元、30万元奖励。")
    doc, _ = _doc(clause.text)
    facts = extract_conditions(doc, [clause], load_profile("default"))
    assert [(f.amount, f.subject.endswith(name)) for f, name in zip(facts, ("市级物流枢纽", "区级物流园区"))] == \
        [("80万元", True), ("30万元", True)]
    assert all(any(p.kind == "time" and p.value == "新认定" for p in f.predicates) for f in facts)


def test_a_cap_rule_is_not_a_measure_and_no_stacking_is_noted():
    clause = _clause("第七条", "对物流企业购置新能源货车的，按照购车款的10%给予补贴，最高50万元。"
                               "同一企业每年获得本条补贴累计不超过200万元。本办法与其他政策就高不重复。")
    doc, _ = _doc(clause.text)
    facts = extract_conditions(doc, [clause], load_profile("default"))
    assert len(facts) == 1 and facts[0].rate == 10.0 and facts[0].cap == "50万元" and facts[0].no_stacking
