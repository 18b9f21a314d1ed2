"""Quantitative targets of a clause: what is measured, the figure, and the year it is due.

Two shapes of sentence state a target:
- metric, qualifier, figure: 产业规模达到5000亿元, 每万常住人口家庭医生数不低于4人;
- what is built or reached, then the figure at the end of the phrase: 建成各类起降场（点）150个以上,
  新增城镇就业30万人.
A target is dated: its sentence, an earlier sentence of the clause or a heading above it names
the year. A figure with no year is a condition or a standard (…达到60%以上的，可申请…), and a
figure followed by 的 is a threshold (超过1亿元的企业), not a target. The metric is the text's own
words before the figure; when the phrase leaves it out (2023年达到80%), it is the metric of the
target before it in the same cell, the table row's label cell, or the clause's title.
"""
from __future__ import annotations

import re

from core.facts import TargetFact
from ingest.chunking import split_sentences
from ingest.fact_patterns import SUPPORT_RE, Vocabulary

YEAR_RE = re.compile(r"(?:到|至|在)?(20\d\d)年(?!度|\d|[春秋]季)")  # a due year, not 2021年度 or a date
_YEAR_PHRASE_RE = re.compile(r"(?:到|至|在|截至|截止)?20\d\d年(?:底|末|前|内|以前)?")
_NUMBERING_RE = re.compile(r"^(?:\d+[.．、]|[（(]\d+[）)])")
_ADVERB_RE = re.compile(r"^(?:原则上|确保|争取|至少)")
_LABEL_MAX = 40  # a table cell longer than this is content, not a row label


def inherited_year(clause, by_id) -> str:
    """'到2025年，…主要目标如下：' in a parent clause dates the items under it."""
    parent = by_id.get(clause.parent_id or "")
    while parent is not None:
        m = YEAR_RE.search(parent.text)
        if m:
            return m.group(1)
        parent = by_id.get(parent.parent_id or "")
    return ""


def _clean_metric(text: str) -> str:
    text = _YEAR_PHRASE_RE.sub("", text).replace("力争", "")
    opened = max(text.rfind("（"), text.rfind("("))
    if opened > max(text.rfind("）"), text.rfind(")")):
        text = text[opened + 1:]  # 预留30%的号源（其中专家号源不低于30%）: what the bracket measures
    text = _ADVERB_RE.sub("", _NUMBERING_RE.sub("", text.strip("，, ")))
    return text.strip("，, ")


def _before_colon(sentence: str, start: int) -> str:
    """薪酬分配：原则上不低于80%: the words before the colon name what is measured."""
    head = sentence[:start]
    colon = max(head.rfind("："), head.rfind(":"))
    return _clean_metric(re.split(r"[，,。；;]", head[:colon])[-1]) if colon > 0 else ""


def _year_before(sentence: str, pos: int, default: str) -> str:
    years = [m.group(1) for m in YEAR_RE.finditer(sentence, 0, pos)]
    return years[-1] if years else default


def _row_label(cells: list[str], i: int) -> str:
    """The label of a table cell's row: the nearest short cell before it (指标 name)."""
    for cell in reversed(cells[:i]):
        label = _clean_metric(cell)
        if label and len(label) <= _LABEL_MAX and not re.fullmatch(r"[\d.、/]*", label):
            return label
    return ""


def _is_support(metric: str) -> bool:
    return bool(SUPPORT_RE.search(metric)) or metric.endswith(("给予", "支持"))


def _matches(sentence: str, vocab: Vocabulary):
    """(start, metric, qualifier, value, unit) of each target figure in the sentence, in order."""
    found, spans = [], []
    for m in vocab.target_re.finditer(sentence):
        metric = m.group(1)
        if m.group(5) and metric.endswith(vocab.target_verbs):
            metric += m.group(5)  # 培养不少于3500名基层医生: the count's noun follows it
        found.append((m.start(2), metric, m.group(2), m.group(3), m.group(4)))
        spans.append((m.start(3), m.end(4)))
    qualifiers = tuple(vocab.profile.target_qualifiers) + ("含", "为", "是", "共", "有")
    previous_end, previous_led = -2, False
    for m in vocab.postfix_target_re.finditer(sentence):
        metric, noun = m.group(1), m.group(5)
        # A count is a target when a verb sets it (建成…150个), or it continues such a list (、数字化车间300个);
        # a count that is stated (计划总数为563个, 共有药品6399个) is not.
        led = any(v in metric for v in vocab.target_verbs) or m.group(4) == "以上" or (
            previous_led and m.start() == previous_end + 1 and sentence[previous_end] == "、")
        previous_end, previous_led = m.end(), led
        if not led or any(a <= m.start(2) < b for a, b in spans) or metric.endswith(qualifiers):
            continue
        qualifier = m.group(4) or ""
        if metric.endswith("约"):  # 培训约1000名: an approximate figure
            metric, qualifier = metric[:-1], "约"
        found.append((m.start(2), metric + noun, qualifier, m.group(2), m.group(3)))
    return sorted(found)


def clause_targets(document, clause, by_id, subject_for, vocab: Vocabulary, make_fact) -> list[TargetFact]:
    out = []
    year_in_clause = inherited_year(clause, by_id)
    for line in clause.text.split("\n"):
        cells = line.split("｜")
        for i, cell in enumerate(cells):
            label = _row_label(cells, i) if len(cells) > 1 else ""
            previous = ""
            for sentence in split_sentences(cell):
                first = YEAR_RE.search(sentence)
                default_year = first.group(1) if first else year_in_clause
                for start, raw, qualifier, value, unit in _matches(sentence, vocab):
                    year = _year_before(sentence, start, default_year)
                    metric = _clean_metric(raw)
                    if not year or _is_support(metric):
                        continue  # undated: a condition; 给予不低于200万元: a support amount
                    if "力争" in sentence[:start] and qualifier and not qualifier.startswith("力争") \
                            and qualifier not in ("以上", "左右"):
                        qualifier = "力争" + qualifier
                    metric = (metric or previous or _before_colon(sentence, start) or label or clause.title
                              or subject_for(clause).name)
                    previous = metric
                    owner = subject_for(clause)
                    overview = by_id.get(owner.clause_id, clause).level < 3 and "·" not in clause.clause_id
                    out.append(make_fact(document, clause, "target", sentence, subject=owner.name,
                                         overview=overview, subject_clause=owner.clause_id, metric=metric,
                                         qualifier=qualifier, value=value, unit=unit, year=year))
                years = YEAR_RE.findall(sentence)
                if years:
                    year_in_clause = years[-1]
    return out


def summary_targets(document, clauses, subjects, vocab: Vocabulary, make_fact) -> list[TargetFact]:
    """Targets in an overview clause (e.g. 一（四）发展目标) that name several subjects at once."""
    names = [s.name for s in subjects]
    out = []
    for clause in clauses:
        if clause.level > 2 or "·" in clause.clause_id or not names:
            continue
        assigned: set[str] = set()
        year = ""
        for sentence in split_sentences(clause.text):
            y = YEAR_RE.search(sentence)
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
                        out.append(make_fact(document, clause, "target", sentence, subject="全部集群",
                                             subject_clause=clause.clause_id,
                                             metric=YEAR_RE.sub("", m.group(1)).strip("，, 到"),
                                             qualifier=m.group(2), value=m.group(3), unit=m.group(4), year=year,
                                             summary=True))
                    continue
                assigned.update(listed)
                for name in listed:
                    subject = next(s for s in subjects if s.name == name)
                    out.append(make_fact(document, clause, "target", sentence, subject=name,
                                         subject_clause=subject.clause_id, metric="产业规模", qualifier=m.group(2),
                                         value=m.group(3), unit=m.group(4), year=year, summary=True))
    return out


def _mentions(text: str, name: str) -> bool:
    if name in text:
        return True
    stem = re.sub(r"(业|产业)$", "", name)
    return len(stem) >= 3 and stem in text
