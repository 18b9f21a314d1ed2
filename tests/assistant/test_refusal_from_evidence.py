"""A question about a thing some document names, answered from a document that never speaks of
it, is refused: "白鹭市对首台套技术装备奖励最高多少" is not answered by 白鹭's software reward when only another
document speaks of 技术装备.
Within one document a word and its synonym both occur, so its own clauses still answer.

The documents are written here (fictional, in this test's own words)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

SOFTWARE = """白鹭市软件产业扶持办法

第一条 为促进软件产业发展，制定本办法。
第二条 对首版次软件产品，按首年销售合同金额的20%给予奖励，单个产品最高不超过100万元。
"""

EQUIPMENT = """青禾市工业设备管理规定

第一条 企业应当建立设备台账。
第二条 技术装备的维护保养按行业规范执行，每年检修一次。
"""


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-software.txt": SOFTWARE, "qinghe-equipment.txt": EQUIPMENT})


def test_a_sum_from_a_document_that_never_names_the_thing_does_not_answer(two):
    answer = two.answer("白鹭市对首台套技术装备奖励最高多少？")  # 白鹭市 names the software document
    assert answer.refused
    assert "技术装备" in answer.text.split("与此相关")[0]  # says what the documents do not state
    assert "100万元" not in answer.text.split("与此相关")[0]  # the software sum is not given as the answer


def test_the_document_about_the_thing_still_answers(two):
    answer = two.answer("首版次软件产品最多奖励多少？")
    assert not answer.refused
    assert "100万元" in answer.text


CONTRIBUTIONS = """白鹭市失业保险问答

一、失业保险费由谁缴纳？
失业保险费由用人单位和职工个人共同缴纳，缴费满1年的方可领取失业保险金。
二、个人先自付的比例由谁确定？
个人先自付的比例由各区医保部门确定，报市医保局备案。
"""


@pytest.fixture(scope="module")
def contributions(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"contributions.txt": CONTRIBUTIONS})


def test_a_share_asked_as_a_figure_is_not_answered_by_who_pays(contributions):
    answer = contributions.answer("失业保险费单位和个人各按多少比例缴纳？")
    assert answer.refused
    assert "比例" in answer.text


def test_who_sets_a_share_is_answered_by_the_rule(contributions):
    answer = contributions.answer("个人先自付的比例是谁来定的？")
    assert not answer.refused
    assert "各区医保部门确定" in answer.text


SCHOOL_AID = """白鹭市民办学校学位补贴办法

一、补贴对象
在本市民办学校就读的随迁子女，家长按学校规定交纳学费。
二、补贴标准
区财政按照小学每生每学期2500元的标准给予学位补贴，补贴发放至学校。
三、食堂
学校食堂午餐由学校自主定价，每餐价格报区教育局备案。
"""


@pytest.fixture(scope="module")
def school_aid(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"school-aid.txt": SCHOOL_AID})


def test_a_sum_of_another_thing_does_not_answer_what_a_thing_costs(school_aid):
    answer = school_aid.answer("民办小学一学期学费大概要多少钱？")  # the document states the aid, not the fee
    assert answer.refused
    assert "学费" in answer.text.split("与此相关")[0]


def test_the_sum_of_the_thing_asked_still_answers(school_aid):
    answer = school_aid.answer("小学学位补贴每学期多少钱？")
    assert not answer.refused
    assert "2500元" in answer.text


GROWTH = """白鹭市倍增企业遴选通知

一、遴选条件
上一年度营业收入原则上不低于5000万元、营业收入增长不低于15%、利润总额为正数。
"""


@pytest.fixture(scope="module")
def growth(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"growth.txt": GROWTH})


def test_a_rate_is_stated_by_its_stem_and_a_percentage(growth):
    answer = growth.answer("营业收入增长率要达到多少？")  # the document never writes 增长率
    assert not answer.refused
    assert "15%" in answer.text

