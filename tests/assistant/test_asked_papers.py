""""要带哪些材料" asks for papers: a sentence that only says 材料 ("上传备案申请材料") names none
of them, so the answer says the documents do not list them; a sentence naming 身份证 answers.
"多久" is not answered by "（含当日）", and "满几年" is not answered by a number of working days.
The pages are written here (fictional)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

VAGUE = """白鹭市异地就医备案指引

一、登录白鹭医保APP，选择异地就医备案。
二、根据提示填写表单信息，并上传备案申请材料。
三、备案审核在2个工作日内完成。
"""

LISTED = """白鹭市异地就医备案指引

一、登录白鹭医保APP，选择异地就医备案。
二、申请材料：本人身份证和社保卡。
"""

DAY = """白鹭市生育津贴发放通知

一、2025年12月1日（含当日）后分娩的参保职工，生育津贴直接发放至个人。
二、电子居住证的审核期限为5个工作日。
"""


@pytest.fixture(scope="module")
def vague(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-vague.txt": VAGUE})


def test_a_sentence_that_names_no_paper_does_not_answer_which_papers(vague):
    answer = vague.answer("办异地就医备案，申请材料具体要准备哪些？")
    assert answer.refused


def test_the_steps_still_answer_how_to_file(vague):
    answer = vague.answer("异地就医备案怎么办理？")
    assert not answer.refused


def test_a_sentence_that_names_the_papers_answers(tmp_path_factory):
    listed = assistant_over(tmp_path_factory, {"bailu-listed.txt": LISTED})
    answer = listed.answer("办异地就医备案，申请材料具体要准备哪些？")
    assert not answer.refused and "身份证" in answer.text


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-day.txt": DAY})


def test_the_day_a_rule_starts_is_not_how_long_it_takes(day):
    assert day.answer("生育津贴申请以后多久能到账？").refused


def test_working_days_do_not_answer_how_many_years(day):
    assert day.answer("拿到居住证以后，满几年可以申请入户？").refused
