"""Additions to an answer for each thing the question names apart: each year ("2025年…？2027年呢？"),
each item named side by side ("A和B呢？"), taken from the clauses the answer already cites."""
from __future__ import annotations

import re

from assistant.claims import ClaimBuilder
from core.records import Answer
from ingest.chunking import split_sentences


def _with_sentences(index, result: Answer, wanted: list[str], holds) -> Answer:
    """For each wanted thing, the first sentence of a cited clause that `holds` it, cited after the answer."""
    cite = ClaimBuilder(index)
    for c in result.claims:
        cite.add(c.doc_id, c.clause, c.quote, kind=c.kind, text=c.text)
    lines = [result.text]
    keys = list(dict.fromkeys((c.doc_id, c.clause) for c in result.claims))
    for thing in wanted:
        for key in keys:
            clause = index.clause(*key)
            sentence = next((x for x in split_sentences(clause.text) if holds(thing, x)), "") if clause else ""
            if sentence and cite.add(key[0], key[1], sentence, text=f"据{key[1]}：{sentence}"):
                lines.append(f"据{key[1]}：{sentence}")
                break
    return Answer("\n".join(lines), cite.claims, route=result.route, conflicts=result.conflicts, debug=result.debug)


def with_each_year(index, result: Answer, years: list[str]) -> Answer:
    """"到2025年…？到2027年呢？": a year the answer left out, stated in a clause it cites, is added."""
    missing = [y for y in years if f"{y}年" not in result.text]
    return _with_sentences(index, result, missing, lambda y, x: f"{y}年" in x) if missing else result


_JOINT_RE = re.compile(r"以及|和|及|与|、")


def _named_items(question: str, texts: list[str]) -> list[str]:
    """"创办企业培训、网络创业培训和特色创业实训呢": the things joined by 和/及/、, each as the longest
    end of its piece (a suffix of the first, a prefix of the others) that the cited clauses say verbatim."""
    items = []
    for segment in re.split(r"[，。？！?!,；;：:\s]", question):
        pieces = [p for p in _JOINT_RE.split(segment) if p]
        if len(pieces) < 2:
            continue
        for n, piece in enumerate(pieces):
            ends = [piece[i:] for i in range(len(piece) - 2)] if n == 0 else [piece[:j] for j in range(len(piece), 2, -1)]
            found = next((c for c in ends if any(c in t for t in texts)), "")
            if found:
                items.append(found)
    return list(dict.fromkeys(items))


def with_each_named(index, result: Answer, question: str) -> Answer:
    """Each thing the question names side by side ("A和B呢") gets the sentence of a cited clause
    that states it, when the answer leaves one out."""
    clauses = [index.clause(c.doc_id, c.clause) for c in result.claims]
    texts = [c.text for c in clauses if c is not None]
    missing = [item for item in _named_items(question, texts) if item not in result.text]
    return _with_sentences(index, result, missing, lambda item, x: item in x) if missing else result


_LEAD_IN_END = ("：", ":")


def with_lead_in(index, result: Answer, asked: tuple[str, ...] = ()) -> Answer:
    """"正常运营期间内连续3个月没有老年人就餐；" says nothing alone: an item the answer leads with is
    read with the sentence that introduces it ("…出现下列情形的，…终止合作："). The introduction
    leads when it holds what is asked and the item does not; otherwise it follows the item."""
    from assistant.question import holds_asked_type

    lead = result.claims[0]
    clause = index.clause(lead.doc_id, lead.clause)
    parent = index.clause(lead.doc_id, clause.parent_id) if clause is not None and clause.parent_id else None
    if parent is None or not parent.text.rstrip().endswith(_LEAD_IN_END):
        return result
    if any(c.doc_id == parent.doc_id and c.clause == parent.clause_id for c in result.claims):
        return result
    sentences = split_sentences(parent.text)
    intro = sentences[-1] if sentences else ""
    if not intro:
        return result
    first = bool(asked) and holds_asked_type(intro, asked) and not holds_asked_type(lead.quote, asked)
    lines = result.text.split("\n")
    line = f"据{parent.clause_id}：{intro}"
    lines.insert(0 if first else 1, line)
    cite = ClaimBuilder(index)
    claims = list(result.claims)
    order = [None] + claims if first else claims[:1] + [None] + claims[1:]
    for c in order:
        if c is None:
            cite.add(parent.doc_id, parent.clause_id, intro, text=line)
        else:
            cite.add(c.doc_id, c.clause, c.quote, kind=c.kind, text=c.text)
    return Answer("\n".join(lines), cite.claims, route=result.route, conflicts=result.conflicts, debug=result.debug)
