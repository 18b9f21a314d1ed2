"""Structured facts extracted at ingest, keyed by clause ID.

Kinds (each a typed record of core/facts.py with fact_id, doc_id, clause_id, kind, quote):
- subject: a numbered item that carries roles or targets (an industry cluster, a measure);
- role: 牵头 / 配合 / 责任 unit of a subject, as the text assigns it;
- target: metric, value, unit, qualifier, year of a subject;
- measure: a support sentence with its amount, qualifier, recipient and responsible units.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from core.facts import FACT_TYPES, Fact, MeasureFact, SubjectFact, TargetFact
from core.profile import CorpusProfile, load_profile
from core.records import Clause, Document, content_id
from ingest.chunking import split_sentences
from ingest.conditions import extract_conditions
from ingest.consistency import find_inconsistencies
from ingest.units import split_units

_INLINE_LEAD_RE = re.compile(r"[（(]([^（）()]+?)牵头[，,、；;]?(?:([^（）()]+?)配合)?[）)]")
_NUM = r"(\d+(?:\.\d+)?)"


@dataclass(frozen=True)
class _Vocabulary:
    """The profile's words as the patterns extraction uses (compiled once per profile)."""

    role_words: dict
    role_line_re: re.Pattern
    target_re: re.Pattern
    profile: CorpusProfile


_vocabularies: dict[str, _Vocabulary] = {}


def _vocabulary(profile: CorpusProfile | None) -> _Vocabulary:
    profile = profile or load_profile()
    if profile.fingerprint not in _vocabularies:
        roles = profile.role_words
        role_alt = "|".join(map(re.escape, roles))
        _vocabularies[profile.fingerprint] = _Vocabulary(
            roles,
            re.compile(rf"({role_alt})[：:]([^；;。\n]+)"),
            re.compile(rf"([^，,。；;：:]*?)(?<![不最])({'|'.join(map(re.escape, profile.target_qualifiers))}){_NUM}"
                       rf"({'|'.join(map(re.escape, profile.target_units))})(?!的)"),
            profile,
        )
    return _vocabularies[profile.fingerprint]
_YEAR_RE = re.compile(r"(?:到|至|在)?(20\d\d)年")
_AMOUNT_RE = re.compile(rf"(不低于|最高|不超过|最多|超过)?{_NUM}(万元|亿元)")
_SUPPORT_RE = re.compile(r"给予|资助|奖励|补贴|补助|资金支持|一事一议|优先|倾斜|绿色.?通道|享受")


def _fact(doc: Document, clause: Clause, kind: str, quote: str, **data) -> Fact:
    """The fact of `kind`; its ID hashes exactly the fields given here (a measure's units as the list)."""
    key = content_id(doc.doc_id, clause.clause_id, kind, quote, repr(sorted(data.items())), length=16)
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    return FACT_TYPES[kind](fact_id=key, doc_id=doc.doc_id, clause_id=clause.clause_id, quote=quote, **values)


def _numbered_owner(clause: Clause, by_id: dict[str, Clause]) -> Clause:
    """A named sub-paragraph's facts belong to the numbered item above it."""
    while "·" in clause.clause_id and clause.parent_id in by_id:
        clause = by_id[clause.parent_id]
    return clause


def role_lines(clause: Clause, profile: CorpusProfile | None = None) -> list[tuple[str, str]]:
    """(role, list text) pairs in the order the clause writes them."""
    vocab = _vocabulary(profile)
    out = [(vocab.role_words[m.group(1)], _balanced(m.group(2))) for m in vocab.role_line_re.finditer(clause.text)]
    for m in _INLINE_LEAD_RE.finditer(clause.text):
        if "单位" in m.group(1) or "部门" in m.group(1):
            continue
        out.append(("牵头", m.group(1)))
        if m.group(2):
            out.append(("配合", m.group(2)))
    return out


def _balanced(text: str) -> str:
    """Cut at the first closing bracket that closes nothing (inline "（责任单位：…）")."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                return text[:i]
            depth -= 1
    return text


def _role_quote(clause: Clause, list_text: str) -> str:
    for sentence in clause.text.split("\n"):
        if list_text in sentence:
            return sentence.strip()
    return list_text


def extract_facts(document: Document, clauses: list[Clause], profile: CorpusProfile | None = None) -> list[Fact]:
    vocab = _vocabulary(profile)
    by_id = {c.clause_id: c for c in clauses}
    facts: list[Fact] = []
    subjects: dict[str, SubjectFact] = {}

    def subject_for(clause: Clause) -> SubjectFact:
        owner = _numbered_owner(clause, by_id)
        if owner.clause_id not in subjects:
            parent = by_id.get(owner.parent_id or "")
            subjects[owner.clause_id] = _fact(
                document, owner, "subject", owner.text.split("\n")[0][:60],
                name=owner.title or owner.clause_id, group=(parent.title if parent else ""),
                group_clause=(parent.clause_id if parent else ""),
            )
        return subjects[owner.clause_id]

    for clause in clauses:
        roles = role_lines(clause, vocab.profile)
        if roles:
            subject = subject_for(clause)
            for position, (role, list_text) in enumerate(roles):
                quote = _role_quote(clause, list_text)
                for unit, written in split_units(list_text, vocab.profile):
                    facts.append(_fact(document, clause, "role", quote, subject=subject.name,
                                       subject_clause=subject.clause_id, role=role, unit=unit, written=written,
                                       position=position))
        facts.extend(_targets(document, clause, by_id, subject_for, vocab))
        facts.extend(_measures(document, clause, roles, vocab))
    with_targets = {f.subject_clause for f in facts if f.kind == "target" and not f.overview}
    with_roles = {f.subject_clause for f in facts if f.kind == "role"}
    for cid, subject in subjects.items():  # keyed by the subject's own clause ID
        subjects[cid] = replace(subject, category=("cluster" if cid in with_targets and cid in with_roles
                                                   else "measure" if cid in with_roles else "goal"))
    facts.extend(subjects.values())
    clusters = [s for s in subjects.values() if s.category == "cluster"]
    facts.extend(_summary_targets(document, clauses, clusters, vocab))
    facts.extend(find_inconsistencies(facts))
    facts.extend(extract_conditions(document, clauses, vocab.profile))
    return facts


def _has_year_context(clause: Clause, sentence: str) -> str:
    m = _YEAR_RE.search(sentence)
    return m.group(1) if m else ""


def _inherited_year(clause: Clause, by_id: dict[str, Clause]) -> str:
    """'到2025年，…主要目标如下：' in a parent clause dates the items under it."""
    parent = by_id.get(clause.parent_id or "")
    while parent is not None:
        m = _YEAR_RE.search(parent.text)
        if m:
            return m.group(1)
        parent = by_id.get(parent.parent_id or "")
    return ""


def _targets(document, clause, by_id, subject_for, vocab: _Vocabulary) -> list[TargetFact]:
    out = []
    year_in_clause = _inherited_year(clause, by_id)
    for sentence in split_sentences(clause.text):
        year = _has_year_context(clause, sentence) or year_in_clause
        if _YEAR_RE.search(sentence):
            year_in_clause = _YEAR_RE.search(sentence).group(1)
        for m in vocab.target_re.finditer(sentence):
            metric, qualifier, value, unit = m.group(1), m.group(2), m.group(3), m.group(4)
            metric = _YEAR_RE.sub("", metric).replace("力争", "").strip("，, ")
            if (not metric and not year) or _SUPPORT_RE.search(metric) or metric.endswith(("给予", "支持")):
                continue  # a support amount (给予不低于200万元) is a measure, not a target
            if "力争" in sentence[: m.start(2)] and not qualifier.startswith("力争"):
                qualifier = "力争" + qualifier
            owner = _numbered_owner(clause, by_id)
            overview = owner.level < 3 and "·" not in clause.clause_id  # e.g. 一（四）发展目标, 第二条
            subject = subject_for(clause)
            out.append(_fact(document, clause, "target", sentence, subject=subject.name, overview=overview,
                             subject_clause=subject.clause_id, metric=metric or "规模", qualifier=qualifier,
                             value=value, unit=unit, year=year))
    return out


def _summary_targets(document, clauses, subjects: list[SubjectFact], vocab: _Vocabulary) -> list[TargetFact]:
    """Targets in an overview clause (e.g. 一（四）发展目标) that name several subjects at once."""
    names = [s.name for s in subjects]
    out = []
    for clause in clauses:
        if clause.level > 2 or "·" in clause.clause_id or not names:
            continue
        assigned: set[str] = set()
        year = ""
        for sentence in split_sentences(clause.text):
            y = _YEAR_RE.search(sentence)
            year = y.group(1) if y else year
            for part in re.split(r"[，,；;]", sentence):
                m = vocab.target_re.search(part)
                if not m:
                    continue
                head = part[: m.start(2)]
                listed = [n for n in names if _mentions(head, n)]
                if "其余" in head or "其他" in head:
                    listed = [n for n in names if n not in assigned]
                if not listed:
                    if year and re.search(r"全省|总规模|总体", head):
                        out.append(_fact(document, clause, "target", sentence, subject="全部集群",
                                         subject_clause=clause.clause_id, metric=_YEAR_RE.sub("", m.group(1)).strip("，, 到"),
                                         qualifier=m.group(2), value=m.group(3), unit=m.group(4), year=year,
                                         summary=True))
                    continue
                assigned.update(listed)
                for name in listed:
                    subject = next(s for s in subjects if s.name == name)
                    out.append(_fact(document, clause, "target", sentence, subject=name,
                                     subject_clause=subject.clause_id, metric="产业规模", qualifier=m.group(2),
                                     value=m.group(3), unit=m.group(4), year=year, summary=True))
    return out


def _mentions(text: str, name: str) -> bool:
    if name in text:
        return True
    stem = re.sub(r"(业|产业)$", "", name)
    return len(stem) >= 3 and stem in text


def _measures(document, clause, roles, vocab: _Vocabulary) -> list[MeasureFact]:
    out = []
    responsible = [u for role, text in roles if role == "责任" for u, _ in split_units(text, vocab.profile)]
    for sentence in split_sentences(clause.text):
        if any(w in sentence for w in vocab.role_words) or not _SUPPORT_RE.search(sentence):
            continue
        for piece in re.split(r"(?<=[；;])", sentence):
            if not _SUPPORT_RE.search(piece):
                continue
            amount = _AMOUNT_RE.search(piece)
            recipient = ""
            m = re.search(r"对([^，,。；;]+?)[，,]", piece)
            if m:
                recipient = m.group(1)
            out.append(_fact(document, clause, "measure", piece.strip(),
                             amount=(amount.group(2) + amount.group(3)) if amount else "",
                             amount_qualifier=(amount.group(1) or "") if amount else "",
                             recipient=recipient, units=responsible))
    return out
