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


_NO_TRADE_TAGS = ("v", "vd", "vi", "p", "d", "ad", "r", "c", "u", "ul", "uj", "f", "m", "q", "t")


def _is_verb(word: str) -> bool:
    """jieba tags the word as a plain verb (来开, 申请), a preposition (经过), an adverb or a
    pronoun, a time (现在), or is made only of such words (能当, 要开): a word that names no trade."""
    import jieba.posseg

    tags = [w.flag for w in jieba.posseg.lcut(word)]
    return bool(tags) and all(t in _NO_TRADE_TAGS for t in tags)


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


_HOW_MUCH = ("多少", "多少钱", "怎么算", "如何计算", "怎么计算", "怎么收", "多高")
_NOUN_TAGS = ("n", "nz", "ng", "vn")
_ASKED_MEASURES = frozenset("比例 比率 费率 百分比 金额 数额 额度 标准 幅度 数量 人数 天数 时间".split())
_MODALS = ("能", "可", "会", "要", "该", "应")
_LEAD_IN = frozenset("是 的 要 交 收 有 为 按 达到 达到了 一共 总共 大概 大约 每个 月 每月 每年 一年 一次".split())


def _named_before(words: list[str]) -> list[str]:
    """The word before the asking word that names its thing, over lead-in words ("学费大概要多少钱"),
    never over a comma ("外地员工，要在多少天内") or another one-character word ("电能奖多少钱": 奖
    is what is asked about, not 电能)."""
    for word in reversed(words):
        if not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", word):
            return []
        if word in _LEAD_IN:
            continue
        return [word] if len(word) >= 2 else []
    return []


def unknown_asked_thing(view: CorpusView, q: Question) -> str:
    """"网上申请劳动仲裁要交多少申请费？": the thing whose amount is asked (申请费, 滞纳金, 签约率)
    occurs nowhere in the documents, so no document states it."""
    spelled = dict(q.spelled)

    def said(thing: str) -> bool:
        if any(view.in_documents(t, q.doc_ids) for t in (thing, spelled.get(thing, "\0"))):
            return True
        if not (thing.endswith("率") and len(thing) >= 3):
            return False
        # "增长率" where a document writes "营业收入增长不低于10%": the stem with a percentage states the rate
        rate = re.compile(re.escape(thing[:-1]) + r"[^。；，,]{0,8}?\d+(?:\.\d+)?\s*[%％]")
        docs = view.index.documents
        return any(rate.search(docs[d].text) for d in (q.doc_ids or docs) if d in docs)
    return next((thing for thing in asked_things(view, q) if not said(thing)), "")


def asked_things(view: CorpusView, q: Question):
    """The nouns whose amount is asked, nearest the asking word first. Only a noun right next to
    the asking word is read ("多少申请费", "签约率达到了多少", "学费大概要多少钱"); a colloquial
    word never is."""
    import jieba.posseg

    from assistant.question import ASKED_PATTERNS

    skip = view.profile.colloquial_words | view.profile.generic_words | STOPWORDS
    words = cut(q.text)
    asking = [m.span() for _, pattern in ASKED_PATTERNS for m in pattern.finditer(q.text)]

    def in_asking(thing: str) -> bool:  # "发文字号": jieba's 文字 straddles the asking words 发文, 字号
        start = q.text.find(thing)
        return any(a < start + len(thing) and start < b for a, b in asking)

    for i, word in enumerate(words):
        pair = word + (words[i + 1] if i + 1 < len(words) else "")
        if word not in _HOW_MUCH and pair not in _HOW_MUCH:
            continue
        rest = words[i + 1:i + 3]
        rest = rest[1:] if rest[:1] == ["钱"] else rest  # "多少钱工本费": jieba cuts 多少 / 钱 / 工本费
        after = rest[:1] if word in ("多少", "多少钱") else []  # "多少申请费"
        before = _named_before(words[max(0, i - 4):i])
        for thing in after + before:
            if (len(thing) < 2 or thing in skip or thing in _ASKED_MEASURES or thing.startswith(_MODALS)
                    or thing.endswith("算") or _QUANTIFIER.match(thing) or any(ch.isdigit() for ch in thing)
                    or in_asking(thing)):
                continue  # "多少比例" asks a share; "能领", "天算" are jieba's cuts of a verb phrase
            tags = [w.flag for w in jieba.posseg.lcut(thing)]
            if len(tags) != 1 or not tags[0].startswith(_NOUN_TAGS) or tags[0].startswith(("nr", "ns")):
                continue
            yield thing
