"""Where a document disagrees with itself: targets stated twice with different figures
or qualifiers, and role lines that break the document's own pattern."""
from __future__ import annotations

import re
from collections import Counter

from core.facts import Fact, Finding, RoleFact, Source, TargetFact
from core.records import content_id

_LABELLED_ROLE_RE = re.compile(r"(?:牵头|配合|责任)(?:单位|部门)[：:]|牵头[，,、；;）)]|配合[）)]")
_SAME_MEANING = {"突破": "超过", "超": "超过", "力争超过": "超过", "力争突破": "超过", "力争达到": "达到"}
_FLOOR = ("达到或超过", "不低于")


def _q(qualifier: str) -> str:
    return _SAME_MEANING.get(qualifier, qualifier)


def find_inconsistencies(facts: list[Fact]) -> list[Finding]:
    findings = []
    targets: list[TargetFact] = [f for f in facts if f.kind == "target" and f.metric in ("产业规模", "规模")]
    own = {(f.doc_id, f.subject_clause): f for f in targets if not f.summary}
    for summary in (f for f in targets if f.summary and f.subject != "全部集群"):
        mine = own.get((summary.doc_id, summary.subject_clause))
        if mine is None:
            continue
        floor = summary.qualifier in _FLOOR
        if summary.value != mine.value or summary.unit != mine.unit:
            if floor and float(mine.value) >= float(summary.value) and summary.unit == mine.unit:
                continue
            kind = "数值不一致"
        elif not floor and _q(summary.qualifier) != _q(mine.qualifier):
            kind = "表述不一致"
        else:
            continue
        text = (f"{summary.subject}的{summary.year}年目标：{summary.clause_id}为"
                f"“{summary.figure}”，{mine.clause_id}为"
                f"“{mine.figure}”（{kind}）。")
        findings.append(_finding(summary, "target_conflict", text, [summary, mine], subject=summary.subject,
                                 subject_clause=summary.subject_clause))
    findings.extend(_same_metric_findings(facts))
    findings.extend(_role_pattern_findings(facts))
    return findings


_GENERIC_METRICS = {"产业规模", "规模", "核心产业规模", "总规模"}


def metric_key(metric: str) -> str:
    """'全省数字经济规模' and '数字经济规模' name the same quantity."""
    metric = re.sub(r"^(其中|全省|我省|全市|到\d{4}年)+", "", metric.strip("，,、 "))
    return metric


def _same_metric_findings(facts: list[Fact]) -> list[Finding]:
    """A specific quantity (not the generic 产业规模 of many subjects) given two different values."""
    groups: dict[tuple, list[TargetFact]] = {}
    for f in facts:
        if f.kind != "target" or f.summary:
            continue
        key = metric_key(f.metric)
        if len(key) < 4 or key in _GENERIC_METRICS:
            continue
        groups.setdefault((f.doc_id, key, f.year, f.unit), []).append(f)
    out = []
    for (_, key, year, unit), items in groups.items():
        values = {f.value for f in items}
        clauses = {f.clause_id for f in items}
        if len(values) > 1 and len(clauses) > 1:
            versions = "；".join(f"{f.clause_id}为“{f.figure}”" for f in items)
            text = f"{key}{'（' + year + '年）' if year else ''}的目标前后不一致：{versions}。"
            out.append(_finding(items[0], "target_conflict", text, items, subject=items[0].subject,
                                subject_clause=items[0].subject_clause, metric=key))
    return out


def _role_pattern_findings(facts: list[Fact]) -> list[Finding]:
    # Labelled role lines only: a task table's rows take their format from its header (an empty
    # 配合单位 cell is no slip of the pen), and prose (由…负责, 会同) has no format to compare.
    roles: list[RoleFact] = [f for f in facts if f.kind == "role" and "｜" not in f.quote
                             and _LABELLED_ROLE_RE.search(f.quote)]
    by_subject: dict[tuple, list[RoleFact]] = {}
    for f in roles:
        by_subject.setdefault((f.doc_id, f.subject_clause), []).append(f)
    patterns = {}
    for key, rs in by_subject.items():
        seen = []
        for f in sorted(rs, key=lambda r: r.position):
            if f.role not in seen:
                seen.append(f.role)
        patterns[key] = tuple(seen)
    parent = lambda clause_id: clause_id.rstrip("0123456789")  # noqa: E731  (二（一）8 -> 二（一）)
    out = []
    groups: dict[tuple, list[tuple]] = {}
    for key in patterns:
        groups.setdefault((key[0], parent(key[1])), []).append(key)
    for members in groups.values():
        common, count = Counter(patterns[k] for k in members).most_common(1)[0]
        if len(members) < 3 or count < len(members) / 2:
            continue
        for key in members:
            if patterns[key] != common:
                sample = by_subject[key][0]
                text = (f"{sample.subject}（{key[1]}）的分工行写作“{sample.quote}”，与同组其他条目的"
                        f"“{'；'.join(r + '单位' for r in common)}”格式不同，可能存在笔误，按原文列出。")
                out.append(_finding(sample, "role_pattern", text, by_subject[key], subject=sample.subject,
                                    subject_clause=key[1]))
    return out


def _finding(anchor: Fact, kind: str, text: str, sources: list[Fact], **data) -> Finding:
    return Finding(
        fact_id=content_id(anchor.doc_id, kind, text),
        doc_id=anchor.doc_id,
        clause_id=anchor.clause_id,
        finding=kind,
        quote=anchor.quote,
        text=text,
        sources=tuple(Source(s.clause_id, s.quote) for s in sources),
        **data,
    )
