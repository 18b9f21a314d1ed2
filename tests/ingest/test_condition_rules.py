"""Document-wide rules (ingest/condition_rules.py) and person predicates, on clauses written for these tests."""
from __future__ import annotations

import pytest

from core.profile import load_profile
from core.records import Clause, Document
from ingest.condition_predicates import grades, holds, hukou
from ingest.conditions import extract_conditions, thresholds

pytestmark = pytest.mark.unit


def _c(cid: str, text: str, parent: str | None = None, order: int = 0) -> Clause:
    return Clause(clause_id=cid, doc_id="d9", label=cid, title="", text=text, parent_id=parent,
                  level=1 if parent is None else 2, order=order)


def _facts(clauses: list[Clause]) -> dict[str, list]:
    doc = Document(doc_id="d9", path="x.txt", title="远岫市扶持仓储企业若干措施", text="\n".join(c.text for c in clauses),
                   sha256="0", issuer="远岫市人民政府")
    out: dict[str, list] = {}
    for f in extract_conditions(doc, clauses, load_profile("default")):
        out.setdefault(f.clause_id, []).append(f)
    return out


def _kinds(fact, kind: str) -> list:
    return [p for p in fact.predicates if p.kind == kind]


def _shop() -> list[Clause]:
    return [
        _c("第二条", "申请本措施第三条至第四条支持的企业，应当同时符合以下条件：", order=1),
        _c("第二条（一）", "在本市注册，具有独立法人资格；", "第二条", order=2),
        _c("第二条（二）", "近两年未被列入经营异常名录。", "第二条", order=3),
        _c("第三条", "对新建冷库的企业，给予一次性奖励：", order=4),
        _c("第三条（一）", "库容1万吨（含）至3万吨的，奖励40万元；", "第三条", order=5),
        _c("第三条（二）", "库容超过3万吨的，奖励90万元。\n已按本条第（一）项获得奖励的企业，扩建后按差额补足奖励。",
           "第三条", order=6),
        _c("第四条", "对上年度仓储收入首次达到2000万元的企业，奖励20万元。批发市场经营企业不享受本条奖励。"
           "同一企业同时符合本措施第三条、第四条的，按就高原则择一享受。", order=7),
        _c("第五条", "对仓储企业的驾驶员，每人补贴3000元。持牌分支机构申请本条支持的，不受本措施第二条关于独立法人资格的限制。",
           order=8),
    ]


def test_a_general_conditions_list_binds_the_articles_it_names_only():
    facts = _facts(_shop())
    wordings = [p.wording for p in _kinds(facts["第三条（一）"][0], "requirement")]
    assert "具有独立法人资格" in wordings and "近两年未被列入经营异常名录" in wordings
    assert {p.value for p in _kinds(facts["第三条（一）"][0], "requirement")} == {"pos", "neg"}
    assert _kinds(facts["第五条"][0], "requirement") == []


def test_a_range_written_with_its_inclusion_mark_is_one_threshold():
    [money] = thresholds("注册资本5000万元（含）至1亿元的")
    assert (money.low, money.high, money.unit) == (0.5, 1.0, "亿元")


def test_an_exclusion_is_scoped_to_its_article_and_keeps_who_it_excludes():
    facts = _facts(_shop())
    [ex] = _kinds(facts["第四条"][0], "exclusion")
    assert ex.value == "批发市场经营企业"
    assert _kinds(facts["第三条（一）"][0], "exclusion") == []


def test_choose_one_groups_top_ups_and_first_time_thresholds_are_recorded():
    facts = _facts(_shop())
    assert facts["第四条"][0].exclusive == ("第三条", "第四条")
    assert facts["第三条（二）"][0].top_up and not facts["第四条"][0].top_up
    assert _kinds(facts["第四条"][0], "first")


def test_a_waiver_drops_the_named_requirement_for_its_article():
    clauses = _shop()
    clauses[0] = _c("第二条", "申请本措施支持的企业，应当同时符合以下条件：", order=1)
    facts = _facts(clauses)
    assert "具有独立法人资格" in [p.wording for p in _kinds(facts["第三条（一）"][0], "requirement")]
    assert "具有独立法人资格" not in [p.wording for p in _kinds(facts["第五条"][0], "requirement")]


def test_a_defined_qualification_becomes_its_thresholds():
    clauses = [_c("第一条", "对购买云服务的中小企业，按实际投入的20%给予补助，最高不超过10万元。", order=1),
               _c("第九条", "本措施所称中小企业，是指从业人员200人以下或者营业收入5000万元以下的企业。", order=2)]
    [fact] = _facts(clauses)["第一条"]
    defined = [p for p in fact.predicates if p.value.startswith("def:")]
    assert {p.unit for p in defined} == {"人", "万元"} and all(p.value.endswith(":any") for p in defined)
    assert not _kinds(fact, "qualification")


def test_person_predicates_read_grades_certificates_and_registered_residence():
    [g] = grades("持证且残疾等级被评为一、二级的人员")
    assert g.value == "1,2"
    assert grades("残疾等级为一至三级")[0].value == "1,2,3"
    assert grades("三级及以上残疾人家庭")[0].value == "1,2,3"
    assert grades("省级绿色工厂") == []
    [h] = holds("持有在有效期限内的《中华人民共和国导游证》《领队证》的人员")
    assert h.value == "导游证|领队证"
    [k] = hukou("具有本市户籍或者持有本市有效居住证的居民")
    assert k.value == "居住证"
    assert hukou("非本市户籍人员") == []


def test_a_benefit_in_kind_is_a_measure_and_under_an_age_is_an_upper_bound():
    clauses = [_c("第二条", "年满70周岁，具有本市户籍的居民，享受本办法规定的优待。", order=1),
               _c("第三条", "年满70周岁不满80周岁的老年人进入市属公园，享受半价优惠。", order=2)]
    [fact] = _facts(clauses)["第三条"]
    ages = [p for p in fact.predicates if p.kind == "threshold" and p.unit == "周岁"]
    assert any(p.high == 80.0 and not p.high_inclusive for p in ages)
    assert _kinds(fact, "hukou")


def test_a_fraction_of_a_base_is_a_rate_with_its_cap():
    clauses = [_c("第七条", "在本市居住的户籍老年人在社区食堂用餐可享受用餐补贴。补贴标准为每人每次用餐费用的五分之一，最高不超过4元。",
                  order=1)]
    [fact] = _facts(clauses)["第七条"]
    assert (fact.rate, fact.cap) == (20.0, "4元")
    assert "用餐费用" in fact.base


def test_a_conditions_list_is_scoped_by_its_first_phrase_not_a_later_cross_reference():
    clauses = [
        _c("一", "适用范围", order=1),
        _c("一（一）", "本措施适用于在本区注册的仓储企业。", "一", order=2),
        _c("一（二）", "申请本措施支持的企业，除符合本条第（一）项规定外，还应当同时符合以下条件：", "一", order=3),
        _c("一（二）1", "近三年内未被列入严重失信主体名单。", "一（二）", order=4),
        _c("二", "对新建冷库的企业，奖励20万元。", order=5),
    ]
    [fact] = _facts(clauses)["二"]
    assert "近三年内未被列入严重失信主体名单" in [p.wording for p in _kinds(fact, "requirement")]
