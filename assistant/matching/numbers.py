"""Which profile number measures a condition's metric: shared character pairs of the two
wordings (after the corpus profile's metric aliases), in a compatible unit."""
from __future__ import annotations

import re

from assistant.matching.profile import Number
from core.amounts import fold_unit, is_money


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _expand(text: str, aliases: dict) -> str:
    extra = [" ".join([k, *v]) for k, v in aliases.items() if k in text or any(a in text for a in v)]
    return text + " " + " ".join(extra)


_WEAK_BIGRAMS = {"企业", "本市", "项目", "年度", "实际", "单位", "人员", "完成", "万元", "金额", "数量", "每年", "以上",
                 "给予", "按照", "规定", "申请", "补贴", "补助", "上一", "一年", "上年", "去年", "今年", "当年", "每月"}


def best_number(metric: str, unit: str, numbers: list[Number], aliases: dict, topic: str = "") -> Number | None:
    """The profile number that measures `metric` in a compatible unit, by shared words; a number
    whose sentence also names `topic` (the tier's item) wins a tie."""
    want = _bigrams(_expand(metric, aliases)) - _WEAK_BIGRAMS
    about = _bigrams(topic) - _WEAK_BIGRAMS
    best, score = None, 0.0
    for n in numbers:
        if not _compatible(unit, n.unit):
            continue
        s = len(want & (_bigrams(_expand(n.context, aliases)) - _WEAK_BIGRAMS))
        if s and about:
            s += 0.5 * len(about & _bigrams(n.segment))
        if s > score:
            best, score = n, s
    return best


def _compatible(want: str, have: str) -> bool:
    want, have = fold_unit(want), fold_unit(have)
    return (is_money(want) and is_money(have)) or want == have or (not have and want not in ("%",))
