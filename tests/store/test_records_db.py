"""records_db: documents round-trip with their validity dates; an older table still reads."""
from __future__ import annotations

import sqlite3

import pytest

from core.records import Document
from store import records_db

pytestmark = pytest.mark.unit


def test_document_dates_round_trip(tmp_path):
    conn = records_db.connect(tmp_path / "index.sqlite")
    document = Document("d1", "a.html", "标题", "正文", "sha", doc_number="穗建规字〔2024〕5号",
                        effective="2024-03-04", expires="2029-03-03")
    records_db.write_records(conn, [document], [], [], [])
    assert records_db.read_documents(conn) == [document]


def test_a_table_without_the_date_columns_reads_them_empty():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE documents (doc_id TEXT PRIMARY KEY, path TEXT, title TEXT, text TEXT, sha256 TEXT,"
                 " issuer TEXT, date TEXT, doc_number TEXT, validity TEXT, title_supplied INTEGER)")
    conn.execute("INSERT INTO documents VALUES ('d1','a.txt','标题','正文','sha','','','','',1)")
    (document,) = records_db.read_documents(conn)
    assert document.title_supplied and (document.effective, document.expires) == ("", "")
