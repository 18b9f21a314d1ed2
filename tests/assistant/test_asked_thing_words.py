"""The thing asked about is read in the asking words' own part of the question: a word before a
comma or before another one-character word ("电能奖多少钱") is not the thing whose figure is asked. The rules are written here (fictional)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

RULES = """青禾市无偿献血奖励办法

第一条 为鼓励无偿献血，制定本办法。
第二条 献血者享受下列用血优惠：
（一）献血者捐献全血的，本人终身免交临床用血费用；
（二）献血者捐献单采血小板的，本人终身免交临床用血费用；其配偶和子女享受优惠时，献血量按照捐献一次折合全血六百毫升计算。
第三条 用人单位应当自职工献血之日起五个工作日内，将献血证明报送市卫生健康部门。
第四条 屋顶光伏发电项目奖励标准0.08元/千瓦时。
第五条 市卫生健康部门要抓紧制定献血站点布局规划，按年度滚动实施。各区要按照本办法和布局规划确定的重点，细化工作方案，确保任务落实。
第六条 本办法自2026年1月1日起施行。
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"qinghe-blood.txt": RULES})


@pytest.mark.integration
def test_a_word_before_a_comma_is_not_the_thing_asked(rules):
    answer = rules.answer("职工献血之后拿到的证明材料，要在多少天内报送卫生健康部门？")
    assert not answer.refused
    assert answer.claims[0].clause == "第三条" and "五个工作日内" in answer.text


@pytest.mark.integration
def test_a_word_before_a_one_character_verb_is_not_the_thing_asked(rules):
    answer = rules.answer("屋顶光伏每发一度电能奖多少钱？")
    assert not answer.refused and "0.08元/千瓦时" in answer.text


@pytest.mark.integration
def test_a_fee_the_rules_never_name_is_still_refused(rules):
    answer = rules.answer("献血证补办要交多少工本费？")
    assert answer.refused


@pytest.mark.integration
def test_a_plan_yet_to_be_drawn_up_is_not_answered_by_its_clause_s_other_sentence(rules):
    answer = rules.answer("献血站点布局规划的具体内容是什么？")
    assert answer.refused and "另行制定" in answer.text
