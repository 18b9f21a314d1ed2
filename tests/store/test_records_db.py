"""Facts go into the records DB as JSON and come back as their kind's class."""
from __future__ import annotations

import json

import pytest

from core.facts import Finding, MeasureFact, RoleFact, Source, SubjectFact, TargetFact
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
