"""The thing whose amount is asked, held against the sentence that answers it.

"民办学校一学期学费要多少钱" is not answered by the 学位补贴 a document pays per term: a sum
answers only when it is the asked thing's.
"""
from __future__ import annotations

import re

from assistant.guards import asked_things
from assistant.question import Question
from assistant.tables import table_header
from assistant.word_forms import abbreviated_in, kin_in
from core.records import Answer


# A sum of money that is a fee, a standard or a payment (not an economy's scale: 产业规模超过4000亿元).
_MONEY_RE = re.compile(r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)\s*(?:万亿元|亿元|万元|元)|"  # 3万元, 一万元
                       # a share of a standard or a sum ("应奖励额的30%", "地方财政贡献的70%")
                       r"(?:标准|工资|基数|收入|额|费用|贡献)的(?:\d+(?:\.\d+)?%|百分之[一二三四五六七八九十百]+)|"
                       r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十]+)倍")  # or a multiple of one ("1.6倍", "二倍以上五倍以下的罚款")
_SCALE_RE = re.compile(r"规模|产值|营业收入|主营业务收入|销售收入|增加值|总量|投资|融资|市值|产业")


def states_money(text: str) -> bool:
    """The text states a sum of money that is not an economy's scale."""
    return bool(_MONEY_RE.search(text)) and not _SCALE_RE.search(text)


def led_by(result: Answer, i: int) -> Answer:
    """The same answer, led by its i-th quoted sentence."""
    lines = result.text.split("\n")
    claims = (result.claims[i],) + result.claims[:i] + result.claims[i + 1:]
    if len(lines) == len(result.claims):
        lines = [lines[i]] + lines[:i] + lines[i + 1:]
    return Answer("\n".join(lines), claims, route=result.route, conflicts=result.conflicts, debug=result.debug)


def sum_of_the_thing(view, q: Question, result: Answer, near_miss) -> Answer:
    """"民办学校一学期学费要多少钱" answered with the 学位补贴 per term: the quoted sum is another
    thing's. The thing whose amount is asked must be said by the lead sentence or the headings
    above it; a quoted sentence that says it and states a sum leads instead, else the answer is a
    near miss."""
    thing = next(iter(asked_things(view, q)), "")
    if not thing:
        return result
    index, spelled = view.index, dict(q.spelled)

    def says(claim) -> bool:
        clause = index.clause(claim.doc_id, claim.clause)
        # a table row is read with its column names ("最高支付限额" above "400元/月")
        text = claim.quote + (" ".join((*clause.path, clause.title, table_header(clause.text, claim.quote)))
                              if clause else "")
        return (thing in text or spelled.get(thing, "\0") in text or abbreviated_in(thing, text)
                or kin_in(thing, text))

    if says(result.claims[0]):
        return result
    better = next((i for i, c in enumerate(result.claims) if i and says(c) and states_money(c.quote)), None)
    if better is None:
        return near_miss(f"“{thing}”的具体金额", result.claims)
    return led_by(result, better)

