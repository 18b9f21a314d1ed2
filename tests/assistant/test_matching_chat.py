"""Matching in chat: the route, the answer's claims, a follow-up changing one number, the same
matches as `match` for the same description, and ordinary questions left to their routes."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration
ASK = "我们是星河市的一家总部企业，上一年度纳税1500万元，能享受哪些政策？"


def test_a_question_describing_the_enterprise_routes_to_matching(matching_assistant):
    answer = matching_assistant.answer(ASK)
    assert answer.debug["route_name"] == "matching" and not answer.refused
    assert "【符合】" in answer.text and "200万元" in answer.text
    assert answer.text.index("【符合】") < answer.text.find("【可能符合】") or "【可能符合】" not in answer.text
    clause_of = {c.clause: c for c in answer.claims}
    assert "第二条" in clause_of
    claim = clause_of["第二条"]
    assert claim.quote in matching_assistant.index.clause(claim.doc_id, "第二条").text


def test_the_same_description_gets_the_same_matches_as_the_match_command(matching_assistant):
    answer = matching_assistant.answer(ASK)
    result = matching_assistant.match({"text": ASK})
    listed = [(m["clause"], m["status"]) for m in result["matches"] if m["status"] != "不符合"]
    assert listed
    for clause, status in listed:
        assert f"【{status}】" in answer.text and clause in answer.text


def test_a_follow_up_changing_one_number_refines_the_same_profile(matching_assistant):
    first = matching_assistant.answer(ASK)
    history = [{"role": "user", "content": ASK}, {"role": "assistant", "content": first.text}]
    second = matching_assistant.answer("那如果纳税3500万呢？", history)
    assert second.debug["route_name"] == "matching"
    assert "500万元" in second.text and "第三条" in second.text
    assert "第二条" not in {c.clause for c in second.claims}


def test_nothing_applies_says_so_with_the_nearest_misses(matching_assistant):
    answer = matching_assistant.answer("我们是海州市的总部企业，上一年度纳税1500万元，能享受哪些政策？")
    assert answer.debug["route_name"] == "matching"
    assert "没有找到符合的扶持措施" in answer.text and "最接近" in answer.text
    assert "第二条" in answer.text and "星河市" in answer.text  # the near miss and why: another region


def test_an_ordinary_question_is_not_taken_by_matching(matching_assistant):
    answer = matching_assistant.answer("星河市对纳税超过3000万元的总部企业奖励多少？")
    assert answer.debug.get("route_name") != "matching"


def test_asking_about_one_named_subsidy_is_an_ordinary_question(matching_assistant):
    """"我家…能领住房租赁补贴吗" asks whether one measure applies, not what the asker can get."""
    answer = matching_assistant.answer("我们是星河市的总部企业，能领总部落户奖励补贴吗？")
    assert answer.debug.get("route_name") != "matching"
