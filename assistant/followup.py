"""Follow-up questions: carry entities and intent over from earlier user turns."""
from __future__ import annotations

import re

from assistant.normalize import normalize_question

_FOLLOWUP_RE = re.compile(r"^(那|那么|还有|再|另外|以及|它|其|该|这个|那个|那它|那其|那这个)|呢[?？]?$|它|其|该集群|这个集群|这一项|这项|该项|此项|这条|这一条|该条|这块|这一块|这事|这件事|上述|上面")


def looks_like_followup(question: str) -> bool:
    return bool(_FOLLOWUP_RE.search(question)) or len(question) <= 8


def previous_user_questions(history: list[dict] | None) -> list[str]:
    """Earlier user turns, most recent first (assistant turns are ignored)."""
    out = []
    for turn in reversed(history or []):
        if isinstance(turn, dict) and turn.get("role") == "user" and isinstance(turn.get("content"), str):
            text = normalize_question(turn["content"])
            if text:
                out.append(text)
    return out
