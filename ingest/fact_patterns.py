"""The corpus profile's words compiled into the patterns fact extraction uses (once per profile)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.profile import CorpusProfile, load_profile

NUM = r"(\d+(?:\.\d+)?)"
SUPPORT_RE = re.compile(r"给予|资助|奖励|补贴|补助|资金支持|一事一议|优先|倾斜|绿色.?通道|享受")
# After a figure, what makes it something other than a stated target: a threshold ("超过1亿元的企业",
# "达到60%以上（含60%）的"), or a duration ("3个月", "5个工作日").
_NOT_A_TARGET_AFTER = r"(?!(?:以上|以下|及以上)?(?:[（(][^（）()]*[）)])?的|[月日天周岁]|工作日|小时)"


@dataclass(frozen=True)
class Vocabulary:
    """The profile's words as the patterns extraction uses."""

    role_words: dict
    role_line_re: re.Pattern
    target_re: re.Pattern  # metric, qualifier, value, unit, noun after: 产业规模达到5000亿元, 培养不少于3500名医生
    postfix_target_re: re.Pattern  # metric, value, unit, postfix, noun: 建成起降场（点）150个以上, 培养3500名医生
    target_verbs: tuple[str, ...]
    profile: CorpusProfile


_vocabularies: dict[str, Vocabulary] = {}


def _alternatives(words) -> str:
    """An atomic alternation, longest word first: 万人次 is never read as 万人 and a dangling 次."""
    return "(?>" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


def vocabulary(profile: CorpusProfile | None) -> Vocabulary:
    profile = profile or load_profile()
    if profile.fingerprint not in _vocabularies:
        roles = profile.role_words
        role_alt = "|".join(map(re.escape, roles))
        units = _alternatives(profile.target_units)
        qualifiers = "|".join(map(re.escape, profile.target_qualifiers))
        _vocabularies[profile.fingerprint] = Vocabulary(
            roles,
            re.compile(rf"({role_alt})[：:]([^；;。\n]+)"),
            re.compile(rf"([^，,。；;：:]*?)(?<![不最])({qualifiers}){NUM}({units}){_NOT_A_TARGET_AFTER}"
                       rf"(?=([^，,。；;：:、｜（）()\d]{{0,16}})(?:$|[，,。；;、）)｜]))?"),
            re.compile(rf"([^，,。；;：:、｜]*?)(?<![\d.\-～~—至第每]){NUM}({units})(以上|左右)?"
                       rf"([^，,。；;：:、｜（）()\d]{{0,16}})(?=$|[，,。；;、）)｜])"),
            tuple(profile.target_verbs),
            profile,
        )
    return _vocabularies[profile.fingerprint]
