"""Questions the documents cannot answer, recognised before any answer is composed:
another region, an attribute the documents never mention, a trade they never name."""
from __future__ import annotations

import re

from assistant.corpus_view import CorpusView
from assistant.question import Question
from core.tokenizer import STOPWORDS, cut

_DEMONSTRATIVES = "这那该此"
_QUANTIFIER = re.compile(r"[一二两三几每某各这那此该本个][个家类种所些位批]?")


# "我是香港人", "河南户口", "老家湖南", "从深圳来": a place the person is from, not the place asked about.
_FROM_PLACE_BEFORE = ("我是", "他是", "她是", "老家", "来自", "从", "回")
_FROM_PLACE_AFTER = re.compile(r"(?:人(?![民才力口员])|户口|户籍|籍|老家|来的)")


def personal(text: str, region: str) -> bool:
    """Every mention of the place says where the person is from."""
    spots = [m.start() for m in re.finditer(re.escape(region), text)]
    return bool(spots) and all(text[:i].endswith(_FROM_PLACE_BEFORE)
                               or _FROM_PLACE_AFTER.match(text, i + len(region)) for i in spots)


def _covered(view: CorpusView, region: str) -> bool:
    """Some document mentions the place, or a document's title names a combined name that covers
    it (a 港澳 residents' guide for 香港); a page that only mentions 港澳 in passing does not."""
    if view.in_corpus(region):
        return True
    titles = " ".join(d.title for d in view.index.documents.values())
    return named_above(region, titles, view.profile.region_groups, depth=2)


def named_above(region: str, titles: str, groups: dict[str, tuple[str, ...]], depth: int) -> bool:
    """A title names a place that holds this one (广东 holds 广州, which holds 越秀区)."""
    above = [group for group, places in groups.items() if region in places]
    return any(group in titles or (depth > 1 and named_above(group, titles, groups, depth - 1)) for group in above)


def other_region(view: CorpusView, q: Question) -> str:
    """A region the question asks about that no document covers."""
    text = q.text
    named = [r for r in view.profile.regions if r in text]
    uncovered = {r: _uncovered_form(view, text, r) for r in named}
    if any(not form for form in uncovered.values()):
        return ""  # "在佛山参保的，回广州申领": the covered place is the one asked about, the other is context
    return next((form for r, form in uncovered.items() if not personal(text, r)), "")


def _uncovered_form(view: CorpusView, text: str, region: str) -> str:
    """The form in which the question names a place no document covers ("上海市" where the
    documents say 上海 only in another sense), or "" when it is covered."""
    if not _covered(view, region):
        return region
    return next((region + suffix for suffix in ("省", "市")
                 if region + suffix in text and not view.in_corpus(region + suffix)), "")


def uncovered_attribute(view: CorpusView, q: Question) -> str:
    """An attribute (税率, 申报材料 …) the scoped documents never mention."""
    for word in view.profile.uncovered_attributes:
        if word in q.text and not view.in_documents(word, q.doc_ids):
            return word
    return ""


_NO_TRADE_TAGS = ("v", "vd", "vi", "p", "d", "ad", "r", "c", "u", "ul", "uj", "f", "m", "q")


def _is_verb(word: str) -> bool:
    """jieba tags the word as a plain verb (来开, 申请), a preposition (经过), an adverb or a
    pronoun: a word that names no trade."""
    import jieba.posseg

    tags = [w.flag for w in jieba.posseg.lcut(word)]
    return len(tags) == 1 and tags[0] in _NO_TRADE_TAGS


def unknown_trade(view: CorpusView, q: Question) -> str:
    """'比特币挖矿企业能享受什么优惠？': the trade the question is about occurs nowhere in the documents.

    The words right before 企业/产业/行业/公司/项目 name it; ownership and size words
    (民营、中小 …) qualify a firm rather than name a trade, and are not checked."""
    profile = view.profile
    skip = profile.generic_words | profile.colloquial_words | profile.firm_qualifiers | STOPWORDS
    words = cut(q.text)
    for i, word in enumerate(words):
        head = next((h for h in profile.trade_heads if word.endswith(h)), "")
        if not head:
            continue
        named = [word[: -len(head)]] if len(word) > len(head) else []
        before = words[max(0, i - 4):i]
        if not named and before and before[-1] == "的" and len(before) >= 2 and before[-2] not in skip:
            before = before[:-1]  # 做跨境电商直播的企业: the trade is what they 做
        for prev in ([] if named else reversed(before[-3:])):
            if len(prev) > 2 and prev[0] in _DEMONSTRATIVES:
                prev = prev[1:]  # 那小微 (jieba keeps the 那 of "那小微企业呢") is 小微
            if (prev in skip or _QUANTIFIER.fullmatch(prev)
                    or (not named and _is_verb(prev)) or not re.fullmatch(r"[\u4e00-\u9fff]+", prev)):
                break  # 新兴产业, 一家企业; 用商铺来开公司: a verb right before the head makes it an object
            named.insert(0, prev)
        content = [w for w in named if len(w) >= 2]  # 大企业: a lone character names no trade
        if content and not any(w in skip or view.in_documents(w, q.doc_ids) for w in content):
            return "".join(named)
    return ""
