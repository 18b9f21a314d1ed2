"""Enterprise matching (DESIGN §6): a profile in, the measures it qualifies for out.

`match_profile(assistant, profile)` reads the profile once (assistant/matching/profile.py),
judges every support measure extracted at ingest (ConditionFact, ingest/conditions.py) on it
(assistant/matching/evaluate.py) and returns the §6 match object as a dict. A profile it
cannot read raises `core.errors.ProfileError`, whose message names the field.

A measure is listed when the profile touches what it supports (its subject words); measures
of another region stay listed as 不符合 only as the nearest misses. Validity is reported
beside the status and never changes it.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.matching.evaluate import FIT, MAYBE, NO, Judgement, judge
from assistant.matching.profile import parse_profile, places_of
from assistant.matching.rules import apply_groups
from core.facts import ConditionFact
from core.validity import EXPIRED, validity_of

MAX_MISSES = 8
_ORDER = {FIT: 0, MAYBE: 1, NO: 2}


def _region_words(fact: ConditionFact, places_vocab: dict) -> set[str]:
    words = set(fact.places)
    if fact.region:
        words.add(fact.region[:2])
        for key, names in places_vocab.items():
            if key == fact.region or key[:2] == fact.region[:2]:
                words |= {n[:2] for n in names}
    return words


def _listed(j: Judgement) -> bool:
    """The profile touches what the measure supports, or meets two or more of its stated conditions
    (besides the region) and fails none: a resident qualifies for 乘车半价 without asking about buses."""
    met = [line for line in j.met if not line.startswith(("地区", "金额"))]
    return j.relevance >= 0.3 or j.hits >= 2 or (not j.unmet and len(met) >= 2)


def judgements(index, corpus_profile, profile: dict, today: date) -> tuple[list[Judgement], list[str], dict]:
    """Every listed measure judged on the profile, sorted 符合 first; notes; the profile as understood."""
    vocab = corpus_profile.matching
    facts: list[ConditionFact] = list(index.facts_by_kind.get("condition", []))
    known = frozenset(w for f in facts for w in (f.region[:2], *f.places) if w)
    p = parse_profile(profile)
    places = places_of(p, vocab.get("places", {}), known)
    out = [judge(f, p, places, vocab, today, _region_words(f, vocab.get("places", {}))) for f in facts]
    out = [j for j in out if _listed(j)]
    apply_groups(out, FIT, NO)
    out.sort(key=lambda j: (_ORDER[j.status], -j.relevance))
    fits, misses = [j for j in out if j.status != NO], [j for j in out if j.status == NO][:MAX_MISSES]
    notes = list(p.notes)
    if not p.blob.strip() and not p.numbers:
        notes.append("画像中没有可用的信息，请至少填写所在地区、行业或一段文字描述。")
    return _dedupe(fits) + _dedupe(misses), notes, p.understood()


def _dedupe(js: list[Judgement]) -> list[Judgement]:
    seen, out = set(), []
    for j in js:
        key = (j.fact.doc_id, j.fact.clause_id, j.fact.subject)
        if key not in seen:
            seen.add(key)
            out.append(j)
    return out


def match_profile(assistant, profile: dict) -> dict:
    """The §6 match object for `profile` over the assistant's corpus."""
    parse_profile(profile)  # a bad profile is refused before the index is opened
    return match_over(assistant.index, assistant.profile, profile, assistant.today(),
                      exclude_expired=assistant.settings.answer.exclude_expired)


def index_today(index) -> date:
    """The day validity is judged on: the settings' answer.today (tests), else today."""
    configured = index.settings.answer.today
    return date.fromisoformat(configured) if configured else date.today()


def match_over(index, corpus_profile, profile: dict, today: date, *, exclude_expired: bool = False) -> dict:
    js, notes, understood = judgements(index, corpus_profile, profile, today)
    docs = index.documents
    matches = []
    stacked: dict[str, int] = {}
    for j in js:
        doc = docs.get(j.fact.doc_id)
        if doc is None:
            continue
        validity = validity_of(doc, today).status
        if exclude_expired and validity == EXPIRED:
            continue
        if j.status == FIT and j.fact.no_stacking:
            stacked[doc.title] = stacked.get(doc.title, 0) + 1
        matches.append(as_match(j, doc.title, Path(doc.path).name, validity))
    for title, n in stacked.items():
        if n > 1:
            notes.append(f"《{title}》规定同类支持按“从优、就高、不重复”执行，以上{n}项金额不一定能叠加。")
    if not any(m["status"] != NO for m in matches):
        notes.append("没有找到符合的扶持措施。")
    notes.append("匹配结果依据文件原文，是否符合与最终金额以主管部门审核为准。")
    return {"profile": understood, "matches": matches, "notes": notes}


def as_match(j: Judgement, title: str, file: str, validity: str) -> dict:
    f = j.fact
    return {"doc": title, "clause": f.clause_id, "measure": f.measure, "status": j.status, "amount": j.amount,
            "met": j.met, "unmet": j.unmet, "unknown": j.unknown, "validity": validity, "quote": f.quote,
            "file": file}
