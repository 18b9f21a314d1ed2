"""Numbering labels, attachment markers and 落款 blocks of Chinese official drafting.

`match_heading` recognises one line's own numbering label; `attachment_marker` an
"附件" / "附件2" / "附件：名称" line; `closing_spans` the issuer-and-date blocks (落款),
at the end of the document or in the middle of it (a 通知's own 落款 before the 办法 it
印发s). Everything here is a general rule of official drafting, not one document's wording.
"""
from __future__ import annotations

import re
import unicodedata

_CN_NUM = "零〇一二三四五六七八九十百"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# "第19条", and "第 1 0 条" as text taken from a PDF spaces its digits: written 第10条
_DIGITS = r"\s?[0-9０-９](?:\s?[0-9０-９]){0,2}\s?"
HEADING_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(rf"^(第(?:[{_CN_NUM}]+|{_DIGITS})章)\s*(.*)$")),
    ("article", re.compile(rf"^(第(?:[{_CN_NUM}]+|{_DIGITS})条)\s*(.*)$")),
    ("step", re.compile(rf"^(第[{_CN_NUM}]+步)\s*[：:、．.]?\s*(.*)$")),
    ("step", re.compile(rf"^(步骤\s*(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})|[Ss]tep\s*\d{{1,2}})\s*[：:、．.]\s*(.*)$")),
    ("part", re.compile(rf"^([{_CN_NUM}]+)\s?[、．.]\s*(.*)$")),  # "二 、支持范围" from a PDF
    ("section", re.compile(rf"^[（(]([{_CN_NUM}]+)[）)]\s*(.*)$")),
    ("guide", re.compile(r"^(0[1-9]|[1-9]\d)\s+(.*)$")),  # "01 什么是…" guide headings
    ("item", re.compile(r"^(\d{1,2})([.．、](?!\d)|\s)\s*(.*)$")),
    ("item", re.compile(r"^(\d{1,2})[.．](\d{4}年.*|.*[？?])$")),  # "1.2025年度…？": a label, not a decimal
    ("subitem", re.compile(r"^[（(](\d{1,2})[）)]\s*(.*)$")),
    ("circled", re.compile(rf"^([{_CIRCLED}])\s*(.*)$")),
    ("question", re.compile(r"^(问)\s*[：:]\s*(.+)$")),
]
# Nesting order. An open label of the same style closes what is under it; a style that ranks
# at or above every open one while the document is inverted (top-level "1.…？" questions with
# （一） inside) nests under the innermost open node instead of closing everything.
RANK = {"chapter": 0, "article": 1, "part": 2, "guide": 2, "step": 2.5, "section": 3,
        "item": 4, "subitem": 5, "circled": 6, "question": 7}
DATE_RE = re.compile(r"^(\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日$")
SENTENCE_END = "。！？；;"
# "3 个月" is a quantity, not item 3; "2.个人缴费费率：" and "1.个体工商户…" are items.
_COUNT_WORD_RE = re.compile(r"个(?!人|体|税)")
_ATTACHMENT_RE = re.compile(r"^附\s*件\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})?\s*(?:[：:]\s*(.*))?$")


def match_heading(line: str) -> tuple[str, str, str] | None:
    """(kind, label number, rest of the line) when the line opens with a numbering label."""
    for kind, pattern in HEADING_PATTERNS:
        m = pattern.match(line)
        if m:
            num, rest = m.group(1), m.group(m.lastindex)
            spaced = kind == "item" and m.lastindex == 3 and m.group(2).isspace()  # "3 年": a quantity
            if kind in ("part", "guide") and not rest:
                return None
            if kind == "guide" and (rest[0] in "年月日%％万亿个元岁" or len(rest) > 60):
                return None
            if kind == "item" and (not rest or (spaced and rest[0] in "年月日%％万亿") or _COUNT_WORD_RE.match(rest)):
                return None
            if kind in ("item", "subitem"):
                num = unicodedata.normalize("NFKC", num)
            if kind in ("chapter", "article"):  # "第 1 0 条" -> 第10条
                num = unicodedata.normalize("NFKC", re.sub(r"\s+", "", num))
            if kind == "step":  # "步骤 1" -> 步骤1, "Step 2" -> Step2
                num = re.sub(r"\s+", "", num)
            return kind, num, rest
    return None


def attachment_marker(line: str) -> tuple[str, str] | None:
    """("2", "名称") for "附件2：名称"; ("", "") for a bare "附件"; None for other lines."""
    if len(line) > 80:
        return None
    m = _ATTACHMENT_RE.match(line)
    if not m:
        return None
    return unicodedata.normalize("NFKC", m.group(1) or ""), (m.group(2) or "").strip()


def _issuer_like(line: str) -> bool:
    return (len(line) <= 40 and line[-1] not in SENTENCE_END and not match_heading(line)
            and not line.startswith(("（", "(")) and "：" not in line and ":" not in line
            and attachment_marker(line) is None)


def closing_start(lines: list[str], end: int) -> int:
    """Index where the issuer lines before the date line `lines[end - 1]` begin."""
    start = end - 1
    while start > 0:
        prev = lines[start - 1]
        if not prev:
            start -= 1
            continue
        if _issuer_like(prev):
            start -= 1
            continue
        break
    return start


def split_closing(lines: list[str]) -> tuple[list[str], list[str]]:
    """Separate the issuer/date lines at the end of the document."""
    end = len(lines)
    while end and not lines[end - 1]:
        end -= 1
    if not end or not DATE_RE.match(lines[end - 1].replace(" ", "")):
        return lines, []
    start = closing_start(lines, end)
    closing = [line for line in lines[start:end] if line]
    return lines[:start], closing


def closing_spans(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each 落款 inside `lines`: issuer line(s) directly followed by a date line."""
    spans = []
    for i, line in enumerate(lines):
        if not line or not DATE_RE.match(line.replace(" ", "")):
            continue
        start = closing_start(lines, i + 1)
        if start < i and any(lines[start:i]):
            spans.append((start, i + 1))
    return spans
