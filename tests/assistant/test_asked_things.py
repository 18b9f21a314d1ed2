"""The thing whose amount is asked ("多少申请费", "滞纳金怎么算") that no document names is refused
from evidence: no document states it. The words that ask for a measure (比例, 天数) are not such a
thing. The page is written here (fictional)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration
FEES = """白鹭市劳动争议仲裁网上申请流程

1.登录白鹭办APP，进入仲裁申请业务。
2.填写申请信息，提交后5个工作日内递交材料。
"""


@pytest.fixture(scope="module")
def fees(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-fees.txt": FEES})


def test_an_asked_fee_no_document_names_is_refused(fees):
    answer = fees.answer("网上申请劳动仲裁要交多少申请费？")
    assert answer.refused and "申请费" in answer.text


def test_an_asked_measure_word_is_not_taken_for_the_thing_asked(fees):
    from assistant.guards import unknown_asked_thing
    from assistant.understand import normalised, scope_for, understand

    view = fees.view
    for question in ("递交材料要多少天？", "提交后多少个工作日内要递交材料？", "这个流程的发文字号是多少？"):
        text = normalised(view, question)
        assert unknown_asked_thing(view, understand(view, text, [], scope_for(view, text, None))) == "", question
