"""The chat with the optional LLM layer, through AppTest, against the project's scripted
OpenAI-compatible server (tests/llm_server.py) on 127.0.0.1: real HTTP, langchain's real
client, the real index. With an LLM configured the page streams: the offline answer's
citation cards first, then the checked text, then the verified answer, or the offline text
with a one-line notice when the model's reply is not used.
"""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from core.records import Answer
from prompts.llm import UNAVAILABLE_NOTICE, VERIFY_FAILED_NOTICE
from prompts.templates import REFUSAL

_spec = importlib.util.spec_from_file_location("llm_server", Path(__file__).resolve().parents[1] / "llm_server.py")
llm_server = sys.modules.setdefault("llm_server", importlib.util.module_from_spec(_spec))
if not hasattr(llm_server, "ScriptedLLMServer"):
    _spec.loader.exec_module(llm_server)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TALENT_Q = "引进两院院士团队能获得多少创业资金支持？"
REJECTED_PREFIX = VERIFY_FAILED_NOTICE.split("{")[0]


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def last_reply(at):
    return [m for m in at.chat_message if m.name == "assistant"][-1]


def reply_text(at) -> str:
    return unescape("\n".join(m.value for m in last_reply(at).markdown))


def ask(at, question: str):
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def server():
    with llm_server.ScriptedLLMServer() as srv:
        yield srv


@pytest.fixture
def scripted(server):
    server.use("faithful")
    server.requests.clear()
    yield server
    server.use("faithful")


@pytest.fixture(scope="module")
def offline_answer(built_index) -> Answer:
    """What the page shows without a model (and after every fallback)."""
    from assistant.service import Assistant

    settings, index = built_index
    return Assistant(settings, index=index).answer(TALENT_Q)


@pytest.fixture
def llm_app(new_app, scripted, monkeypatch):
    """A fresh page with LLM_BASE_URL / LLM_MODEL pointing at the scripted server."""
    from core.settings import get_settings

    monkeypatch.setenv("LLM_BASE_URL", scripted.base_url)
    monkeypatch.setenv("LLM_MODEL", "scripted")
    monkeypatch.setenv("LLM_API_KEY", "test-key")
    monkeypatch.setenv("LLM_TIMEOUT", "5")
    get_settings.cache_clear()
    assert get_settings().llm.enabled
    yield new_app()
    get_settings.cache_clear()


def test_faithful_reply_streams_and_is_shown_with_its_cards(llm_app, scripted, offline_answer):
    ask(llm_app, TALENT_Q)
    turn = llm_app.session_state["turns"][-1]
    assert turn.route == "llm", turn
    assert scripted.requests and scripted.requests[-1].get("stream") is True
    text = reply_text(llm_app)
    assert turn.content in unescape(last_reply(llm_app).markdown[0].value)
    assert "【三（五）】" in text and "1000万元" in text  # the model's wording, with its citation
    assert turn.content != offline_answer.text
    assert "引用依据" in text and "三（五）" in text  # the cards
    assert any("在原文中查看" == b.label for b in llm_app.button)
    assert not last_reply(llm_app).caption or all("大模型" not in c.value for c in last_reply(llm_app).caption)
    assert not llm_app.error and not llm_app.exception


@pytest.mark.parametrize("script, notice", [("invented_number", REJECTED_PREFIX),
                                            ("http_500", UNAVAILABLE_NOTICE),
                                            ("malformed_json", UNAVAILABLE_NOTICE),
                                            ("stall", UNAVAILABLE_NOTICE)])
def test_rejected_or_failed_reply_shows_offline_text_and_notice(llm_app, scripted, offline_answer, script, notice):
    scripted.use(script)
    ask(llm_app, TALENT_Q)
    turn = llm_app.session_state["turns"][-1]
    assert turn.route == offline_answer.route and turn.content == offline_answer.text
    reply = last_reply(llm_app)
    first = unescape(reply.markdown[0].value)
    assert "1000万元" in first and "98765" not in reply_text(llm_app)
    captions = [unescape(c.value) for c in reply.caption]
    assert any(c.startswith(notice) for c in captions), captions
    assert "引用依据" in reply_text(llm_app)
    assert not reply.error and not llm_app.exception
    assert scripted.requests, "the model was asked"


def test_refusal_never_reaches_the_model(llm_app, scripted):
    ask(llm_app, "上海市的人才政策是什么？")
    reply = last_reply(llm_app)
    assert reply.warning and REFUSAL in unescape(reply.warning[0].value)
    assert scripted.requests == []


def test_model_markup_is_shown_as_escaped_text(llm_app, scripted):
    """Whatever passes the checks is still escaped: markdown from the model is never rendered."""
    def starred(body):
        reply = llm_server.faithful(body)
        return llm_server.Reply(content=reply.content.replace("根据文件规定，", "根据文件规定*（摘要）*，", 1))

    scripted.use(starred)
    ask(llm_app, TALENT_Q)
    turn = llm_app.session_state["turns"][-1]
    assert turn.route == "llm" and "*（摘要）*" in turn.content
    shown = last_reply(llm_app).markdown[0].value
    assert "\\*（摘要）\\*" in shown and "*（摘要）*" not in shown.replace("\\*", "")


def test_follow_up_and_feedback_work_after_a_streamed_answer(llm_app, scripted):
    ask(llm_app, "新一代智能终端由哪个单位牵头？")
    assert "省发展改革委" in reply_text(llm_app)
    ask(llm_app, "那配合的部门有哪些？")
    assert "省科技厅" in reply_text(llm_app)
    assert len(llm_app.session_state["turns"]) == 4
    assert llm_app.feedback, "the streamed answer has its feedback widget"


def _online(built_index, scripted, timeout: float):
    from assistant.service import Assistant
    from core.settings import LLMSettings

    settings, index = built_index
    return Assistant(settings.model_copy(update={"llm": LLMSettings(base_url=scripted.base_url, model="scripted",
                                                                    timeout=timeout)}), index=index)


def test_cards_come_before_the_model_answers(built_index, scripted):
    """The chat boundary hands over the offline answer (its cards) while the model cannot have
    answered yet: the scripted model is held until the test has the first item."""
    import threading

    from ui import chat

    gate = threading.Event()

    def held(body):
        gate.wait(60)
        return llm_server.faithful(body)

    online = _online(built_index, scripted, timeout=30.0)  # long: nothing here waits for it
    scripted.use(held)
    items = chat.respond_stream(online, TALENT_Q, [])
    try:
        first = next(items)
        assert not gate.is_set()
        assert isinstance(first, chat.Turn) and first.citations and first.route == "extractive"
        assert first.notice == "", "the first item is the offline answer's cards, not a fallback"
    finally:
        gate.set()  # now the model answers
    rest = list(items)
    assert any(isinstance(i, str) for i in rest), "the model's checked text streams after the cards"
    final = chat.final_turn(rest)
    assert final.route == "llm" and final.notice == "" and "1000万元" in final.content
    assert scripted.requests and scripted.requests[-1].get("stream") is True


def test_a_stalled_model_ends_the_stream_with_the_offline_answer(built_index, scripted, offline_answer):
    """Cards first, then (the stall's reply would come after 30 s, the timeout is 2 s) the
    offline answer with the "unavailable" notice as the final turn."""
    from ui import chat

    online = _online(built_index, scripted, timeout=2.0)
    scripted.use("stall")
    items = list(chat.respond_stream(online, TALENT_Q, []))
    first, final = items[0], chat.final_turn(items)
    assert isinstance(first, chat.Turn) and first.citations and first.notice == ""
    assert final is not first and final.notice == UNAVAILABLE_NOTICE
    assert final.content == offline_answer.text and not any(isinstance(i, str) for i in items)
