"""The 问答 tab: example questions, the conversation, the chat input and the reply.

The example questions are shown here only, above an empty conversation. Each answered turn
is saved to the kept history (`ui.conversations.record`); an empty or blank message is ignored.

Without an LLM the reply is `ui.chat.respond` (→ `Assistant.answer()`); with one it is
`ui.chat.respond_stream` (→ `assistant.llm.stream_answer`): citation cards first, then the
checked text as it streams, then the verified answer in its place.
"""
from __future__ import annotations

import streamlit as st

from core.settings import Settings
from ui import chat, conversations
from ui.chat_messages import (
    render_body,
    render_cards,
    render_conflicts,
    render_feedback,
    render_turn,
)
from ui.feedback import FeedbackStore
from ui.navigation import ask_example
from ui.text import md_escape, md_paragraphs


def stream_reply(assistant, user: chat.Turn, history: list[dict], doc_ids: list[str] | None,
                 store: FeedbackStore, settings: Settings) -> None:
    """LLM configured: the offline answer's citation cards at once, the checked text as it
    streams above them, then the final answer in their place (the offline text and its
    notice when the model's reply was not used). The final turn is kept in the session."""
    ss = st.session_state
    index = assistant.index
    items = chat.respond_stream(assistant, user.content, history, doc_ids)
    with st.chat_message("assistant"):
        body = st.empty()
        with body.container(), st.spinner("正在查找政策原文……"):
            first = next(items)
        final = first
        if first.kind == "answer":
            with body.container():
                text_slot = st.empty()
                text_slot.caption("正在组织回答……")
                render_conflicts(first)
                render_cards(index, first, jump=False)  # no jump while streaming: a click would end the run
            shown = ""
            for item in items:
                if isinstance(item, str):
                    shown += item
                    text_slot.markdown(md_paragraphs(shown))
                else:
                    final = item
        else:
            final = chat.final_turn([first, *items])
        with body.container():
            render_body(index, final)
        ss.turns = [*ss.turns, user, final]
        if conversations.record(settings, [user, final]):
            st.rerun()  # a new conversation: the sidebar's 历史对话 list shows it
        if final.kind in ("answer", "refusal"):
            render_feedback(final, store)


def render(assistant, settings: Settings, store: FeedbackStore) -> None:
    ss = st.session_state
    index = assistant.index
    limit = settings.answer.max_question_chars
    examples = chat.example_questions(settings)
    if not ss.turns and examples:
        st.markdown("您可以直接提问，或点击示例问题：")
        columns = st.columns(2)  # two a row: each question is shown whole, not cut off
        for i, q in enumerate(examples):
            columns[i % 2].button(md_escape(q), key=f"example_{i}", on_click=ask_example, args=(q,), width="stretch")
    messages = st.container()
    with messages:
        for turn in ss.turns:
            render_turn(index, turn, store)
    question = st.chat_input(f"请输入您的问题（{limit} 字以内）", key="chat_input")
    if not question and ss.pending_question:
        question, ss.pending_question = ss.pending_question, None
    if question and question.strip():  # an empty or blank message is ignored: no turn, no reply
        history = chat.history_for(ss.turns)
        user = chat.user_turn(question, limit)
        scope = [ss.doc_scope] if ss.doc_scope else None
        if settings.llm.enabled:
            with messages:
                render_turn(index, user, store)
                stream_reply(assistant, user, history, scope, store, settings)
        else:
            with messages:
                render_turn(index, user, store)
                with st.spinner("正在查找政策原文……"):
                    reply = chat.respond(assistant, question, history, scope)
            ss.turns = [*ss.turns, user, reply]
            if conversations.record(settings, [user, reply]):
                st.rerun()  # a new conversation: the sidebar's 历史对话 list shows it
            with messages:
                render_turn(index, reply, store)
