"""A user's own number picks its tier: "年纳税1200万元的企业奖多少" against
"纳税1000万元（含）至3000万元的，奖励50万元；3000万元以上的，奖励100万元".

Quantities are read by shape for any document: a number, its unit (元/万元/亿元, 人, 平方米, %,
岁 …) and the words that bound it. Chinese legal drafting reads 以上/以下/不低于/不超过/达到/满
as including the number itself, 超过/高于/不足/低于/未满 as excluding it, and（含）/（不含）
after a number as saying so outright.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SCALE = {"万亿元": 1e12, "亿元": 1e8, "万元": 1e4, "元": 1.0, "亿": 1e8, "万": 1e4,
          "万人": 1e4, "人": 1.0, "名": 1.0, "平方米": 1.0, "%": 1.0, "周岁": 1.0, "岁": 1.0, "家": 1.0, "户": 1.0,
          "年": 1.0, "个月": 1 / 12}
_KIND = {"万亿元": "money", "亿元": "money", "万元": "money", "元": "money", "亿": "money", "万": "money",
         "万人": "people", "人": "people", "名": "people", "平方米": "area", "%": "percent", "周岁": "age",
         "岁": "age", "家": "count", "户": "count", "年": "duration", "个月": "duration"}
# Counted things by their measure word, in any document: 600亩, 2.5万人次, 30公里, 5000吨; 万 scales them.
_MEASURES = ("人次", "亩", "公顷", "公里", "千米", "吨", "台", "套", "辆", "项", "件", "床", "间", "座", "千瓦", "兆瓦")
for _m in _MEASURES:
    _SCALE[_m], _KIND[_m], _SCALE["万" + _m], _KIND["万" + _m] = 1.0, _m, 1e4, _m
_UNIT = (r"(万亿元|亿元|万元|元|" + "|".join(f"万?{m}" for m in _MEASURES)
         + r"|万人|人|名|平方米|%|周岁|岁|家|户|亿|万|个月|年(?!度|底|内|起))")
_NUM = r"(\d+(?:\.\d+)?)"
_INCL = r"(?:\((含|不含)[^)]{0,6}\))?"
_BETWEEN_RE = re.compile(_NUM + r"\s*" + _UNIT + r"?\s*" + _INCL + r"\s*(?:及?以上)?(?:至|到|-|~|—|－|～)\s*(未满|不满|不足|低于)?"
                         + _NUM + r"\s*" + _UNIT + r"\s*" + _INCL)  # "满35周岁至未满45周岁": the upper bound left out
_LOWER_WORDS = {"超过": False, "高于": False, "大于": False, "多于": False, "不低于": True, "不少于": True,
                "达到": True, "满": True}
_UPPER_WORDS = {"不足": False, "低于": False, "少于": False, "未满": False, "小于": False, "不超过": True,
                "不高于": True, "不得超过": True}
_LOWER_WORDS.update({"不得低于": True, "不得少于": True})
_BOUND_RE = re.compile(r"(不得超过|不得低于|不得少于|超过|高于|大于|多于|不低于|不少于|达到|满|不足|低于|少于|未满|小于|不超过|不高于)?\s*"
                       + _NUM + r"\s*" + _UNIT + r"\s*" + _INCL + r"\s*(及以上|或以上|以上|及以下|或以下|以下|以内)?"
                       + r"\s*" + _INCL)
_YEAR_RE = re.compile(r"(19|20)\d\d年")
_PIECE_RE = re.compile(r"[^；;]+[；;]?")


@dataclass(frozen=True)
class Quantity:
    value: float  # in the base unit of its kind (元, 人 …)
    kind: str
    written: str


@dataclass(frozen=True)
class Range:
    kind: str
    lo: float | None
    hi: float | None
    lo_incl: bool = True
    hi_incl: bool = True

    def holds(self, q: Quantity) -> bool:
        if q.kind != self.kind:
            return False
        if self.lo is not None and (q.value < self.lo or (q.value == self.lo and not self.lo_incl)):
            return False
        return not (self.hi is not None and (q.value > self.hi or (q.value == self.hi and not self.hi_incl)))


_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_POWER = {"十": 10, "百": 100, "千": 1000}
# "二十年", "三个月", "六十周岁": a number in words right before a unit (not 一年级, 第三条)
_CN_NUMBER_RE = re.compile(r"(?<!第)([零〇一二两三四五六七八九十百千]+)(?=\s*(?:万亿元|亿元|万元|元|万人|人|名|平方米|周岁|岁|家|户|个月|年(?!级)"
                           r"|(?:至|到)[零〇一二两三四五六七八九十百千\d]+\s*(?:万亿元|亿元|万元|元|万人|人|名|平方米|周岁|岁|家|户|个月|年)))")
# "一至四年": the lower bound of a range written in words takes the unit after the upper one


def _cn_value(words: str) -> int | None:
    total, digit = 0, None
    for ch in words:
        if ch in _CN_DIGIT:
            if digit is not None:
                return None  # "二三" is no number
            digit = _CN_DIGIT[ch]
        else:
            total += (1 if digit is None else digit) * _CN_POWER[ch]
            digit = None
    return total + (digit or 0)


def _cn_numbers(text: str) -> str:
    return _CN_NUMBER_RE.sub(lambda m: str(v) if (v := _cn_value(m.group(1))) is not None else m.group(1), text)


def _norm(text: str) -> str:
    """NFKC, numbers in words as digits ("二十年" -> 20年), "3年半" / "1个半月" read as 3.5年 /
    1.5个月, and the spoken "16块钱" / "3万块" as 元."""
    text = _cn_numbers(re.sub(r"[ \t\u3000]+", "", unicodedata.normalize("NFKC", text or "")))  # "以 上" from a PDF
    text = re.sub(r"(\d+(?:\.\d+)?)\s*(万)?块(?:钱)?", lambda m: f"{m.group(1)}{m.group(2) or ''}元", text)
    return re.sub(r"(\d+)(年|个)半(月)?", lambda m: f"{m.group(1)}.5{'年' if m.group(2) == '年' else '个月'}", text)


def _value(number: str, unit: str) -> float:
    return float(number) * _SCALE[unit]


def quantities(question: str) -> tuple[Quantity, ...]:
    """The user's own figures in a question (years and bare numbers are not figures)."""
    text = _YEAR_RE.sub(" ", _norm(question))
    found = []
    for m in re.finditer(_NUM + r"\s*" + _UNIT, text):
        found.append(Quantity(_value(m.group(1), m.group(2)), _KIND[m.group(2)], m.group(0)))
    return tuple(found)


def ranges(text: str) -> tuple[Range, ...]:
    """The bounded ranges a sentence states (an open number with no bound word is not a range)."""
    text = _YEAR_RE.sub(" ", _norm(text))
    out, taken = [], []
    for m in _BETWEEN_RE.finditer(text):
        lo_num, lo_unit, lo_mark, below, hi_num, hi_unit, hi_mark = m.groups()
        lo_unit = lo_unit or hi_unit
        if _KIND[lo_unit] != _KIND[hi_unit]:
            continue
        out.append(Range(_KIND[hi_unit], _value(lo_num, lo_unit), _value(hi_num, hi_unit),
                         lo_incl=lo_mark != "不含",
                         # "1000万元（含）至3000万元": the mark on the lower bound only leaves the upper out
                         hi_incl=False if below else (hi_mark == "含" if lo_mark == "含" else hi_mark != "不含")))
        taken.append(m.span())
    for m in _BOUND_RE.finditer(text):
        if any(m.start() < b and m.end() > a for a, b in taken):
            continue
        word, number, unit, incl, tail, incl2 = m.groups()
        if word == "满" and text[max(0, m.start() - 1):m.start()] == "每":
            continue  # "每满一年，…增加一个月" is a rate, not a bound
        incl = incl or incl2
        value, kind = _value(number, unit), _KIND[unit]
        if word in _LOWER_WORDS or (tail and "上" in tail):
            inclusive = _LOWER_WORDS.get(word, True) if word else True
            out.append(Range(kind, value, None, lo_incl=inclusive if incl is None else incl == "含"))
        elif word in _UPPER_WORDS or tail:
            inclusive = _UPPER_WORDS.get(word, True) if word else True
            out.append(Range(kind, None, value, hi_incl=inclusive if incl is None else incl == "含"))
    return tuple(out)


def verdict(text: str, figures: tuple[Quantity, ...]) -> int:
    """+1: a range of the text holds one of the user's figures; -1: the text bounds figures of that
    kind and none holds; 0: it says nothing about them."""
    kinds = {q.kind for q in figures}
    bounded = [r for r in ranges(text) if r.kind in kinds]
    if not bounded:
        return 0
    return 1 if any(r.holds(q) for r in bounded for q in figures) else -1


def tier_piece(sentence: str, figures: tuple[Quantity, ...]) -> str:
    """The one ；-separated piece of a tiered sentence whose range holds the user's figure, verbatim;
    '' when the sentence is not tiered or no single piece holds it."""
    pieces = [p.strip() for p in _PIECE_RE.findall(sentence) if p.strip()]
    if len(pieces) < 2:
        return ""
    holding = [p for p in pieces if verdict(p, figures) > 0]
    excluded = [p for p in pieces if verdict(p, figures) < 0]
    return holding[0] if len(holding) == 1 and excluded else ""
