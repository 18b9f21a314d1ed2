"""A word for people in the user's form ("见习生") and the document's ("见习人员"): the same
people, so the question is answered, not refused for a word the page never writes.
The page is written here (fictional)."""
from __future__ import annotations

import pytest

from assistant.word_forms import kin_in
from tests.assistant.conftest import assistant_over

RULES = """白鹭市就业见习管理办法

第一条 为帮助青年积累工作经验，制定本办法。
第二条 见习期间，见习单位应当每月向见习人员提供不低于本市最低工资标准80%的生活补贴。
第三条 见习单位应当为见习人员购买人身意外伤害保险。
第四条 本办法自2026年1月1日起施行。
"""


@pytest.mark.unit
@pytest.mark.parametrize("word, text, same", [
    ("见习生", "向见习人员提供生活补贴", True),
    ("申请者", "申请人应当提交材料", True),
    ("见习生", "见习单位提供岗位", False),  # the same stem, but a unit, not people
    ("补贴费", "补贴标准为每月500元", False),
])
def test_a_people_word_matches_the_documents_word_for_the_same_people(word, text, same):
    assert kin_in(word, text) is same


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-trainee.txt": RULES})


@pytest.mark.integration
def test_the_users_word_for_the_people_is_read_as_the_documents(rules):
    assert rules.view.spelled_out("见习生") == "见习人员"
    answer = rules.answer("见习期间单位每月至少要给见习生发多少生活补贴？")
    assert not answer.refused
    assert answer.claims[0].clause == "第二条" and "80%" in answer.text
