"""The gold-set report: Chinese text tables for the terminal, and the same numbers as JSON."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from eval.metrics import ItemScore, Summary, by_category, by_tag, summarize

CATEGORY_NAMES = {
    "targets": "目标",
    "facts": "事实",
    "units": "单位职责",
    "lists": "列举",
    "measures": "措施",
    "metadata": "文件信息",
    "multiturn": "多轮",
    "refusal": "拒答",
}
TAG_NAMES = {"robust": "表述变体", "conflict": "表述冲突"}
BASELINE_NAME = "LangChain 基线"
SYSTEM_NAME = "本系统"

# (label, Summary attribute of the share, numerator, denominator)
METRICS = [
    ("答案准确率", "answer_accuracy", "answer_correct", "answerable"),
    ("引用准确率", "citation_accuracy", "citation_correct", "citable"),
    ("引用召回率", "citation_recall", "expected_cited", "expected_clauses"),
    ("引用精确率", "citation_precision", "cited_precise", "cited_distinct"),
    ("拒答准确率", "refusal_accuracy", "refusal_correct", "refusal_items"),
    ("误拒率", "false_refusal_rate", "false_refusals", "answerable"),
    ("引文原文率", "quote_verbatim_rate", "quotes_verbatim", "quotes_checked"),
]


@dataclass
class Results:
    """Scores of one system over the gold set."""

    name: str
    scores: list[ItemScore]

    @property
    def overall(self) -> Summary:
        return summarize(self.scores)

    def as_dict(self) -> dict:
        return {
            "overall": self.overall.as_dict(),
            "by_category": {k: v.as_dict() for k, v in by_category(self.scores).items()},
            "by_tag": {k: v.as_dict() for k, v in by_tag(self.scores).items()},
        }


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, right: bool = False) -> str:
    fill = " " * max(0, size - width(text))
    return fill + text if right else text + fill


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    cols = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "  ".join(pad(c, cols[i], right=i > 0) for i, c in enumerate(cells)).rstrip()

    return [line(header), "  ".join("-" * c for c in cols), *(line(r) for r in rows)]


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def share(summary: Summary, attr: str, num: str, den: str) -> str:
    value = getattr(summary, attr)
    return "—" if value is None else f"{pct(value)} ({getattr(summary, num)}/{getattr(summary, den)})"


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def category_label(name: str) -> str:
    zh = CATEGORY_NAMES.get(name)
    return f"{zh} {name}" if zh else name


def _metric_table(groups: dict[str, Summary], overall: Summary, label_of=category_label, title: str = "类别"
                  ) -> list[str]:
    header = [title, "题数", *(m[0] for m in METRICS), "P50 ms", "P95 ms"]
    rows = []
    for name, s in [*groups.items(), ("__overall__", overall)]:
        label = "总体" if name == "__overall__" else label_of(name)
        rows.append([label, str(s.items), *(share(s, *m[1:]) for m in METRICS), ms(s.latency_p50), ms(s.latency_p95)])
    return table(header, rows)


def _order(groups: dict[str, Summary]) -> dict[str, Summary]:
    known = [k for k in CATEGORY_NAMES if k in groups]
    return {k: groups[k] for k in known + sorted(k for k in groups if k not in CATEGORY_NAMES)}


def render(gold_path: str, system: Results, baseline: Results | None, *, skipped: list[str] = (),
           show_failures: bool = False, baseline_info: str = "") -> str:
    """The whole report as text."""
    overall = system.overall
    out = [
        "政策问答助手 · 金标准评测报告",
        f"金标准：{gold_path}（{overall.items} 题：应作答 {overall.answerable}，应拒答 {overall.refusal_items}）",
    ]
    out += [f"  跳过：{s}" for s in skipped]
    out += ["", f"一、{SYSTEM_NAME}：按类别", *_metric_table(_order(by_category(system.scores)), overall)]
    tags = by_tag(system.scores)
    if tags:
        out += ["", f"二、{SYSTEM_NAME}：按标签",
                *_metric_table(tags, overall, lambda t: f"{TAG_NAMES.get(t, t)} {t}", "标签")]
    if baseline is not None:
        b_overall = baseline.overall
        out += ["", f"三、对比：{SYSTEM_NAME} vs {BASELINE_NAME}"]
        if baseline_info:
            out.append(f"  基线：{baseline_info}")
        rows = [[label, share(overall, *m), share(b_overall, *m)] for label, *m in METRICS]
        rows += [["延迟 P50 ms", ms(overall.latency_p50), ms(b_overall.latency_p50)],
                 ["延迟 P95 ms", ms(overall.latency_p95), ms(b_overall.latency_p95)]]
        out += table(["指标", SYSTEM_NAME, BASELINE_NAME], rows)
        out += ["", "  按类别：答案准确率 / 拒答准确率"]
        sys_cat, base_cat = _order(by_category(system.scores)), by_category(baseline.scores)
        rows = []
        for name, s in sys_cat.items():
            b = base_cat.get(name, Summary())
            rows.append([category_label(name), str(s.items),
                         share(s, *METRICS[0][1:]), share(b, *METRICS[0][1:]),
                         share(s, *METRICS[3][1:]), share(b, *METRICS[3][1:])])
        out += table(["类别", "题数", f"答案·{SYSTEM_NAME}", "答案·基线", f"拒答·{SYSTEM_NAME}", "拒答·基线"], rows)
    failures = [s for s in system.scores if s.failures()]
    out += ["", f"未通过：{len(failures)} / {overall.items} 题"
            + ("" if show_failures or not failures else "（加 --show-failures 查看明细）")]
    if show_failures:
        for s in failures:
            out += render_failure(s)
    return "\n".join(out)


def _expected(s: ItemScore) -> str:
    if s.expect_refused:
        return "拒答"
    parts = ["作答"]
    if s.must_include:
        parts.append("须含：" + "、".join(m if isinstance(m, str) else "/".join(m) for m in s.must_include))
    if s.expected_clauses:
        parts.append("条款：" + "、".join(s.expected_clauses))
    return "；".join(parts)


def render_failure(s: ItemScore, limit: int = 240) -> list[str]:
    answer = s.answer.replace("\n", " ")
    if len(answer) > limit:
        answer = answer[:limit] + "…"
    lines = [
        f"- [{s.id}] {category_label(s.category)}：{'；'.join(s.failures())}",
        f"    问题：{s.question}",
        f"    期望：{_expected(s)}",
        f"    实际：{'拒答' if s.refused else '作答'}；引用：{'、'.join(s.cited_clauses) or '无'}",
        f"    答案：{answer}",
    ]
    lines += [f"    非原文引文：{q[:limit]}" for q in s.bad_quotes]
    return lines


def failure_dict(s: ItemScore) -> dict:
    return {
        "id": s.id,
        "category": s.category,
        "question": s.question,
        "reasons": s.failures(),
        "expected": {"refused": s.expect_refused, "must_include": [m if isinstance(m, str) else list(m)
                                                                   for m in s.must_include],
                     "clauses": list(s.expected_clauses)},
        "got": {"refused": s.refused, "answer": s.answer, "clauses": list(s.cited_clauses),
                "missing": [m if isinstance(m, str) else list(m) for m in s.missing],
                "bad_quotes": list(s.bad_quotes)},
    }


def as_json(gold_path: str, system: Results, baseline: Results | None, *, skipped: list[str] = (),
            baseline_info: str = "") -> dict:
    return {
        "gold": gold_path,
        "skipped": list(skipped),
        "system": system.as_dict(),
        "baseline": None if baseline is None else {**baseline.as_dict(), "description": baseline_info},
        "failures": [failure_dict(s) for s in system.scores if s.failures()],
        "items": [item_dict(s) for s in system.scores],
    }


def item_dict(s: ItemScore) -> dict:
    """One line per item, passed or not, so citation precision can be read item by item."""
    return {"id": s.id, "category": s.category, "passed": not s.failures(), "refused": s.refused,
            "clauses": list(s.cited_clauses), "precise_cited": s.precise_cited,
            "distinct_cited": s.distinct_cited}
