"""Several documents in the page: the 文件范围 selector and upload through the same ingest path.

The upload tests run on their own data dir (`fresh_data_dir`): the app seeds its working
corpus `<data_dir>/corpus/` from `corpus/`, the uploaded files go into its `uploads/`, and
the default corpus is never written.
"""
from __future__ import annotations

import json
import random
import re

import pytest

from core.settings import PROJECT_ROOT, get_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SEED_TITLE = json.loads((PROJECT_ROOT / "corpus" / "henan-10plus8-2017.meta.json").read_text(encoding="utf-8"))["title"]
DOCX_NAME = "测试产业发展办法.docx"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TALENT_Q = "引进两院院士团队能获得多少创业资金支持？"
DOCX_Q = "测试产业每年的专项资金不低于多少？"


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def ask(at, question: str):
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def last_reply(at):
    return [m for m in at.chat_message if m.name == "assistant"][-1]


def reply_text(at) -> str:
    reply = last_reply(at)
    return unescape("\n".join([m.value for m in reply.markdown] + [c.value for c in reply.caption]
                              + [w.value for w in reply.warning]))


def sidebar_text(at) -> str:
    sb = at.sidebar
    parts = [m.value for m in sb.markdown] + [e.value for e in sb.error] + [s.value for s in sb.success]
    parts += [c.value for c in sb.caption]
    return unescape("\n".join(parts))


def scope(at):
    return at.selectbox(key="doc_scope")


def select_scope(at, title_part: str):
    """Choose the document whose title holds `title_part` ("" for 全部文件) in the 文件范围 selector.

    By value (a document ID): AppTest's select_index would pass the shown label instead.
    """
    from retrieval.index import open_index
    from ui import startup

    settings = get_settings()
    documents = open_index(settings, startup.app_corpus_dir(settings)).documents
    value = next(d for d, doc in documents.items() if title_part in doc.title) if title_part else ""
    scope(at).set_value(value).run()
    assert not at.exception, at.exception
    return at


def upload(at, files):
    at.file_uploader[0].set_value(files).run()
    assert not at.exception, at.exception
    at.button(key="upload_go").click().run()
    assert not at.exception, at.exception
    return at


def binary_bytes() -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00PK\x03\x04"


# ---------------------------------------------------------------- selector on the seed index

def test_scope_selector_lists_all_documents_first(app):
    box = scope(app)
    assert box.label == "文件范围"
    assert box.options == ["全部文件", f"《{SEED_TITLE}》"]
    assert box.value == ""  # 全部文件


def test_citation_cards_carry_the_document_title(app):
    ask(app, TALENT_Q)
    reply = last_reply(app)
    assert any(f"《{SEED_TITLE}》" in unescape(c.value) for c in reply.caption)


def test_working_corpus_is_a_copy_and_corpus_dir_is_untouched(app, app_data_dir):
    from ui import startup

    settings = get_settings()
    working = startup.app_corpus_dir(settings)
    assert working == app_data_dir / "corpus"
    names = {p.name for p in (PROJECT_ROOT / "corpus").iterdir()}
    assert names <= {p.name for p in working.iterdir()}
    assert not startup.seed_pending(settings)
    assert startup.current_generation(settings)


# ---------------------------------------------------------------- upload

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


def test_upload_adds_a_document_reports_bad_files_and_keeps_answering(fresh_app, fresh_data_dir, fixture_maker):
    from ui import startup

    at = fresh_app
    settings = get_settings()
    generation = startup.current_generation(settings)
    uploader = at.file_uploader[0]
    assert set(uploader.allowed_type) >= {".txt", ".md", ".docx", ".pdf", ".html", ".htm"}
    upload(at, [(DOCX_NAME, fixture_maker.policy_docx(), DOCX_MIME),
                ("空文件.txt", b"", "text/plain"),
                ("二进制.txt", binary_bytes(), "text/plain")])

    # The report: the same counts and Chinese errors as `python -m ingest`.
    outcome = at.session_state["upload_outcome"]
    report = outcome.report
    assert report["documents"] == 2 and report["added"] == 1 and report["unchanged"] == 1
    assert report["updated"] == 0 and report["removed"] == 0 and report["chunks"] > 0
    errors = {e["file"]: e["error"] for e in report["errors"]}
    assert errors == {"uploads/空文件.txt": "文件为空。", "uploads/二进制.txt": "文件不是文本（含二进制内容），无法解析。"}
    shown = sidebar_text(at)
    assert "已加入：uploads/测试产业发展办法.docx" in shown
    assert "文件数 2" in shown and "新增 1" in shown and "未变 1" in shown
    assert "uploads/空文件.txt：文件为空。" in shown
    assert "uploads/二进制.txt：文件不是文本（含二进制内容），无法解析。" in shown
    assert at.sidebar.json, "the full report is there as JSON"

    # Files: the good one is in uploads/, the bad ones are taken back out; corpus/ untouched.
    uploads = startup.uploads_dir(settings)
    assert sorted(p.name for p in uploads.iterdir()) == [DOCX_NAME]
    assert not (PROJECT_ROOT / "corpus" / "uploads").exists()
    assert startup.current_generation(settings) != generation
    assert not at.file_uploader[0].value, "the uploader is emptied for the next upload"

    # The selector lists the new document; this page already answers from the new generation.
    titles = scope(at).options
    assert titles[0] == "全部文件" and len(titles) == 3 and "《某省促进测试产业发展办法》" in titles
    select_scope(at, "测试产业")
    assert scope(at).value in _doc_ids(settings)
    ask(at, DOCX_Q)
    text = reply_text(at)
    assert "5000万元" in text and "《某省促进测试产业发展办法》" in text
    assert SEED_TITLE not in text

    # The 原文 and 责任分工 views follow the chosen document.
    assert [o for o in at.selectbox(key="source_clause").options if "第三条" in o]
    assert not [o for o in at.selectbox(key="source_clause").options if "发展目标" in o]
    units = at.selectbox(key="my_unit").options
    assert "省科技厅" in units and "省商务厅" not in units
    assert any("没有写明年份的量化目标" in c.value for c in at.tabs[3].caption)  # no seed targets

    # All documents again: the seed still answers as before.
    select_scope(at, "")
    assert scope(at).value == "" and scope(at).index == 0
    ask(at, TALENT_Q)
    assert "1000万元" in reply_text(at)


def test_only_bad_files_change_nothing(fresh_app, fresh_data_dir):
    from ui import startup

    at = fresh_app
    settings = get_settings()
    generation = startup.current_generation(settings)
    upload(at, [("空文件.txt", b"", "text/plain"), ("伪装.txt", binary_bytes(), "text/plain")])
    report = at.session_state["upload_outcome"].report
    assert report["added"] == 0 and report["documents"] == 1 and len(report["errors"]) == 2
    assert "已加入" not in sidebar_text(at)
    assert "以上出错的上传文件未加入" in sidebar_text(at)
    assert startup.current_generation(settings) == generation
    assert list(startup.uploads_dir(settings).iterdir()) == []
    ask(at, TALENT_Q)
    assert "1000万元" in reply_text(at)


def test_another_session_sees_the_uploaded_document(fresh_app, fresh_data_dir, fixture_maker):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP_FILE

    upload(fresh_app, [(DOCX_NAME, fixture_maker.policy_docx(), DOCX_MIME)])
    other = AppTest.from_file(str(APP_FILE), default_timeout=300)
    other.run()
    assert not other.exception
    assert len(scope(other).options) == 3
    ask(other, DOCX_Q)
    assert "5000万元" in reply_text(other)


def test_bad_new_version_of_an_upload_keeps_the_good_one(fresh_app, fresh_data_dir, fixture_maker):
    from ui import startup

    settings = get_settings()
    good = fixture_maker.policy_docx()
    upload(fresh_app, [(DOCX_NAME, good, DOCX_MIME)])
    generation = startup.current_generation(settings)
    upload(fresh_app, [(DOCX_NAME, good[: len(good) // 2], DOCX_MIME)])  # a truncated .docx, same name
    outcome = fresh_app.session_state["upload_outcome"]
    assert outcome.rejected == [f"uploads/{DOCX_NAME}"] and outcome.report["errors"]
    assert outcome.report["documents"] == 2 and outcome.report["updated"] == 0
    assert (startup.uploads_dir(settings) / DOCX_NAME).read_bytes() == good
    assert startup.current_generation(settings) == generation
    ask(fresh_app, DOCX_Q)
    assert "5000万元" in reply_text(fresh_app)


def test_upload_while_another_ingest_runs_says_so_and_keeps_nothing(fresh_app, fresh_data_dir, fixture_maker):
    from core.errors import IndexBusyError
    from store import generations
    from ui import startup

    settings = get_settings()
    with generations.writer_lock(startup.app_index_dir(settings)):
        upload(fresh_app, [(DOCX_NAME, fixture_maker.policy_docx(), DOCX_MIME)])
    assert IndexBusyError.message_zh in unescape("\n".join(e.value for e in fresh_app.sidebar.error))
    assert list(startup.uploads_dir(settings).iterdir()) == []
    assert len(scope(fresh_app).options) == 2


def _doc_ids(settings):
    from retrieval.index import open_index
    from ui import startup

    return list(open_index(settings, startup.app_corpus_dir(settings)).documents)



def test_upload_limit_matches_the_ingest_limit():
    import tomllib

    from ingest.loaders import MAX_BYTES, SUPPORTED
    from ui import upload

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == upload.MAX_UPLOAD_MB == MAX_BYTES // (1024 * 1024)
    assert {f".{t}" for t in upload.UPLOAD_TYPES} == set(SUPPORTED)
