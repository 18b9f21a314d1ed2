"""Enterprise matching on profiles (DESIGN §6), over fictional policies written for these tests."""
from __future__ import annotations

import pytest

from core.errors import ProfileError

pytestmark = pytest.mark.integration
XINGHE = "星河市人民政府关于印发星河市支持总部企业发展若干措施的通知"


def _by_clause(result: dict) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for m in result["matches"]:
        out.setdefault(m["clause"], m)
    return out


def _hq(tax: float, **extra) -> dict:
    return {"region": "星河市", "entity": "enterprise", "tax_wan": tax, "text": "我们是一家总部企业。", **extra}


@pytest.mark.parametrize("tax, second, third", [
    (1000, "符合", None),  # 1000万元以上 includes 1000
    (999, None, None),  # just below the lower bound
    (3000, "符合", "不符合"),  # 3000万元以下 includes 3000, 超过3000万元 does not
    (3001, "不符合", "符合"),
])
def test_tier_boundaries_read_inclusive_and_exclusive_words(matching_assistant, tax, second, third):
    found = _by_clause(matching_assistant.match(_hq(tax)))
    for clause, want in (("第二条", second), ("第三条", third)):
        got = found.get(clause, {}).get("status")
        if want is None:
            assert got in (None, "不符合"), (clause, got)
        else:
            assert got == want, (clause, found.get(clause))


def test_the_tier_that_holds_the_number_gives_its_amount(matching_assistant):
    found = _by_clause(matching_assistant.match(_hq(3500)))
    assert found["第三条"]["amount"] == "500万元"
    assert any("3500" in line for line in found["第三条"]["met"])
    assert found["第三条"]["quote"] in matching_assistant.index.clause(
        next(d for d, doc in matching_assistant.index.documents.items() if doc.title == XINGHE), "第三条").text


def test_rate_times_base_shows_the_arithmetic_and_applies_the_cap(matching_assistant):
    below = _by_clause(matching_assistant.match(_hq(100, facts={"研发设备投资额_万元": 1000})))["第四条"]
    assert below["amount"] == "200万元"
    assert any("1000万元×20%=200万元" in line for line in below["met"])
    capped = _by_clause(matching_assistant.match(_hq(100, facts={"研发设备投资额_万元": 2000})))["第四条"]
    assert capped["amount"] == "300万元"
    assert any("上限300万元" in line for line in capped["met"])


def test_an_unstated_condition_is_unknown_and_asked_not_assumed(matching_assistant):
    facts = {"上一年度研发投入_万元": 500}
    unsaid = _by_clause(matching_assistant.match(_hq(100, facts=facts)))["第五条"]
    assert unsaid["status"] == "可能符合"
    assert any("高新技术企业" in q for q in unsaid["unknown"])
    said = _by_clause(matching_assistant.match(_hq(100, facts=facts, qualifications=["高新技术企业"])))["第五条"]
    assert said["status"] == "符合" and said["amount"] == "50万元"


def test_another_regions_policy_is_not_granted_to_a_firm_registered_elsewhere(matching_assistant):
    result = matching_assistant.match({"region": "海州市", "tax_wan": 1500, "text": "我们是一家总部企业。"})
    statuses = {m["clause"]: m["status"] for m in result["matches"] if m["doc"] == XINGHE}
    assert statuses.get("第二条") in (None, "不符合")
    assert "符合" not in statuses.values()


def test_expired_policy_is_listed_and_flagged_beside_its_status(matching_assistant):
    result = matching_assistant.match({"region": "海州市", "entity": "individual",
                                       "text": "我是博士研究生，全职引进到海州市一家企业工作。"})
    talent = [m for m in result["matches"] if "海州" in m["doc"]]
    assert talent and talent[0]["validity"] == "已失效"
    assert talent[0]["status"] == "符合" and talent[0]["amount"] == "10万元"


def test_matches_are_sorted_fit_first(matching_assistant):
    result = matching_assistant.match(_hq(1500, facts={"研发设备投资额_万元": 100}))
    order = {"符合": 0, "可能符合": 1, "不符合": 2}
    ranks = [order[m["status"]] for m in result["matches"]]
    assert ranks == sorted(ranks) and ranks[0] == 0


def test_numbers_in_the_free_text_fill_keys_not_given(matching_assistant):
    result = matching_assistant.match({"text": "我们是星河市的总部企业，去年纳税3500万元，员工300人。"})
    assert _by_clause(result)["第三条"]["status"] == "符合"


@pytest.mark.parametrize("profile, field", [
    ({"tax_wan": "很多"}, "tax_wan"),
    ({"employees": -5}, "employees"),
    ({"revenue_wan": True}, "revenue_wan"),
    ({"entity": "alien"}, "entity"),
    ({"founded": "去年"}, "founded"),
    ({"qualifications": 5}, "qualifications"),
])
def test_a_bad_field_is_a_chinese_message_naming_it(matching_assistant, profile, field):
    with pytest.raises(ProfileError) as err:
        matching_assistant.match(profile)
    assert field in err.value.message_zh and "有误" in err.value.message_zh


def test_not_an_object_is_refused_in_chinese(matching_assistant):
    with pytest.raises(ProfileError) as err:
        matching_assistant.match(["tax_wan", 5])
    assert "JSON 对象" in err.value.message_zh


def test_unknown_keys_are_reported_and_ignored(matching_assistant):
    result = matching_assistant.match({**_hq(3500), "favourite_colour": "蓝"})
    assert any("favourite_colour" in n for n in result["notes"])
    assert _by_clause(result)["第三条"]["status"] == "符合"


def test_a_ten_megabyte_text_is_bounded_not_a_crash(matching_assistant):
    huge = "我们是星河市的总部企业，去年纳税3500万元。" + "很" * (10 * 1024 * 1024)
    result = matching_assistant.match({"text": huge})
    assert any("过长" in n for n in result["notes"])
    assert _by_clause(result)["第三条"]["status"] == "符合"
    assert len(result["profile"]["text"]) < 1000
