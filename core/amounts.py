"""Money and quantity units shared by condition extraction (ingest) and matching (assistant).

Money is compared in 万元: "1亿元" is 10000, "2000元" is 0.2. Other units compare as written,
after folding synonyms (公斤 -> 千克, 周岁 -> 岁).
"""
from __future__ import annotations

import re

MONEY_TO_WAN = {"万亿元": 1e8, "亿元": 1e4, "亿": 1e4, "万元": 1.0, "万": 1.0, "千元": 0.1, "元": 1e-4}
_UNIT_FOLD = {"公斤": "千克", "周岁": "岁", "名": "人", "位": "人", "月": "个月"}
AMOUNT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(万亿元|亿元|万元|千元|元)")


def fold_unit(unit: str) -> str:
    return _UNIT_FOLD.get(unit, unit)


def is_money(unit: str) -> bool:
    return unit in MONEY_TO_WAN


def to_wan(value: float, unit: str) -> float:
    return value * MONEY_TO_WAN[unit]


def parse_amount(text: str) -> float | None:
    """The first amount in `text`, in 万元 ("最高1亿元" -> 10000.0)."""
    m = AMOUNT_RE.search(text or "")
    return to_wan(float(m.group(1)), m.group(2)) if m else None


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def format_wan(value: float) -> str:
    """万元 written the way policy texts write it: 600万元, 1亿元, 2000元."""
    if value >= 10000 and value % 10000 == 0:
        return f"{_number(value / 10000)}亿元"
    if value < 1:
        return f"{_number(value * 10000)}元"
    return f"{_number(value)}万元"


def same_amount(a: str | None, b: str | None) -> bool:
    """Whether two written amounts are equal ("1万元" == "10000元"); None equals None only."""
    if a is None or b is None:
        return a is None and b is None
    x, y = parse_amount(a), parse_amount(b)
    if x is None or y is None:
        return a.strip() == b.strip()
    return abs(x - y) < 1e-6 * max(1.0, abs(x))
