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

import altair as alt
import pandas as pd
import streamlit as st

from core.errors import PolicyQAError
from core.settings import get_settings
from ui import chat, startup, upload, views
from ui.citations import citation_cards, missing_quotes, split_quotes
from ui.feedback import THUMBS_DOWN, THUMBS_UP, FeedbackEntry, FeedbackStore
from ui.text import md_escape, md_highlight, md_paragraphs

TABS = ("问答", "原文", "责任分工", "发展目标")
CARDS_SHOWN = 3  # citation cards shown open; the rest go into an expander

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


def ask_example(question: str) -> None:
    ss.pending_question = question
    ss.main_tab = "问答"


def goto_clause(key: str, quotes: tuple[str, ...] = ()) -> None:
    """Open the 原文 tab at the clause `key` ("doc_id|clause_id"), with `quotes` highlighted."""
    ss.source_doc = key.split("|", 1)[0]
    if ss.get("doc_scope") and ss.doc_scope != ss.source_doc:
        ss.doc_scope = ""  # a citation from outside the chosen document: show all documents
    ss.source_clause = key
    ss.source_highlight = (key, tuple(quotes))
    ss.main_tab = "原文"


def submit_feedback(turn_id: str, store: FeedbackStore) -> None:
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
limit = settings.answer.max_question_chars
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


# ------------------------------------------------------------------ rendering helpers

def render_cards(turn: chat.Turn, jump: bool = True) -> None:
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


def render_card(turn: chat.Turn, i: int, card, jump: bool = True) -> None:
    with st.container(border=True):
        st.markdown(f":material/description: **{md_escape(card.clause_id)}**　{md_escape(card.title)}")
        st.caption(md_escape(f"《{card.doc_title}》" + (f" · {card.heading_path}" if card.heading_path else "")))
        st.markdown(md_highlight(card.segments))
        for quote in missing_quotes(card):
            st.markdown("> " + md_escape(quote))
        if card.found and jump:
            st.button("在原文中查看", key=f"goto_{turn.turn_id}_{i}", on_click=goto_clause,
                      args=(card.key, card.quotes), type="tertiary", icon=":material/menu_book:")


def render_feedback(turn: chat.Turn) -> None:
    done = ss.feedback_done.get(turn.turn_id)
    if done:
        st.caption(f"已记录您的反馈（{done}），谢谢！")
        return
    rating = st.feedback("thumbs", key=f"fb_{turn.turn_id}")
    if rating is not None:
        st.text_input("补充说明（可选）", key=f"fbc_{turn.turn_id}", max_chars=500,
                      placeholder="例如：答案缺少哪条规定、引用是否准确")
        st.button("提交反馈", key=f"fbs_{turn.turn_id}", on_click=submit_feedback, args=(turn.turn_id, feedback_store))
        if ss.get("feedback_error"):
            st.error(ss.feedback_error)


def render_conflicts(turn: chat.Turn) -> None:
    for conflict in turn.conflicts:
        st.info(md_escape("文件内部前后不一致，两处原文均列出：" + conflict), icon=":material/balance:")


def render_body(turn: chat.Turn) -> None:
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
    render_cards(turn)


def render_turn(turn: chat.Turn) -> None:
    if turn.role == "user":
        with st.chat_message("user"):
            st.markdown(md_escape(chat.display_question(turn.content)))
        return
    with st.chat_message("assistant"):
        render_body(turn)
        if turn.kind in ("answer", "refusal"):
            render_feedback(turn)


def stream_reply(user: chat.Turn, history: list[dict], doc_ids: list[str] | None) -> None:
    """LLM configured: the offline answer's citation cards at once, the checked text as it
    streams above them, then the final answer in their place (the offline text and its
    notice when the model's reply was not used). The final turn is kept in the session."""
    items = chat.respond_stream(assistant, user.content, history, doc_ids)
    with st.chat_message("assistant"):
        body = st.empty()
        with body.container():
            with st.spinner("正在查找政策原文……"):
                first = next(items)
        final = first
        if first.kind == "answer":
            with body.container():
                text_slot = st.empty()
                text_slot.caption("正在组织回答……")
                render_conflicts(first)
                render_cards(first, jump=False)  # no jump while streaming: a click would end the run
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
            render_body(final)
        ss.turns = [*ss.turns, user, final]
        if final.kind in ("answer", "refusal"):
            render_feedback(final)


# ------------------------------------------------------------------ tabs

tab_chat, tab_source, tab_roles, tab_targets = st.tabs(TABS, key="main_tab", on_change="rerun")

with tab_chat:
    if not ss.turns:
        st.markdown("您可以直接提问，或点击示例问题：")
        columns = st.columns(len(chat.EXAMPLE_QUESTIONS))
        for i, (column, q) in enumerate(zip(columns, chat.EXAMPLE_QUESTIONS)):
            column.button(md_escape(q), key=f"example_{i}", on_click=ask_example, args=(q,), width="stretch")
    messages = st.container()
    with messages:
        for turn in ss.turns:
            render_turn(turn)
    question = st.chat_input(f"请输入您的问题（{limit} 字以内）", key="chat_input")
    if not question and ss.pending_question:
        question, ss.pending_question = ss.pending_question, None
    if question:
        history = chat.history_for(ss.turns)
        user = chat.user_turn(question, limit)
        scope = [ss.doc_scope] if ss.doc_scope else None
        if settings.llm.enabled:
            with messages:
                render_turn(user)
                stream_reply(user, history, scope)
        else:
            with messages:
                render_turn(user)
                with st.spinner("正在查找政策原文……"):
                    reply = chat.respond(assistant, question, history, scope)
            ss.turns = [*ss.turns, user, reply]
            with messages:
                render_turn(reply)

view_index = views.scoped(index, [ss.doc_scope] if ss.doc_scope else None)

with tab_source:
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

    def clause_label(key: str) -> str:
        c = by_key[key]
        name = f"{c.label}{c.title}" if c.label else (c.title or c.clause_id)
        return "　" * max(0, c.level - 1) + f"{name}（{c.clause_id}）" if name != c.clause_id else c.clause_id

    left, right = st.columns([2, 3])
    with left:
        st.selectbox("条款目录", keys, format_func=clause_label, key="source_clause")
        needle = st.text_input("在原文中查找", key="source_search", placeholder="例如：创业资金")
        if needle.strip():
            found = [k for k in keys if needle.strip() in by_key[k].text or needle.strip() in by_key[k].title]
            st.caption(f"找到 {len(found)} 处")
            for k in found[:20]:
                st.button(clause_label(k).strip("　"), key=f"find_{k}", on_click=goto_clause, args=(k,),
                          type="tertiary")
    with right:
        clause = by_key[ss.source_clause]
        st.caption(md_escape(f"《{index.document_title(doc_id)}》 · {clause.heading_path}"))
        st.subheader(md_escape(clause_label(ss.source_clause).strip("　")))
        marked_key, quotes = ss.get("source_highlight") or ("", ())
        if marked_key == ss.source_clause and quotes:
            st.markdown(md_highlight(split_quotes(clause.text, quotes)[0]))
        else:
            st.markdown(md_paragraphs(clause.text) or "（本条无正文，见下级条款）")
        children = [c for c in doc_clauses if c.parent_id == clause.clause_id]
        parent_key = f"{doc_id}|{clause.parent_id}" if clause.parent_id else None
        if parent_key in by_key:
            st.button("上级条款：" + clause_label(parent_key).strip("　"), key="source_up", on_click=goto_clause,
                      args=(parent_key,), type="tertiary", icon=":material/arrow_upward:")
        if children:
            st.markdown("**下级条款**")
            for c in children:
                k = f"{c.doc_id}|{c.clause_id}"
                st.button(clause_label(k).strip("　"), key=f"child_{k}", on_click=goto_clause, args=(k,),
                          type="tertiary")

with tab_roles:
    st.markdown("各产业集群和保障措施的牵头、配合、责任单位（按文件原文）。选择“我的单位”可查看该单位的全部职责。")
    unit_options = [views.ALL_UNITS, *views.units(view_index)]
    if ss.get("my_unit") not in unit_options:
        ss.my_unit = views.ALL_UNITS  # the unit is not named in the chosen document
    unit = st.selectbox("我的单位", unit_options, key="my_unit")
    rows = views.responsibility_matrix(view_index, unit)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={"配合单位": st.column_config.TextColumn(width="large"),
                                "分组": st.column_config.TextColumn(width="small")})
    st.download_button("下载分工表（CSV）", views.to_csv(rows),
                       file_name=f"责任分工-{unit if unit != views.ALL_UNITS else '全部'}.csv", mime="text/csv",
                       key="roles_csv", on_click="ignore")
    for finding in (f for f in view_index.facts if f["kind"] == "finding" and f.get("finding") == "role_pattern"):
        st.info(md_escape(finding["text"]), icon=":material/edit_note:")
    if unit != views.ALL_UNITS:
        duties = views.unit_duties(view_index, unit)
        total = sum(len(items) for items in duties.values())
        st.subheader(md_escape(f"{unit}的全部职责（共 {total} 项）"))
        for role, items in duties.items():
            st.markdown(f"**作为{role}单位（{len(items)} 项）**")
            for j, duty in enumerate(items):
                text_col, button_col = st.columns([5, 1])
                text_col.markdown(md_escape(f"· {duty.subject}（{duty.clause_id}）：{duty.quote}"))
                button_col.button("查看原文", key=f"duty_{role}_{j}", on_click=goto_clause,
                                  args=(f"{duty.doc_id}|{duty.clause_id}", (duty.quote,)), type="tertiary")
        st.download_button("下载本单位职责（CSV）", views.to_csv(views.duties_rows(duties, view_index)),
                           file_name=f"{unit}-职责.csv", mime="text/csv", key="unit_csv", on_click="ignore")

with tab_targets:
    rows = views.targets_rows(view_index)
    points = views.chart_rows(rows)
    st.markdown(f"各产业集群的量化目标。{views.CONFLICT_MARK} 表示文件在总体目标和分项条款中对同一目标的表述不一致，两处数字均按原文列出。")
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        if points:
            years = sorted({p["年份"] for p in points if p["年份"]})
            data = pd.DataFrame(points)
            base = alt.Chart(data).encode(
                y=alt.Y("集群:N", sort=views.clusters_in_order(points), title=None, axis=alt.Axis(labelLimit=240)),
                x=alt.X("数值:Q", title="目标（亿元）"),
                yOffset=alt.YOffset("出处:N", sort=["分项条款", "总体目标"]),
                color=alt.Color("出处:N", sort=["分项条款", "总体目标"], legend=alt.Legend(title="出处", orient="bottom")),
                tooltip=["集群", "指标", "目标", "年份", "条款", "出处", "一致性"],
            )
            chart = base.mark_bar() + base.mark_text(align="left", dx=4).encode(text="标记:N")
            if len(years) > 1:
                chart = chart.facet(column=alt.Column("年份:N", title="年份"))
            else:
                chart = chart.properties(height=max(300, 34 * len(views.clusters_in_order(points))),
                                         title=f"{years[0] if years else ''}年产业规模目标（亿元）")
            st.altair_chart(chart, width="stretch")
        else:
            st.caption("文件中没有以亿元计的规模目标。")
    with table_col:
        st.dataframe(pd.DataFrame(rows)[["集群", "目标", "年份", "条款", "出处", "一致性"]] if rows else pd.DataFrame(),
                     hide_index=True, width="stretch", height=640)
    for finding in views.conflict_findings(view_index):
        st.info(md_escape(finding["text"]), icon=":material/warning:")
    with st.expander("全部目标明细"):
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.download_button("下载目标表（CSV）", views.to_csv(rows), file_name="发展目标.csv", mime="text/csv",
                       key="targets_csv", on_click="ignore")
