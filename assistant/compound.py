"""Two questions in one message ("通知发给了哪些单位？执行中遇到问题向谁报告？"): split, answer each, merge.

Each part is answered on its own, with the earlier parts as conversation history, so an
elliptical second part ("一年最多补多少？") is read as a follow-up of the first.
"""
from __future__ import annotations

import re

from core.records import Answer

MAX_PARTS = 3
_PART_RE = re.compile(r"[^？?]+[？?]?")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CONTINUATION = frozenset("分别 具体 详细 各自 展开 列 列一下 一下 说说 讲讲 呢".split())


def split_questions(q: str) -> list[str]:
    """The separate questions of a message; one item when it asks one thing.

    A part that names nothing of its own ("列一下", "分别是什么？") only continues the
    one before it, so the message is not split."""
    from core.tokenizer import search_terms

    parts = []
    for piece in (p.strip() for p in _PART_RE.findall(q) if p.strip()):
        if parts and not piece.endswith(("？", "?")):
            parts[-1] += piece  # "……是多少？我看文件前后说法好像不一样。": a remark, not a question
        else:
            parts.append(piece)
    if len(parts) < 2 or len(parts) > MAX_PARTS:
        return [q]
    for part in parts:
        own = [t for t in search_terms(part) if t not in _CONTINUATION]
        if len(_HAN.findall(part)) < 4 or not own:
            return [q]
    return parts


# What a later part asks that the sentences an earlier part already quoted can state.
_DIGIT_RE = re.compile(r"\d")
_YEAR_RE = re.compile(r"(19|20)\d\d年")  # a year the earlier answer did not ask about is a question of its own
_ELLIPTICAL_MAX = 10  # Han characters: "有没有上限？", "一年最多补多少？" lean on the part before them
_FROM_EARLIER = ("amount", "cap", "deadline", "duration", "ratio", "number", "unit", "validity", "consequence")
_OWN_SHARE = 0.5  # of a part's own words that a sentence of another part's clause holds, to answer it


def from_earlier(index, part: str, earlier: list[Answer]) -> Answer | None:
    """A part refused on its own evidence ("有没有上限？") that a clause an earlier part cited
    answers: the sentence of that clause that holds what the part asks, quoted."""
    from assistant.claims import ClaimBuilder
    from assistant.extractive import excerpt_head
    from assistant.question import asked_types, holds_asked_type
    from ingest.chunking import split_sentences

    asked = tuple(a for a in asked_types(part) if a in _FROM_EARLIER)
    if not asked or len(_HAN.findall(part)) > _ELLIPTICAL_MAX:
        return None  # a part that names its own subject ("适航取证奖励一年最多拿多少？") is not about the earlier one
    kinds = tuple(a for a in asked if a != "number")  # "number" only when nothing narrower is asked
    cite = ClaimBuilder(index)
    for answer in earlier:
        for key in dict.fromkeys((c.doc_id, c.clause) for c in answer.claims if c.doc_id):
            clause = index.clause(*key)
            for sentence in split_sentences(clause.text) if clause else ():
                holds = holds_asked_type(sentence, kinds) if kinds else bool(_DIGIT_RE.search(sentence))
                if holds and cite.add(key[0], key[1], sentence):
                    text = f"{excerpt_head(index, *key)}：{sentence}"
                    return Answer(text, cite.claims, route="extractive", debug={"from_earlier_part": True})
    return None


def from_other_parts(index, part: str, others: list[Answer], filler: frozenset[str] = frozenset()) -> Answer | None:
    """A part refused on its own evidence, answered from the clauses the other parts cite (before
    or after it): "不做会怎么样？" after "退休以后每年还要做什么？" is answered by the sentence of the
    cited clause that states a consequence; "签合同有什么要求？" by the one that speaks of 签订…合同."""
    if len(_HAN.findall(part)) > _ELLIPTICAL_MAX:
        return None  # a part that names its own subject is a question of its own
    return from_earlier(index, part, others) or _sharing_words(index, part, others, filler)


def _sharing_words(index, part: str, others: list[Answer], filler: frozenset[str]) -> Answer | None:
    """The sentence of another part's cited clauses that holds most of this part's own words (at
    least half of them, by length) and, when the part asks for a kind of thing, holds one."""
    from assistant.claims import ClaimBuilder
    from assistant.extractive import coverage, excerpt_head
    from assistant.question import ASKED_PATTERNS, asked_types, asked_words, holds_asked_type
    from core.tokenizer import search_terms
    from ingest.chunking import split_sentences

    asked = tuple(a for a in asked_types(part) if a not in ("number", "other"))
    asking = "".join(asked_words(part, tuple(kind for kind, _ in ASKED_PATTERNS)))
    terms = [t for t in search_terms(part) if t not in filler and t not in _CONTINUATION and t not in asking]
    if not terms:
        return None
    best, best_share = None, _OWN_SHARE
    for answer in others:
        for key in dict.fromkeys((c.doc_id, c.clause) for c in answer.claims if c.doc_id):
            clause = index.clause(*key)
            for sentence in split_sentences(clause.text) if clause else ():
                if asked and not holds_asked_type(sentence, asked) and any(a in _FROM_EARLIER for a in asked):
                    continue
                share = coverage(terms, sentence)
                if share >= best_share and (best is None or share > best_share):
                    best, best_share = (key, sentence), share
    if best is None:
        return None
    key, sentence = best
    cite = ClaimBuilder(index)
    cite.add(key[0], key[1], sentence)
    return Answer(f"{excerpt_head(index, *key)}：{sentence}", cite.claims, route="extractive",
                  debug={"from_other_part": True})


def from_previous_turn(index, question: str, previous_question: str, previous: Answer) -> Answer | None:
    """"那本科生呢？" refused on its own evidence, after a question this system answered: the
    clause that answer rests on, where it states what the earlier question asked, is quoted
    with a note that the documents do not name the new case on its own."""
    from assistant.followup import looks_like_followup
    from assistant.question import asked_types

    if previous.refused or not previous.claims or not looks_like_followup(question) or _YEAR_RE.search(question):
        return None
    if len(_HAN.findall(question)) > _ELLIPTICAL_MAX:
        return None
    asked = tuple(a for a in asked_types(question) if a in _FROM_EARLIER) or tuple(
        a for a in asked_types(previous_question) if a in _FROM_EARLIER)
    if not asked:
        return None
    found = from_earlier(index, " ".join(_ASKED_WORD[a] for a in asked), [previous])
    if found is None:
        return None
    case = _CASE_RE.sub("", question).strip() or question
    note = f"文件没有单独列出“{case}”的规定；上一问所依据的条款是这样规定的："
    return Answer(note + "\n" + found.text, found.claims, route=found.route, debug={"from_previous_turn": True})


_ASKED_WORD = {"amount": "多少钱", "cap": "最高多少", "deadline": "什么时候", "duration": "多久", "ratio": "比例多少", "number": "多少", "unit": "哪个部门",
               "validity": "有效期"}
_CASE_RE = re.compile(r"^(那么|那|还有|另外)|(的话)?呢?[?？]*$")


def merge(parts: list[str], answers: list[Answer]) -> Answer:
    """One answer: each part's answer under its question, citations in order without repeats."""
    if all(a.refused for a in answers):
        refusals = list(dict.fromkeys(a.text for a in answers))
        citations = _citations(answers)
        return Answer("\n".join(refusals), citations, refused=True, route="refusal")
    lines, conflicts = [], []
    for i, (part, answer) in enumerate(zip(parts, answers), 1):
        lines.append(f"（{i}）{part}\n{answer.text}")
        conflicts.extend(answer.conflicts)
    route = next(a.route for a in answers if not a.refused)
    return Answer("\n\n".join(lines), _citations(answers), route=route,
                  conflicts=tuple(dict.fromkeys(conflicts)))


def _citations(answers: list[Answer]):
    seen, out = set(), []
    for answer in answers:
        for citation in answer.citations:
            if citation not in seen:
                seen.add(citation)
                out.append(citation)
    return tuple(out)
