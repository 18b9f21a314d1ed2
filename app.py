"""政策问答助手: the Streamlit page. It only renders.

Answers come from `Assistant.answer()` (through `ui.chat.respond`, the chat boundary) or,
with an LLM configured, from `assistant.llm.stream_answer` (through `ui.chat.respond_stream`):
citation cards first, then the checked text as it streams, then the verified answer.
Tables from `ui.views`, cards from `ui.citations`, feedback from `ui.feedback`, uploads
through `ui.upload` (the same ingest as `python -m ingest`, on the app's working corpus
`<data_dir>/corpus/`, see `ui.startup`). All document and model text goes through `ui.text`
escaping; no raw HTML anywhere.
"""
from __future__ import annotations

import logging

import streamlit as st

from core.errors import PolicyQAError
from core.settings import get_settings
from ui import chat, startup, upload, views
from ui.feedback import THUMBS_UP, FeedbackStore
from ui.navigation import TABS, ask_example
from ui.pages import chat as chat_page
from ui.pages import roles as roles_page
from ui.pages import source as source_page
from ui.pages import targets as targets_page
from ui.text import md_escape

log = logging.getLogger("policyqa.app")
if not logging.getLogger("policyqa").handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("policyqa").addHandler(_handler)
    logging.getLogger("policyqa").setLevel(logging.INFO)

st.set_page_config(page_title="政策问答助手", page_icon="📜", layout="wide")


@st.cache_resource(show_spinner="正在加载索引和模型……", max_entries=4)
def load_assistant(settings_key: str, generation: str):
    """One assistant per settings and index generation, shared by every session (its index and
    models load once). An upload publishes a new generation: every session's next run gets
    the assistant of the new one."""
    return startup.open_assistant(get_settings())


# ------------------------------------------------------------------ state and callbacks

ss = st.session_state
ss.setdefault("turns", [])
ss.setdefault("feedback_done", {})
ss.setdefault("pending_question", None)
ss.setdefault("doc_scope", "")
ss.setdefault("uploader_round", 0)


def new_conversation() -> None:
    ss.turns = []
    ss.feedback_done = {}
    ss.pending_question = None


# ------------------------------------------------------------------ start-up

settings = get_settings()
st.title("政策问答助手")

if not startup.index_ready(settings):
    bar = st.progress(0.0, text="首次启动：正在建立政策文件索引，请稍候……")

    def _progress(message: str, fraction: float) -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=md_escape(f"首次启动：{message}"))

    try:
        startup.build_index(settings, progress=_progress)
    except PolicyQAError as exc:
        st.error(md_escape(exc.message_zh))
        st.stop()
    except Exception:
        log.exception("index build failed")
        st.error("建立索引失败，请联系管理员查看日志。")
        st.stop()
    bar.empty()

try:
    assistant = load_assistant(settings.model_dump_json(), startup.current_generation(settings))
    index = assistant.index
except PolicyQAError as exc:
    st.error(md_escape(exc.message_zh))
    st.stop()
except Exception:
    log.exception("assistant failed to load")
    st.error("政策文件索引加载失败，请联系管理员查看日志。")
    st.stop()

feedback_store = FeedbackStore.for_settings(settings)
titles = [d.title for d in index.documents.values()]
st.caption(md_escape("依据已收录政策文件的原文作答，每个回答都注明条款出处。已收录：" + "；".join(f"《{t}》" for t in titles)))
scope_options = views.scope_options(index)
if ss.doc_scope not in scope_options:
    ss.doc_scope = ""  # the chosen document is no longer in the index


# ------------------------------------------------------------------ sidebar

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


with st.sidebar:
    st.button("新对话", on_click=new_conversation, width="stretch", key="new_chat", icon=":material/add_comment:")
    st.selectbox("文件范围", scope_options, format_func=lambda d: views.scope_label(index, d), key="doc_scope",
                 help="只在选定的文件中查找答案；原文、责任分工、发展目标也只显示该文件。")
    st.subheader("示例问题")
    for i, q in enumerate(chat.EXAMPLE_QUESTIONS):
        st.button(md_escape(q), key=f"example_side_{i}", on_click=ask_example, args=(q,), width="stretch")
    st.subheader("上传文件")
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
    st.subheader("导出")
    st.download_button("导出对话（Markdown）", chat.conversation_markdown(ss.turns), file_name="政策问答记录.md",
                       mime="text/markdown", disabled=not ss.turns, key="export_chat", on_click="ignore")
    st.subheader("用户反馈")
    entries = feedback_store.load()
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
    st.download_button("导出为评测候选（JSONL）", feedback_store.export_eval_candidates(),
                       file_name="feedback-candidates.jsonl", mime="application/jsonl", disabled=not entries,
                       key="export_feedback", on_click="ignore")


# ------------------------------------------------------------------ tabs

tab_chat, tab_source, tab_roles, tab_targets = st.tabs(TABS, key="main_tab", on_change="rerun")

with tab_chat:
    chat_page.render(assistant, settings, feedback_store)

view_index = views.scoped(index, [ss.doc_scope] if ss.doc_scope else None)

with tab_source:
    source_page.render(index, view_index)
with tab_roles:
    roles_page.render(view_index)
with tab_targets:
    targets_page.render(view_index)
