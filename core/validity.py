"""A document's validity on a given day: 现行有效, 已失效, 尚未生效 or 未注明 (DESIGN.md 6).

Read from what ingest found: the ISO dates of a page's info box or sidecar (`effective`,
`expires`), else the document's own validity sentence ("自2024年5月1日起施行，有效期至
2027年4月30日", "本通知有效期1年", "自印发之日起施行，有效期5年"), counted from its
effective date or, for 自印发之日起, from its date of issue.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from core.records import Document

CURRENT, EXPIRED, NOT_YET, UNSTATED = "现行有效", "已失效", "尚未生效", "未注明"

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DATE_RE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_UNTIL_RE = re.compile(r"(?:有效期|执行期|实施期)(?:限)?(?:至|到|截至)\s*(\d{4}年\d{1,2}月\d{1,2}日)")
_FROM_RE = re.compile(r"自\s*(\d{4}年\d{1,2}月\d{1,2}日)\s*起(?:施行|实施|执行|生效)")
_ON_ISSUE_RE = re.compile(r"自(?:印发|发布|公布|下发)之日起(?:施行|实施|执行|生效)")
_SPAN_RE = re.compile(r"有效期(?:为)?\s*([\d一二两三四五六七八九十]+)\s*(年|个月)")


@dataclass(frozen=True)
class Validity:
    status: str  # CURRENT | EXPIRED | NOT_YET | UNSTATED
    effective: date | None = None
    expires: date | None = None  # the last day it is in force

    def note(self, title: str) -> str:
        """One Chinese sentence for an answer, or '' when there is nothing to warn about."""
        if self.status == EXPIRED and self.expires:
            return f"注意：《{title}》已于{_written(self.expires)}到期失效，以上内容可能已不再适用。"
        if self.status == NOT_YET and self.effective:
            return f"注意：《{title}》自{_written(self.effective)}起施行，目前尚未生效。"
        return ""

    def source_line(self, title: str) -> str:
        """The line every answer ends with: which document it rests on and whether it is in force."""
        warning = self.note(title)
        if warning:
            return warning
        if self.status == CURRENT and self.expires:
            return f"依据：《{title}》，现行有效（有效期至{_written(self.expires)}）。"
        if self.status == CURRENT:
            return f"依据：《{title}》，现行有效。"
        return f"依据：《{title}》，文件未注明有效期。"


def parse_date(text: str) -> date | None:
    m = _DATE_RE.search(text or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _written(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0) if len(text) > 1 else 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 0) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(text, 0)


def _add(day: date, count: int, unit: str) -> date:
    if unit == "年":
        try:
            end = day.replace(year=day.year + count)
        except ValueError:  # 29 February
            end = day.replace(year=day.year + count, day=28)
    else:
        month = day.month - 1 + count
        year, month = day.year + month // 12, month % 12 + 1
        end = day.replace(year=year, month=month, day=min(day.day, 28))
    return end - timedelta(days=1)


def validity_of(doc: Document, today: date) -> Validity:
    text = doc.validity or ""
    effective = parse_date(doc.effective) or (parse_date(m.group(1)) if (m := _FROM_RE.search(text)) else None)
    if effective is None and _ON_ISSUE_RE.search(text):
        effective = parse_date(doc.date)
    expires = parse_date(doc.expires) or (parse_date(m.group(1)) if (m := _UNTIL_RE.search(text)) else None)
    if expires is None and (span := _SPAN_RE.search(text)):
        start = effective or parse_date(doc.date)
        if start is not None:
            expires = _add(start, _number(span.group(1)), span.group(2))
    if expires is None and effective is None:
        return Validity(UNSTATED)
    if expires is not None and today > expires:
        return Validity(EXPIRED, effective, expires)
    if effective is not None and today < effective:
        return Validity(NOT_YET, effective, expires)
    return Validity(CURRENT, effective, expires)
