"""Understand step: (text, history, corpus view) -> Question, parsed once.

It links the subjects and units the question names, detects its intent and asked
types, decides its scope, and completes an elliptical follow-up from earlier user turns
and from the claims of the previous answer (never from that answer's prose).
"""
from __future__ import annotations

import re
from typing import Callable

from assistant.corpus_view import CorpusView
from assistant.matching.chat import matching_text
from assistant.followup import looks_like_followup
from assistant.intent import Intent, detect
from assistant.normalize import normalize_question
from assistant.question import FollowUp, Question, asked_types, numbers_in
from assistant.scope import Scope, scope_of
from core.records import Answer
from core.tokenizer import search_terms

_ROLE_Q_RE = re.compile(r"部门|单位|负责|牵头|配合|谁管|找谁")
_FOLLOWUP_FILLER = ("那", "呢", "它", "其", "还有")
_NOT_CITABLE = ("序言", "落款")

PreviousAnswer = Callable[[list[dict]], "Answer | None"]


def previous_user_questions(history, profile) -> list[str]:
    """Earlier user turns, normalised, most recent first (assistant turns are ignored)."""
    out = []
    for turn in reversed(history or []):
        if isinstance(turn, dict) and turn.get("role") == "user" and isinstance(turn.get("content"), str):
            text = normalize_question(turn["content"], profile)
            if text:
                out.append(text)
    return out


def detect_intent(view: CorpusView, q: str, subjects, units) -> Intent:
    """Intent words must not come from inside an entity's name (强化财政金融支持 is not a 支持 question)."""
    stripped = q
    for doc_id in view.titles.named(q):  # "…若干措施的文号" is not a question about 措施
        title = view.index.documents[doc_id].title
        for size in range(len(title), 3, -1):
            spans = {title[i:i + size] for i in range(len(title) - size + 1)}
            hit = next((span for span in spans if span in stripped), None)
            if hit:
                stripped = stripped.replace(hit, "＿")
                break
    for e in list(subjects) + list(units):
        for surface in e.surface:
            if len(surface) >= 4:
                stripped = stripped.replace(surface, "＿")
    return detect(stripped, has_subject=bool(subjects), has_unit=bool(units),
                  residual=bool(view.residual_terms(q, subjects, units)),
                  outline_title=view.outline_clause(q) is not None, profile=view.profile)


def understand(view: CorpusView, q: str, history: list[dict] | None, scope: Scope,
               previous_answer: PreviousAnswer | None = None, lean: bool = False) -> Question:
    """One (already normalised) question in its scope -> Question. `lean`: the question, refused on
    its own words, is read as a follow-up of the turn before it whatever its length."""
    kb = view.kb
    subjects, units = kb.link(q)
    intent = detect_intent(view, q, subjects, units)
    retrieval_q = focus = view.titles.without_title(q, scope.doc_ids) if scope.named else q
    if not scope.named and len(view.index.documents) == 1 and {"validity", "metadata"} & set(asked_types(q)):
        # "这个就业见习基地管理办法什么时候施行": the title words name the document, not a sentence of it
        retrieval_q = focus = view.titles.without_own_title(q)
    prevs = previous_user_questions(history, view.profile)
    links = [kb.link(prev) for prev in prevs]  # (subjects, units) each earlier turn names
    followup = None
    cited = None
    if not subjects and not units and _ROLE_Q_RE.search(q) and looks_like_followup(q) and not any(
            any(link) for link in links):  # "这一条是哪些部门负责的？"
        cited = _previously_cited(view, history, scope, prevs, previous_answer)
        if cited:
            followup = FollowUp(cited=cited)
    if prevs and intent.kind not in ("injection", "chitchat") and (
            (not subjects and not units) or intent.kind == "general") and (lean or looks_like_followup(q)):
        for k, prev in enumerate(prevs):
            ps, pu = links[k]
            if not subjects and not units and (ps or pu):
                subjects, units = ps, pu
            prev_intent = detect_intent(view, prev, subjects or ps, units or pu)
            intent = detect_intent(view, q, subjects, units)
            own_content = [t for t in view.residual_terms(q, subjects, units) if t not in _FOLLOWUP_FILLER]
            if intent.kind == "general" and not own_content:
                merged = detect_intent(view, prev + " " + q, subjects, units)
                if merged.kind != "general" or prev_intent.kind != "general":
                    intent = merged if merged.kind != "general" else prev_intent
                    intent.years = intent.years or detect(q, has_subject=True, has_unit=False,
                                                          profile=view.profile).years
            retrieval_q = q + " " + prev
            followup = FollowUp(previous=prev, cited=cited, lean=lean)
            if subjects or units:
                break
            if intent.kind != "general" and not any(any(link) for link in links[k + 1:]):
                break  # "这一块是哪个部门牵头的？配合单位有哪些？": the subject is in an older turn
    spelled = tuple((w, full) for w in dict.fromkeys(search_terms(retrieval_q)) if (full := view.spelled_out(w)))
    spelled += tuple(p for p in view.everyday_forms(q) if p[0] not in dict(spelled))
    if spelled:  # the documents' own words find what they say about it
        retrieval_q = retrieval_q + " " + " ".join(full for _, full in spelled)
    return Question(text=q, scope=scope, intent=intent, asked=asked_types(q), subjects=tuple(subjects),
                    units=tuple(units), numbers=numbers_in(q), followup=followup, retrieval_query=retrieval_q,
                    focus=focus, history=tuple(history or ()), matching=matching_text(q, history, view.profile),
                    spelled=spelled)


def _previously_cited(view: CorpusView, history, scope: Scope, prevs: list[str],
                      previous_answer: PreviousAnswer | None) -> tuple[str, str] | None:
    """The clause the previous answer cited first, read from its claims.

    A history turn from this system carries its Answer (`answer`) or its claims (`claims`:
    [{"doc_id", "clause"}]); a turn given as bare text is answered again from the user
    turn before it, so its claims are known rather than guessed from the prose."""
    last = next((t for t in reversed(history or []) if isinstance(t, dict) and t.get("role") == "assistant"), None)
    if last is None:
        return None
    claims = _claims_of(last)
    if claims is None and previous_answer is not None:
        earlier = list(history or [])
        cut = max(i for i, t in enumerate(earlier) if t is last)
        answer = previous_answer(earlier[:cut])
        claims = answer.cited_clauses() if answer is not None and not answer.refused else []
    doc_ids = set(scope.doc_ids)
    if not doc_ids:
        for prev in prevs:
            doc_ids = set(view.titles.named(prev))
            if doc_ids:
                break
    for doc_id, clause_id in claims or []:
        if clause_id in _NOT_CITABLE or (doc_ids and doc_id not in doc_ids):
            continue
        if view.index.clause(doc_id, clause_id) is not None:
            return doc_id, clause_id
    return None


def _claims_of(turn: dict) -> list[tuple[str, str]] | None:
    answer = turn.get("answer")
    if isinstance(answer, Answer):
        return answer.cited_clauses()
    claims = turn.get("claims")
    if isinstance(claims, list):
        return [(c.get("doc_id", ""), c.get("clause", "")) for c in claims if isinstance(c, dict)]
    return None


def normalised(view: CorpusView, question: str) -> str:
    return view.mend_typos(normalize_question(question, view.profile))


def scope_for(view: CorpusView, q: str, chosen: list[str] | None) -> Scope:
    return scope_of(view.titles, q, chosen)
