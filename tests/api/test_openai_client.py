"""The real `openai` client against /v1/chat/completions (stream and not) on a real uvicorn process."""
from __future__ import annotations

import openai
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

TALENT_QUESTION = "引进两院院士有什么资金支持？"  # the one question the issue requires


@pytest.fixture
def llm_client(api_server):
    with openai.OpenAI(base_url=f"{api_server.url}/v1", api_key="unused", max_retries=0, timeout=60) as c:
        yield c


def test_chat_completion_writes_out_the_amount_and_its_clause(llm_client):
    reply = llm_client.chat.completions.create(model="anything", messages=[
        {"role": "system", "content": "你是助手。"},
        {"role": "user", "content": TALENT_QUESTION}])
    content = reply.choices[0].message.content
    assert reply.choices[0].finish_reason == "stop"
    assert "1000万元" in content and "三（五）" in content
    citations = reply.model_extra["citations"]
    assert any(c["clause"] == "三（五）" and "1000万元" in c["quote"] for c in citations)


def test_streamed_chat_completion_gives_the_same_answer(llm_client):
    stream = llm_client.chat.completions.create(model="policyqa", stream=True,
                                                messages=[{"role": "user", "content": TALENT_QUESTION}])
    chunks = list(stream)
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "1000万元" in content and "三（五）" in content
    assert chunks[-1].choices[0].finish_reason == "stop"
    citations = chunks[-1].model_extra["citations"]
    assert any(c["clause"] == "三（五）" for c in citations)


def test_earlier_messages_are_the_history(llm_client):
    first = llm_client.chat.completions.create(model="m", messages=[{"role": "user", "content": TALENT_QUESTION}])
    follow = llm_client.chat.completions.create(model="m", messages=[
        {"role": "user", "content": TALENT_QUESTION},
        {"role": "assistant", "content": first.choices[0].message.content},
        {"role": "user", "content": "这一条是哪一部分的内容？"}])
    assert follow.choices[0].message.content.strip()
    assert follow.model_extra["citations"] is not None


def test_a_chat_without_a_user_message_is_a_chinese_4xx(llm_client):
    with pytest.raises(openai.UnprocessableEntityError) as err:
        llm_client.chat.completions.create(model="m", messages=[{"role": "system", "content": "只有系统消息"}])
    assert "用户消息" in err.value.response.json()["detail"]
