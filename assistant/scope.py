"""Scope step: which documents a question is about.

The user may choose documents (the app's 文件范围, the API's `docs`); otherwise a question
that names one document, by its 文号 or by words only its title has, is answered from it
alone. Everything here is built once per index and looked up in O(question length).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.tokenizer import search_terms

_MEMO_MAX = 256
_NAMING_SCORE = 8  # e.g. two words only this title has
_PLACE_SUFFIXES = "省市县区"
# The province or city a title is issued by or for: "广州市医疗保障局…", "…关于印发青澜市…办法".
TITLE_PLACE_RE = re.compile(r"(?:^|关于印发|关于|印发)([\u4e00-\u9fff]{2,3}?)(?:省|市)")
_RELATED_DOCS = 2  # documents about the asked place that also name a title's place make it related


def place_names(terms: set[str], title: str) -> set[str]:
    """The places among a title's words (青澜市, 云岭省), their stems (青澜, 云岭), and words the title
    writes right before 省/市/县/区 (jieba may cut 云岭省 as 云岭 + 省)."""
    places = {t for t in terms if len(t) >= 3 and t[-1] in _PLACE_SUFFIXES}
    before = {t for t in terms if len(t) >= 2 and any(t + suffix in title for suffix in _PLACE_SUFFIXES)}
    return places | {t[:-1] for t in places} | before


@dataclass(frozen=True)
class Scope:
    """The documents a question is answered from; empty means all of them.

    `chosen` is true when the user picked them (the title words then stay in the search);
    `named` holds the documents the question's own words name."""

    doc_ids: tuple[str, ...] = ()
    chosen: bool = False
    named: tuple[str, ...] = ()

    @property
    def ids(self) -> list[str] | None:
        return list(self.doc_ids) or None


def with_place_stems(terms: set[str]) -> set[str]:
    """Title words plus the bare names of places in them: 青澜市 -> 青澜, 云岭省 -> 云岭."""
    return set(terms) | {t[:-1] for t in terms if len(t) >= 3 and t[-1] in "省市县区"}


class DocumentTitles:
    """文号 -> document, and distinctive title word -> documents, for one index."""

    def __init__(self, index, generic_words: frozenset[str]):
        self.index = index
        self._generic = generic_words
        self._doc_terms: dict[str, set[str]] = {}
        self._memo: dict[str, tuple[str, ...]] = {}
        self._table = None
        self._built = False
        self._all_terms: set[str] | None = None
        self._places: set[str] = set()
        self._title_places: dict[str, set[str]] | None = None
        self._regional: dict[frozenset, tuple[str, ...]] = {}

    def doc_terms(self, doc) -> set[str]:
        if doc.doc_id not in self._doc_terms:
            self._doc_terms[doc.doc_id] = set(search_terms(doc.title))
        return self._doc_terms[doc.doc_id]

    def all_terms(self) -> set[str]:
        """Words of document titles: naming a document is not asking about something else."""
        if self._all_terms is None:
            self._all_terms = with_place_stems(
                {t for d in self.index.documents.values() for t in self.doc_terms(d)})
        return self._all_terms

    def table(self):
        if not self._built:
            docs = list(self.index.documents.values())
            if len(docs) >= 2:
                numbers = {d.doc_number: d.doc_id for d in docs if d.doc_number}
                words: dict[str, list[str]] = {}
                for d in docs:
                    self._places |= place_names(self.doc_terms(d), d.title)
                    for t in with_place_stems(self.doc_terms(d)):
                        if len(t) >= 2 and t not in self._generic:
                            words.setdefault(t, []).append(d.doc_id)
                self._table = (numbers, words)
            self._built = True
        return self._table

    def named(self, q: str) -> tuple[str, ...]:
        """The one document the question names, if any (memoised per question text)."""
        if q not in self._memo:
            if len(self._memo) > _MEMO_MAX:
                self._memo.clear()
            self._memo[q] = self._find(q)
        return self._memo[q]

    def _find(self, q: str) -> tuple[str, ...]:
        table = self.table()
        if table is None:
            return ()
        numbers, words = table
        for number, doc_id in numbers.items():
            if number in q:
                return (doc_id,)
        scores: dict[str, int] = {}
        placed: set[str] = set()  # documents named by a place only their title has
        for term, doc_ids in words.items():  # distinct title words: grows with the vocabulary, not the corpus
            if term in q:
                weight = len(term) * (2 if len(doc_ids) == 1 else 1)  # a word only one title has names it
                for doc_id in doc_ids:
                    scores[doc_id] = scores.get(doc_id, 0) + weight
                if len(doc_ids) == 1 and term in self._places:
                    placed.add(doc_ids[0])
        ranked = sorted(((score, doc_id) for doc_id, score in scores.items()), reverse=True) + [(0, ""), (0, "")]
        (score, doc_id), runner_up = ranked[0], ranked[1][0]
        # One topic word that happens to be in one title (创业, 医保) does not name a document: a place
        # only its title has does, or several of its distinctive words together.
        if score > runner_up and (score >= _NAMING_SCORE or (score >= 4 and doc_id in placed)):
            return (doc_id,)
        return ()

    def regional(self, q: str) -> tuple[str, ...]:
        """"广州买新能源汽车有补贴吗？": the documents that may speak for the place the question
        names. A document whose title names other places, that never mentions this one, and whose
        places the documents about this one never mention either (河南省 for 广州, but not 广东省,
        which the Guangzhou pages name), is left out. () when nothing is left out."""
        if self.table() is None:
            return ()
        docs = list(self.index.documents.values())
        if self._title_places is None:
            self._title_places = {d.doc_id: {m.group(1) for m in TITLE_PLACE_RE.finditer(d.title)} for d in docs}
        own = self._title_places
        asked = frozenset(p for places in own.values() for p in places if p in q)
        if not asked:
            return ()
        if asked not in self._regional:
            self._regional[asked] = self._regional_docs(docs, own, asked)
        return self._regional[asked]

    def _regional_docs(self, docs, own, asked) -> tuple[str, ...]:
        near = [d for d in docs if any(p in d.text or p in d.title for p in asked)]
        keep = []
        for d in docs:
            related = any(sum(p in o.text for o in near if o is not d) >= _RELATED_DOCS for p in own[d.doc_id])
            if not own[d.doc_id] or d in near or related:
                keep.append(d.doc_id)
        return tuple(keep) if near and len(keep) < len(docs) else ()

    def without_own_title(self, q: str) -> str:
        """A one-document corpus: the question without the words of that document's title
        ("这个就业见习基地管理办法从什么时候开始施行？" -> "这个  从什么时候开始施行？")."""
        doc = next(iter(self.index.documents.values()), None)
        if doc is None:
            return q
        stripped = q
        for term in sorted((t for t in self.doc_terms(doc) if len(t) >= 2 and t not in self._generic),
                           key=len, reverse=True):
            stripped = stripped.replace(term, " ")
        return stripped if re.search(r"[\u4e00-\u9fff]{2}", stripped) else q

    def without_title(self, q: str, doc_ids) -> str:
        """A question that names its document by title words ("青澜低空办法里…"): those words chose the
        document; as search words they would only find the preamble that repeats the title."""
        table = self.table()
        if table is None:
            return q
        wanted = set(doc_ids)
        stripped = q
        for term in sorted((t for t, ds in table[1].items() if wanted & set(ds)), key=len, reverse=True):
            stripped = stripped.replace(term, " ")
        return stripped if re.search(r"[\u4e00-\u9fff]{2}", stripped) else q


_NAMES_A_DOCUMENT_RE = re.compile(r"文件|办法|通知|方案|意见|细则|条例|规定|指引|指南|公告|通告|问答|政策")


def names_a_document(titles: DocumentTitles, q: str) -> bool:
    """"河南10+8文件对…奖励多少", "穗府办规〔2025〕8号…": the user asks that document. Title words
    alone ("残疾人两项补贴要回哪里申领") name a topic that other documents may state."""
    table = titles.table()
    return bool(_NAMES_A_DOCUMENT_RE.search(q)) or bool(table and any(n in q for n in table[0]))


def scope_of(titles: DocumentTitles, q: str, chosen: list[str] | None) -> Scope:
    """The scope step: the user's choice wins; else the documents the question names."""
    if chosen:
        return Scope(tuple(chosen), chosen=True)
    named, regional = titles.named(q), titles.regional(q)
    if named and regional and not set(named) & set(regional):
        named = ()  # "白鹭市买新能源汽车…": topic words of another place's title do not name it
    return Scope(named or regional, chosen=False, named=named)
