"""What question understanding may ask of the corpus, built once per opened index.

A `CorpusView` wraps one index generation: the knowledge base (subjects, units), the
document titles, the headings, and memoised "does the corpus say this word" checks.
Steps receive it instead of reaching into the index themselves.
"""
from __future__ import annotations

import re
from collections import Counter

from assistant.intent import META_RE
from assistant.knowledge import KnowledgeBase
from assistant.scope import DocumentTitles
from assistant.word_forms import PERSON, PERSON_RE
from core.tokenizer import search_terms

_RESIDUAL_DROP_RE = re.compile(r"目标|超过|达到|亿|牵头|配合|责任|单位|部门|制造|服务|规模|以上|突破|不低于")
_RESIDUAL_DROP = frozenset(("哪天", "哪年", "一年", "年", "谁", "发", "给", "开始", "什么时候"))
_HAN_RE = re.compile(r"[\u4e00-\u9fff]+")
_NAMED_ID_RE = re.compile(r"第(?:[一二三四五六七八九十百]+|\d{1,3})[章条]")
_INLINE_SPACE_RE = re.compile(r"[ \t\u3000\u00a0]+")  # "地 方财政贡献": text taken from a PDF spaces its wrapped lines


class CorpusView:
    def __init__(self, index, profile):
        self.index = index
        self.profile = profile
        self.kb = KnowledgeBase(index.facts, index.clauses, profile)
        self.titles = DocumentTitles(index, profile.title_generic_words)
        self._in_corpus: dict[str, bool] = {}
        self._corpus_text: str | None = None
        self._joined_text: dict[str, str] = {}
        self._headings = None
        self._spelled: dict[str, str] = {}
        self._homophones = None

    # --- what the documents say ----------------------------------------------------------

    def corpus_text(self) -> str:
        """All documents' text, spaces within lines removed (a word a PDF line break split counts)."""
        if self._corpus_text is None:
            self._corpus_text = _INLINE_SPACE_RE.sub("", "\n".join(d.text for d in self.index.documents.values()))
        return self._corpus_text

    def in_corpus(self, text: str) -> bool:
        """Whether a string occurs anywhere in the documents (memoised: the corpus can be large)."""
        if text not in self._in_corpus:
            self._in_corpus[text] = text in self.corpus_text()
        return self._in_corpus[text]

    def in_documents(self, text: str, doc_ids) -> bool:
        """Whether the selected documents (all, when none is selected) say this."""
        if not doc_ids:
            return self.in_corpus(text)
        docs = self.index.documents
        return any(text in docs[d].text or text in self._joined(d) for d in doc_ids if d in docs)

    def _joined(self, doc_id: str) -> str:
        """One document's text, spaces within lines removed, built once."""
        if doc_id not in self._joined_text:
            self._joined_text[doc_id] = _INLINE_SPACE_RE.sub("", self.index.documents[doc_id].text)
        return self._joined_text[doc_id]

    def spelled_out(self, word: str) -> str:
        """The documents' full form of an abbreviation they never use ("公租房" -> "公共租赁住房"):
        the most frequent run that starts with its first character and holds the others in order
        with at most three characters between them. A two-character word must have a form the
        documents use at least three times. "" when there is none, or the documents use the word."""
        if word not in self._spelled:
            self._spelled[word] = self._spell_out(word)
        return self._spelled[word]

    def _spell_out(self, word: str) -> str:
        if not (2 <= len(word) <= 4 and _HAN_RE.fullmatch(word)) or self.in_corpus(word):
            return ""
        pattern = re.escape(word[0]) + "".join(f"[\u4e00-\u9fff]{{0,3}}?{re.escape(ch)}" for ch in word[1:])
        forms = Counter(m.group(0) for m in re.finditer(pattern, self.corpus_text()))
        if not forms and len(word) >= 3 and word[-1] in PERSON:  # 见习生: the documents' 见习人员
            forms = Counter(re.findall(re.escape(word[:-1]) + PERSON_RE, self.corpus_text()))
        if not forms:
            return ""
        form, n = forms.most_common(1)[0]
        return form if n >= (3 if len(word) == 2 else 1) and len(form) <= 2 * len(word) + 1 else ""

    def everyday_forms(self, text: str) -> tuple[tuple[str, str], ...]:
        """(everyday word of the question, the documents' word for it): 老婆 -> 配偶 when the
        documents never say 老婆 and do say 配偶 (the profile's everyday_words)."""
        pairs = []
        for word, forms in self.profile.everyday_words.items():
            if word in text and not self.in_corpus(word):
                form = next((f for f in forms if self.in_corpus(f)), "")
                if form:
                    pairs.append((word, form))
        return tuple(pairs)

    def mend_typos(self, text: str) -> str:
        """Homophone typos replaced by the documents' own words (assistant.typos)."""
        if self._homophones is None:
            from assistant.typos import Homophones

            self._homophones = Homophones(self.index.bm25.vocabulary(), self.in_corpus, self.corpus_text().count,
                                          self.profile.colloquial_words)
        return self._homophones.mend(text)

    # --- words of a question --------------------------------------------------------------

    def residual_terms(self, q: str, subjects, units) -> list[str]:
        """Content words beyond the linked entities and generic list/cluster words."""
        q = META_RE.sub(" ", q)
        generic = self.profile.generic_words | self.profile.colloquial_words | self.titles.all_terms()
        surfaces = "".join(s for e in list(subjects) + list(units) for s in e.surface)
        return [t for t in search_terms(q) if t not in generic and t not in surfaces and not re.fullmatch(r"[\d.]+", t)
                and not _RESIDUAL_DROP_RE.search(t) and not META_RE.search(t) and t not in _RESIDUAL_DROP]

    def outline_clause(self, q: str):
        """The clause a question names by ID (第二章) or by its heading (保障措施), if any."""
        if self._headings is None:
            by_id, by_start = {}, {}
            for c in self.index.clauses:
                by_id.setdefault(c.clause_id, c)
                if c.title and len(c.title) >= 4 and "·" not in c.clause_id:
                    by_start.setdefault(c.title[:2], []).append(c)
            self._headings = (by_id, by_start)
        by_id, by_start = self._headings
        named = _NAMED_ID_RE.findall(q)
        if named and named[0] in by_id:
            return by_id[named[0]]
        best = None
        for i in range(len(q) - 1):
            for c in by_start.get(q[i:i + 2], ()):
                if q.startswith(c.title, i) and (best is None or len(c.title) > len(best.title)):
                    best = c
        return best
