"""Typed facts extracted at ingest (ingest/facts.py, ingest/consistency.py), one class per kind.

Every fact has fact_id (a content hash: re-ingesting the same text gives the same ID),
doc_id, the clause_id that states it, its kind and the quote it rests on. They are stored
as JSON in the records DB (store/records_db.py) and read back with `fact_from_dict`.

Fields that some facts of a kind do not set have defaults that read the same way the
missing key did (falsy, compared with a non-empty word): a target's `summary` is False
for a clause's own target, its `overview` is False for a summary target; a finding about
one subject has `metric` "".
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

FactKind = Literal["subject", "role", "target", "measure", "finding", "condition"]
SubjectCategory = Literal["cluster", "measure", "goal", ""]
POSTFIX_QUALIFIERS = ("以上", "左右")  # written after the figure: 建成起降场150个以上


@dataclass(frozen=True, kw_only=True)
class Fact:
    fact_id: str
    doc_id: str
    clause_id: str  # the clause that states it
    kind: FactKind
    quote: str  # verbatim text of the clause


@dataclass(frozen=True, kw_only=True)
class SubjectFact(Fact):
    """A numbered item that carries roles or targets (an industry cluster, a measure)."""

    kind: FactKind = "subject"
    name: str  # the item's title, else its clause ID
    group: str = ""  # the parent heading's title
    group_clause: str = ""
    category: SubjectCategory = ""  # cluster (targets and roles) | measure (roles) | goal (neither)


@dataclass(frozen=True, kw_only=True)
class RoleFact(Fact):
    """One unit in a 牵头 / 配合 / 责任 line of a subject."""

    kind: FactKind = "role"
    subject: str
    subject_clause: str
    role: str  # 牵头 | 配合 | 责任
    unit: str  # canonical name (省科技厅)
    written: str  # as the line writes it (科技厅)
    position: int  # the line's place among the clause's role lines


@dataclass(frozen=True, kw_only=True)
class TargetFact(Fact):
    """A quantitative target of a subject (metric, qualifier, value, unit, year)."""

    kind: FactKind = "target"
    subject: str
    subject_clause: str
    metric: str
    qualifier: str
    value: str  # as written ("5000")
    unit: str
    year: str = ""
    summary: bool = False  # split out of an overview sentence that names several subjects
    overview: bool = False  # stated in an overview clause (一（四）发展目标, 第二条)

    @property
    def figure(self) -> str:
        """The target as the text words it: 超过5000亿元, or 100家以上 (a qualifier after the number)."""
        if self.qualifier in POSTFIX_QUALIFIERS:
            return f"{self.value}{self.unit}{self.qualifier}"
        return f"{self.qualifier}{self.value}{self.unit}"


@dataclass(frozen=True, kw_only=True)
class MeasureFact(Fact):
    """A support sentence with its amount, qualifier, recipient and responsible units."""

    kind: FactKind = "measure"
    amount: str = ""
    amount_qualifier: str = ""
    recipient: str = ""
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """A clause a finding rests on and the quote it takes from it."""

    clause_id: str
    quote: str


@dataclass(frozen=True, kw_only=True)
class Finding(Fact):
    """Where a document disagrees with itself (ingest/consistency.py)."""

    kind: FactKind = "finding"
    finding: str  # target_conflict | role_pattern
    text: str
    sources: tuple[Source, ...] = ()
    subject: str = ""
    subject_clause: str = ""
    metric: str = ""  # set for a specific quantity stated twice


@dataclass(frozen=True)
class Predicate:
    """One checkable condition of a support measure (ingest/conditions.py), with its wording.

    kind: threshold (metric op value unit) | qualification (a title the applicant holds) |
    time (新落户, 成立N年内, 上一年度) | entity (enterprise | individual | organisation) | term (a
    subject word the applicant's description must touch) | requirement (a stated condition the
    profile must affirm; value pos|neg) | exclusion (value: who does not get it) | first (首次达到) |
    grade (value: the grades, 1,2) | hold (value: the certificate held) | hukou (value: 居住证 when
    a residence permit also counts). `low`/`high` bound a threshold; a
    bound is inclusive when its `*_inclusive` flag is set (以上/不低于/达到/（含） versus 超过/不足)."""

    kind: str
    wording: str  # as the clause writes it
    metric: str = ""
    unit: str = ""
    low: float | None = None
    low_inclusive: bool = True
    high: float | None = None
    high_inclusive: bool = True
    value: str = ""  # qualification name, entity kind, term, time word


@dataclass(frozen=True, kw_only=True)
class ConditionFact(Fact):
    """A support measure as data: who qualifies (predicates) and how much (fixed, rate x base, cap)."""

    kind: FactKind = "condition"
    measure: str  # short name: the clause title or the subject it supports
    subject: str = ""  # the beneficiary phrase (对……的)
    tier: str = ""  # a tier's own words (垂直起降场) when the parent's lead-in holds the shared conditions
    region: str = ""  # the issuing region (河南省, 青澜市), from the document's title and issuer
    places: tuple[str, ...] = ()  # place stems the document names (澜州, 望川): its own area
    condition_text: str = ""  # the wording the predicates were read from (lead-in, subject, child clauses)
    predicates: tuple[Predicate, ...] = ()
    amount: str = ""  # a fixed amount as written ("200万元")
    amount_qualifier: str = ""  # 最高 | 不低于 | 不超过 | ""
    rate: float | None = None  # percent of `base`
    base: str = ""  # what the rate applies to (设备和工业软件投资额)
    cap: str = ""  # the ceiling as written ("1000万元")
    per: str = ""  # 个 | 条 | 人 | 架次 ... when the amount is per item
    categories: tuple[tuple[str, str], ...] = ()  # (label, amount): 一等奖20万元，二等奖15万元
    increment: str = ""  # 每增加1人给予3000元: the amount per item beyond the first tier
    no_stacking: bool = False  # the document states 就高不重复 / 从优不重复
    amount_source: str = ""  # "二：…" when the amount is stated in another clause than the conditions
    exclusive: tuple[str, ...] = ()  # clause prefixes of a choose-one group (就高择一, 不得同时按第（一）项和第（二）项)
    top_up: bool = False  # the article pays the difference to a higher tier (已获…的，按差额补足)


FACT_TYPES: dict[str, type[Fact]] = {
    "subject": SubjectFact, "role": RoleFact, "target": TargetFact, "measure": MeasureFact, "finding": Finding,
    "condition": ConditionFact,
}
_FIELDS = {kind: {f.name for f in fields(cls)} for kind, cls in FACT_TYPES.items()}


def fact_from_dict(data: dict) -> Fact:
    """The fact a stored JSON object describes, by its kind; keys the class does not know are ignored."""
    kind = data["kind"]
    values = {k: v for k, v in data.items() if k in _FIELDS[kind]}
    for key in ("units", "places", "exclusive"):
        if key in values:
            values[key] = tuple(values[key])
    if "categories" in values:
        values["categories"] = tuple(tuple(c) for c in values["categories"])
    if "sources" in values:
        values["sources"] = tuple(Source(s["clause_id"], s["quote"]) for s in values["sources"])
    if "predicates" in values:
        values["predicates"] = tuple(Predicate(**p) for p in values["predicates"])
    return FACT_TYPES[kind](**values)
