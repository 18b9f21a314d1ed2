"""User feedback on answers: an append-only JSONL file in the data dir.

Each line is one rating (👍 / 👎) with the question, the answer, its citations, an
optional comment and the time. Lines are only ever appended (one write, flushed and
fsynced), so nothing is lost across restarts and concurrent sessions never rewrite
each other's lines. `export_eval_candidates` turns the log into gold-set candidates.
"""
from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

log = logging.getLogger("policyqa.feedback")

THUMBS_UP = "👍"
THUMBS_DOWN = "👎"
RATINGS = (THUMBS_UP, THUMBS_DOWN)
FILE_NAME = "feedback.jsonl"


@dataclass(frozen=True)
class FeedbackEntry:
    question: str
    answer: str
    rating: str  # 👍 or 👎
    citations: list[dict] = field(default_factory=list)  # {"doc", "clause", "quote"}
    comment: str = ""
    refused: bool = False
    route: str = ""
    history: list[dict] = field(default_factory=list)  # earlier turns, for follow-up questions
    turn_id: str = ""
    time: str = field(default_factory=lambda: datetime.now().astimezone().isoformat(timespec="seconds"))

    def __post_init__(self):
        if self.rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, got {self.rating!r}")

    @classmethod
    def from_dict(cls, data: dict) -> "FeedbackEntry":
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


class FeedbackStore:
    """Append-only feedback log at `path` (one JSON object per line)."""

    _locks: dict[str, threading.Lock] = {}
    _locks_guard = threading.Lock()

    def __init__(self, path: Path):
        self.path = Path(path)
        with self._locks_guard:
            self._lock = self._locks.setdefault(str(self.path.resolve()), threading.Lock())

    @classmethod
    def for_settings(cls, settings) -> "FeedbackStore":
        return cls(Path(settings.data_dir) / FILE_NAME)

    def append(self, entry: FeedbackEntry) -> None:
        line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            # O_APPEND: one write per line, so lines from other processes never interleave.
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)

    def load(self) -> list[FeedbackEntry]:
        """Every stored entry, oldest first; a damaged line is logged and skipped."""
        if not self.path.exists():
            return []
        entries = []
        with self.path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    entries.append(FeedbackEntry.from_dict(json.loads(line)))
                except (ValueError, TypeError) as exc:
                    log.warning("%s:%d: skipped damaged feedback line (%s)", self.path, number, exc)
        return entries

    def summary(self) -> dict[str, int]:
        entries = self.load()
        return {"total": len(entries), THUMBS_UP: sum(e.rating == THUMBS_UP for e in entries),
                THUMBS_DOWN: sum(e.rating == THUMBS_DOWN for e in entries)}

    def export_eval_candidates(self) -> str:
        """The log as eval candidates, one JSONL line each, in the gold set's shape.

        👍 answers become candidates whose expectation is the answer as given (same
        refusal, same cited clauses); 👎 answers are marked for review, with the comment.
        """
        lines = []
        for i, e in enumerate(self.load(), 1):
            clauses = list(dict.fromkeys(c.get("clause", "") for c in e.citations if c.get("clause")))
            record = {
                "id": f"fb-{i:04d}",
                "category": "feedback",
                "question": e.question,
                "history": [h for h in e.history if h.get("role") == "user"],
                "tags": ["feedback", "confirmed" if e.rating == THUMBS_UP else "needs_review"],
                "expect": ({"refused": e.refused, "must_include": [], "clauses": clauses}
                           if e.rating == THUMBS_UP else {}),
                "feedback": {"rating": e.rating, "comment": e.comment, "answer": e.answer,
                             "citations": e.citations, "route": e.route, "time": e.time},
            }
            lines.append(json.dumps(record, ensure_ascii=False))
        return "\n".join(lines) + ("\n" if lines else "")
