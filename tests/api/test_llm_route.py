"""With LLM_BASE_URL / LLM_MODEL set, the API answers through the model (the project's scripted
OpenAI-compatible server, tests/llm_server.py), streaming and not, and keeps the citations."""
from __future__ import annotations

import openai
import pytest

from tests.api.conftest import start_server, stop_server
from tests.llm_server import ScriptedLLMServer

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

TALENT_QUESTION = "引进两院院士有什么资金支持？"  # the one question the issue requires


@pytest.fixture(scope="module")
def llm_api(api_server, api_home):
    with ScriptedLLMServer("faithful") as llm:
        env = {"LLM_BASE_URL": llm.base_url, "LLM_MODEL": "scripted", "LLM_API_KEY": "unused", "LLM_TIMEOUT": "10"}
        server = start_server(api_home / "corpus", api_home / "data", api_home / "server-llm.log", extra_env=env)
        try:
            yield server, llm
        finally:
            stop_server(server)


def test_answers_go_through_the_configured_model(llm_api):
    server, llm = llm_api
    before = len(llm.requests)
    with openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, timeout=60) as client:
        reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": TALENT_QUESTION}])
        assert "1000万元" in reply.choices[0].message.content and "三（五）" in reply.choices[0].message.content
        assert reply.model_extra["route"] == "llm"
        chunks = list(client.chat.completions.create(model="m", stream=True,
                                                     messages=[{"role": "user", "content": TALENT_QUESTION}]))
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "1000万元" in content and "三（五）" in content
    assert chunks[-1].model_extra["route"] == "llm"
    assert any(c["clause"] == "三（五）" for c in chunks[-1].model_extra["citations"])
    assert len(llm.requests) >= before + 2
