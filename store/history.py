"""Chat history kept across reloads: conversations and their turns in SQLite under the data dir.

`<data_dir>/history.sqlite` holds one row per conversation (id, title, created, updated) and
one row per chat message (its role, text, kind, citations and the rest as JSON), in order.
A turn is stored as a plain dict (the UI turns its `Turn` records into dicts and back), so
this layer knows nothing about the UI. Each call opens its own connection: the store is a
cheap value object, safe to make on every Streamlit run and from any thread.
"""
from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

FILE_NAME = "history.sqlite"
TITLE_CHARS = 30  # a conversation's title: the start of its first question

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, title TEXT NOT NULL, created TEXT NOT NULL,
  updated TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS turns (conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (conversation_id, seq));
"""


@dataclass(frozen=True)
class Conversation:
    conversation_id: str
    title: str
    created: str  # ISO time, local zone
    updated: str
    turns: int  # number of stored messages


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def new_conversation_id() -> str:
    """An opaque ID, safe in a URL query parameter."""
    return uuid.uuid4().hex[:16]


def title_for(question: str) -> str:
    text = " ".join((question or "").split())
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS] + "……"


class HistoryStore:
    """The conversations at `path` (a SQLite file, created on first write)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> "HistoryStore":
        return cls(Path(data_dir) / FILE_NAME)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), timeout=30)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.executescript(SCHEMA)
        return conn

    def append(self, conversation_id: str, turns: list[dict], *, title: str = "") -> None:
        """Add `turns` at the end of the conversation, creating it (with `title`) when new."""
        now = _now()
        with closing(self._connect()) as conn, conn:
            conn.execute("INSERT OR IGNORE INTO conversations VALUES (?,?,?,?)",
                         (conversation_id, title or "新对话", now, now))
            conn.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id))
            (start,) = conn.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM turns WHERE conversation_id = ?",
                                    (conversation_id,)).fetchone()
            conn.executemany("INSERT INTO turns VALUES (?,?,?)",
                             [(conversation_id, start + i, json.dumps(t, ensure_ascii=False))
                              for i, t in enumerate(turns)])

    def turns(self, conversation_id: str) -> list[dict] | None:
        """The stored messages of a conversation in order; None when there is no such conversation."""
        if not self.path.exists():
            return None
        with closing(self._connect()) as conn:
            if conn.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone() is None:
                return None
            rows = conn.execute("SELECT data FROM turns WHERE conversation_id = ? ORDER BY seq",
                                (conversation_id,)).fetchall()
        return [json.loads(data) for (data,) in rows]

    def conversations(self, limit: int = 50) -> list[Conversation]:
        """The most recently updated conversations first."""
        if not self.path.exists():
            return []
        with closing(self._connect()) as conn:
            rows = conn.execute(
                "SELECT c.id, c.title, c.created, c.updated, COUNT(t.seq) FROM conversations c "
                "LEFT JOIN turns t ON t.conversation_id = c.id GROUP BY c.id "
                "ORDER BY c.updated DESC, c.rowid DESC LIMIT ?", (limit,)).fetchall()
        return [Conversation(*row) for row in rows]

    def delete(self, conversation_id: str) -> bool:
        """Remove a conversation and its turns; whether it existed."""
        if not self.path.exists():
            return False
        with closing(self._connect()) as conn, conn:
            cursor = conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
            return cursor.rowcount > 0
