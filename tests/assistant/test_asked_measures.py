"""What the question counts in decides what answers it: a number of working days is not a
number of years, "多长时间内" is answered by a length of time whatever the sentence is about,
a user's age outside a condition's range is told as such, a place the user comes from is not
the place asked about, and a page's info box answers "现在还有效吗" and "哪个机关发布的".

The documents are written here (fictional, in this test's own words), except the saved page
tests/fixtures/web/housing-2024-5.html (see its README)."""
from __future__ import annotations

import pathlib

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

WEB = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "web"

GUIDE = """松溪市港澳青年创业扶持指引

一、扶持对象
在本市创业的港澳青年，年龄在18至40周岁（含本数），可申请创业扶持。
二、贷款期限
创业贷款每次期限最长不超过3年。
三、办理时限
经办机构自受理之日起15个工作日内完成审核。
四、大赛奖励
获奖项目应当在获奖之日起两年内在本市办理营业执照，方可申领项目奖励。
"""


@pytest.fixture(scope="module")
def songxi(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"songxi-guide.txt": GUIDE})


def test_working_days_are_answered_by_working_days(songxi):
    answer = songxi.answer("创业扶持提交申请后多少个工作日能审核完？")
    assert not answer.refused
    assert "15个工作日" in answer.text.splitlines()[0]


def test_a_length_in_years_does_not_answer_a_question_in_working_days(tmp_path_factory):
    without_time_limits = GUIDE.split("三、")[0]
    answer = assistant_over(tmp_path_factory, {"songxi-guide.txt": without_time_limits}).answer(
        "创业贷款每次期限要多少个工作日？")
    assert answer.refused
    assert "工作日数" in answer.text  # the refusal says what is missing, and quotes the 3年 it found


def test_how_long_is_answered_by_a_length_of_time_whatever_it_is_for(songxi):
    answer = songxi.answer("大赛获奖以后要在多长时间内办营业执照才能拿项目奖励？")
    assert not answer.refused
    assert "两年内" in answer.text


def test_an_age_outside_the_condition_is_told_with_the_condition(songxi):
    answer = songxi.answer("我今年45岁，能申请港澳青年创业扶持吗？")
    assert not answer.refused
    first = answer.text.splitlines()[0]
    assert "45岁" in first and "不在" in first and "18至40周岁" in first


def test_a_place_the_user_comes_from_is_not_the_place_asked_about(songxi):
    answer = songxi.answer("我是香港人，在松溪创业，贷款最长能贷几年？")
    assert not answer.refused
    assert "3年" in answer.text


def test_a_place_no_document_covers_is_still_refused(songxi):
    answer = songxi.answer("北京的创业贷款最长能贷几年？")
    assert answer.refused
    assert "北京" in answer.text


def test_the_info_box_of_a_saved_page_answers_whether_it_is_still_in_force(tmp_path_factory):
    page = (WEB / "housing-2024-5.html").read_text(encoding="utf-8")
    assistant = assistant_over(tmp_path_factory, {"housing-2024-5.html": page})
    answer = assistant.answer("这个通知现在还有效吗？")
    assert not answer.refused
    assert "现行有效" in answer.text and "2029年3月3日" in answer.text  # judged on the day it is asked


def test_the_page_that_posted_a_guide_answers_who_published_it(tmp_path_factory):
    page = (WEB / "housing-2024-5.html").read_text(encoding="utf-8")
    assistant = assistant_over(tmp_path_factory, {"housing-2024-5.html": page})
    answer = assistant.answer("这个通知是哪个机关发布的？什么时候失效？")
    assert not answer.refused
    assert any(c.clause == "序言" and "发布机关：广州市住房和城乡建设局" in c.quote for c in answer.claims)


RELIEF = """松溪市社会救助标准通知

一、供养标准
特困人员基本生活标准按本市最低生活保障标准的1.6倍确定。
二、一次性缴费
2011年7月前参保、延长缴费五年后仍不足最低缴费年限的，可以一次性缴费至满最低缴费年限。
三、报名时间
网上报名时间为5月19日至5月22日，逾期不予受理。
四、申请方式
需要救助的居民应当通过松溪市救助服务平台提交申请，不会使用手机的，可以到社区服务站提出申请。
"""


@pytest.fixture(scope="module")
def relief(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"songxi-relief.txt": RELIEF})


def test_a_multiple_of_a_standard_answers_how_many_times(relief):
    answer = relief.answer("特困人员基本生活标准是低保标准的几倍？")
    assert not answer.refused
    assert "1.6倍" in answer.text


def test_a_year_the_user_tells_of_themselves_is_not_a_year_asked_about(relief):
    answer = relief.answer("我2009年就参保了，延长缴费五年还不够最低年限，能一次性缴费吗？")
    assert not answer.refused
    assert "一次性缴费" in answer.text


def test_which_days_is_answered_by_dates(relief):
    answer = relief.answer("网上报名是哪几天？")
    assert not answer.refused
    assert "5月19日至5月22日" in answer.text


def test_applying_through_a_platform_is_a_procedure(relief):
    answer = relief.answer("需要救助的话怎么申请？")
    assert not answer.refused
    assert "提交申请" in answer.text

