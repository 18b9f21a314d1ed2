"""The sidebar: new conversation, 历史对话 (kept history, `ui.conversations`), 文件范围 (document
scope), upload with its ingest report, export of the conversation, and the feedback received so far.

The example questions are shown once, on the 问答 page of an empty conversation (`ui.pages.chat`)."""
from __future__ import annotations

import streamlit as st

from core.settings import Settings
from ui import chat, conversations, style, upload, views
from ui.feedback import THUMBS_UP, FeedbackStore
from ui.text import md_escape


def render(settings: Settings, index, scope_options: list[str], store: FeedbackStore) -> None:
    with st.sidebar:
        st.button("新对话", on_click=conversations.new_conversation, width="stretch", key="new_chat", icon=":material/add_comment:")
        st.selectbox("文件范围", scope_options, format_func=lambda d: views.scope_label(index, d), key="doc_scope",
                     help="只在选定的文件中查找答案；原文、责任分工、发展目标也只显示该文件。")
        conversations.render_list(settings)
        render_upload(settings)
        st.subheader("导出")
        st.download_button("导出对话（Markdown）", chat.conversation_markdown(st.session_state.turns),
                           file_name="政策问答记录.md", mime="text/markdown", disabled=not st.session_state.turns,
                           key="export_chat", on_click="ignore")
        render_feedback_summary(store)


def render_upload(settings: Settings) -> None:
    """The uploader and 加入索引: the files go through `ui.upload.add_files` (the same ingest as
    `python -m ingest`), then the page reruns on the new index generation."""
    ss = st.session_state
    st.subheader("上传文件")
    style.uploader_in_chinese()
    st.caption(md_escape(f"支持 {'、'.join(upload.UPLOAD_TYPES)}，单个文件不超过 {upload.MAX_UPLOAD_MB} MB。"
                         "文件保存在本机数据目录，与已收录文件一起重新入库。"))
    uploaded = st.file_uploader("选择政策文件", type=list(upload.UPLOAD_TYPES), accept_multiple_files=True,
                                max_upload_size=upload.MAX_UPLOAD_MB, key=f"uploader_{ss.uploader_round}")
    if st.button("加入索引", key="upload_go", disabled=not uploaded, width="stretch", icon=":material/upload_file:"):
        upload_bar = st.progress(0.0, text="正在入库……")

        def _upload_progress(message: str, fraction: float) -> None:
            upload_bar.progress(min(max(float(fraction), 0.0), 1.0), text=md_escape(f"入库：{message}"))

        ss.upload_outcome = upload.add_files(settings, [(f.name, f.getvalue()) for f in uploaded],
                                             progress=_upload_progress)
        ss.uploader_round += 1  # a new, empty uploader
        st.rerun()  # this run still holds the previous generation's assistant
    if ss.get("upload_outcome") is not None:
        render_upload_outcome(ss.upload_outcome)


def render_upload_outcome(outcome: upload.UploadOutcome) -> None:
    """The ingest report of the last upload: counts, then every error with its Chinese reason."""
    if not outcome.ok:
        st.error(md_escape(outcome.message), icon=":material/error:")
        return
    r = outcome.report
    counts = "，".join(f"{label} {r.get(key, 0)}" for key, label in upload.REPORT_FIELDS)
    if outcome.saved:
        st.success(md_escape("已加入：" + "、".join(outcome.saved)), icon=":material/check_circle:")
    st.markdown(md_escape(f"入库报告：{counts}。"))
    for error in r.get("errors", []):
        st.error(md_escape(f"{error.get('file', '')}：{error.get('error', '')}"), icon=":material/block:")
    if outcome.rejected:
        st.caption(md_escape("以上出错的上传文件未加入，已从上传目录移除：" + "、".join(outcome.rejected)))
    with st.expander("完整报告（JSON）"):
        st.json(r)


def render_feedback_summary(store: FeedbackStore) -> None:
    """How many 👍/👎 there are, the last five, and their export as eval candidates."""
    st.subheader("用户反馈")
    entries = store.load()
    ups = sum(e.rating == THUMBS_UP for e in entries)
    st.caption(f"已收到反馈 {len(entries)} 条（有帮助 {ups} 条，没帮助 {len(entries) - ups} 条）")
    if entries:
        with st.expander("最近的反馈"):
            for e in reversed(entries[-5:]):
                mark = "有帮助" if e.rating == THUMBS_UP else "没帮助"
                line = f"**{mark}**　{md_escape(chat.display_question(e.question, 40))}"
                if e.comment:
                    line += f" —— {md_escape(e.comment)}"
                st.markdown(line)
    st.download_button("导出为评测候选（JSONL）", store.export_eval_candidates(),
                       file_name="feedback-candidates.jsonl", mime="application/jsonl", disabled=not entries,
                       key="export_feedback", on_click="ignore")
