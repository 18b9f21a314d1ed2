"""Widget callbacks that move between the tabs: ask an example question, open a clause in 原文.

They only set session state; the tab switch happens on the rerun that follows the callback
(`st.tabs(..., key="main_tab")` in `app.py`).
"""
from __future__ import annotations

import streamlit as st

CHAT_TAB = "问答"
SOURCE_TAB = "原文"
MATCH_TAB = "政策匹配"
LIBRARY_TAB = "文件管理"
TABS = (CHAT_TAB, SOURCE_TAB, "责任分工", "发展目标", MATCH_TAB, LIBRARY_TAB)


def ask_example(question: str) -> None:
    ss = st.session_state
    ss.pending_question = question
    ss.main_tab = CHAT_TAB


def goto_clause(key: str, quotes: tuple[str, ...] = ()) -> None:
    """Open the 原文 tab at the clause `key` ("doc_id|clause_id"), with `quotes` highlighted."""
    ss = st.session_state
    ss.source_doc = key.split("|", 1)[0]
    if ss.get("doc_scope") and ss.doc_scope != ss.source_doc:
        ss.doc_scope = ""  # a citation from outside the chosen document: show all documents
    ss.source_clause = key
    ss.source_highlight = (key, tuple(quotes))
    ss.main_tab = SOURCE_TAB
