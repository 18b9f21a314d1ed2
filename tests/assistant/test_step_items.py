"""A guide's numbered steps are often one short line each ("2.选择申请人数、受理机构"). Such a line
is the step's content, not a heading over nothing, so it can answer; and the words that ask
("多长时间") are not words the answering clause has to contain. The page is written here (fictional)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

GUIDE = """白鹭市劳动争议网上申请流程

1.先扫二维码，关注白鹭政务公众号
2.选择申请人数、受理机构
3.填写当事人信息和上传证据资料
4.提交申请
特别提醒：如您的申请已预受理的，请于5个工作日内通过现场或邮寄方式递交材料。
"""


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-dispute.txt": GUIDE})


def test_a_one_line_step_answers_what_it_says(guide):
    answer = guide.answer("网上申请时要填写和上传哪些东西？")
    assert not answer.refused
    assert "当事人信息" in answer.text
    assert "3" in {c.clause for c in answer.claims}


def test_the_words_that_ask_for_a_time_need_not_be_in_the_clause(guide):
    answer = guide.answer("我的申请显示已经预受理了，要在多长时间内把材料交上去？")
    assert not answer.refused
    assert "5个工作日" in answer.text


def test_an_apps_instruction_states_how_to_apply(tmp_path_factory):
    app = assistant_over(tmp_path_factory, {"bailu-app.txt": """白鹭市生育津贴申领指引

一、办理方式
在白鹭办微信公众号后台发送“生育津贴”，即可跳转至白鹭办小程序申请。
"""})
    answer = app.answer("在白鹭办微信公众号里怎么申请生育津贴？")
    assert not answer.refused and "跳转至白鹭办小程序" in answer.text
