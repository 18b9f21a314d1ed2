"""Text normalisation.

Stored clause text keeps the document's own characters, so that quotes are verbatim.
`fold` is for matching only: NFKC (full-width digits and letters become half-width),
lower case, traditional kept as is (see assistant.entities for 繁->简).
"""
from __future__ import annotations

import re
import unicodedata

_SPACE_RE = re.compile(r"[ \t\u3000\u00a0]+")


def clean_document_text(text: str) -> str:
    """Strip BOM, unify newlines, trim indentation; keep the document's own characters."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip(" \t\u3000\u00a0") for line in text.split("\n")]
    return "\n".join(lines).strip()


def fold(text: str) -> str:
    """Matching form: NFKC, lower case, no whitespace."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text)).lower()


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_numeral(text: str) -> int | None:
    """'十八' -> 18, '二十三' -> 23, '一百零五' -> 105; None if not a numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current
