"""Table rows in answers: the column names above a row, and the body clause a row restates.

A table is a block of "｜"-separated lines inside a clause (ingest keeps cells that way)."""
from __future__ import annotations

import weakref

from assistant.question import holds_asked_type

_HEADER_CELL_MAX = 20  # a column name is short; a long cell is a row's content
_RESTATED_MIN = 12  # characters of a row's cell that must recur in the body for the row to restate it


def _is_header(line: str) -> bool:
    cells = [c.strip() for c in line.split("｜")]
    return not any(ch.isdigit() for ch in line) and all(len(c) <= _HEADER_CELL_MAX for c in cells)


def table_header(clause_text: str, row: str) -> str:
    """The header lines of the table a row belongs to ("分类｜病种名称｜职工医保｜城乡居民医保"):
    the short, figure-free ｜-lines at the top of the row's block; '' for a row-less sentence."""
    if "｜" not in row:
        return ""
    lines = clause_text.split("\n")
    at = next((i for i, line in enumerate(lines) if row in line), -1)
    if at < 0:
        return ""
    top = at
    while top > 0 and "｜" in lines[top - 1]:
        top -= 1  # up to the first line of the block
    header = []
    for line in lines[top:at]:
        if not _is_header(line):
            break
        header.append(line.strip())
    return " / ".join(header)


def row_holds(sentence: str, header: str, asked) -> bool:
    """A row holds a sum the question asks for when its header says what the column is (限额, 标准)."""
    return bool(header) and bool(set(asked) & {"amount", "cap", "number"}) and holds_asked_type(sentence, ("amount",))


_BODIES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # index -> {doc_id: [(clause_id, text)]}


def body_home(index, doc_id: str, sentence: str) -> str:
    """The clause outside any table that says a table row's sentence word for word: a task table
    (任务分工表) restates the body's measures, and the body is what states them. '' when none does."""
    cells = [c.strip() for c in sentence.split("｜")]
    piece = max(cells, key=len)
    if len(piece) < _RESTATED_MIN:
        return ""
    memo = _BODIES.setdefault(index, {})
    if doc_id not in memo:
        memo[doc_id] = [(c.clause_id, c.text) for c in index.clauses_of(doc_id)
                        if "｜" not in c.text and c.clause_id not in ("序言", "落款")]
    return next((cid for cid, text in memo[doc_id] if piece in text), "")
