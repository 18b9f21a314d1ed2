"""One chat message on the page: the answer text, its citation cards and the feedback widget.

`index` is the assistant's index (for the cited clauses' full text); `store` is the
`FeedbackStore` the 👍/👎 go into. All document and model text is escaped markdown.
"""
from __future__ import annotations

import logging

import streamlit as st

from ui import chat
from ui.citations import CitationCard, citation_cards, missing_quotes
from ui.feedback import THUMBS_DOWN, THUMBS_UP, FeedbackEntry, FeedbackStore
from ui.navigation import goto_clause
from ui.text import md_escape, md_highlight, md_paragraphs

CARDS_SHOWN = 3  # citation cards shown open; the rest go into an expander

log = logging.getLogger("policyqa.app")


def render_cards(index, turn: chat.Turn, jump: bool = True) -> None:
    cards = citation_cards(index, turn.citations)
    if not cards:
        return
    st.markdown(f"**引用依据（{len(cards)} 条）**")
    shown, rest = cards[:CARDS_SHOWN], cards[CARDS_SHOWN:]
    for i, card in enumerate(shown):
        render_card(turn, i, card, jump)
    if rest:
        with st.expander(f"其余 {len(rest)} 条引用"):
            for i, card in enumerate(rest, len(shown)):
                render_card(turn, i, card, jump)


def render_card(turn: chat.Turn, i: int, card: CitationCard, jump: bool = True) -> None:
    with st.container(border=True):
        st.markdown(f":material/description: **{md_escape(card.clause_id)}**　{md_escape(card.title)}")
        st.caption(md_escape(f"《{card.doc_title}》" + (f" · {card.heading_path}" if card.heading_path else "")))
        st.markdown(md_highlight(card.segments))
        for quote in missing_quotes(card):
            st.markdown("> " + md_escape(quote))
        if card.found and jump:
            st.button("在原文中查看", key=f"goto_{turn.turn_id}_{i}", on_click=goto_clause,
                      args=(card.key, card.quotes), type="tertiary", icon=":material/menu_book:")


def submit_feedback(turn_id: str, store: FeedbackStore) -> None:
    ss = st.session_state
    value = ss.get(f"fb_{turn_id}")
    if value is None:
        ss.feedback_error = "请先选择 👍 或 👎。"
        return
    turns = ss.turns
    position = next((i for i, t in enumerate(turns) if t.turn_id == turn_id), None)
    if position is None:
        return
    turn = turns[position]
    rating = THUMBS_UP if value == 1 else THUMBS_DOWN
    entry = FeedbackEntry(
        question=turn.question, answer=turn.content, rating=rating,
        citations=[c.as_dict() for c in turn.citations], comment=(ss.get(f"fbc_{turn_id}") or "").strip(),
        refused=turn.refused, route=turn.route, history=chat.history_for(turns[: max(0, position - 1)]),
        turn_id=turn_id,
    )
    try:
        store.append(entry)
    except OSError:
        log.exception("could not store feedback")
        ss.feedback_error = "反馈保存失败，请稍后再试。"
        return
    ss.feedback_done[turn_id] = rating
    ss.pop("feedback_error", None)


def render_feedback(turn: chat.Turn, store: FeedbackStore) -> None:
    ss = st.session_state
    done = ss.feedback_done.get(turn.turn_id)
    if done:
        st.caption(f"已记录您的反馈（{done}），谢谢！")
        return
    rating = st.feedback("thumbs", key=f"fb_{turn.turn_id}")
    if rating is not None:
        st.text_input("补充说明（可选）", key=f"fbc_{turn.turn_id}", max_chars=500,
                      placeholder="例如：答案缺少哪条规定、引用是否准确")
        st.button("提交反馈", key=f"fbs_{turn.turn_id}", on_click=submit_feedback, args=(turn.turn_id, store))
        if ss.get("feedback_error"):
            st.error(ss.feedback_error)


def render_conflicts(turn: chat.Turn) -> None:
    for conflict in turn.conflicts:
        st.info(md_escape("文件内部前后不一致，两处原文均列出：" + conflict), icon=":material/balance:")


def render_body(index, turn: chat.Turn) -> None:
    """An assistant turn without its feedback widget. Model text too is escaped markdown."""
    if turn.kind == "answer":
        st.markdown(md_paragraphs(turn.content))
    elif turn.kind == "refusal":
        st.warning(md_escape(turn.content), icon=":material/search_off:")
    elif turn.kind == "too_long":
        st.error(md_escape(turn.content), icon=":material/content_cut:")
    else:
        st.error(md_escape(turn.content), icon=":material/error:")
    if turn.notice:
        st.caption(md_escape(turn.notice))
    render_conflicts(turn)
    render_cards(index, turn)


def render_turn(index, turn: chat.Turn, store: FeedbackStore) -> None:
    if turn.role == "user":
        with st.chat_message("user"):
            st.markdown(md_escape(chat.display_question(turn.content)))
        return
    with st.chat_message("assistant"):
        render_body(index, turn)
        if turn.kind in ("answer", "refusal"):
            render_feedback(turn, store)
