""""接下来还要做什么？" after a turn that told the first steps: the steps after the one the
conversation reached are listed, each cited. The guide is written here (fictional)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

GUIDE = """白鹭市居住登记网上办理指引

步骤1：打开白鹭办APP，在首页选择居住登记专栏，进入后选择登记类型。
步骤2：阅读《登记告知书》后，点击同意。
步骤3：根据提示填写房屋信息，并上传租赁合同。
步骤4：点击提交，工作人员将在3个工作日内完成审核。
"""

HISTORY = [{"role": "user", "content": "居住登记在白鹭办上从哪里进去办？"},
           {"role": "assistant", "content": "打开白鹭办APP，在首页选择居住登记专栏，进入后选择登记类型。"}]


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-residence.txt": GUIDE})


def test_the_steps_after_the_one_reached_are_listed(guide):
    answer = guide.answer("选完登记类型以后，接下来还要做什么？", HISTORY)
    assert not answer.refused
    assert [c.clause for c in answer.claims] == ["步骤2", "步骤3", "步骤4"]
    assert "《登记告知书》" in answer.text and "租赁合同" in answer.text


def test_without_a_conversation_there_is_no_step_to_continue_from(guide):
    from assistant.next_steps import next_steps

    assert next_steps(guide.index, "接下来还要做什么？", []) is None
