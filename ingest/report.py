"""`python -m ingest --report`: the consistency findings of the live generation, read from
its records (store/), one line each, before the JSON report line."""
from __future__ import annotations

from pathlib import Path

from core.errors import EmptyIndexError
from core.settings import Settings
from store import generations, records_db


def print_findings(corpus_dir: Path | None, settings: Settings) -> None:
    gen = generations.current_generation(settings.index_dir(corpus_dir))
    if gen is None:
        raise EmptyIndexError("no index")
    conn = records_db.connect(gen / "index.sqlite")
    try:
        titles = {d.doc_id: d.title for d in records_db.read_documents(conn)}
        findings = [f for f in records_db.read_facts(conn) if f.kind == "finding"]
    finally:
        conn.close()
    print(f"一致性检查：共发现 {len(findings)} 处")
    for f in findings:
        print(f"- [{titles.get(f.doc_id, '')}] {f.text}")
