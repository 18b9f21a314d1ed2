"""Tables behind the 责任分工 and 发展目标 views, computed from the index's facts."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from core.facts import Finding, RoleFact, SubjectFact, TargetFact

ROLES = ("牵头", "配合", "责任")
ALL_UNITS = "（全部单位）"
CONFLICT_MARK = "⚠"  # U+26A0 in text style: common fonts have it, unlike the emoji form
_SIZE_METRICS = ("产业规模", "规模")


def _clause_order(index) -> dict[tuple[str, str], int]:
    return {(c.doc_id, c.clause_id): i for i, c in enumerate(index.clauses)}


def _doc_rank(index) -> dict[str, int]:
    return {doc_id: i for i, doc_id in enumerate(index.documents)}


def _sort_key(index):
    order, docs = _clause_order(index), _doc_rank(index)

    def key(doc_id: str, clause_id: str) -> tuple[int, int]:
        return docs.get(doc_id, 1 << 30), order.get((doc_id, clause_id), 1 << 30)

    return key


# ---------------------------------------------------------------- document scope

ALL_DOCS = "全部文件"


class ScopedIndex:
    """The index as the views see it with a document scope: only the chosen documents'
    documents, clauses and facts; lookups (titles, clauses, search) go to the real index."""

    def __init__(self, index, doc_ids):
        keep = set(doc_ids)
        self._index = index
        self.documents = {k: d for k, d in index.documents.items() if k in keep}
        self.clauses = [c for c in index.clauses if c.doc_id in keep]
        self.facts = [f for f in index.facts if f.doc_id in keep]

    def __getattr__(self, name):
        return getattr(self._index, name)


def scoped(index, doc_ids):
    """`index` limited to `doc_ids`; the index itself when no scope is chosen."""
    return ScopedIndex(index, doc_ids) if doc_ids else index


def scope_options(index) -> list[str]:
    """The choices of the 文件范围 selector: "" (all documents), then every document ID."""
    return ["", *index.documents]


def scope_label(index, doc_id: str) -> str:
    return f"《{index.document_title(doc_id)}》" if doc_id else ALL_DOCS


# ---------------------------------------------------------------- 责任分工

def role_facts(index) -> list[RoleFact]:
    return [f for f in index.facts if f.kind == "role"]


def units(index) -> list[str]:
    """Every unit named in a role line, the busiest first."""
    counts: dict[str, int] = {}
    for f in role_facts(index):
        counts[f.unit] = counts.get(f.unit, 0) + 1
    return sorted(counts, key=lambda u: (-counts[u], u))


def _role_pattern_notes(index) -> dict[tuple[str, str], str]:
    return {(f.doc_id, f.subject_clause): f.text for f in index.facts
            if f.kind == "finding" and f.finding == "role_pattern"}


def responsibility_matrix(index, unit: str | None = None) -> list[dict]:
    """One row per subject (cluster or measure): who leads, who assists, who is responsible.

    With `unit`, only the subjects that name that unit in any role.
    """
    groups: dict[tuple[str, str, str], dict] = {}
    subjects = {(f.doc_id, f.clause_id): f for f in index.facts if f.kind == "subject"}
    for f in sorted(role_facts(index), key=lambda r: r.position):
        key = (f.doc_id, f.subject_clause, f.subject)  # a task table's unlinked rows share one clause
        row = groups.setdefault(key, {role: [] for role in ROLES})
        if f.unit not in row[f.role]:
            row[f.role].append(f.unit)
    notes = _role_pattern_notes(index)
    several_docs = len(index.documents) > 1
    sort = _sort_key(index)
    rows = []
    for (doc_id, clause_id, name) in sorted(groups, key=lambda k: sort(k[0], k[1])):
        roles = groups[(doc_id, clause_id, name)]
        if unit and unit != ALL_UNITS and not any(unit in roles[r] for r in ROLES):
            continue
        subject = subjects.get((doc_id, clause_id))
        row = {}
        if several_docs:
            row["文件"] = index.document_title(doc_id)
        row.update({
            "分组": subject.group if subject else "",
            "条目": name or clause_id,
            "条款": clause_id,
            "牵头单位": "、".join(roles["牵头"]),
            "配合单位": "、".join(roles["配合"]),
            "责任单位": "、".join(roles["责任"]),
            "备注": f"{CONFLICT_MARK} 分工行格式与同组不同，按原文列出" if (doc_id, clause_id) in notes else "",
        })
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Duty:
    role: str
    subject: str
    doc_id: str
    clause_id: str  # the clause that holds the role line (the most specific one)
    quote: str  # the role line as written
    written: str  # how the line names the unit (e.g. 科技厅 for 省科技厅)
    subject_clause: str = ""  # the numbered item the duty belongs to


def unit_duties(index, unit: str) -> dict[str, list[Duty]]:
    """Every duty of `unit`, grouped by role (牵头, 配合, 责任), in document order."""
    sort = _sort_key(index)
    out: dict[str, list[Duty]] = {role: [] for role in ROLES}
    seen = set()
    for f in sorted(role_facts(index), key=lambda r: sort(r.doc_id, r.subject_clause)):
        if f.unit != unit:
            continue
        key = (f.role, f.doc_id, f.subject_clause, f.subject)
        if key in seen:
            continue
        seen.add(key)
        out.setdefault(f.role, []).append(
            Duty(f.role, f.subject, f.doc_id, f.clause_id, f.quote, f.written, f.subject_clause))
    return {role: duties for role, duties in out.items() if duties}


def duties_rows(duties: dict[str, list[Duty]], index=None) -> list[dict]:
    rows = []
    for role, items in duties.items():
        for d in items:
            row = {"角色": f"{role}单位", "条目": d.subject, "条款": d.clause_id, "原文": d.quote}
            if index is not None and len(index.documents) > 1:
                row = {"文件": index.document_title(d.doc_id), **row}
            rows.append(row)
    return rows


# ---------------------------------------------------------------- 发展目标

_KIND_RE = re.compile(r"（([^（）]*不一致)）。?$")


def target_conflicts(index) -> dict[tuple[str, str], str]:
    """(doc_id, subject clause) -> the kind of disagreement (数值不一致 / 表述不一致)."""
    out = {}
    for f in index.facts:
        if f.kind == "finding" and f.finding == "target_conflict":
            m = _KIND_RE.search(f.text)
            out[(f.doc_id, f.subject_clause)] = m.group(1) if m else "不一致"
    return out


def conflict_findings(index) -> list[Finding]:
    return [f for f in index.facts if f.kind == "finding" and f.finding == "target_conflict"]


def _number(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _overall(fact: TargetFact, subjects: dict[tuple[str, str], SubjectFact]) -> bool:
    """Stated as an overall goal (总体目标): split out of an overview sentence, or in an overview
    clause that is a goal of its own (一（四）发展目标, 第二条), not a cluster's own clause."""
    if fact.summary:
        return True
    subject = subjects.get((fact.doc_id, fact.subject_clause))
    return bool(fact.overview) and (subject.category if subject else "goal") == "goal"


def about_clusters(index) -> bool:
    """Whether every document in view is about industry clusters (its title says 集群)."""
    return bool(index.documents) and all("集群" in index.document_title(d) for d in index.documents)


def subject_label(index) -> str:
    """What the views call a numbered item: 集群 for documents about clusters, else 条目."""
    return "集群" if about_clusters(index) else "条目"


def metric_label(metric: str) -> str:
    """The metric as a label: 其中跨境B2C电子商务 -> 跨境B2C电子商务 (the text's own words otherwise)."""
    return re.sub(r"^(?:其中|且|并|另)", "", metric) or metric


def targets_rows(index) -> list[dict]:
    """Every quantitative target, each item's own clause first, then the overview's figure.

    A row is marked when the document states that item's size target twice with
    different figures or wording. The item column is named by `subject_label`.
    """
    conflicts = target_conflicts(index)
    subjects = {(f.doc_id, f.clause_id): f for f in index.facts if f.kind == "subject"}
    sort = _sort_key(index)
    several_docs = len(index.documents) > 1
    label = subject_label(index)
    facts = [f for f in index.facts if f.kind == "target"]
    # An overview clause's sentence that names clusters is already split per cluster (summary
    # facts); its undivided overview fact would list the same figures twice.
    summarized = {(f.doc_id, f.clause_id, f.quote) for f in facts if f.summary}
    facts = [f for f in facts if not (f.overview and (f.doc_id, f.clause_id, f.quote) in summarized)]
    facts.sort(key=lambda f: (sort(f.doc_id, f.subject_clause), _overall(f, subjects),
                              sort(f.doc_id, f.clause_id)))
    rows = []
    for f in facts:
        subject = subjects.get((f.doc_id, f.subject_clause))
        conflict = ""
        if f.metric in _SIZE_METRICS and (f.doc_id, f.subject_clause) in conflicts:
            conflict = f"{CONFLICT_MARK} {conflicts[(f.doc_id, f.subject_clause)]}"
        row = {}
        if several_docs:
            row["文件"] = index.document_title(f.doc_id)
        row.update({
            label: f.subject,
            "分组": subject.group if subject else "总体",
            "指标": metric_label(f.metric),
            "目标": f.figure,
            "数值": _number(f.value),
            "单位": f.unit,
            "年份": f.year or "",
            "条款": f.clause_id,
            "出处": "总体目标" if _overall(f, subjects) else "分项条款",
            "一致性": conflict,
        })
        rows.append(row)
    return rows


def chart_groups(rows: list[dict], label: str = "集群") -> list[tuple[str, str, list[dict]]]:
    """(document, unit, points) for one chart each: one unit on an axis, never 亿元 beside 万人.

    A point is named by its metric; by its item and metric where several items share the metric
    (each cluster's 产业规模). A document-wide total split out of an overview sentence is left out.
    """
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        if r["数值"] is None or r[label] == "全部集群":
            continue
        groups.setdefault((r.get("文件", ""), r["单位"]), []).append(r)
    out = []
    for (doc, unit), items in groups.items():
        owners: dict[str, set] = {}
        for r in items:
            owners.setdefault(r["指标"], set()).add(r[label])
        points = [{**r, "名称": (f"{r[label]}：{r['指标']}" if len(owners[r["指标"]]) > 1 and r[label] not in r["指标"]
                                 else r["指标"]),
                   "标记": CONFLICT_MARK if r["一致性"] else ""} for r in items]
        out.append((doc, unit, points))
    out.sort(key=lambda g: (-len(g[2]),))
    docs = list(dict.fromkeys(r.get("文件", "") for r in rows))
    out.sort(key=lambda g: docs.index(g[0]))  # stable: each document's charts together, the largest first
    return out


def names_in_order(points: list[dict]) -> list[str]:
    return list(dict.fromkeys(p["名称"] for p in points))


# ---------------------------------------------------------------- export

def to_csv(rows: list[dict]) -> bytes:
    """CSV with a BOM, so that Excel opens the Chinese text correctly."""
    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0].keys()), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
