"""Words of one document's title in a question choose that document first, but do not confine the
answer to it: the topic may be stated by another document that names it differently (a standards
page titled "两项补贴" and the 办法 that sets the rules of the same 补贴). A question that names a
document by its kind (…办法里) keeps to it. The documents are written here (fictional)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

STANDARDS = """白鹭市残疾人两项补贴2026年发放标准

2026年1月起，困难残疾人生活补贴标准为每人每月217元，重度残疾人护理补贴标准为每人每月290元。
"""

RULES = """白鹭市困难残疾人生活补贴和重度残疾人护理补贴实施办法

第九条 到户籍地以外接受学历教育的残疾学生，原则上向原户籍地申领补贴。
第十条 残疾人两项补贴实行按月发放。
"""


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"standards.txt": STANDARDS, "rules.txt": RULES})


def test_a_topic_in_one_title_is_answered_from_the_document_that_states_it(two):
    answer = two.answer("残疾学生到户籍地以外上学，残疾人两项补贴要回哪里申领？")
    assert not answer.refused
    assert "原户籍地" in answer.text
    assert answer.claims[0].doc.endswith("实施办法")


def test_the_titled_document_still_answers_what_it_states(two):
    answer = two.answer("残疾人两项补贴2026年每月多少钱？")
    assert not answer.refused
    assert "217元" in answer.text


def test_a_question_naming_the_document_by_its_kind_keeps_to_it(two):
    answer = two.answer("残疾人两项补贴发放标准文件里，残疾学生到户籍地以外上学要回哪里申领？")
    assert answer.refused
