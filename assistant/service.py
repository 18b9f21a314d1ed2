"""answer(question, history) -> Answer: the one function the app, the CLI and eval call.

One pass, named steps, each handing a typed record to the next:

    check input -> understand (Question) -> scope -> evidence -> route -> compose -> verify

This is the offline answer. The optional LLM rewrite is composed at the edges (CLI, eval
runner, UI) by `assistant.respond`, over the claims of this answer.
"""
from __future__ import annotations

import dataclasses
import re
import threading
from datetime import date
from pathlib import Path

from assistant import compare, compound, next_steps
from assistant.corpus_view import CorpusView
from assistant.evidence import Evidence
from assistant.route import route
from assistant.scope import Scope, names_a_document
from assistant.understand import normalised, scope_for, understand
from assistant.validity_notes import with_validity
from assistant.verify import verified_claims
from core.profile import load_profile
from core.records import Answer
from core.settings import Settings, get_settings
from core.validity import EXPIRED, validity_of
from prompts.templates import EMPTY_QUESTION, SCOPE_ELSEWHERE, SCOPE_NOTHING_ELSEWHERE, TOO_LONG

_CONTENT_RE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_PREVIOUS_MEMO_MAX = 64


class Assistant:
    """Holds the opened index and its corpus view for one corpus; thread-safe to share.

    Construction is cheap; `warm_up()` (or the first question) opens the index and loads
    the tokenizer, the embedding model and the knowledge base, once."""

    def __init__(self, settings: Settings | None = None, corpus_dir: Path | None = None, *, index=None,
                 embedder=None, progress=None):
        self.settings = settings or get_settings()
        self.corpus_dir = corpus_dir
        self.profile = load_profile(self.settings.profile)
        self._index = index
        self._embedder = embedder
        self._progress = progress
        self._view: CorpusView | None = None
        self._lock = threading.Lock()
        self._previous: dict[tuple, Answer | None] = {}

    @property
    def index(self):
        if self._index is None:
            with self._lock:
                if self._index is None:
                    from assistant.index_factory import open_or_build

                    self._index = open_or_build(self.settings, self.corpus_dir, embedder=self._embedder,
                                                progress=self._progress)
        return self._index

    @property
    def view(self) -> CorpusView:
        if self._view is None:
            index = self.index
            with self._lock:
                if self._view is None:
                    self._view = CorpusView(index, self.profile)
        return self._view

    @property
    def kb(self):
        return self.view.kb

    def warm_up(self, *, embed: bool = True) -> "Assistant":
        """Open the index and load what answering needs, so the first question is fast."""
        from core.tokenizer import get_tokenizer

        get_tokenizer()
        import jieba.posseg

        jieba.posseg.lcut("预热企业")  # the part-of-speech model the trade guard reads (assistant/guards.py)
        view = self.view
        view.titles.table()
        view.outline_clause("")
        view.kb.link("预热")
        normalised(view, "預熱")
        if embed:
            self.index.embedder.embed_queries(["预热"])
        return self

    def match(self, profile: dict) -> dict:
        """The DESIGN §6 match object for an enterprise profile (raises ProfileError)."""
        from assistant.matching import match_profile

        return match_profile(self, profile)

    # --- the answer pass -------------------------------------------------------------------

    def answer(self, question: str, history: list[dict] | None = None, *, doc_ids: list[str] | None = None) -> Answer:
        problem = self._input_problem(question)
        if problem is not None:
            return problem
        view = self.view
        q = normalised(view, question)
        if not _CONTENT_RE.search(q):
            return Answer(EMPTY_QUESTION, refused=True, route="refusal")
        scope = self._in_force(scope_for(view, q, doc_ids))
        parts = compound.split_questions(q)
        if len(parts) == 1:
            answer = self._answer_one(q, history, scope)
            if answer.refused and history and next_steps.asks_next_steps(q):  # "接下来还要做什么？"
                answer = next_steps.next_steps(view.index, q, history, scope.doc_ids) or answer
            if answer.refused and not answer.claims and history:  # nothing found, not a specific near miss
                answer = (self._from_previous_turn(q, history)
                          or self._leaning(q, history, scope) or answer)
            if answer.refused and scope.chosen:
                answer = self._beyond_scope(answer, q, history, scope)
            return with_validity(view.index, answer, self.today())
        answers, turns = [], list(history or [])  # each part in turn, the earlier parts as history
        for part in parts:
            part_scope = scope if scope.doc_ids else self._in_force(scope_for(view, part, None))
            if answers and compare.asks_comparison(part):
                answer = self._compared(parts[len(answers) - 1], answers[-1], part_scope)
                if answer is not None:
                    answers.append(answer)
                    continue
            answer = self._answer_one(part, turns, part_scope)
            if answer.refused and any(not a.refused for a in answers) and answer.debug.get("route_name") == "extractive":
                answer = compound.from_earlier(view.index, part, [a for a in answers if not a.refused]) or answer
            answers.append(answer)
            turns += _turns([part], answers[-1:])
        for i, part in enumerate(parts):  # a part still refused, read in the clauses the others cite
            others = [a for j, a in enumerate(answers) if j != i and not a.refused]
            if answers[i].refused and others and answers[i].debug.get("route_name") == "extractive":  # not a guard's
                answers[i] = compound.from_other_parts(view.index, part, others, view.profile.colloquial_words) or answers[i]
            if answers[i].refused and not answers[i].claims and i > 0 and not answers[i - 1].refused:
                turns = list(history or []) + _turns(parts[:i], answers[:i])
                answers[i] = self._leaning(part, turns, scope if scope.doc_ids else self._in_force(
                    scope_for(view, part, None))) or answers[i]
        return with_validity(view.index, compound.merge(parts, answers), self.today())

    def _leaning(self, q: str, history: list[dict], scope: Scope) -> Answer | None:
        """A follow-up refused on its own words ("网上能办吗？"), read with the turn it continues:
        a clause about that turn's subject may answer it. None when it is still refused."""
        answer = self._answer_one(q, history, scope, lean=True)
        return None if answer.refused or not answer.claims else answer

    def _compared(self, earlier: str, first: Answer, scope: Scope) -> Answer | None:
        """The earlier part answered again from the other documents, then set beside the first."""
        if first.refused or not first.claims or scope.chosen:
            return None
        if len(compare.per_document(first)) >= 2:
            return compare.compared(first)
        others = tuple(d for d in self.index.documents if d not in {c.doc_id for c in first.claims})
        if not others:
            return None
        return compare.compared(first, self._answer_one(earlier, [], Scope(others)))

    def _from_previous_turn(self, q: str, history: list[dict]) -> Answer | None:
        last_user = next((t.get("content") for t in reversed(history)
                          if isinstance(t, dict) and t.get("role") == "user" and isinstance(t.get("content"), str)), "")
        previous = self._previous_answer(history) if last_user else None
        return compound.from_previous_turn(self.index, q, normalised(self.view, last_user), previous) if previous else None

    def _beyond_scope(self, refusal: Answer, q: str, history, scope: Scope) -> Answer:
        """A refusal under the user's 文件范围 says so, and whether another document has something."""
        docs = self.index.documents
        others = [d for d in docs if d not in scope.doc_ids]
        if not others:
            return refusal
        chosen = "、".join(f"《{docs[d].title}》" for d in scope.doc_ids if d in docs)
        wider = self._answer_one(q, history, Scope(tuple(others)))
        if wider.refused or not wider.claims:
            note = SCOPE_NOTHING_ELSEWHERE.render(chosen=chosen)
        else:
            where = "、".join(dict.fromkeys(f"《{c.doc}》" for c in wider.claims))
            note = SCOPE_ELSEWHERE.render(chosen=chosen, others=where)
        return dataclasses.replace(refusal, text=refusal.text + "\n" + note)

    def _input_problem(self, question) -> Answer | None:
        limit = self.settings.answer.max_question_chars
        if not isinstance(question, str) or not question.strip():
            return Answer(EMPTY_QUESTION, refused=True, route="refusal")
        if len(question) > limit:
            return Answer(TOO_LONG.render(length=len(question), limit=limit), refused=True, route="refusal")
        return None

    def _answer_one(self, q: str, history: list[dict] | None, scope: Scope, *, lean: bool = False) -> Answer:
        view = self.view
        question = understand(view, q, history, scope, previous_answer=self._previous_answer, lean=lean)
        if lean and not (question.followup and question.followup.lean):
            return Answer("", refused=True, route="refusal")  # nothing earlier to lean on
        answer = verified_claims(view.index, route(Evidence(view, question)))
        if (answer.refused and scope.named and not scope.chosen and answer.debug.get("route_name") == "extractive"
                and not names_a_document(view.titles, q)):
            # "残疾人两项补贴要回哪里申领": title words chose a document; the others may state it
            wider = self._answer_one(q, history, self._in_force(Scope(view.titles.regional(q))))
            answer = answer if wider.refused else wider
        return answer

    def today(self) -> date:
        configured = self.settings.answer.today
        return date.fromisoformat(configured) if configured else date.today()

    def _in_force(self, scope: Scope) -> Scope:
        """With `answer.exclude_expired`, a question that chose no document is answered from the
        documents still in force."""
        if not self.settings.answer.exclude_expired or scope.doc_ids:
            return scope
        today, docs = self.today(), self.index.documents.values()
        live = tuple(d.doc_id for d in docs if validity_of(d, today).status != EXPIRED)
        return scope if len(live) == len(docs) else Scope(live or ("",))

    def _previous_answer(self, history: list[dict]) -> Answer | None:
        """This system's answer to the last user turn of `history` (with the turns before it),
        for a follow-up whose history holds that answer only as text."""
        last_user = max((i for i, t in enumerate(history) if isinstance(t, dict) and t.get("role") == "user"),
                        default=None)
        if last_user is None or not isinstance(history[last_user].get("content"), str):
            return None
        key = repr(history[:last_user + 1])
        if key not in self._previous:
            if len(self._previous) > _PREVIOUS_MEMO_MAX:
                self._previous.clear()
            self._previous[key] = self.answer(history[last_user]["content"], history[:last_user])
        return self._previous[key]


_assistants: dict[tuple, Assistant] = {}
_assistants_lock = threading.Lock()


def _assistant_key(settings: Settings, corpus_dir: Path | None) -> tuple:
    """What makes two assistants different; never the API key."""
    public = settings.model_dump_json(exclude={"llm": {"api_key"}, "api": {"token"}})
    return (public, str(Path(corpus_dir).resolve()) if corpus_dir else "")


def get_assistant(settings: Settings | None = None, corpus_dir: Path | None = None) -> Assistant:
    settings = settings or get_settings()
    key = _assistant_key(settings, corpus_dir)
    with _assistants_lock:
        if key not in _assistants:
            _assistants[key] = Assistant(settings, corpus_dir)
        return _assistants[key]


def _turns(parts: list[str], answers: list[Answer]) -> list[dict]:
    """The earlier parts of a message as conversation turns, each with this system's answer."""
    turns: list[dict] = []
    for part, answer in zip(parts, answers):
        turns += [{"role": "user", "content": part}, {"role": "assistant", "content": answer.text, "answer": answer}]
    return turns


def answer(question: str, history: list[dict] | None = None, *, settings: Settings | None = None,
           corpus_dir: Path | None = None, doc_ids: list[str] | None = None) -> Answer:
    """The offline answer (no LLM): what the documents say, with its claims."""
    return get_assistant(settings, corpus_dir).answer(question, history, doc_ids=doc_ids)
