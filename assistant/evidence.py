"""Evidence step: the retrieved chunks a question's answer may rest on.

Retrieval is lazy (answers from structured facts never embed the question) and memoised
per query, so one question is searched once for each distinct query it needs.
"""
from __future__ import annotations

import re

from assistant.corpus_view import CorpusView
from assistant.extractive import is_guide
from assistant.knowledge import Entity
from assistant.question import Question, heading_names_asked
from core.records import Hit


class Evidence:
    def __init__(self, view: CorpusView, question: Question):
        self.view = view
        self.question = question
        self._hits: dict[str, list[Hit]] = {}
        self.subjects: tuple[Entity, ...] = question.subjects  # widened by retrieval for role questions

    def hits(self, query: str | None = None) -> list[Hit]:
        """Fused hits for the query (the question's retrieval query by default), within its scope."""
        query = self.question.retrieval_query if query is None else query
        if query not in self._hits:
            self._hits[query] = self.view.index.search(query, doc_ids=self.question.doc_ids)
        return self._hits[query]

    def scan(self, terms: list[str], hits: list[Hit]) -> list[Hit]:
        """Whole-document scan for a list question's key term (a city, a product): every clause that has it."""
        terms = [t for t in terms if len(t) >= 2]
        if not terms:
            return []
        term = max(terms, key=len)
        seen = {h.chunk.chunk_id for h in hits}
        low = min((h.score for h in hits), default=0.0)
        doc_ids = self.question.doc_ids
        return [Hit(c, low, "bm25", 0) for c in self.view.index.chunks
                if term in c.text and c.chunk_id not in seen and (not doc_ids or c.doc_id in doc_ids)]

    def defining(self, term: str, hits: list[Hit]) -> list[Hit]:
        """The chunks that say what a term means ("…的人员（以下简称长期失能人员）",
        "本办法所称小微企业，是指…"), wherever they are: retrieval ranks its uses above them."""
        if len(term) < 2:
            return []
        t = re.escape(term)
        pattern = re.compile(rf"(?:以下简称|以下称|简称)[“\"]?{t}|{t}[”\"]?[，,]?(?:是指|系指|指的是)|所称[“\"]?{t}")
        seen = {h.chunk.chunk_id for h in hits}
        low = min((h.score for h in hits), default=0.0)
        doc_ids = self.question.doc_ids
        return [Hit(c, low, "bm25", 0) for c in self.view.index.chunks
                if term in c.text and c.chunk_id not in seen and (not doc_ids or c.doc_id in doc_ids)
                and pattern.search(c.text)]

    def named_sections(self, hits: list[Hit]) -> list[Hit]:
        """The chunks under a heading that names what is asked ("办理时限" for "多久能办好",
        "收费标准" for "收费吗"), in the documents the hits are from: a service guide answers by
        its section names, which the question's words seldom share."""
        asked = tuple(a for a in self.question.asked if a not in ("number", "other"))
        if not asked or not hits:
            return []
        index = self.view.index
        docs = [d for d in dict.fromkeys(h.chunk.doc_id for h in hits[:3]) if is_guide(index, d)]
        if not docs:
            return []
        seen = {h.chunk.chunk_id for h in hits}
        low = min(h.score for h in hits)
        out = []
        for chunk in index.chunks:
            if chunk.doc_id in docs and chunk.chunk_id not in seen:
                clause = index.clause(chunk.doc_id, chunk.clause_id)
                if clause is not None and heading_names_asked(clause.path, asked, self.question.text):
                    out.append(Hit(chunk, low, "bm25", 0))
        return out

    def subjects_by_retrieval(self) -> list[Entity]:
        """'做石墨烯的企业找哪个部门': find the clause, then the subject it belongs to."""
        index = self.view.index
        by_doc = index.facts_by("subject", "doc_id")
        q = self.question
        query = " ".join(self.view.residual_terms(q.retrieval_query, [], [])) or q.retrieval_query
        for hit in self.hits(query)[:3]:
            cid = hit.chunk.clause_id
            for f in by_doc.get(hit.chunk.doc_id, []):
                if cid == f.clause_id or cid.startswith(f.clause_id + "·"):
                    return [Entity("subject", f.name, f.doc_id, f.clause_id)]
        return []
