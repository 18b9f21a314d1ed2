"""Route step: a table of (name, guard, handler), tried in order.

A route applies when its guard holds for the Question; its handler composes an Answer
from the evidence, or returns None to let the next route try. The last route (extractive)
always answers, if only with a refusal. `Answer.debug["route_name"]` says which route did.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from assistant import compose_structure, fact_answers, guards
from assistant.compose_extractive import extractive, not_covered
from assistant.each_named import with_each_year
from assistant.evidence import Evidence
from assistant.matching.chat import matching_answer
from assistant.question import Question
from core.records import Answer
from prompts.templates import NOT_IN_DOCUMENT, REFUSAL, REFUSAL_INJECTION, REFUSAL_OFF_TOPIC

Guard = Callable[[Question], bool]
Handler = Callable[[Evidence], "Answer | None"]

_METRIC_Q_RE = re.compile(r"目标|多少|多大|达到")


@dataclass(frozen=True)
class Route:
    name: str
    guard: Guard
    handler: Handler


def _kind(*kinds: str) -> Guard:
    return lambda q: q.intent.kind in kinds


def _other_region(ev: Evidence) -> Answer | None:
    region = guards.other_region(ev.view, ev.question)
    if not region:
        return None
    titles = "、".join(d.title for d in ev.view.index.documents.values())
    return Answer(REFUSAL + NOT_IN_DOCUMENT.render(what=f"{region}的相关内容（已收录文件为：{titles}）"),
                  refused=True, route="refusal")


def _not_covered(ev: Evidence) -> Answer | None:
    missing = (guards.uncovered_attribute(ev.view, ev.question) or guards.unknown_trade(ev.view, ev.question)
               or guards.unknown_asked_thing(ev.view, ev.question))
    return not_covered(ev, missing) if missing else None


def _cited_clause_roles(ev: Evidence) -> Answer | None:
    doc_id, clause_id = ev.question.followup.cited
    return fact_answers.clause_roles_answer(ev.view.index, doc_id, clause_id, ev.question.intent)


def _roles(ev: Evidence) -> Answer | None:
    q = ev.question
    subjects = list(q.subjects) or ev.subjects_by_retrieval()
    ev.subjects = tuple(subjects)  # the extractive route prefers their clauses if no fact answers
    return fact_answers.roles_answer(ev.view.index, subjects, q.intent, q.doc_ids)


# "这篇攻略是哪个部门、什么时候发布的": the question is about the page itself, not a rule in it.
_OF_THE_PAGE_RE = re.compile(r"这篇|这份|本篇|本文|该文|这则|(?:这|该)个?(?:文件|文章|通知|公告|通告|指南|指引|攻略|问答|办法|方案)"
                             r"|发布(?:单位|机关|部门)|(?:哪个|哪些)(?:单位|部门|机关)[^，。？]{0,3}(?:发布|发的|公布|印发|出的|发出)"
                             r"|(?:什么时候|哪天|哪一天)(?:发布|公布|印发|发)的")


def _page_meta(ev: Evidence) -> Answer | None:
    """The page's own metadata, when the question can only mean one document."""
    q = ev.question
    if not q.doc_ids and len(ev.view.index.documents) != 1:
        return None
    return _quoted(compose_structure.meta_answer(ev.view.index, q.doc_ids, q.text))


def _quoted(answer: Answer | None) -> Answer | None:
    """A metadata answer that quotes nothing (a document that shows no issuer, date or number) is none."""
    return answer if answer is not None and (answer.claims or answer.refused) else None


def _facts(compose) -> Handler:
    """A structured-facts handler; a question naming several years gets a sentence for each."""

    def handler(ev: Evidence) -> Answer | None:
        result = compose(ev)
        q = ev.question
        if result is not None and len(q.years) > 1 and not result.refused and result.claims:
            result = with_each_year(ev.view.index, result, q.years)
        return result

    return handler


ROUTES: tuple[Route, ...] = (
    Route("cited_clause_roles", lambda q: bool(q.followup and q.followup.cited), _cited_clause_roles),
    Route("injection", _kind("injection"), lambda ev: Answer(REFUSAL_INJECTION, refused=True, route="refusal")),
    Route("chitchat", _kind("chitchat"), lambda ev: Answer(REFUSAL_OFF_TOPIC, refused=True, route="refusal")),
    Route("matching", lambda q: bool(q.matching), lambda ev: matching_answer(ev.view, ev.question.matching)),
    Route("page_meta", lambda q: q.asks("metadata") and bool(_OF_THE_PAGE_RE.search(q.text)), _page_meta),
    Route("other_region", lambda q: True, _other_region),
    Route("not_covered", lambda q: True, _not_covered),
    Route("unit_duties", _kind("unit_duties"), _facts(lambda ev: fact_answers.unit_duties_answer(
        ev.view.index, list(ev.question.units), ev.question.intent, ev.question.doc_ids))),
    Route("roles", _kind("roles"), _facts(_roles)),
    Route("target", _kind("target"), _facts(lambda ev: fact_answers.target_answer(
        ev.view.index, list(ev.question.subjects), ev.question.intent, ev.question.doc_ids))),
    Route("list", _kind("list", "count"), _facts(lambda ev: compose_structure.list_answer(
        ev.view.index, ev.question.intent, ev.question.doc_ids, ev.question.text))),
    Route("meta", _kind("meta"), _facts(lambda ev: _quoted(compose_structure.meta_answer(
        ev.view.index, ev.question.doc_ids, ev.question.text)))),
    Route("outline", _kind("outline"), _facts(lambda ev: compose_structure.outline_answer(
        ev.view.index, ev.view.outline_clause(ev.question.text), ev.question.doc_ids))),
    Route("metric_target", lambda q: q.intent.kind in ("target", "general", "measure")
          and bool(_METRIC_Q_RE.search(q.text)) and ("目标" in q.text or not q.asks("amount")),  # 奖励多少 asks a sum
          _facts(lambda ev: fact_answers.metric_target_answer(
              ev.view.index, ev.question.text, ev.question.intent, ev.question.doc_ids))),
    Route("extractive", lambda q: True, lambda ev: extractive(ev, prefer=[e.clause_id for e in ev.subjects])),
)


def route(evidence: Evidence, routes: tuple[Route, ...] = ROUTES) -> Answer:
    """The first applicable route's answer."""
    for r in routes:
        if r.guard(evidence.question):
            answer = r.handler(evidence)
            if answer is not None:
                return replace(answer, debug={**answer.debug, "route_name": r.name})
    raise AssertionError("the extractive route always answers")  # pragma: no cover
