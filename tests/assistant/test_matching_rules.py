"""Judging word predicates and cross-measure rules (assistant/matching/rules.py) on facts written for these tests."""
from __future__ import annotations

from datetime import date

import pytest

from assistant.matching.evaluate import FIT, MAYBE, NO, judge
from assistant.matching.profile import parse_profile
from assistant.matching.rules import apply_groups
from core.facts import ConditionFact, Predicate
from core.profile import load_profile

pytestmark = pytest.mark.unit
VOCAB = load_profile("default").matching
TODAY = date(2026, 12, 1)


def _fact(clause: str = "第三条", *preds: Predicate, amount: str = "40万元", **extra) -> ConditionFact:
    base = dict(fact_id=clause, doc_id="d9", clause_id=clause, quote="对新建冷库的企业，奖励" + amount,
                measure="冷库奖励", subject="对新建冷库的企业", region="远岫市", places=("远岫",),
                condition_text="对新建冷库的企业", predicates=preds, amount=amount)
    base.update(extra)
    return ConditionFact(**base)


def _judge(fact: ConditionFact, profile: dict):
    p = parse_profile(profile)
    return judge(fact, p, {"远岫"}, VOCAB, TODAY, {"远岫"})


REQ = Predicate("requirement", "法定代表人未被列为失信被执行人", value="neg")


@pytest.mark.parametrize("text, status", [
    ("远岫市的冷库企业，新建冷库，法定代表人不是失信被执行人。", FIT),
    ("远岫市的冷库企业，新建冷库，企业及法定代表人均非失信被执行人。", FIT),
    ("远岫市的冷库企业，新建冷库，负责人非失信被执行人。", FIT),
    ("远岫市的冷库企业，新建冷库，法定代表人去年被法院列为失信被执行人。", NO),
    ("远岫市的冷库企业，新建冷库。", MAYBE),
])
def test_a_stated_requirement_is_met_contradicted_or_asked(text, status):
    assert _judge(_fact("第三条", REQ), {"text": text, "entity": "enterprise"}).status == status


def test_an_exclusion_the_profile_affirms_refuses_and_one_it_denies_passes():
    ex = Predicate("exclusion", "已纳入集中供养的老人，不享受本条补贴。", metric="本条补贴", value="已纳入集中供养的老人")
    fact = _fact("第三条", ex)
    said = _judge(fact, {"text": "远岫市新建冷库的企业。老板的父亲已纳入集中供养。"})
    assert said.status == NO
    denied = _judge(fact, {"text": "远岫市新建冷库的企业。未纳入集中供养。"})
    assert denied.status == FIT


def test_a_category_exclusion_is_named_by_either_half_of_a_paired_word():
    ex = Predicate("exclusion", "住宿餐饮企业不适用本措施。", metric="本措施", value="住宿餐饮")
    assert _judge(_fact("第三条", ex), {"industry": "餐饮连锁", "text": "远岫市新建冷库的企业"}).status == NO
    assert _judge(_fact("第三条", ex), {"industry": "冷链物流", "text": "远岫市新建冷库的企业"}).status == FIT


def test_registered_residence_elsewhere_fails_and_a_permit_counts_when_allowed():
    strict = Predicate("hukou", "本市户籍")
    permit = Predicate("hukou", "本市户籍", value="居住证")
    other = {"text": "我住在远岫市，新建冷库，户口在湖南老家，办了远岫的居住证。", "entity": "individual"}
    assert _judge(_fact("第三条", strict), other).status == NO
    assert _judge(_fact("第三条", permit), other).status == FIT


def test_grades_and_certificates():
    g = Predicate("grade", "残疾等级一、二级", metric="残疾等级", value="1,2")
    cert = Predicate("hold", "持有《导游证》", value="导游证")
    ok = {"text": "远岫市新建冷库的人，肢体残疾二级，持有导游证。", "entity": "individual"}
    no = {"text": "远岫市新建冷库的人，肢体残疾四级，没有导游证。", "entity": "individual"}
    assert _judge(_fact("第三条", g, cert), ok).status == FIT
    assert _judge(_fact("第三条", g, cert), no).status == NO


def test_first_time_is_refused_when_an_earlier_year_reached_the_tier():
    tier = Predicate("threshold", "仓储收入2000万元以上", metric="仓储收入", unit="万元", low=2000.0)
    first = Predicate("first", "首次达到", value="首次达到")
    fact = _fact("第四条", tier, first)
    def profile(history: str) -> dict:
        return {"text": "远岫市新建冷库的企业。", "facts": {"仓储收入_万元": 2600, "仓储收入历年情况": history}}

    assert _judge(fact, profile("2022年2100万元，2025年2600万元")).status == NO
    assert _judge(fact, profile("2024年900万元，2025年2600万元")).status == FIT
    assert _judge(fact, {"text": "远岫市新建冷库的企业。", "facts": {"仓储收入_万元": 2600}}).status == MAYBE


def test_a_choose_one_group_keeps_the_higher_amount():
    a = _judge(_fact("第三条（一）", amount="40万元", exclusive=("第三条", "第四条")), {"text": "远岫市新建冷库的企业"})
    b = _judge(_fact("第四条", amount="20万元", exclusive=("第三条", "第四条")), {"text": "远岫市新建冷库的企业"})
    apply_groups([a, b], FIT, NO)
    assert (a.status, b.status) == (FIT, NO)


def test_an_award_already_received_is_not_repeated_and_the_higher_tier_pays_the_difference():
    low = _fact("第三条（一）", amount="40万元", top_up=True, tier="库容1万吨至3万吨")
    high = _fact("第三条（二）", amount="90万元", top_up=True, tier="库容超过3万吨")
    profile = {"text": "远岫市新建冷库的企业，库容1万吨至3万吨时已经领了40万元奖励，现在扩建库容超过3万吨。"}
    a, b = _judge(low, profile), _judge(high, profile)
    apply_groups([a, b], FIT, NO)
    assert a.status == NO and a.received
    assert b.amount == "50万元"


def test_a_share_of_two_profile_numbers_is_computed():
    ratio = Predicate("threshold", "研发投入占营业收入比例不低于3%", metric="研发投入占营业收入比例", unit="%", low=3.0)
    j = _judge(_fact("第三条", ratio), {"text": "远岫市新建冷库的企业，营业收入2亿元，研发投入600万元。"})
    assert j.status == FIT
