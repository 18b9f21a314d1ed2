"""SQLite store of the parsed records (documents, clauses, chunks, facts) of one index generation."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from pathlib import Path

from core.facts import Fact, fact_from_dict
from core.records import Chunk, Clause, Document

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (doc_id TEXT PRIMARY KEY, path TEXT, title TEXT, text TEXT, sha256 TEXT,
  issuer TEXT, date TEXT, doc_number TEXT, validity TEXT, title_supplied INTEGER, effective TEXT, expires TEXT);
CREATE TABLE IF NOT EXISTS clauses (doc_id TEXT, clause_id TEXT, label TEXT, title TEXT, text TEXT,
  parent_id TEXT, level INTEGER, ord INTEGER, path TEXT, PRIMARY KEY (doc_id, clause_id));
CREATE TABLE IF NOT EXISTS chunks (chunk_id TEXT PRIMARY KEY, doc_id TEXT, clause_id TEXT, text TEXT,
  heading_path TEXT, ord INTEGER, row INTEGER);
CREATE INDEX IF NOT EXISTS chunks_row ON chunks(row);
CREATE TABLE IF NOT EXISTS facts (fact_id TEXT PRIMARY KEY, doc_id TEXT, clause_id TEXT, kind TEXT, data TEXT);
CREATE INDEX IF NOT EXISTS facts_kind ON facts(kind);
CREATE INDEX IF NOT EXISTS facts_clause ON facts(doc_id, clause_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.executescript(SCHEMA)
    return conn


def write_records(conn, documents: list[Document], clauses: list[Clause], chunks: list[Chunk], facts: list[Fact]) -> None:
    with conn:
        conn.executemany(
            "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(d.doc_id, d.path, d.title, d.text, d.sha256, d.issuer, d.date, d.doc_number, d.validity,
              int(d.title_supplied), d.effective, d.expires) for d in documents],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO clauses VALUES (?,?,?,?,?,?,?,?,?)",
            [(c.doc_id, c.clause_id, c.label, c.title, c.text, c.parent_id, c.level, c.order,
              json.dumps(c.path, ensure_ascii=False)) for c in clauses],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO chunks VALUES (?,?,?,?,?,?,?)",
            [(c.chunk_id, c.doc_id, c.clause_id, c.text, c.heading_path, c.order, row) for row, c in enumerate(chunks)],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO facts VALUES (?,?,?,?,?)",
            [(f.fact_id, f.doc_id, f.clause_id, f.kind, json.dumps(asdict(f), ensure_ascii=False)) for f in facts],
        )


def set_meta(conn, key: str, value) -> None:
    with conn:
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?,?)", (key, json.dumps(value, ensure_ascii=False)))


def get_meta(conn, key: str, default=None):
    row = conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


_DOCUMENT_COLUMNS = ("doc_id", "path", "title", "text", "sha256", "issuer", "date", "doc_number", "validity",
                     "title_supplied", "effective", "expires")


def read_documents(conn) -> list[Document]:
    """By column name: a table written before a column was added reads that field as empty."""
    present = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
    columns = ", ".join(c if c in present else f"'' AS {c}" for c in _DOCUMENT_COLUMNS)
    rows = conn.execute(f"SELECT {columns} FROM documents").fetchall()
    return [Document(*r[:9], title_supplied=bool(r[9]), effective=r[10] or "", expires=r[11] or "") for r in rows]


def read_clauses(conn) -> list[Clause]:
    rows = conn.execute("SELECT * FROM clauses ORDER BY doc_id, ord").fetchall()
    return [
        Clause(clause_id=r[1], doc_id=r[0], label=r[2], title=r[3], text=r[4], parent_id=r[5], level=r[6],
               order=r[7], path=tuple(json.loads(r[8])))
        for r in rows
    ]


def read_chunks(conn) -> list[Chunk]:
    rows = conn.execute("SELECT chunk_id, doc_id, clause_id, text, heading_path, ord FROM chunks ORDER BY row").fetchall()
    return [Chunk(*r) for r in rows]


def read_facts(conn, kind: str | None = None) -> list[Fact]:
    """Facts as their kind's class; keys a class does not know (an older row's) are ignored."""
    if kind:
        rows = conn.execute("SELECT data FROM facts WHERE kind=?", (kind,)).fetchall()
    else:
        rows = conn.execute("SELECT data FROM facts").fetchall()
    return [fact_from_dict(json.loads(r[0])) for r in rows]


def as_row(record) -> dict:
    return asdict(record)
