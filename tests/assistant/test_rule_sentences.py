"""The rest of a rule comes with it: the sentence after "处5万元以上20万元以下的罚款；" that raises
the fine for serious cases is quoted next, before any other article. A share is answered by a
percentage, and "什么时候到账" by "次月10日前".

The regulation is written here (fictional, in this test's own words)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

RULES = """白鹭市灵活就业人员社会保险办法

第一条 为规范灵活就业人员参加社会保险，制定本办法。
第二条 灵活就业人员的月缴费基数由本人在上下限范围内自行选择。
第三条 灵活就业人员的缴费比例为20%，其中12%计入统筹基金，8%计入个人账户。
第四条 经审核符合条件的，养老金于审核通过的次月10日前划入本人社会保障卡。
第五条 以欺诈手段骗取社会保险待遇的，由社会保险行政部门责令退回，处骗取金额二倍的罚款；情节严重的，处骗取金额五倍的罚款。
第六条 用人单位未按时足额缴费的，由社会保险费征收机构责令限期缴纳，并处1万元以下的罚款。
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-insurance.txt": RULES})


def test_the_serious_case_of_a_fine_follows_the_fine(rules):
    answer = rules.answer("骗取社会保险待遇会被罚款多少？")
    assert not answer.refused
    cited = [c.clause for c in answer.claims]
    assert cited[:2] == ["第五条", "第五条"]
    assert "二倍" in answer.text and "五倍" in answer.text


def test_a_share_is_answered_by_a_percentage(rules):
    answer = rules.answer("灵活就业人员交社保的比例是多少？")
    assert not answer.refused
    assert answer.claims[0].clause == "第三条"
    assert "20%" in answer.text.splitlines()[0]


def test_when_is_it_paid_is_answered_by_a_day_of_the_next_month(rules):
    answer = rules.answer("审核通过以后养老金什么时候到账？")
    assert not answer.refused
    assert "次月10日前" in answer.text.splitlines()[0]
