"""Facts extracted from the seed: every cluster's target and roles, unit prefixes, consistency findings."""
from __future__ import annotations

import hashlib

import pytest

from core.facts import ConditionFact, Finding, MeasureFact, RoleFact, Source, SubjectFact, TargetFact
from core.records import Clause, Document
from core.settings import PROJECT_ROOT
from core.textnorm import clean_document_text
from ingest.clause_tree import parse_clauses
from ingest.facts import extract_facts, role_lines
from ingest.units import split_units

pytestmark = pytest.mark.unit

# (clause, cluster, qualifier, value) as the cluster's own clause states its 2020 target.
OWN_TARGETS = [
    ("二（一）1", "新一代智能终端", "达到", "5000"), ("二（一）2", "电子核心基础部件", "达到", "1000"),
    ("二（一）3", "智能制造装备", "达到", "2000"), ("二（一）4", "新能源汽车及智能汽车", "达到", "2000"),
    ("二（一）5", "智能电力及新能源装备", "超过", "3000"), ("二（一）6", "生物医药", "超过", "4000"),
    ("二（一）7", "尼龙及化工新材料", "达到", "1000"), ("二（一）8", "高端合金材料", "达到", "3000"),
    ("二（一）9", "智能传感器及物联网", "超过", "1000"), ("二（一）10", "节能环保", "达到", "5000"),
    ("二（二）1", "航空及冷链物流", "达到", "1500"), ("二（二）2", "新兴金融服务业", "突破", "3000"),
    ("二（二）3", "云计算大数据", "超过", "1000"), ("二（二）4", "服务外包", "超过", "1000"),
    ("二（二）5", "专业服务业", "突破", "1000"), ("二（二）6", "跨境电子商务及网络零售", "超过", "5000"),
    ("二（二）7", "基因技术应用及健康服务", "达到", "1000"), ("二（二）8", "数字创意", "达到", "1000"),
]
LEADS = {
    "二（一）1": "省发展改革委", "二（一）2": "省发展改革委", "二（一）3": "省发展改革委", "二（一）4": "省工业和信息化委",
    "二（一）5": "省发展改革委", "二（一）6": "省发展改革委", "二（一）7": "省工业和信息化委",
    "二（一）9": "省工业和信息化委", "二（一）10": "省发展改革委", "二（二）1": "省发展改革委",
    "二（二）2": "省政府金融办", "二（二）3": "省发展改革委", "二（二）4": "省商务厅", "二（二）5": "省商务厅",
    "二（二）6": "省商务厅", "二（二）7": "省发展改革委", "二（二）8": "省文化改革发展办",
}


@pytest.fixture(scope="module")
def facts():
    text = clean_document_text((PROJECT_ROOT / "corpus" / "henan-10plus8-2017.txt").read_text(encoding="utf-8"))
    doc = Document("d", "seed.txt", "seed", text, "x")
    return extract_facts(doc, parse_clauses(text, "d"))


def test_every_cluster_has_its_own_2020_target(facts):
    own = {(f.subject_clause, f.metric): f for f in facts if f.kind == "target" and not f.summary}
    for clause, name, qualifier, value in OWN_TARGETS:
        matches = [f for (c, _), f in own.items() if c == clause and f.value == value and f.year == "2020"]
        assert matches, (clause, name)
        assert matches[0].subject == name and matches[0].qualifier == qualifier and matches[0].unit == "亿元"


def test_every_cluster_lead_unit(facts):
    leads = {}
    for f in facts:
        if f.kind == "role" and f.role == "牵头":
            leads.setdefault(f.subject_clause, []).append(f.unit)
    for clause, unit in LEADS.items():
        assert leads[clause] == [unit], clause
    # 二（一）8 breaks the pattern; the text is kept as written.
    assert leads["二（一）8"] == ["省发展改革委", "省科技厅"]


def test_abbreviated_units_get_their_prefix(facts):
    coop = [f.unit for f in facts if f.kind == "role" and f.subject_clause == "二（一）1" and f.role == "配合"]
    assert coop == ["省工业和信息化委", "省科技厅", "省商务厅"]
    assert [u for u, _ in split_units("人行郑州中心支行、河南银监局、证监局、省发展改革委、商务厅")] == [
        "人行郑州中心支行", "河南银监局", "河南证监局", "省发展改革委", "省商务厅"]
    assert [u for u, _ in split_units("省商务厅、交通运输厅、民航办、郑州铁路局")][-1] == "郑州铁路局"


def test_summary_targets_cover_all_eighteen_clusters(facts):
    summary = {f.subject for f in facts if f.kind == "target" and f.summary and f.subject != "全部集群"}
    assert len(summary) == 18


def test_consistency_findings(facts):
    findings = [f for f in facts if f.kind == "finding"]
    conflicts = {f.subject: f for f in findings if f.finding == "target_conflict"}
    assert set(conflicts) == {"新一代智能终端", "节能环保", "生物医药", "高端合金材料"}
    assert "4000" in conflicts["生物医药"].text and "3000" in conflicts["生物医药"].text
    patterns = [f for f in findings if f.finding == "role_pattern"]
    assert [f.subject_clause for f in patterns] == ["二（一）8"]


def test_support_measures_with_amounts(facts):
    amounts = {(f.amount_qualifier, f.amount) for f in facts if f.kind == "measure" and f.amount}
    assert ("不低于", "1000万元") in amounts and ("最高", "1亿元") in amounts
    talent = next(f for f in facts if f.kind == "measure" and f.amount == "1000万元")
    assert "两院院士" in talent.recipient
    assert talent.units == ("省商务厅", "省科技厅", "省财政厅", "省人力资源社会保障厅")


def test_inline_role_styles():
    clause = Clause("第三条", "d", "", "", "加强研发投入（责任单位：省科技厅、省财政厅）。\n推进试点（省工业和信息化厅牵头，省财政厅配合）。",
                    None, 1, 0)
    assert role_lines(clause) == [("责任", "省科技厅、省财政厅"), ("牵头", "省工业和信息化厅"), ("配合", "省财政厅")]


def test_each_kind_is_its_own_type(facts):
    types = {"subject": SubjectFact, "role": RoleFact, "target": TargetFact, "measure": MeasureFact,
             "finding": Finding, "condition": ConditionFact}
    assert {f.kind for f in facts} == set(types)
    assert all(type(f) is types[f.kind] for f in facts)
    assert {s.category for s in facts if s.kind == "subject"} == {"cluster", "measure", "goal"}
    assert all(isinstance(s, Source) for f in facts if f.kind == "finding" for s in f.sources)


def test_fact_ids_are_the_content_hashes_of_before(facts):
    """The IDs the dict-shaped facts had (same inputs to content_id): re-ingest keeps every ID."""
    older = [f for f in facts if f.kind != "condition"]  # matching conditions (issue 13) are a later kind
    # The count with its figure last (形成20家以上…企业) is a target since issue 12; every other ID is as before.
    later = [f for f in older if f.kind == "target" and f.unit == "家"]
    assert [(f.clause_id, f.qualifier, f.value) for f in later] == [("二（一）10·节能环保服务", "以上", "20")]
    older = [f for f in older if f not in later]
    assert len(older) == 187
    assert hashlib.sha256("".join(f.fact_id for f in older).encode()).hexdigest() == (
        "2b8854f6e677b715a5fb276f530340571192b409640fc2f66d644c3936c24dbf")
    by_id = {f.fact_id: f for f in facts}
    assert by_id["05e9de5360c427de"].name == "发展目标" and by_id["05e9de5360c427de"].category == "goal"
    assert by_id["89e560e32d99817d"].units[0] == "省发展改革委"  # a measure: its units hashed as the list
    assert by_id["833d2ae33278d69e"].finding == "role_pattern"
