"""Kept chat history: the session's conversation, its ID in the URL, and the 历史对话 list.

Every answered turn is saved in `store.history` (SQLite under the data dir). The
conversation's ID is the URL query parameter `c`, so a reload of the page (a new session)
opens the same conversation again; a follow-up after a reload works because the turns come
back as they were (the assistant answers the previous user turn again for its claims).
Storage problems are logged and shown in Chinese; the chat goes on without history.
"""
from __future__ import annotations

import logging
import sqlite3

import streamlit as st

from core.records import Claim
from store.history import HistoryStore, new_conversation_id, title_for
from ui.chat import Turn
from ui.feedback import FeedbackStore
from ui.navigation import CHAT_TAB
from ui.text import md_escape

log = logging.getLogger("policyqa.app")

QUERY_KEY = "c"  # ?c=<conversation id>
LISTED = 20  # conversations shown in the sidebar
MAX_ID_CHARS = 64
NOT_FOUND = "未找到该对话记录（可能已被删除），已开始新对话。"
LOAD_FAILED = "对话记录读取失败，已开始新对话。"
SAVE_FAILED = "对话记录保存失败：刷新页面后本轮问答将不再显示。"
_STORE_ERRORS = (sqlite3.Error, OSError, ValueError, TypeError, KeyError)


def store_for(settings) -> HistoryStore:
    return HistoryStore.for_data_dir(settings.data_dir)


def turn_to_dict(turn: Turn) -> dict:
    return {"role": turn.role, "content": turn.content, "kind": turn.kind, "question": turn.question,
            "citations": [{"doc": c.doc, "clause": c.clause, "quote": c.quote, "doc_id": c.doc_id,
                           "kind": c.kind, "text": c.text} for c in turn.citations],
            "conflicts": list(turn.conflicts), "notice": turn.notice, "route": turn.route,
            "turn_id": turn.turn_id, "time": turn.time}


def turn_from_dict(data: dict) -> Turn:
    citations = tuple(Claim(c["doc"], c["clause"], c["quote"], c.get("doc_id", ""), c.get("kind", "quote"),
                            c.get("text", "")) for c in data.get("citations", []))
    extra = {k: data[k] for k in ("turn_id", "time") if data.get(k)}
    return Turn(data["role"], data["content"], data.get("kind", "answer"), data.get("question", ""), citations,
                tuple(data.get("conflicts", ())), data.get("notice", ""), data.get("route", ""), **extra)


def _reset() -> None:
    ss = st.session_state
    ss.turns = []
    ss.feedback_done = {}
    ss.pending_question = None
    ss.conversation_id = None


def new_conversation() -> None:
    """新对话: an empty conversation; the URL loses its conversation ID."""
    _reset()
    st.query_params.pop(QUERY_KEY, None)
    st.session_state.pop("history_notice", None)


def open_conversation(conversation_id: str) -> None:
    """Open a listed conversation: the next run's `restore` loads it from the URL."""
    st.query_params[QUERY_KEY] = conversation_id
    st.session_state.main_tab = CHAT_TAB
    st.session_state.pop("history_notice", None)


def delete_conversation(settings, conversation_id: str) -> None:
    ss = st.session_state
    try:
        store_for(settings).delete(conversation_id)
    except _STORE_ERRORS:
        log.exception("could not delete conversation %s", conversation_id)
        ss.history_notice = "删除对话记录失败，请稍后再试。"
        return
    if ss.get("conversation_id") == conversation_id:
        new_conversation()
    ss.history_notice = "已删除该对话记录。"


def restore(settings) -> None:
    """Make the session show the conversation named in the URL (once per change of ID)."""
    ss = st.session_state
    ss.setdefault("conversation_id", None)
    wanted = st.query_params.get(QUERY_KEY)
    if wanted and len(wanted) > MAX_ID_CHARS:  # not one of ours: treated as an unknown conversation
        wanted = wanted[:MAX_ID_CHARS]
    if wanted and wanted != ss.conversation_id:
        try:
            stored = store_for(settings).turns(wanted)
            turns = None if stored is None else [turn_from_dict(t) for t in stored]
        except _STORE_ERRORS:
            log.exception("could not read conversation %s", wanted)
            turns, ss.history_notice = None, LOAD_FAILED
        if turns is None:
            _reset()
            st.query_params.pop(QUERY_KEY, None)
            ss.setdefault("history_notice", NOT_FOUND)
            return
        _reset()
        ss.turns, ss.conversation_id = turns, wanted
        ss.feedback_done = _feedback_given(settings, turns)
    elif not wanted and ss.conversation_id:
        st.query_params[QUERY_KEY] = ss.conversation_id  # the URL names the open conversation


def _feedback_given(settings, turns: list[Turn]) -> dict[str, str]:
    """The 👍/👎 already given on these turns (so a reloaded answer is not rated twice)."""
    ids = {t.turn_id for t in turns}
    try:
        return {e.turn_id: e.rating for e in FeedbackStore.for_settings(settings).load() if e.turn_id in ids}
    except OSError:
        log.exception("could not read the feedback log")
        return {}


def record(settings, new_turns: list[Turn]) -> bool:
    """Save the turns just added to the session's conversation (started on its first answer).

    True when this started a new conversation: the sidebar list, drawn earlier in the run,
    does not show it yet (the caller reruns the page)."""
    ss = st.session_state
    started = not ss.get("conversation_id")
    conversation_id = ss.get("conversation_id") or new_conversation_id()
    first_question = next((t.content for t in ss.turns if t.role == "user"), "")
    try:
        store_for(settings).append(conversation_id, [turn_to_dict(t) for t in new_turns],
                                   title=title_for(first_question))
    except _STORE_ERRORS:
        log.exception("could not save the conversation")
        ss.history_notice = SAVE_FAILED
        return False
    ss.conversation_id = conversation_id
    st.query_params[QUERY_KEY] = conversation_id
    return started


def render_list(settings) -> None:
    """The sidebar's 历史对话: open one, delete one; the open one is marked."""
    ss = st.session_state
    st.subheader("历史对话")
    if ss.get("history_notice"):
        st.caption(md_escape(ss.history_notice))
    try:
        listed = store_for(settings).conversations(LISTED)
    except _STORE_ERRORS:
        log.exception("could not list conversations")
        st.caption("对话记录暂时无法读取。")
        return
    if not listed:
        st.caption("还没有保存的对话。提问后，对话会自动保存在这里。")
        return
    for c in listed:
        current = c.conversation_id == ss.get("conversation_id")
        open_col, delete_col = st.columns([5, 1], vertical_alignment="center")
        open_col.button(md_escape(c.title), key=f"conv_open_{c.conversation_id}", on_click=open_conversation,
                        args=(c.conversation_id,), width="stretch", type="primary" if current else "secondary",
                        help=md_escape(f"{c.title}（{c.updated[:16].replace('T', ' ')}，{c.turns // 2} 轮问答）"))
        delete_col.button("", key=f"conv_del_{c.conversation_id}", on_click=delete_conversation,
                          args=(settings, c.conversation_id), icon=":material/delete:", type="tertiary",
                          help="删除这条对话记录")
