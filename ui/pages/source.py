"""The 原文 tab: a document's clause tree, search in its text, and one clause with its quotes marked."""
from __future__ import annotations

import streamlit as st

from core.records import Clause
from ui.citations import split_quotes
from ui.navigation import goto_clause
from ui.text import md_escape, md_highlight, md_paragraphs


def clause_label(clause: Clause) -> str:
    """The clause as the 条款目录 lists it: label and title, then its ID in brackets, indented
    by one full-width space per level below the top."""
    c = clause
    name = f"{c.label}{c.title}" if c.label else (c.title or c.clause_id)
    return "　" * max(0, c.level - 1) + f"{name}（{c.clause_id}）" if name != c.clause_id else c.clause_id


def render(index, view_index) -> None:
    """`index` names the documents; `view_index` is the part in the chosen 文件范围."""
    ss = st.session_state
    docs = list(view_index.documents)
    if ss.get("source_doc") not in docs:
        ss.source_doc = docs[0]
    if len(docs) > 1:
        st.selectbox("文件", docs, format_func=index.document_title, key="source_doc")
    doc_id = ss.source_doc
    doc_clauses = [c for c in view_index.clauses if c.doc_id == doc_id]
    keys = [f"{c.doc_id}|{c.clause_id}" for c in doc_clauses]
    by_key = dict(zip(keys, doc_clauses))
    if ss.get("source_clause") not in by_key:
        ss.source_clause = keys[0]

    def label(key: str) -> str:
        return clause_label(by_key[key])

    left, right = st.columns([2, 3])
    with left:
        st.selectbox("条款目录", keys, format_func=label, key="source_clause")
        needle = st.text_input("在原文中查找", key="source_search", placeholder="例如：创业资金")
        if needle.strip():
            found = [k for k in keys if needle.strip() in by_key[k].text or needle.strip() in by_key[k].title]
            st.caption(f"找到 {len(found)} 处")
            for k in found[:20]:
                st.button(label(k).strip("　"), key=f"find_{k}", on_click=goto_clause, args=(k,),
                          type="tertiary")
    with right:
        clause = by_key[ss.source_clause]
        st.caption(md_escape(f"《{index.document_title(doc_id)}》 · {clause.heading_path}"))
        st.subheader(md_escape(label(ss.source_clause).strip("　")))
        marked_key, quotes = ss.get("source_highlight") or ("", ())
        if marked_key == ss.source_clause and quotes:
            st.markdown(md_highlight(split_quotes(clause.text, quotes)[0]))
        else:
            st.markdown(md_paragraphs(clause.text) or "（本条无正文，见下级条款）")
        children = [c for c in doc_clauses if c.parent_id == clause.clause_id]
        parent_key = f"{doc_id}|{clause.parent_id}" if clause.parent_id else None
        if parent_key in by_key:
            st.button("上级条款：" + label(parent_key).strip("　"), key="source_up", on_click=goto_clause,
                      args=(parent_key,), type="tertiary", icon=":material/arrow_upward:")
        if children:
            st.markdown("**下级条款**")
            for c in children:
                k = f"{c.doc_id}|{c.clause_id}"
                st.button(label(k).strip("　"), key=f"child_{k}", on_click=goto_clause, args=(k,),
                          type="tertiary")
