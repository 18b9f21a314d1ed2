"""The 文件管理 tab through AppTest: the document list, delete, re-ingest and the retrieval test.

Tests that change the corpus run on their own data dir (`fresh_data_dir`); the others read
the session's shared app index.
"""
from __future__ import annotations

import re

import pytest

from core.settings import get_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DOCX_NAME = "测试产业发展办法.docx"
DOCX_TITLE = "某省促进测试产业发展办法"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_Q = "测试产业每年的专项资金不低于多少？"
SEED_PART = "10+8新兴产业集群"
EXPIRED_NAME = "旧版扶持办法.txt"
EXPIRED_TEXT = """某市旧版扶持办法
第一条 对入驻园区的企业给予每年20万元的房租补贴。
第二条 本办法自2018年1月1日起施行，有效期至2020年12月31日。
某市人民政府
2017年12月1日
"""
FUTURE_NAME = "新版扶持办法.txt"
FUTURE_TEXT = """某市新版扶持办法
第一条 对入驻园区的企业给予每年30万元的房租补贴。
第二条 本办法自2099年1月1日起施行，有效期5年。
某市人民政府
2026年11月1日
"""


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def ask(at, question: str):
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def reply_text(at) -> str:
    reply = [m for m in at.chat_message if m.name == "assistant"][-1]
    return unescape("\n".join([m.value for m in reply.markdown] + [w.value for w in reply.warning]))


def library_tab(at):
    return next(t for t in at.tabs if t.label == "文件管理")


def shown(frame):
    """A table as the user reads it (its cells are escaped markdown)."""
    return frame.map(lambda v: unescape(v) if isinstance(v, str) else v)


def documents(at):
    """The 文件管理 list as a DataFrame."""
    frames = [shown(t.value) for t in library_tab(at).table if "条款数" in t.value.columns]
    assert frames, "no document list on the 文件管理 tab"
    return frames[0]


def tab_text(at) -> str:
    tab = library_tab(at)
    return unescape("\n".join([e.value for e in tab.error] + [s.value for s in tab.success]
                              + [w.value for w in tab.warning] + [c.value for c in tab.caption]))


def choose(at, title_part: str):
    box = at.selectbox(key="library_doc")
    value = next(o for o in box.options if title_part in o)
    # By value (a document ID): AppTest's select would pass the shown label.
    doc_id = next(d for d, doc in _index_documents().items() if title_part in doc.title)
    assert title_part in value
    box.set_value(doc_id).run()
    assert not at.exception, at.exception


def _index_documents():
    from retrieval.index import open_index
    from ui import startup

    settings = get_settings()
    return open_index(settings, startup.app_corpus_dir(settings)).documents


def click(at, key: str):
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def fresh_app(fresh_data_dir):
    """A page on an empty data dir: the first run seeds the working corpus and builds its index."""
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP_FILE

    at = AppTest.from_file(str(APP_FILE), default_timeout=300)
    at.run()
    assert not at.exception, at.exception
    assert not at.error
    return at


def test_list_shows_every_document_with_status_and_clause_count(app):
    from retrieval.index import open_index
    from ui import startup

    settings = get_settings()
    index = open_index(settings, startup.app_corpus_dir(settings))
    table = documents(app)
    assert list(table.columns) == ["标题", "文号", "日期", "状态", "条款数", "来源", "文件"]
    [row] = table.to_dict("records")
    assert SEED_PART in row["标题"]
    assert row["日期"] == "2017年3月14日"
    assert row["状态"] == "未注明"
    assert row["条款数"] == len(index.clauses) > 50
    assert row["来源"] == "默认收录"
    assert f"共 1 个文件，{row['条款数']} 个条款" in tab_text(app)


def test_a_default_file_cannot_be_deleted(app):
    choose(app, SEED_PART)
    click(app, "library_delete")
    assert "是默认收录的文件，不能删除；只能删除上传的文件。" in tab_text(app)
    assert not [b for b in app.button if b.key == "library_delete_confirm"]
    assert len(documents(app)) == 1
    ask(app, "引进两院院士团队能获得多少创业资金支持？")
    assert "1000万元" in reply_text(app)


def test_retrieval_test_shows_hits_with_clause_ids_and_scores(app):
    app.text_input(key="library_query").input("两院院士 创业资金支持").run()
    click(app, "library_search")
    tables = [shown(t.value) for t in library_tab(app).table if "得分" in t.value.columns]
    assert tables, "the hits are shown as a table"
    hits = tables[0]
    assert {"条款", "得分", "原文"} <= set(hits.columns)
    assert len(hits) == 5
    assert hits.iloc[0]["条款"] == "三（五）"
    assert "1000万元" in hits.iloc[0]["原文"]
    scores = [float(s) for s in hits["得分"]]
    assert scores == sorted(scores, reverse=True)


def test_retrieval_test_with_an_empty_query_asks_for_one(app):
    click(app, "library_search")
    assert "请输入检索内容" in tab_text(app)
    assert not [t for t in library_tab(app).table if "得分" in t.value.columns]


def test_delete_an_uploaded_file_removes_it_from_the_list_and_the_answers(fresh_app, fixture_maker):
    at = fresh_app
    at.file_uploader[0].set_value([(DOCX_NAME, fixture_maker.policy_docx(), DOCX_MIME)]).run()
    click(at, "upload_go")
    table = documents(at)
    assert len(table) == 2
    docx = table[table["标题"] == DOCX_TITLE].iloc[0]
    assert docx["来源"] == "上传" and docx["状态"] == "现行有效" and docx["条款数"] > 0
    assert docx["日期"] == "2024年1月1日"
    ask(at, DOCX_Q)
    assert "5000万元" in reply_text(at)

    choose(at, "测试产业")
    click(at, "library_delete")
    assert f"确定删除《{DOCX_TITLE}》吗" in tab_text(at)
    click(at, "library_delete_confirm")
    assert f"已删除《{DOCX_TITLE}》" in tab_text(at)
    table = documents(at)
    assert list(table["来源"]) == ["默认收录"]
    assert DOCX_TITLE not in " ".join(table["标题"])
    assert len(at.selectbox(key="doc_scope").options) == 2  # 全部文件 and the seed
    ask(at, DOCX_Q)
    assert "5000万元" not in reply_text(at), "the deleted file still answers"
    ask(at, "引进两院院士团队能获得多少创业资金支持？")
    assert "1000万元" in reply_text(at)


def test_cancel_keeps_the_file(fresh_app, fixture_maker):
    at = fresh_app
    at.file_uploader[0].set_value([(DOCX_NAME, fixture_maker.policy_docx(), DOCX_MIME)]).run()
    click(at, "upload_go")
    choose(at, "测试产业")
    click(at, "library_delete")
    click(at, "library_delete_cancel")
    assert not [b for b in at.button if b.key == "library_delete_confirm"]
    assert len(documents(at)) == 2


def test_reingest_picks_up_files_put_into_the_working_corpus(fresh_app, fixture_maker):
    from ui import startup

    at = fresh_app
    settings = get_settings()
    generation = startup.current_generation(settings)
    uploads = startup.uploads_dir(settings)
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / EXPIRED_NAME).write_text(EXPIRED_TEXT, encoding="utf-8")  # an administrator copied them in
    (uploads / FUTURE_NAME).write_text(FUTURE_TEXT, encoding="utf-8")
    (uploads / DOCX_NAME).write_bytes(fixture_maker.policy_docx())
    assert len(documents(at)) == 1
    click(at, "library_reingest")
    shown = tab_text(at)
    assert "重新入库完成" in shown and "文件数 4" in shown and "新增 3" in shown
    assert startup.current_generation(settings) != generation
    status = dict(zip(documents(at)["标题"], documents(at)["状态"]))
    assert status["某市旧版扶持办法"] == "已失效"
    assert status["某市新版扶持办法"] == "尚未生效"
    assert status[DOCX_TITLE] == "现行有效"
    ask(at, DOCX_Q)  # the chat answers from the new index
    assert "5000万元" in reply_text(at)

    click(at, "library_reingest")  # nothing changed: the same index, nothing re-read
    assert "未变 4" in tab_text(at)
    assert len(documents(at)) == 4
