"""Scoring of eval output records against the gold set. Pure functions, no index needed.

An output record is the contract line (`assistant.contract.output_record`). A gold item is one
line of `eval/gold.jsonl`: {"id", "category", "question", "history", "tags",
"expect": {"refused", "must_include", "clauses"}}.

Definitions (all shares are None when their denominator is 0):
- answer accuracy: answerable items (expect.refused false) not refused whose answer holds
  every must_include element (after NFKC and removing whitespace; an element that is a list
  passes when any alternative is found);
- citation accuracy: answerable items with expected clauses where at least one cited clause
  matches an expected one (a cited "X·Y" matches an expected "X");
- citation recall: expected clauses cited / expected clauses, over answerable items;
- citation precision: distinct cited clauses that are an expected clause, its detail or one of
  its items (expected 第八条, cited 第八条（二）) / distinct cited clauses, over answerable items
  with expected clauses;
- refusal accuracy: refusal items (expect.refused true) that were refused and that say what
  the item's must_include requires (what the documents do state, e.g. the year they cover);
- a compound answer whose part is refused ("（2）…抱歉，…") counts that part as refused: an
  answerable item with a refused part is a false refusal and not correct; a refusal item with
  a refused part is refused;
- false refusals: answerable items refused, wholly or in part / answerable items;
- quote verbatim rate: citations whose quote occurs in the cited clause's text / citations
  that were checked;
- latency p50 / p95 in ms (linear interpolation between ranks).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from prompts.templates import REFUSAL

_SPACE_RE = re.compile(r"\s+")
CLAUSE_DETAIL_SEP = "·"


def normalize(text: str) -> str:
    """NFKC, then drop all whitespace: what answers and expected strings are compared on."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))


def missing_includes(answer: str, must_include: Sequence[str | Sequence[str]]) -> list[str | list[str]]:
    """The must_include elements not found in `answer` (empty list = all found)."""
    haystack = normalize(answer)
    missing: list[str | list[str]] = []
    for element in must_include:
        alternatives = [element] if isinstance(element, str) else list(element)
        if not any(normalize(alt) in haystack for alt in alternatives):
            missing.append(element if isinstance(element, str) else list(element))
    return missing


def clause_matches(cited: str, expected: str) -> bool:
    """A cited clause matches an expected one exactly, or as a named part of it ("X·Y" -> "X")."""
    return cited == expected or cited.split(CLAUSE_DETAIL_SEP, 1)[0] == expected


def cited_expected(cited: Iterable[str], expected: Iterable[str]) -> list[str]:
    """The expected clauses that at least one cited clause matches."""
    cited = list(cited)
    return [e for e in expected if any(clause_matches(c, e) for c in cited)]


@dataclass(frozen=True)
class ItemScore:
    """How one output record fares against its gold item."""

    id: str
    category: str
    tags: tuple[str, ...]
    question: str
    expect_refused: bool
    refused: bool
    answer: str
    missing: tuple = ()  # must_include elements not found
    expected_clauses: tuple[str, ...] = ()
    cited_clauses: tuple[str, ...] = ()
    matched_clauses: tuple[str, ...] = ()  # expected clauses that were cited
    quotes_checked: int = 0
    quotes_verbatim: int = 0
    bad_quotes: tuple[str, ...] = ()  # "clause：quote" of citations whose quote is not in the clause
    latency_ms: float = 0.0
    must_include: tuple = ()
    part_refused: bool = False  # not refused as a whole, but one part of the answer is a refusal
    precise_cited: int = 0  # distinct cited clauses within an expected clause's family
    distinct_cited: int = 0

    @property
    def answer_ok(self) -> bool:
        return not self.expect_refused and not self.refused and not self.part_refused and not self.missing

    @property
    def citation_ok(self) -> bool:
        return bool(self.matched_clauses)

    @property
    def refusal_ok(self) -> bool:
        return self.expect_refused and (self.refused or self.part_refused) and not self.missing

    @property
    def false_refusal(self) -> bool:
        return not self.expect_refused and (self.refused or self.part_refused)

    def failures(self) -> list[str]:
        """Chinese reasons this item fails; empty when it passes every check."""
        reasons = []
        if self.expect_refused:
            if not (self.refused or self.part_refused):
                reasons.append("应拒答而未拒答")
            elif self.missing:
                reasons.append("拒答未说明：" + "、".join(_show_element(m) for m in self.missing))
        else:
            if self.refused:
                reasons.append("误拒")
            elif self.part_refused:
                reasons.append("部分误拒")
            elif self.missing:
                reasons.append("答案缺少：" + "、".join(_show_element(m) for m in self.missing))
            if self.expected_clauses and not self.citation_ok:
                reasons.append("引用未命中期望条款")
        if self.bad_quotes:
            reasons.append(f"引文非原文 {len(self.bad_quotes)} 处")
        return reasons


def _show_element(element) -> str:
    return element if isinstance(element, str) else "/".join(element)


def score_item(gold: dict, record: dict, *, quote_ok: Sequence[bool] | None = None) -> ItemScore:
    """Score one output record. `quote_ok[i]` says whether citation i's quote is verbatim
    text of its clause; None means quotes were not checked."""
    expect = gold.get("expect", {})
    citations = record.get("citations", [])
    cited = tuple(c.get("clause", "") for c in citations)
    expected = tuple(expect.get("clauses", []))
    refused = bool(record.get("refused"))
    answer = record.get("answer", "")
    bad = ()
    if quote_ok is not None:
        if len(quote_ok) != len(citations):
            raise ValueError(f"{len(quote_ok)} quote flags for {len(citations)} citations")
        bad = tuple(f"{c.get('clause', '')}：{c.get('quote', '')}" for c, ok in zip(citations, quote_ok) if not ok)
    must = tuple(tuple(m) if not isinstance(m, str) else m for m in expect.get("must_include", []))
    distinct = tuple(dict.fromkeys(c for c in cited if c))
    return ItemScore(
        id=str(gold.get("id", record.get("id", ""))),
        category=gold.get("category", ""),
        tags=tuple(gold.get("tags", [])),
        question=gold.get("question", record.get("question", "")),
        expect_refused=bool(expect.get("refused", False)),
        refused=refused,
        answer=answer,
        missing=tuple(missing_includes(answer, must)),
        expected_clauses=expected,
        cited_clauses=cited,
        matched_clauses=tuple(cited_expected(cited, expected)),
        quotes_checked=0 if quote_ok is None else len(quote_ok),
        quotes_verbatim=0 if quote_ok is None else sum(bool(ok) for ok in quote_ok),
        bad_quotes=bad,
        latency_ms=float(record.get("latency_ms", 0.0)),
        must_include=must,
        part_refused=not refused and normalize(REFUSAL) in normalize(answer),
        precise_cited=sum(any(in_family(c, e) for e in expected) for c in distinct),
        distinct_cited=len(distinct),
    )


def in_family(cited: str, expected: str) -> bool:
    """The cited clause is the expected one, a detail of it, or one of its items (二（一）6 under 二（一））."""
    if clause_matches(cited, expected):
        return True
    if not expected or not cited.startswith(expected) or len(cited) == len(expected):
        return False
    rest = cited[len(expected):]
    return rest[0] in "（(·" or (rest[0].isdigit() and not expected[-1].isdigit())


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100), linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _share(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass
class Summary:
    """Counts over a group of items, and the shares derived from them."""

    items: int = 0
    answerable: int = 0
    answer_correct: int = 0
    citable: int = 0  # answerable items with expected clauses
    citation_correct: int = 0
    expected_clauses: int = 0
    expected_cited: int = 0
    cited_distinct: int = 0  # over citable items
    cited_precise: int = 0
    refusal_items: int = 0
    refusal_correct: int = 0
    false_refusals: int = 0
    quotes_checked: int = 0
    quotes_verbatim: int = 0
    latencies: list[float] = field(default_factory=list)

    def add(self, s: ItemScore) -> None:
        self.items += 1
        if s.expect_refused:
            self.refusal_items += 1
            self.refusal_correct += s.refusal_ok
        else:
            self.answerable += 1
            self.answer_correct += s.answer_ok
            self.false_refusals += s.false_refusal
            if s.expected_clauses:
                self.citable += 1
                self.citation_correct += s.citation_ok
                self.cited_distinct += s.distinct_cited
                self.cited_precise += s.precise_cited
            self.expected_clauses += len(s.expected_clauses)
            self.expected_cited += len(s.matched_clauses)
        self.quotes_checked += s.quotes_checked
        self.quotes_verbatim += s.quotes_verbatim
        self.latencies.append(s.latency_ms)

    @property
    def answer_accuracy(self) -> float | None:
        return _share(self.answer_correct, self.answerable)

    @property
    def citation_accuracy(self) -> float | None:
        return _share(self.citation_correct, self.citable)

    @property
    def citation_recall(self) -> float | None:
        return _share(self.expected_cited, self.expected_clauses)

    @property
    def citation_precision(self) -> float | None:
        return _share(self.cited_precise, self.cited_distinct)

    @property
    def refusal_accuracy(self) -> float | None:
        return _share(self.refusal_correct, self.refusal_items)

    @property
    def false_refusal_rate(self) -> float | None:
        return _share(self.false_refusals, self.answerable)

    @property
    def quote_verbatim_rate(self) -> float | None:
        return _share(self.quotes_verbatim, self.quotes_checked)

    @property
    def latency_p50(self) -> float | None:
        return percentile(self.latencies, 50)

    @property
    def latency_p95(self) -> float | None:
        return percentile(self.latencies, 95)

    def as_dict(self) -> dict:
        def r(x, nd=4):
            return None if x is None else round(x, nd)

        return {
            "items": self.items,
            "answer_accuracy": r(self.answer_accuracy),
            "answer_correct": self.answer_correct,
            "answerable": self.answerable,
            "citation_accuracy": r(self.citation_accuracy),
            "citation_correct": self.citation_correct,
            "citable": self.citable,
            "citation_recall": r(self.citation_recall),
            "expected_cited": self.expected_cited,
            "expected_clauses": self.expected_clauses,
            "citation_precision": r(self.citation_precision),
            "cited_precise": self.cited_precise,
            "cited_distinct": self.cited_distinct,
            "refusal_accuracy": r(self.refusal_accuracy),
            "refusal_correct": self.refusal_correct,
            "refusal_items": self.refusal_items,
            "false_refusal_rate": r(self.false_refusal_rate),
            "false_refusals": self.false_refusals,
            "quote_verbatim_rate": r(self.quote_verbatim_rate),
            "quotes_verbatim": self.quotes_verbatim,
            "quotes_checked": self.quotes_checked,
            "latency_p50_ms": r(self.latency_p50, 1),
            "latency_p95_ms": r(self.latency_p95, 1),
        }


def summarize(scores: Iterable[ItemScore]) -> Summary:
    total = Summary()
    for s in scores:
        total.add(s)
    return total


def summarize_by(scores: Iterable[ItemScore], key: Callable[[ItemScore], Iterable[str]]) -> dict[str, Summary]:
    """Group summaries; `key` returns the groups an item belongs to (in first-seen order)."""
    groups: dict[str, Summary] = {}
    for s in scores:
        for name in key(s):
            groups.setdefault(name, Summary()).add(s)
    return groups


def by_category(scores: Iterable[ItemScore]) -> dict[str, Summary]:
    return summarize_by(scores, lambda s: [s.category or "（无类别）"])


def by_tag(scores: Iterable[ItemScore]) -> dict[str, Summary]:
    return summarize_by(scores, lambda s: s.tags)
