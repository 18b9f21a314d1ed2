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
