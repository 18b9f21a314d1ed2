"""Unit tests of the API's message shaping (no server): chat turns, written-out citations, details."""
from __future__ import annotations

import pytest
from fastapi import HTTPException

from api.chat import message_text, pieces, split_messages
from api.errors import validation_detail
from api.schemas import ChatRequest
from core.records import Answer, Claim

pytestmark = pytest.mark.unit


def _chat(*messages) -> ChatRequest:
    return ChatRequest(messages=[{"role": r, "content": c} for r, c in messages])


def test_the_last_user_message_is_the_question_and_earlier_turns_the_history():
    question, history = split_messages(_chat(("system", "规则"), ("user", "第一问"), ("assistant", "第一答"),
                                             ("user", "第二问"), ("assistant", "")))
    assert question == "第二问"
    assert history == [{"role": "user", "content": "第一问"}, {"role": "assistant", "content": "第一答"}]


def test_content_parts_are_read_as_text():
    request = ChatRequest(messages=[{"role": "user", "content": [{"type": "text", "text": "补贴"},
                                                                 {"type": "image_url", "image_url": {}},
                                                                 {"type": "text", "text": "多少？"}]}])
    assert split_messages(request)[0] == "补贴多少？"


def test_a_chat_without_a_user_turn_is_refused():
    with pytest.raises(HTTPException) as err:
        split_messages(_chat(("system", "只有规则")))
    assert err.value.status_code == 422


def test_citations_are_written_out_after_the_answer_and_streaming_loses_nothing():
    answer = Answer("给予50万元奖励。", claims=(Claim("某办法", "第三条", "一次性给予50万元奖励。"),))
    text = message_text(answer)
    assert text.startswith("给予50万元奖励。")
    assert "[1]《某办法》第三条：“一次性给予50万元奖励。”" in text
    assert "".join(pieces(text)) == text


@pytest.mark.parametrize("errors, words", [
    ([{"type": "json_invalid", "loc": ("body", 5)}], "JSON"),
    ([{"type": "missing", "loc": ("body", "question")}], "question：缺少必填字段"),
    ([{"type": "string_type", "loc": ("body", "history", 0, "content")}], "history.0.content：应为字符串"),
    ([{"type": "missing", "loc": ("body",)}], "请求体"),
])
def test_validation_errors_read_in_chinese(errors, words):
    assert words in validation_detail(errors)
