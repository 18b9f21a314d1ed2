"""A question about a thing the documents name, answered by a clause about something else, is
refused: the lead clause must say what the question is about. The words a user brings of their
own (an age, a colloquial phrase) and abbreviations whose characters stand in order in the
clause do not count against it.

The policy is written here (fictional, in this test's own words)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

POLICY = """白鹭市数字产业扶持办法

第一条 为促进数字产业发展，制定本办法。
第二条 对首版次软件产品，按首年销售合同金额的20%给予奖励，单个产品最高不超过100万元。
第三条 企业应当建立设备台账，技术装备的维护保养按行业规范执行。
第四条 冠状动脉粥样硬化性心脏病患者参加健康管理的，每人每年补助300元。
"""


@pytest.fixture(scope="module")
def bailu(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-digital.txt": POLICY})


def test_a_sum_for_something_else_does_not_answer(bailu):
    answer = bailu.answer("首台套技术装备能拿多少奖励？")
    assert answer.refused
    assert "100万元" not in answer.text.split("与此相关")[0]  # the software sum is not given as the answer


def test_the_clause_about_the_thing_still_answers(bailu):
    answer = bailu.answer("首版次软件产品最多奖励多少？")
    assert not answer.refused
    assert "100万元" in answer.text


def test_an_abbreviation_whose_characters_stand_in_the_clause_is_said(bailu):
    answer = bailu.answer("冠心病患者参加健康管理每年补助多少？")
    assert not answer.refused
    assert "300元" in answer.text
