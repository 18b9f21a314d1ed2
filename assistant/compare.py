"""Compare when asked: "……最高能提高到多少？广州和省里的说法一样吗？" answers the earlier
question from each document that states it, under its title, and says whether the figures
they write agree.

A comparison part is short and asks whether things are the same (一样吗, 有什么不同, 区别);
it names no subject of its own, so it is read against the question before it.
"""
from __future__ import annotations

import re

from assistant.tiers import quantities
from core.records import Answer

_COMPARE_RE = re.compile(r"一样吗|一致吗|相同吗|不一样|不同|区别|差别|差异|有何异同|对比|比较")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_COMPARE_MAX = 16  # Han characters: a part longer than this asks something of its own


def asks_comparison(part: str) -> bool:
    return bool(_COMPARE_RE.search(part)) and len(_HAN.findall(part)) <= _COMPARE_MAX


def _line(answer: Answer, quote: str) -> str:
    return next((line for line in answer.text.splitlines() if quote in line), quote)


def per_document(*answers: Answer) -> list[tuple[str, object, str]]:
    """(document title, its first claim, the answer line that quotes it), one per document."""
    seen, out = set(), []
    for answer in answers:
        if answer.refused:
            continue
        for claim in answer.claims:
            if claim.doc not in seen:
                seen.add(claim.doc)
                out.append((claim.doc, claim, _line(answer, claim.quote)))
    return out


def _figures(quote: str) -> set[str]:
    """The sums of money a sentence writes, or else every quantity in it."""
    found = quantities(quote)
    money = {q.written for q in found if q.kind == "money"}
    return money or {q.written for q in found}


def compared(*answers: Answer) -> Answer | None:
    """The earlier question's answer from the first two documents that state it, each under its
    title, and whether the figures they write agree. None unless two documents answer."""
    found = per_document(*answers)[:2]
    if len(found) < 2:
        return None
    (doc_a, claim_a, line_a), (doc_b, claim_b, line_b) = found
    figures_a, figures_b = _figures(claim_a.quote), _figures(claim_b.quote)
    if figures_a and figures_a == figures_b:
        verdict = f"两份文件写的数额一致（{'、'.join(sorted(figures_a))}）。"
    elif figures_a and figures_b:
        verdict = (f"两份文件的写法不同：《{doc_a}》写的是{'、'.join(sorted(figures_a))}，"
                   f"《{doc_b}》写的是{'、'.join(sorted(figures_b))}，请以各自文件的适用范围为准。")
    else:
        verdict = "两份文件的原文如上，请对照各自的适用范围。"
    text = f"《{doc_a}》{line_a}\n《{doc_b}》{line_b}\n{verdict}"
    return Answer(text, (claim_a, claim_b), route=answers[0].route, debug={"compared": [doc_a, doc_b]})
