"""政策问答助手: the Streamlit page. It only composes.

Here: page config, the cached assistant (`st.cache_resource` lives only in this file), the
session state, the first-start index build, and errors turned into Chinese messages.
Everything on screen is drawn by the modules under `ui/`:

- `ui.sidebar`: new conversation, 历史对话, 文件范围, upload (`ui.upload`), export, feedback;
- `ui.pages.chat` (问答): answers from `Assistant.answer()` through `ui.chat.respond`, or with an
  LLM configured from `assistant.llm.stream_answer` through `ui.chat.respond_stream`; each
  message with its citation cards and 👍/👎 is drawn by `ui.chat_messages`;
- `ui.pages.source` (原文), `ui.pages.roles` (责任分工), `ui.pages.targets` (发展目标),
  `ui.pages.match` (政策匹配), `ui.pages.library` (文件管理); `ui.conversations` keeps the chat history (SQLite, `?c=` in the URL).

The app answers from its working corpus `<data_dir>/corpus/` (see `ui.startup`). All document
and model text goes through `ui.text` escaping; no raw HTML anywhere.
"""
from __future__ import annotations

import logging

import streamlit as st

from core.errors import PolicyQAError
from core.settings import get_settings
from ui import conversations, sidebar, startup, views
from ui.feedback import FeedbackStore
from ui.navigation import TABS
from ui.pages import chat as chat_page
from ui.pages import match as match_page
from ui.pages import library as library_page
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


# ------------------------------------------------------------------ session state

ss = st.session_state
ss.setdefault("turns", [])
ss.setdefault("feedback_done", {})
ss.setdefault("pending_question", None)
ss.setdefault("doc_scope", "")
ss.setdefault("uploader_round", 0)

# ------------------------------------------------------------------ start-up

try:
    settings = get_settings()
except PolicyQAError as exc:  # a bad POLICYQA_ variable: say which, in Chinese, and stop
    st.error(exc.message_zh)
    st.stop()
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

# ------------------------------------------------------------------ sidebar and tabs

conversations.restore(settings)  # the conversation named in the URL (?c=...), kept across reloads
sidebar.render(settings, index, scope_options, feedback_store)

tab_chat, tab_source, tab_roles, tab_targets, tab_match, tab_library = st.tabs(TABS, key="main_tab", on_change="rerun")
with tab_chat:
    chat_page.render(assistant, settings, feedback_store)

view_index = views.scoped(index, [ss.doc_scope] if ss.doc_scope else None)  # the chosen 文件范围
with tab_source:
    source_page.render(index, view_index)
with tab_roles:
    roles_page.render(view_index)
with tab_targets:
    targets_page.render(view_index)
with tab_match:
    match_page.render(assistant)
with tab_library:
    library_page.render(assistant, settings)
