"""The page through streamlit.testing.v1.AppTest, on the real seed index (no fakes)."""
from __future__ import annotations

import json
import re
import threading
import uuid

import pytest

from core.settings import PROJECT_ROOT
from prompts.templates import REFUSAL
from ui.feedback import FILE_NAME

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TALENT_Q = "引进两院院士团队能获得多少创业资金支持？"


def ask(at, question: str):
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def chat_markdown(at) -> str:
    """All markdown shown in the 问答 tab's chat messages."""
    return "\n".join(m.value for msg in at.chat_message for m in msg.markdown)


def last_reply(at):
    return [m for m in at.chat_message if m.name == "assistant"][-1]


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def dataframe_with(at, column: str):
    frames = [t.value.map(lambda v: unescape(v) if isinstance(v, str) else v)  # st.table cells are markdown
              for t in at.table if column in t.value.columns]
    frames += [d.value for d in at.dataframe if column in d.value.columns]
    assert frames, f"no table with column {column}"
    return frames[0]


def test_first_page_shows_tabs_examples_and_no_error(app):
    assert [t.label for t in app.tabs] == ["问答", "原文", "责任分工", "发展目标", "政策匹配", "文件管理"]
    assert app.title[0].value == "政策问答助手"
    labels = [b.label for b in app.button]
    assert any("两院院士" in label for label in labels)
    assert "新对话" in labels
    assert not app.error
    assert not app.chat_message


def test_chat_answer_with_citation_card(app):
    ask(app, TALENT_Q)
    reply = last_reply(app)
    text = unescape("\n".join(m.value for m in reply.markdown))
    assert "1000万元" in text
    assert "引用依据" in text
    # The card: clause ID, heading path, full clause text with the quote highlighted.
    assert "三（五）" in text
    assert any("三、保障措施" in c.value and "着力扩大开放合作" in c.value for c in reply.caption)
    highlighted = [m.value for m in reply.markdown if ":orange-background[**" in m.value]
    assert highlighted, "the quoted sentence is not highlighted"
    assert "1000万元的创业资金支持" in highlighted[0]
    assert "大力开展集群招商" in highlighted[0]  # the rest of the clause is there too
    assert not reply.warning and not reply.error
    assert not app.exception


def test_follow_up_uses_history(app):
    ask(app, "新一代智能终端由哪个单位牵头？")
    assert "省发展改革委" in unescape("\n".join(m.value for m in last_reply(app).markdown))
    ask(app, "那配合的部门有哪些？")
    text = unescape("\n".join(m.value for m in last_reply(app).markdown))
    assert "省科技厅" in text
    assert len([m for m in app.chat_message if m.name == "user"]) == 2


def test_refusal_looks_different(app):
    ask(app, "上海市的人才政策是什么？")
    reply = last_reply(app)
    assert reply.warning, "a refusal is shown as a warning"
    assert REFUSAL in unescape(reply.warning[0].value)
    assert not reply.markdown or "引用依据" not in "".join(m.value for m in reply.markdown)


def test_conflict_is_shown_with_both_versions(app):
    ask(app, "高端合金材料集群2020年要做到多大？")
    reply = last_reply(app)
    infos = [unescape(i.value) for i in reply.info]
    assert any("超过3000亿元" in i and "达到3000亿元" in i for i in infos), infos


def test_over_long_question_gets_a_chinese_message(app):
    ask(app, "请问" * 400)
    reply = last_reply(app)
    assert reply.error, "an over-long question is shown as an error"
    message = unescape(reply.error[0].value)
    assert "问题过长" in message and "500" in message
    assert not app.exception


def test_example_button_and_new_conversation(app):
    next(b for b in app.button if b.key == "example_0").click().run()
    assert not app.exception
    assert "1000万元" in unescape(chat_markdown(app))
    app.button(key="new_chat").click().run()
    assert not app.exception
    assert not app.chat_message


def test_citation_jumps_to_its_clause(app):
    ask(app, TALENT_Q)
    next(b for b in app.button if b.label == "在原文中查看").click().run()
    assert not app.exception
    assert app.session_state["main_tab"] == "原文"
    assert app.session_state["source_clause"].endswith("|三（五）")
    source_tab = app.tabs[1]
    assert any("三（五）" in unescape(h.value) for h in source_tab.subheader)
    assert any(":orange-background[" in m.value and "1000万元" in m.value for m in source_tab.markdown)


def test_source_tab_browses_the_clause_tree(app):
    picker = app.selectbox(key="source_clause")
    target = next(o for o in picker.options if "（四）发展目标" in o)
    picker.select(target).run()
    assert not app.exception
    text = unescape("\n".join(m.value for m in app.tabs[1].markdown))
    assert "3万亿元" in text


def test_responsibility_matrix_filtered_by_unit(app):
    matrix = dataframe_with(app, "牵头单位")
    assert len(matrix) >= 18
    app.selectbox(key="my_unit").select("省商务厅").run()
    assert not app.exception
    matrix = dataframe_with(app, "牵头单位")
    assert "服务外包" in set(matrix["条目"])
    assert all("省商务厅" in " ".join(row) for row in matrix[["牵头单位", "配合单位", "责任单位"]].values)
    duties = unescape("\n".join(m.value for m in app.tabs[2].markdown))
    assert "作为牵头单位（3 项）" in duties
    assert "服务外包（二（二）4）" in duties
    assert "作为责任单位" in duties
    assert any(d.label == "下载本单位职责（CSV）" for d in app.get("download_button"))


def test_targets_table_marks_conflicts(app):
    targets = dataframe_with(app, "一致性")
    assert len(targets) >= 18
    assert targets["集群"].nunique() >= 18
    bio = targets[targets["集群"] == "生物医药"]
    assert len(bio) >= 2 and bio["一致性"].str.contains("不一致").all()
    assert set(bio["目标"]) >= {"超过4000亿元", "超过3000亿元"}
    chips = targets[targets["集群"] == "电子核心基础部件"]
    assert not chips["一致性"].str.len().any()
    assert app.get("vega_lite_chart"), "the targets chart is drawn"


def test_feedback_is_persisted_and_reloaded(new_app, app_data_dir):
    comment = f"测试评论-{uuid.uuid4().hex[:8]}"
    first = new_app()
    ask(first, TALENT_Q)
    first.feedback[0].set_value(1).run()
    assert not first.exception
    first.text_input(key=next(t.key for t in first.text_input if t.key.startswith("fbc_"))).input(comment).run()
    next(b for b in first.button if b.label == "提交反馈").click().run()
    assert not first.exception
    assert any("已记录您的反馈" in c.value for c in first.caption)

    lines = [json.loads(line) for line in (app_data_dir / FILE_NAME).read_text(encoding="utf-8").splitlines()]
    mine = [entry for entry in lines if entry["comment"] == comment]
    assert len(mine) == 1
    assert mine[0]["rating"] == "👍" and mine[0]["question"] == TALENT_Q
    assert "1000万元" in mine[0]["answer"] and mine[0]["citations"][0]["clause"] == "三（五）"
    assert mine[0]["time"]

    second = new_app()  # a new session, as after a restart: the feedback is read back from disk
    shown = "\n".join(m.value for m in second.sidebar.markdown)
    assert comment in unescape(shown)
    assert any(f"已收到反馈 {len(lines)} 条" in c.value for c in second.sidebar.caption)


def test_first_start_builds_the_index(_isolated_data_dir):
    """An empty data dir: the first page run builds the index (behind a progress bar) and answers."""
    from streamlit.testing.v1 import AppTest

    from core.settings import get_settings
    from ui import startup

    assert not startup.index_ready(get_settings())
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=300)
    at.run()
    assert not at.exception, at.exception
    assert not at.error
    assert startup.index_ready(get_settings())
    assert not at.get("progress"), "the progress bar is cleared once the index is built"
    ask(at, TALENT_Q)
    assert "1000万元" in unescape(chat_markdown(at))


def test_no_raw_html_with_document_text():
    source = (PROJECT_ROOT / "app.py").read_text(encoding="utf-8")
    assert "unsafe_allow_html" not in source
    assert "st.html" not in source and "components.html" not in source


def test_config_hides_errors_and_keeps_xsrf():
    import tomllib

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["browser"]["gatherUsageStats"] is False


QUESTIONS = [
    "引进两院院士团队能获得多少创业资金支持？",
    "新一代智能终端由哪个单位牵头？",
    "到2020年，节能环保集群规模要做到多少？",
    "省商务厅负责哪些工作？",
    "服务外包的配合单位有哪些？",
    "上海市的人才政策是什么？",
    "节能环保产业集群的发展目标是什么？",
    "云计算大数据由哪个单位牵头？",
    "世界一流水平团队来创业，最多资助多少？",
    "智能制造装备产业重点发展哪些方向？",
]


def test_ten_concurrent_sessions(app_data_dir):
    """Ten sessions at once through the app's code path (the shared assistant that
    `load_assistant` caches, then `chat.respond` with each session's own history): 0 errors.

    AppTest itself swaps a process-global mock runtime on every run, so it cannot run
    sessions in parallel; test_browser.py does the same against a real server.
    """
    from core.settings import get_settings
    from ui import chat, startup

    assistant = startup.open_assistant(get_settings())
    failures: list[str] = []
    replies: dict[str, chat.Turn] = {}
    barrier = threading.Barrier(len(QUESTIONS))

    def session(question: str) -> None:
        try:
            turns: list[chat.Turn] = []
            barrier.wait(timeout=60)
            for q in (question, "那具体是哪一条规定的？"):
                reply = chat.respond(assistant, q, chat.history_for(turns))
                turns += [chat.user_turn(q, 500), reply]
                if reply.kind == "error":
                    failures.append(f"{q}: {reply.content}")
            replies[question] = turns[1]
        except Exception as exc:  # collected and reported by the assertion below
            failures.append(f"{question}: {exc!r}")

    threads = [threading.Thread(target=session, args=(q,)) for q in QUESTIONS]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not failures, failures
    assert len(replies) == len(QUESTIONS)
    assert "1000万元" in replies[QUESTIONS[0]].content
    assert "省发展改革委" in replies[QUESTIONS[1]].content
    assert replies["上海市的人才政策是什么？"].kind == "refusal"
