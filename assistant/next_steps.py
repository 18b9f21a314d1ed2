""""接下来还要做什么？" after a turn that walked through the first steps of a procedure: the steps
that follow the one the conversation reached, each quoted and cited.

The step reached is the numbered clause whose words the end of the last assistant turn (or the
question's own "选完备案类型以后") holds most of; the steps after it are its later siblings of the
same label style (步骤2, 步骤3 … after 步骤1; 5, 6 … after 4).
"""
from __future__ import annotations

import re

from core.records import Answer

_NEXT_RE = re.compile(r"接下来|下一步|然后(?:呢|还|要|再|怎么)|之后(?:呢|还要|要|再|怎么)|以后(?:还要|要|再|怎么)|后面(?:还|要|再)")
_AFTER_RE = re.compile(r"^(.{2,24}?)(?:以后|之后|后)")
_DIGITS_RE = re.compile(r"[\d一二三四五六七八九十]+")
_REACHED_SHARE = 0.5  # of a step's words the end of the conversation holds, for it to be the step reached
_TAIL_CHARS = 60
MAX_STEPS = 6


def asks_next_steps(question: str) -> bool:
    return bool(_NEXT_RE.search(question))


def _style(clause_id: str) -> str:
    """"步骤3" -> "步骤#", "（2）" -> "（#）", "7" -> "#": the label's shape."""
    return _DIGITS_RE.sub("#", clause_id)


def _words(text: str) -> set[str]:
    from core.tokenizer import search_terms

    return {t for t in search_terms(text) if len(t) >= 2}


def next_steps(index, question: str, history: list[dict], doc_ids: tuple[str, ...] = ()) -> Answer | None:
    """The steps after the one reached, or None when no numbered step is recognisably reached."""
    from assistant.claims import ClaimBuilder
    from assistant.extractive import excerpt_head
    from ingest.chunking import split_sentences

    said = next((t.get("content") for t in reversed(history or [])
                 if isinstance(t, dict) and t.get("role") == "assistant" and isinstance(t.get("content"), str)), "")
    after = _AFTER_RE.match(question)
    anchor = _words((after.group(1) if after else "") + " " + said[-_TAIL_CHARS:])
    if not anchor:
        return None
    best, best_share = None, 0.0
    for doc_id in doc_ids or tuple(index.documents):
        clauses = index.clauses_of(doc_id)
        for i, clause in enumerate(clauses):
            words = _words(clause.text)
            share = len(words & anchor) / len(words) if words else 0.0
            if share >= max(best_share, _REACHED_SHARE):  # on a tie the later step is the one reached
                later = [c for c in clauses[i + 1:] if c.parent_id == clause.parent_id
                         and _style(c.clause_id) == _style(clause.clause_id) and c.clause_id not in ("序言", "落款")]
                if later:
                    best, best_share = later, share
    if not best:
        return None
    cite = ClaimBuilder(index)
    lines = ["接下来的步骤："]
    for step in best[:MAX_STEPS]:
        sentence = next(iter(split_sentences(step.text)), "")
        if sentence and cite.add(step.doc_id, step.clause_id, sentence):
            lines.append(f"{excerpt_head(index, step.doc_id, step.clause_id)}：{sentence}")
    if len(lines) == 1:
        return None
    return Answer("\n".join(lines), cite.claims, route="extractive", debug={"next_steps": True})
