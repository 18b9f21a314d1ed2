"""Extractive answers: the sentences of the best clauses that answer the question, quoted verbatim."""
from __future__ import annotations

from core.records import Answer, Hit
from core.textnorm import fold
from core.tokenizer import search_terms
from ingest.chunking import split_sentences
from assistant.claims import ClaimBuilder
from assistant.question import holds_asked_type


def _overlap(terms: list[str], text: str) -> float:
    folded = fold(text)
    return sum(len(t) for t in terms if t in folded)


def coverage(terms: list[str], text: str) -> float:
    """Share of the question's content (weighted by term length) found in the text."""
    total = sum(len(t) for t in set(terms))
    if not total:
        return 0.0
    folded = fold(text)
    return sum(len(t) for t in set(terms) if t in folded) / total


_HEADING_CREDIT = 0.3  # share of the heading's match with the question that each sentence under it gets
_ASKED_BOOST = 1.5


def extractive_answer(index, question: str, hits: list[Hit], *, focus: str = "", max_sentences: int = 3,
                      threshold: float = 0.35, prefer=(), key_terms=(), filler: frozenset[str] = frozenset(),
                      asked: tuple[str, ...] = (), generic: frozenset[str] = frozenset()) -> Answer | None:
    """None when the evidence is too weak (the caller refuses). `filler`: colloquial words that
    carry no content (the profile's). `asked`: what the question asks for (an amount, a time
    limit, a unit …): a sentence that holds it ranks above one that only shares words.
    `generic`: words that name nothing in particular (企业, 集群 …): they earn no heading credit."""
    terms = [t for t in search_terms(question) if t not in filler]
    focus_terms = [t for t in search_terms(focus) if t not in filler] if focus else terms
    if not hits or not terms:
        return None
    heading_terms = [t for t in focus_terms if t not in generic]
    clause_rank: dict[tuple[str, str], float] = {}
    for hit in hits:
        key = (hit.chunk.doc_id, hit.chunk.clause_id)
        clause_rank.setdefault(key, hit.score)
    top_score = max(clause_rank.values())
    scored = []
    for (doc_id, clause_id), score in clause_rank.items():
        clause = index.clause(doc_id, clause_id)
        if clause is None:
            continue
        context = " ".join(clause.path) + clause.text
        clause_cov = coverage(focus_terms, context)
        boost = 1.5 if any(clause_id == p or clause_id.startswith(p + "·") for p in prefer if p) else 1.0
        heading = _HEADING_CREDIT * _overlap(heading_terms, " ".join(clause.path))  # "补贴标准：1万元" under its measure
        for sentence in split_sentences(clause.text):
            if sentence.rstrip("。") == clause.title or len(sentence) <= 4:
                continue  # a bare heading answers nothing
            s = (_overlap(focus_terms, sentence) + 0.5 * _overlap(terms, sentence) + heading) * boost
            if asked and holds_asked_type(sentence, asked):
                s *= _ASKED_BOOST
            if key_terms and any(t in fold(sentence) for t in key_terms):
                s *= 1.5
            if any(ch.isdigit() for ch in sentence) and any(w in question for w in ("多少", "几", "金额", "目标")):
                s *= 1.2
            scored.append((s * (0.6 + 0.4 * score / top_score), clause_cov, doc_id, clause_id, sentence))
    if not scored:
        return None
    scored.sort(key=lambda t: -t[0])
    best = scored[0]
    if best[0] <= 0 or best[1] < threshold:
        return None
    cite = ClaimBuilder(index)
    chosen = []
    for s, cov, doc_id, clause_id, sentence in scored:
        if len(chosen) >= max_sentences:
            break
        keyed = key_terms and any(t in fold(sentence) for t in key_terms)
        if s < 0.5 * best[0] and not (keyed and s > 0):
            continue
        if sentence in (c[2] for c in chosen):
            continue
        if cite.add(doc_id, clause_id, sentence):
            chosen.append((doc_id, clause_id, sentence))
    if not chosen:
        return None
    parts = []
    for doc_id, clause_id, sentence in chosen:
        clause = index.clause(doc_id, clause_id)
        where = clause.title or clause.path[-1] if clause else ""
        parts.append(f"据{clause_id}（{where}）：{sentence}")
    return Answer("\n".join(parts), cite.claims, route="extractive", debug={"coverage": best[1]})
