"""Two questions in one message ("通知发给了哪些单位？执行中遇到问题向谁报告？"): split, answer each, merge.

Each part is answered on its own, with the earlier parts as conversation history, so an
elliptical second part ("一年最多补多少？") is read as a follow-up of the first.
"""
from __future__ import annotations

import re

from core.records import Answer

MAX_PARTS = 3
_PART_RE = re.compile(r"[^？?]+[？?]?")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CONTINUATION = frozenset("分别 具体 详细 各自 展开 列 列一下 一下 说说 讲讲 呢".split())


def split_questions(q: str) -> list[str]:
    """The separate questions of a message; one item when it asks one thing.

    A part that names nothing of its own ("列一下", "分别是什么？") only continues the
    one before it, so the message is not split."""
    from core.tokenizer import search_terms

    parts = [p.strip() for p in _PART_RE.findall(q) if p.strip()]
    if len(parts) < 2 or len(parts) > MAX_PARTS:
        return [q]
    for part in parts:
        own = [t for t in search_terms(part) if t not in _CONTINUATION]
        if len(_HAN.findall(part)) < 4 or not own:
            return [q]
    return parts


def merge(parts: list[str], answers: list[Answer]) -> Answer:
    """One answer: each part's answer under its question, citations in order without repeats."""
    if all(a.refused for a in answers):
        refusals = list(dict.fromkeys(a.text for a in answers))
        citations = _citations(answers)
        return Answer("\n".join(refusals), citations, refused=True, route="refusal")
    lines, conflicts = [], []
    for i, (part, answer) in enumerate(zip(parts, answers), 1):
        lines.append(f"（{i}）{part}\n{answer.text}")
        conflicts.extend(answer.conflicts)
    route = next(a.route for a in answers if not a.refused)
    return Answer("\n\n".join(lines), _citations(answers), route=route,
                  conflicts=tuple(dict.fromkeys(conflicts)))


def _citations(answers: list[Answer]):
    seen, out = set(), []
    for answer in answers:
        for citation in answer.citations:
            if citation not in seen:
                seen.add(citation)
                out.append(citation)
    return tuple(out)
