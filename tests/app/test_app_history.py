"""Kept chat history through AppTest: a conversation survives a reload (a new session with the
same `?c=` in the URL, on the same data dir), the 历史对话 list opens and deletes one; the
example questions are shown once; a blank message is ignored."""
from __future__ import annotations

import re

import pytest

from core.settings import get_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

LEAD_Q = "新一代智能终端由哪个单位牵头？"
FOLLOW_Q = "那配合的部门有哪些？"
TALENT_Q = "引进两院院士团队能获得多少创业资金支持？"


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def ask(at, question: str):
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def messages(at) -> list[tuple[str, str]]:
    out = []
    for msg in at.chat_message:
        text = "\n".join([m.value for m in msg.markdown] + [w.value for w in msg.warning])
        out.append((msg.name, unescape(text)))
    return out


def reload(conversation_id: str | None):
    """A new browser session on the same server and data dir, at `?c=<id>` (what a reload does)."""
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP_FILE

    at = AppTest.from_file(str(APP_FILE), default_timeout=120)
    if conversation_id:
        at.query_params["c"] = conversation_id
    at.run()
    assert not at.exception, at.exception
    return at


def listed(at) -> dict[str, str]:
    """The 历史对话 list: conversation ID -> shown title."""
    return {b.key.removeprefix("conv_open_"): unescape(b.label) for b in at.sidebar.button
            if b.key and b.key.startswith("conv_open_")}


def test_a_conversation_survives_a_reload_and_follow_ups_still_work(app_data_dir):
    first = reload(None)
    ask(first, LEAD_Q)
    conversation_id = first.query_params.get("c")
    assert conversation_id, "the URL names the conversation once it has a turn"
    assert listed(first)[conversation_id] == LEAD_Q

    again = reload(conversation_id)
    shown = messages(again)
    assert [name for name, _ in shown] == ["user", "assistant"]
    assert LEAD_Q in shown[0][1] and "省发展改革委" in shown[1][1]
    assert any("引用依据" in m.value for m in again.chat_message[1].markdown), "the citation cards are back"
    ask(again, FOLLOW_Q)  # the follow-up reads the reloaded turns
    assert "省科技厅" in messages(again)[-1][1]
    assert again.query_params.get("c") == conversation_id

    again.feedback[0].set_value(1).run()
    next(b for b in again.button if b.label == "提交反馈").click().run()
    assert not again.exception

    third = reload(conversation_id)
    assert len(third.chat_message) == 4, "both rounds were saved"
    assert any("已记录您的反馈" in c.value for c in third.chat_message[1].caption), "rated once, not again"
    assert len(third.feedback) == 1, "the other answer can still be rated"
    assert not any(b.key == "example_0" for b in third.button), "no examples above a conversation"


def test_open_and_delete_from_the_list(app_data_dir):
    at = reload(None)
    ask(at, TALENT_Q)
    first_id = at.query_params["c"]
    at.button(key="new_chat").click().run()
    assert not at.chat_message and "c" not in at.query_params
    ask(at, LEAD_Q)
    second_id = at.query_params["c"]
    assert second_id != first_id
    assert {first_id, second_id} <= set(listed(at))

    at.button(key=f"conv_open_{first_id}").click().run()
    assert not at.exception
    assert at.query_params["c"] == first_id
    assert "1000万元" in messages(at)[-1][1]

    at.button(key=f"conv_del_{first_id}").click().run()  # delete the open one
    assert not at.exception
    assert first_id not in listed(at) and second_id in listed(at)
    assert not at.chat_message and "c" not in at.query_params
    assert any("已删除该对话记录" in c.value for c in at.sidebar.caption)

    gone = reload(first_id)  # an old link to the deleted conversation
    assert not gone.chat_message
    assert any("未找到该对话记录" in c.value for c in gone.sidebar.caption)
    assert "c" not in gone.query_params
    assert not gone.exception and not gone.error


def test_history_is_stored_under_the_data_dir(app_data_dir):
    from store.history import FILE_NAME, HistoryStore

    at = reload(None)
    ask(at, TALENT_Q)
    assert (app_data_dir / FILE_NAME).is_file()
    assert HistoryStore.for_data_dir(get_settings().data_dir).turns(at.query_params["c"])[0]["content"] == TALENT_Q


def test_example_questions_are_shown_once(app):
    from ui import chat

    examples = chat.example_questions(get_settings())
    assert examples
    labels = [unescape(b.label) for b in app.button if not b.key.startswith("conv_")]  # not the 历史对话 titles
    for q in examples:
        assert labels.count(q) == 1, q
    assert not [b for b in app.sidebar.button if unescape(b.label) in examples and not b.key.startswith("conv_")]


@pytest.mark.parametrize("blank", ["", "   ", "\n\u3000 "])
def test_a_blank_message_is_ignored(app, blank):
    ask(app, blank)
    assert not app.chat_message
    assert not app.error and not app.warning
    assert "c" not in app.query_params, "nothing was saved"
