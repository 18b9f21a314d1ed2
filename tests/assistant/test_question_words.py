"""The words a question asks with (哪里, 应该, 时候, 需要) are no part of what the question is
about: a question full of them is not refused for covering little of the clause that answers it. What it is about still counts:
a topic the documents never mention is still refused. The page is written here (fictional)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

NOTICE = """白鹭市异地就医直接结算须知

（1）已办理异地就医备案的参保人，可持医保电子凭证在备案地的联网医疗机构就医并直接结算医疗费用。
（2）直接结算遇到问题的，可直接与白鹭市医保中心联系处理，或拨打0591-12345咨询。
（3）备案人员在备案地普通门诊就医的，无需提前办理选点。
"""


@pytest.fixture(scope="module")
def notice(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-cross-region.txt": NOTICE})


def test_a_wordy_question_is_answered(notice):
    answer = notice.answer("在外地医院直接结算的时候出了问题，应该找哪里解决？")
    assert not answer.refused
    assert "白鹭市医保中心" in answer.text.splitlines()[0]


def test_a_topic_the_documents_never_mention_is_still_refused(notice):
    answer = notice.answer("在外地坐地铁的时候出了问题，应该找哪里解决？")
    assert answer.refused
