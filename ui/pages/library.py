"""The 文件管理 tab: every document of the working corpus, delete, re-ingest and a retrieval test.

- the list (a static table, so long titles wrap instead of being cut): title, 文号, date, validity status on the assistant's today (`core.validity`),
  clause count, where it came from (默认收录 / 上传) and its file;
- delete: uploaded files only (`ui.upload.delete_file`); a default-corpus file is refused
  with a Chinese message. A confirmation comes first;
- re-ingest: `ui.upload.reingest` on the working corpus, with the same progress bar as upload;
- retrieval test: the index's top hits for a query (clause IDs, scores, text), in the
  sidebar's 文件范围.

After a delete or a re-ingest the page reruns: `app.load_assistant` then gives every session
the assistant of the new index generation, so the chat answers from the new index.
"""
from __future__ import annotations

import logging
from collections import Counter

import streamlit as st

from core.errors import PolicyQAError
from core.settings import Settings
from core.validity import validity_of
from ui import upload
from ui.text import md_escape, md_table

log = logging.getLogger("policyqa.app")

DEFAULT_SOURCE, UPLOAD_SOURCE = "默认收录", "上传"
NOT_DELETABLE = "《{title}》是默认收录的文件，不能删除；只能删除上传的文件。"
SEARCH_FAILED = "检索失败，请联系管理员查看日志。"
SOURCE_NAMES = {"fused": "混合", "dense": "向量", "bm25": "关键词", "fact": "事实"}
MISSING = "—"


def document_rows(index, today) -> list[dict]:
    """One row per document, in index order."""
    counts = Counter(c.doc_id for c in index.clauses)
    return [{"标题": doc.title, "文号": doc.doc_number or MISSING, "日期": doc.date or MISSING,
             "状态": validity_of(doc, today).status, "条款数": counts.get(doc_id, 0),
             "来源": UPLOAD_SOURCE if upload.is_uploaded(doc.path) else DEFAULT_SOURCE, "文件": doc.path}
            for doc_id, doc in index.documents.items()]


def hit_rows(index, hits) -> list[dict]:
    rows = []
    for rank, hit in enumerate(hits, 1):
        chunk = hit.chunk
        clause = index.clause(chunk.doc_id, chunk.clause_id)
        rows.append({"名次": rank, "条款": chunk.clause_id, "条款标题": clause.title if clause else "",
                     "文件": index.document_title(chunk.doc_id), "得分": f"{hit.score:.4f}",
                     "来源": SOURCE_NAMES.get(hit.source, hit.source), "原文": chunk.text})
    return rows


def render(assistant, settings: Settings) -> None:
    index = assistant.index
    st.markdown("已收录的全部政策文件。上传的文件可以删除；默认收录的文件不能删除。")
    render_outcome()
    rows = document_rows(index, assistant.today())
    st.table(md_table(rows), hide_index=True)  # a static table: long titles wrap, no column is cut off
    st.caption(f"共 {len(rows)} 个文件，{sum(r['条款数'] for r in rows)} 个条款。"
               f"状态按 {assistant.today().isoformat()} 判断。")
    delete_col, ingest_col = st.columns(2)
    with delete_col:
        render_delete(index, settings)
    with ingest_col:
        render_reingest(settings)
    render_search(index)


def _bar(text: str):
    bar = st.progress(0.0, text=text)

    def progress(message: str, fraction: float) -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=md_escape(f"入库：{message}"))

    return progress


def render_delete(index, settings: Settings) -> None:
    ss = st.session_state
    st.subheader("删除文件")
    options = list(index.documents)
    if ss.get("library_doc") not in options:
        ss.library_doc = next((d for d in options if upload.is_uploaded(index.documents[d].path)), options[0])
    choice = st.selectbox("选择文件", options, key="library_doc",
                          format_func=lambda d: f"《{index.documents[d].title}》（{index.documents[d].path}）")
    doc = index.documents[choice]
    if st.button("删除", key="library_delete", icon=":material/delete:"):
        if upload.is_uploaded(doc.path):
            ss.library_confirm = choice
        else:
            ss.library_confirm = None
            st.error(md_escape(NOT_DELETABLE.format(title=doc.title)), icon=":material/block:")
    if ss.get("library_confirm") != choice:
        return
    st.warning(md_escape(f"确定删除《{doc.title}》吗？删除后将重新入库，问答不再引用该文件。"))
    yes, no = st.columns(2)
    if yes.button("确认删除", key="library_delete_confirm", type="primary"):
        outcome = upload.delete_file(settings, doc.path, progress=_bar("正在删除并重新入库……"))
        ss.library_confirm = None
        ss.library_outcome = (f"已删除《{doc.title}》。", outcome)
        st.rerun()  # this run still holds the previous generation's assistant
    no.button("取消", key="library_delete_cancel", on_click=lambda: ss.pop("library_confirm", None))


def render_reingest(settings: Settings) -> None:
    st.subheader("重新入库")
    st.caption("重新读取全部文件（默认收录的和上传的）并更新索引；未变化的文件沿用已有结果。")
    if st.button("重新入库", key="library_reingest", icon=":material/sync:"):
        outcome = upload.reingest(settings, progress=_bar("正在重新入库……"))
        st.session_state.library_outcome = ("重新入库完成。", outcome)
        st.rerun()


def render_outcome() -> None:
    """The result of the last delete or re-ingest, with its ingest report."""
    done = st.session_state.get("library_outcome")
    if not done:
        return
    message, outcome = done
    if not outcome.ok:
        st.error(md_escape(outcome.message), icon=":material/error:")
        return
    r = outcome.report
    counts = "，".join(f"{label} {r.get(key, 0)}" for key, label in upload.REPORT_FIELDS)
    st.success(md_escape(f"{message}入库报告：{counts}。"), icon=":material/check_circle:")
    for error in r.get("errors", []):
        st.error(md_escape(f"{error.get('file', '')}：{error.get('error', '')}"), icon=":material/block:")


def render_search(index) -> None:
    """检索测试: what retrieval finds for a query, before any answer is composed."""
    ss = st.session_state
    st.subheader("检索测试")
    scope = ss.get("doc_scope") or ""
    where = f"《{index.document_title(scope)}》" if scope in index.documents else "全部文件"
    st.caption(md_escape(f"输入检索内容，查看检索到的条款及得分（范围：{where}，可在侧栏“文件范围”中选择）。"))
    query_col, k_col = st.columns([4, 1], vertical_alignment="bottom")
    query = query_col.text_input("检索内容", key="library_query", max_chars=200, placeholder="例如：两院院士 创业资金")
    top_k = k_col.number_input("显示条数", min_value=1, max_value=20, value=5, step=1, key="library_top_k")
    if not st.button("检索", key="library_search", icon=":material/search:"):
        return
    if not (query or "").strip():
        st.caption("请输入检索内容。")
        return
    try:
        hits = index.search(query.strip(), top_k=int(top_k), doc_ids=[scope] if scope in index.documents else None)
    except PolicyQAError as exc:
        st.error(md_escape(exc.message_zh))
        return
    except Exception:  # the UI boundary: log it, a Chinese message, never a traceback
        log.exception("retrieval test failed for %r", query[:200])
        st.error(SEARCH_FAILED)
        return
    if not hits:
        st.caption("没有检索到相关条款。")
        return
    st.table(md_table(hit_rows(index, hits)), hide_index=True)
