"""Dates and counts as pages write them: "[ 2023-03-13 ]" on a list page is a date, "3.34万人" is a
number of people, "2026年1月起" is the day a standard starts, and "哪几点要求" asks for points, not
for a time of day. The pages are written here (fictional)."""
from __future__ import annotations

import pytest

from assistant.question import asked_types
from tests.assistant.conftest import assistant_over

LIST_PAGE = """白鹭市仲裁公告

白鹭市劳动争议仲裁服务指南[ 2023-03-13 ]
白鹭市仲裁机构收案地址及联系方式[ 2025-01-14 ]
"""

STANDARD = """白鹭市残疾人两项补贴发放情况

一、截至2025年12月底，全市享受困难残疾人生活补贴3.34万人，享受重度残疾人护理补贴12.22万人。
二、2026年1月起，困难残疾人生活补贴标准提高至每人每月290元。
"""


@pytest.mark.unit
def test_which_points_is_not_a_time_of_day():
    assert "deadline" not in asked_types("局长在会上提了哪几点要求？")
    assert "deadline" in asked_types("明天几点开始受理？")


@pytest.mark.integration
def test_a_date_written_with_hyphens_answers_when(tmp_path_factory):
    page = assistant_over(tmp_path_factory, {"bailu-list.txt": LIST_PAGE})
    answer = page.answer("劳动争议仲裁服务指南是哪天发布的？")
    assert not answer.refused and "2023-03-13" in answer.text


@pytest.fixture(scope="module")
def standard(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-standard.txt": STANDARD})


@pytest.mark.integration
def test_ten_thousands_of_people_answer_how_many_people(standard):
    answer = standard.answer("截至2025年底，享受困难残疾人生活补贴的有多少人？")
    assert not answer.refused and "3.34万人" in answer.text


@pytest.mark.integration
def test_the_month_a_standard_starts_answers_when_it_applies(standard):
    answer = standard.answer("2026年的新补贴标准从几月开始执行？")
    assert not answer.refused and "2026年1月起" in answer.text


@pytest.mark.unit
@pytest.mark.parametrize("question", ["5月报名那几天刚好出国了，还能补报名吗？", "这几年一直在交社保，能领吗？"])
def test_those_few_days_is_not_a_question_about_how_many(question):
    asked = asked_types(question)
    assert "duration" not in asked and "number" not in asked


@pytest.mark.unit
@pytest.mark.parametrize("question", ["这篇报道是哪天发的？", "这份指南是什么时候发的？", "这份标准是哪个部门公布的？",
                                      "这份流程是哪个部门出的？"])
def test_when_a_page_was_sent_out_asks_for_its_metadata(question):
    assert "metadata" in asked_types(question)


@pytest.mark.integration
def test_a_year_written_in_an_iso_date_is_a_year_the_page_speaks_of(tmp_path_factory):
    page = assistant_over(tmp_path_factory, {"bailu-notices.txt": """白鹭市仲裁公告

白鹭甲公司应诉通知、开庭通知公告（张三）[ 2026-08-20 ]
白鹭乙公司仲裁裁决书公告（李四）[ 2026-08-19 ]
"""})
    answer = page.answer("2026年8月20日发了应诉通知公告的是哪家公司？")
    assert not answer.refused and "白鹭甲公司" in answer.text


@pytest.mark.unit
@pytest.mark.parametrize("text, speaks", [
    ("发表时间：2026-02-12 17:12 信息来源：白鹭市社保中心", False),  # when the page was posted
    ("发布日期: 2026-01-01", False),
    ("白鹭甲公司应诉通知公告（张三）[ 2026-08-20 ]", True),  # a dated line of a list page
    ("2026年1月起，标准提高至290元。", True),
    ("2026—2028年行动计划", True),
])
def test_which_dates_are_a_year_the_rules_speak_of(text, speaks):
    from assistant.compose_extractive import speaks_of_year

    assert speaks_of_year(text, "2026") is speaks
