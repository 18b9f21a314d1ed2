"""Items written inline, in the one paragraph that announces them ("需要具备以下条件：（一）…；
（二）…"), are listed whole when the conditions or a list are asked, each item quoted and cited.
The page is written here (fictional, in this test's own words)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

QA = """白鹭市人才落户常见问答

1.申请人才落户需要具备哪些条件？
答：需要具备以下条件：（一）在本市稳定就业满1年；（二）年龄在40周岁以下；（三）具有全日制本科以上学历；（四）近3年内无不良信用记录。
2.人才落户的申报时间是什么时候？
答：每年3月1日至3月31日。
3.随迁子女怎么办理？
答：申请人的未成年子女可同时随迁，请在提交申请时一并填报。
"""


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-talent-qa.txt": QA})


def test_inline_conditions_are_listed_whole(qa):
    answer = qa.answer("人才落户要满足什么条件？")
    assert not answer.refused
    for item in ("稳定就业满1年", "40周岁以下", "全日制本科以上学历", "无不良信用记录"):
        assert item in answer.text
    assert {c.clause for c in answer.claims} == {"1"}
    assert len(answer.claims) >= 4  # one citation per item


def test_a_single_question_is_not_listed(qa):
    answer = qa.answer("人才落户每年几月份申报？")
    assert not answer.refused
    assert "3月1日至3月31日" in answer.text
    assert "40周岁以下" not in answer.text
