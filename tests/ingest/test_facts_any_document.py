"""Targets and roles read by the shape of the sentence, on documents other than the seed.

A real Guangzhou plan (tests/fixtures/web/family-doctor-2023.html: targets in %, 人, 名; a 指标体系
table; a 任务分工表), a real Guangzhou 办法 in articles whose figures are standards, not targets
(tests/fixtures/styles/gz-jianxi-banfa-2019.txt), and the article-style fixture of corpus3.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT
from ingest.pipeline import read_file
from ingest.facts import extract_facts

pytestmark = pytest.mark.unit

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


def _facts(path: Path):
    document, clauses = read_file(path, path.parent)
    return extract_facts(document, clauses)


@pytest.fixture(scope="module")
def plan():
    return _facts(FIXTURES / "web" / "family-doctor-2023.html")


def _targets(facts):
    return [f for f in facts if f.kind == "target"]


def test_plan_targets_name_what_they_measure_in_its_own_units(plan):
    found = {(f.clause_id, f.metric, f.figure, f.year) for f in _targets(plan)}
    # 到2023年，力争每万常住人口家庭医生数不低于4人，到2025年不低于4.66人: the second figure keeps the metric
    # and takes its own year.
    assert ("二（一）1", "每万常住人口家庭医生数", "力争不低于4人", "2023") in found
    assert ("二（一）1", "每万常住人口家庭医生数", "力争不低于4.66人", "2025") in found
    assert ("一", "重点人群签约服务覆盖率", "力争达到95%", "2035") in found
    assert ("二（一）3", "培养基层医生", "不少于3500名", "2023") in found  # the noun follows the count
    # A table row states only "2023年达到80%" or "≥50%": the row's label cell names the metric.
    table = {(f.metric, f.figure) for f in _targets(plan) if f.clause_id.startswith("附件1")}
    assert ("重点人群签约服务覆盖率", "达到80%") in table
    assert ("签约高血压患者血压控制率", "≥50%") in table
    assert {f.unit for f in _targets(plan)} >= {"%", "人", "名", "家", "间"}
    assert not [f for f in _targets(plan) if f.metric in ("", "规模") or "｜" in f.metric or "=" in f.metric]


def test_task_table_assigns_each_item_its_units(plan):
    roles = [f for f in plan if f.kind == "role"]
    first = {(f.role, f.unit) for f in roles if f.subject_clause == "二（一）1"}
    assert first == {("牵头", "各区政府"), ("配合", "市卫生健康委"), ("配合", "市人社局")}
    assert all(f.clause_id == "附件2" and "｜" in f.quote for f in roles)
    insurance = {f.subject for f in roles if f.unit == "市医保局"}
    assert "发挥基本医保支持作用" in insurance and "保障合理用药" in insurance
    # The table's internal divisions (市卫健委内牵头处室) are not role columns.
    assert not [f for f in roles if f.unit.endswith("处")]
    assert not [f for f in plan if f.kind == "finding" and f.finding == "role_pattern"]


def test_standards_without_a_year_are_not_targets():
    facts = _facts(FIXTURES / "styles" / "gz-jianxi-banfa-2019.txt")
    # 见习期满留用率达到60%以上（含60%）的，可申请认定…: a condition of recognition, not a goal.
    assert _targets(facts) == []


def test_article_style_targets_and_prose_roles():
    facts = _facts(FIXTURES / "corpus3" / "qinglan-lowalt-2024.txt")
    targets = {(f.clause_id, f.metric, f.figure) for f in _targets(facts)}
    assert ("第四条（三）", "开通常态化低空航线", "50条以上") in targets
    assert ("第四条（二）", "引进和培育低空经济领域企业", "100家以上") in targets
    # 其中年营业收入超过1亿元的企业10家以上: the threshold is part of what is counted, not a target itself.
    assert not [t for t in targets if t[2] in ("超过1亿", "超过1亿元", "超过10亿")]
    assert not [t for t in targets if t[0] == "第七条"]  # a support condition (不低于1亿元…的，给予…)
    roles = {(f.clause_id, f.role, f.unit) for f in facts if f.kind == "role"}
    assert {("第二十六条", "牵头", "市统计局"), ("第二十六条", "配合", "市发展改革委")} <= roles  # …会同…
    assert ("第二十七条", "牵头", "市发展改革委") in roles and ("第二十七条", "配合", "市财政局") in roles  # 由…会同…负责
    # 市公安局会同有关部门制定…: no concrete partner, so no assignment is read from it.
    assert not [r for r in roles if r[2] == "有关部门"]
