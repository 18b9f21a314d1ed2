"""A service guide (办事指南) answers by its section names: "多久能办好" is its 办理时限, "要收费吗"
its 收费标准, even though the question shares none of their words, and even when a sentence
elsewhere mentions a time or a window.

The guide is written here (fictional, in this test's own words)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

GUIDE = """白鹭市居民临时救助金申领指南

一、办理对象
因意外事件导致基本生活暂时困难的本市户籍居民。
二、受理条件
申领人家庭人均收入低于本市最低生活保障标准的2倍。
三、受理单位
户籍所在地街道办事处社会事务窗口
四、所需材料
（一）《临时救助金申请表》；
（二）申领人身份证件；
（三）导致困难的事件证明材料。
五、办理时限
法定办结时限：15个工作日
六、收费标准
不收费
七、其他注意事项
（一）申领人对审批结果有异议的，可在收到通知之日起60日内申请行政复议。
（二）救助金在审批通过后的次月15日前发放至申领人社会保障卡。
"""


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-relief-guide.txt": GUIDE})


def test_how_long_is_the_guides_time_limit_section(guide):
    answer = guide.answer("临时救助金交了材料以后，一般多久能办好？")
    assert not answer.refused
    assert answer.claims[0].clause == "五"
    assert "15个工作日" in answer.text.splitlines()[0]


def test_is_there_a_fee_is_answered_by_the_fee_section(guide):
    answer = guide.answer("去街道窗口申领临时救助金要收手续费吗？")
    assert not answer.refused
    assert answer.claims[0].clause == "六"
    assert "不收费" in answer.text


def test_when_is_it_paid_is_not_the_time_limit_section(guide):
    answer = guide.answer("临时救助金审批通过以后，钱什么时候发到卡上？")
    assert not answer.refused
    assert "次月15日前" in answer.text.splitlines()[0]
