"""records_db: facts go in as JSON and come back as their kind's class; documents round-trip with
their validity dates; older tables and rows still read."""
from __future__ import annotations

import json
import sqlite3

import pytest

from core.facts import Finding, MeasureFact, RoleFact, Source, SubjectFact, TargetFact
from core.records import Document
from store import records_db

pytestmark = pytest.mark.unit

BASE = {"doc_id": "d", "clause_id": "二（一）1", "quote": "原文。"}
FACTS = [
    SubjectFact(fact_id="s", **BASE, name="新一代智能终端", group="新兴制造业", group_clause="二（一）",
                category="cluster"),
    RoleFact(fact_id="r", **BASE, subject="新一代智能终端", subject_clause="二（一）1", role="牵头",
             unit="省科技厅", written="科技厅", position=0),
    TargetFact(fact_id="t", **BASE, subject="新一代智能终端", subject_clause="二（一）1", metric="产业规模",
               qualifier="达到", value="5000", unit="亿元", year="2020", overview=False),
    MeasureFact(fact_id="m", **BASE, amount="1000万元", amount_qualifier="不低于", recipient="",
                units=("省商务厅", "省科技厅")),
    Finding(fact_id="f", **BASE, finding="target_conflict", text="不一致。",
            sources=(Source("一（四）", "甲。"), Source("二（一）1", "乙。")), subject="新一代智能终端",
            subject_clause="二（一）1"),
]


def test_facts_round_trip(tmp_path):
    conn = records_db.connect(tmp_path / "index.sqlite")
    records_db.write_records(conn, [], [], [], FACTS)
    assert records_db.read_facts(conn) == FACTS
    assert records_db.read_facts(conn, "measure") == [FACTS[3]]
    row = json.loads(conn.execute("SELECT data FROM facts WHERE kind='finding'").fetchone()[0])
    assert row["sources"] == [{"clause_id": "一（四）", "quote": "甲。"}, {"clause_id": "二（一）1", "quote": "乙。"}]


def test_an_older_row_loads(tmp_path):
    """A row written before the typed facts: keys missing where a fact did not set them, and a
    key no class knows."""
    conn = records_db.connect(tmp_path / "index.sqlite")
    old = [
        {"fact_id": "t", "kind": "target", **BASE, "subject": "甲", "subject_clause": "二（一）1", "metric": "产业规模",
         "qualifier": "超过", "value": "1", "unit": "亿元", "year": "2020", "summary": True, "retired": 1},
        {"fact_id": "f", "kind": "finding", **BASE, "finding": "role_pattern", "text": "格式不同。",
         "sources": [{"clause_id": "二（一）1", "quote": "原文。"}], "subject": "甲", "subject_clause": "二（一）1"},
    ]
    with conn:
        conn.executemany("INSERT INTO facts VALUES (?,?,?,?,?)",
                         [(f["fact_id"], f["doc_id"], f["clause_id"], f["kind"], json.dumps(f, ensure_ascii=False))
                          for f in old])
    target, finding = records_db.read_facts(conn)
    assert isinstance(target, TargetFact) and target.summary and not target.overview
    assert isinstance(finding, Finding) and finding.metric == "" and finding.sources == (Source("二（一）1", "原文。"),)


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
