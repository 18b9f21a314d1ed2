"""Answers composed from structured facts: roles, a unit's duties, targets (by subject or by metric)."""
from __future__ import annotations

import re
from functools import lru_cache

from core.facts import Fact, Finding, SubjectFact, TargetFact
from core.records import Answer
from assistant.claims import ClaimBuilder
from assistant.intent import Intent
from assistant.knowledge import Entity
from prompts.templates import REFUSAL, YEAR_NOT_COVERED

ROLE_LABEL = {"牵头": "牵头单位", "配合": "配合单位", "责任": "责任单位"}


def _join(items: list[str]) -> str:
    return "、".join(dict.fromkeys(items))


def _facts(index, kind: str, doc_ids=None) -> list[Fact]:
    if not doc_ids:
        return index.facts_by_kind.get(kind, [])
    by_doc = index.facts_by(kind, "doc_id")
    return [f for d in _in_order(index, doc_ids) for f in by_doc.get(d, [])]


def _in_order(index, doc_ids) -> list[str]:
    """The selected documents in corpus order."""
    if len(doc_ids) == 1:
        return list(doc_ids)
    wanted = set(doc_ids)
    return [d for d in index.documents if d in wanted]


def _keep(facts: list[Fact], doc_ids) -> list[Fact]:
    return [f for f in facts if f.doc_id in doc_ids] if doc_ids else facts


def _findings_for(index, subject_clause: str, doc_id: str, finding: str) -> list[Finding]:
    return [f for f in index.facts_by("finding", "doc_id", "subject_clause").get((doc_id, subject_clause), [])
            if f.finding == finding]


def _subject_fact(index, entity: Entity, doc_ids) -> SubjectFact | None:
    for f in _keep(index.facts_by("subject", "name").get(entity.name, []), doc_ids):
        if not entity.doc_id or f.doc_id == entity.doc_id:
            return f
    return None


def _subject_facts(index, kind: str, subject: SubjectFact) -> list[Fact]:
    """Facts of a kind that belong to one subject clause (its roles, its targets)."""
    return index.facts_by(kind, "doc_id", "subject_clause").get((subject.doc_id, subject.clause_id), [])


def roles_answer(index, subjects: list[Entity], intent: Intent, doc_ids) -> Answer | None:
    cite = ClaimBuilder(index)
    lines, conflicts = [], []
    for entity in subjects:
        subject = _subject_fact(index, entity, doc_ids)
        if subject is None:
            continue
        roles = _subject_facts(index, "role", subject)
        if not roles:
            continue
        wanted = intent.roles or ["牵头", "配合", "责任"]
        parts = []
        for role in ("牵头", "配合", "责任"):
            units = [f.written for f in roles if f.role == role]  # as the document names them
            if units and (role in wanted or not any(f.role in wanted for f in roles)):
                parts.append(f"{ROLE_LABEL[role]}：{_join(units)}")
                for f in roles:
                    if f.role == role:
                        cite.add_fact(f)
        if not parts:
            continue
        missing = [ROLE_LABEL[r] for r in wanted if r in intent.roles and not any(f.role == r for f in roles)]
        line = f"{subject.name}（{subject.clause_id}）的{'；'.join(parts)}。"
        if missing:
            line += f"文件未为其列明{_join(missing)}。"
        for finding in _findings_for(index, subject.clause_id, subject.doc_id, "role_pattern"):
            line += f"注意：{finding.text}"
            conflicts.append(finding.text)
        lines.append(line)
    if not lines:
        return None
    return Answer("\n".join(lines), cite.claims, route="facts", conflicts=tuple(conflicts))


def clause_roles_answer(index, doc_id: str, clause_id: str, intent: Intent) -> Answer | None:
    """Who is responsible for one clause ("这一条是哪些部门负责的？"): its own note, else its article's."""
    by_clause = index.facts_by("role", "doc_id", "subject_clause")
    clause = index.clause(doc_id, clause_id)
    while clause is not None and not by_clause.get((doc_id, clause.clause_id)):
        clause = index.clause(doc_id, clause.parent_id) if clause.parent_id else None
    if clause is None:
        return None
    roles = by_clause[(doc_id, clause.clause_id)]
    wanted = [r for r in intent.roles if any(f.role == r for f in roles)] or ["牵头", "配合", "责任"]
    cite = ClaimBuilder(index)
    parts = []
    for role in ("牵头", "配合", "责任"):
        chosen = [f for f in roles if f.role == role]
        if chosen and role in wanted:
            parts.append(f"{ROLE_LABEL[role]}：{_join([f.written for f in chosen])}")
            for f in chosen:
                cite.add_fact(f)
    if not parts:
        return None
    name = f"{clause.clause_id}（{clause.title}）" if clause.title else clause.clause_id
    text = f"{name}的{'；'.join(parts)}。"
    findings = _findings_for(index, clause.clause_id, doc_id, "role_pattern")
    text += "".join(f"注意：{f.text}" for f in findings)
    return Answer(text, cite.claims, route="facts", conflicts=tuple(f.text for f in findings))


def unit_duties_answer(index, units: list[Entity], intent: Intent, doc_ids) -> Answer | None:
    cite = ClaimBuilder(index)
    lines = []
    wanted = intent.roles or ["牵头", "配合", "责任"]
    for unit in units:
        roles = [f for f in _keep(index.facts_by("role", "unit").get(unit.name, []), doc_ids) if f.role in wanted]
        if not roles:
            continue
        parts = []
        for role in ("牵头", "配合", "责任"):
            items = [f for f in roles if f.role == role]
            if not items:
                continue
            names = [f"{f.subject}（{f.subject_clause}）" for f in items]
            parts.append(f"作为{ROLE_LABEL[role]}共{len(dict.fromkeys(names))}个：{_join(names)}")
            for f in items:
                cite.add_fact(f)
        lines.append(f"{unit.name}" + "；".join(parts) + "。")
        if "牵头" in wanted and len(intent.roles) == 1:
            extra = [f for f in _facts(index, "finding", doc_ids) if f.finding == "role_pattern"
                     and any(r.unit == unit.name for r in index.facts_by("role", "doc_id", "subject_clause")
                             .get((f.doc_id, f.subject_clause), []))]
            for finding in extra:
                lines.append(f"注意：{finding.text}")
    if not lines:
        return None
    return Answer("\n".join(lines), cite.claims, route="facts")


def _target_phrase(f: TargetFact) -> str:
    year = f"到{f.year}年，" if f.year else ""
    return f"{year}{f.metric}{f.figure}"


def target_answer(index, subjects: list[Entity], intent: Intent, doc_ids) -> Answer | None:
    cite = ClaimBuilder(index)
    lines, conflicts = [], []
    for entity in subjects:
        subject = _subject_fact(index, entity, doc_ids)
        if subject is None:
            continue
        targets = _subject_facts(index, "target", subject)
        own = [f for f in targets if not f.summary]
        if entity.kind == "subtopic":
            specific = [f for f in own if f.clause_id == entity.clause_id]
            if not specific and not intent.asks_scale:
                continue  # the sub-topic sets no target of its own: leave it to retrieval
            own = specific or own
        summary = [f for f in targets if f.summary]
        if not own and not summary:
            continue
        if intent.years and not any(f.year in intent.years for f in own + summary):
            shown = "；".join(_target_phrase(f) for f in (own or summary)[:2])
            years_known = sorted({f.year for f in _facts(index, "target", doc_ids) if f.year})
            for f in (own or summary)[:2]:
                cite.add_fact(f)
            text = YEAR_NOT_COVERED.render(year="、".join(intent.years), years="、".join(years_known) or "其他",
                                           targets=f"{subject.name}{shown}。")
            return Answer(REFUSAL + text, cite.claims, refused=True, route="refusal")
        parts, quoted = [], set()
        for f in own:
            if f.quote in quoted:
                continue
            quoted.add(f.quote)
            parts.append(f"{f.quote}（{f.clause_id}）")
            cite.add_fact(f)
        line = f"{subject.name}：" + "；".join(parts) + "。" if parts else ""
        for finding in _findings_for(index, subject.clause_id, subject.doc_id, "target_conflict"):
            if summary:
                s = summary[0]
                cite.add_fact(s)
                line += (f"但{s.clause_id}（总体目标）将其列为“{s.figure}”，"
                         f"两处表述不一致，均按原文列出。")
            else:
                for source in finding.sources:
                    cite.add(finding.doc_id, source.clause_id, source.quote)
                line += f"注意：{finding.text}均按原文列出。"
            conflicts.append(finding.text)
        if not parts and summary:
            s = summary[0]
            cite.add_fact(s)
            line = f"{subject.name}：{_target_phrase(s)}（{s.clause_id}）。"
        lines.append(line)
    if not lines:
        return None
    return Answer("\n".join(lines), cite.claims, route="facts", conflicts=tuple(conflicts))


_METRIC_SUFFIX = re.compile(r"(总规模|规模|产值|产量|收入|总额|额)$")


@lru_cache(maxsize=65536)
def _metric_names(metric: str) -> tuple[str, str]:
    from core.textnorm import fold
    from ingest.consistency import metric_key

    key = fold(metric_key(metric))
    return key, _METRIC_SUFFIX.sub("", key)


def metric_target_answer(index, question: str, intent: Intent, doc_ids) -> Answer | None:
    """Targets named by their metric ("数字经济规模", "货邮吞吐量") rather than by a subject."""
    from core.textnorm import fold
    from ingest.consistency import metric_key

    q = fold(question)
    matched = []
    for metric, facts in index.facts_by("target", "metric").items():  # distinct metrics, not every target
        key, stem = _metric_names(metric)
        if key in ("产业规模", "规模", "核心产业规模", "总规模"):
            continue  # generic: many subjects share it, so it names nothing
        if (len(key) >= 4 and key in q) or (len(stem) >= 3 and stem in q):
            matched.extend(f for f in _keep(facts, doc_ids) if not f.summary)
    matched = index.in_corpus_order(matched)
    if not matched:
        return None
    cite = ClaimBuilder(index)
    years = sorted({f.year for f in matched if f.year})
    if intent.years and not any(y in years for y in intent.years):
        for f in matched[:2]:
            cite.add_fact(f)
        text = YEAR_NOT_COVERED.render(year="、".join(intent.years), years="、".join(years) or "其他",
                                       targets="；".join(f.quote for f in matched[:2]))
        return Answer(REFUSAL + text, cite.claims, refused=True, route="refusal")
    lines, conflicts = [], []
    for f in matched:
        if cite.add_fact(f):
            lines.append(f"据{f.clause_id}：{f.quote}")
    keys = {metric_key(f.metric) for f in matched}
    for finding in _facts(index, "finding", doc_ids):
        if finding.finding == "target_conflict" and finding.metric in keys:
            conflicts.append(finding.text)
            lines.append(f"注意：{finding.text}两处均按原文列出。")
    return Answer("\n".join(lines), cite.claims, route="facts", conflicts=tuple(conflicts))
