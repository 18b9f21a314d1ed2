"""A word of the question that the best-matching document never says, but another document does
("长护险"), sends the question to the documents that say it, instead of a refusal for one
document's silence. The documents are written here (fictional)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

CARE_HOME = """白鹭市养老机构失能人员护理补贴办法

第一条 入住养老机构的失能人员，设备使用费用每月补贴限额为200元，护理费用每月补贴限额为500元。
第二条 失能人员护理补贴由区民政部门按月发放。
"""

INSURANCE = """白鹭市长期护理保险办法

第一条 参加长护险的人员经评估达到1级的，纳入支付范围的设备使用费用每月限额为100元。
"""


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"care-home.txt": CARE_HOME, "insurance.txt": INSURANCE})


def test_the_document_that_says_the_word_answers(two):
    answer = two.answer("失能人员享受长护险待遇的，设备使用费用每月限额是多少？")
    assert not answer.refused
    assert "100元" in answer.text.splitlines()[0]
    assert answer.claims[0].doc == "白鹭市长期护理保险办法"


RULES = """白鹭市老年人优待办法

第八条 老人拿优待卡去公立医院看普通门诊的，公立医院应当减收诊查费。
"""

GUIDE = """白鹭市老年人优待卡办理指南

老年人持优待卡在公立医院就医，普通门诊诊查费自费部分减收1元。
"""


def test_the_sum_one_document_leaves_out_is_taken_from_the_one_that_states_it(tmp_path_factory):
    both = assistant_over(tmp_path_factory, {"rules.txt": RULES, "guide.txt": GUIDE})
    answer = both.answer("老人拿优待卡去公立医院看普通门诊，诊查费能减多少？")
    assert not answer.refused
    assert "1元" in answer.text


def test_a_document_the_question_names_is_not_swapped_for_another(tmp_path_factory):
    both = assistant_over(tmp_path_factory, {"rules.txt": RULES, "guide.txt": GUIDE})
    answer = both.answer("白鹭市老年人优待办法里，老人拿优待卡看普通门诊诊查费能减多少？")
    assert answer.refused
