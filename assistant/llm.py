"""Optional LLM layer: rewrite an offline answer fluently over the same evidence, then verify.

Switched on by the contract variables LLM_BASE_URL, LLM_MODEL (and LLM_API_KEY), read by
`core.settings.LLMSettings`. Any OpenAI-compatible endpoint (vLLM, Ollama, a cloud API)
is reached through `langchain_openai.ChatOpenAI`, imported only when the layer is used.

- `gather_evidence(index, base)`: the full text of the clauses the offline answer cited,
  plus the offline answer itself: as structured facts (fact routes) or as the excerpts an
  extractive answer quoted. The reply must keep their hard facts (see `assistant.verify`).
- `rewrite(question, base, evidence, settings) -> Answer`: one call, verified. Route "llm"
  on success; otherwise `base` unchanged except for a one-line Chinese `notice`.
- `stream_rewrite(...)`: a generator for the UI. It yields `str` deltas (whole sentences,
  each shown only after it passed the sentence checks of `assistant.verify`) and last the
  final `Answer` (also its return value). When the final Answer is not route "llm", the UI
  replaces whatever it streamed with `answer.text` and shows `answer.notice`.
- `stream_answer(assistant, question, history)`: the offline answer first (so citation
  cards can be drawn as soon as retrieval is done), then `stream_rewrite`'s items.

The whole call (connect, generation, stream) is bounded by `settings.llm.timeout` plus a
small margin: the request runs in a worker thread and the caller stops waiting at the
deadline. Endpoint failures (refused connection, HTTP errors, timeouts, malformed or empty
replies) become `LLMUnavailable` inside this module and reach callers only as the
fallback answer with its notice — never as a traceback.
"""
from __future__ import annotations

import dataclasses
import logging
import queue
import re
import threading
import time
from typing import Callable, Iterable, Iterator

from core.errors import LLMUnavailable
from core.records import Answer
from core.settings import LLMSettings, Settings
from assistant.verify import Evidence, EvidenceClause, check_prefix, excerpt_sentences, key_items, verify
from prompts.llm import (DEFAULTS, GROUNDED_ANSWER, GROUNDED_ANSWER_WITH_FACTS, UNAVAILABLE_NOTICE,
                         VERIFY_FAILED_NOTICE)

log = logging.getLogger(__name__)

DEADLINE_MARGIN_S = 1.0  # waiting stops at timeout + this, whatever the HTTP client does
MAX_EVIDENCE_CHARS = 12000  # clauses beyond this budget are not sent (and so may not be cited)
_SENTENCE_END_RE = re.compile(r"[。！？；!?\n]")

__all__ = ["Evidence", "gather_evidence", "build_messages", "rewrite", "stream_rewrite", "stream_answer",
           "chat_model"]


# --- evidence and prompt ----------------------------------------------------------------

def gather_evidence(index, base: Answer) -> Evidence:
    """Full text of each clause the offline answer cited (once each), in citation order."""
    clauses, seen, budget = [], set(), MAX_EVIDENCE_CHARS
    for c in base.citations:
        key = (c.doc_id, c.clause)
        if key in seen:
            continue
        seen.add(key)
        clause = index.clause(c.doc_id, c.clause)
        if clause is None or len(clause.text) > budget:
            continue
        budget -= len(clause.text)
        clauses.append(EvidenceClause(c.doc_id, c.doc or index.document_title(c.doc_id), c.clause, clause.text,
                                      key=f"c{len(clauses) + 1}"))
    if base.route == "facts":
        return Evidence(tuple(clauses), facts=base.text)
    return Evidence(tuple(clauses), excerpts=base.text)


def _data(text: str) -> str:
    """Document text is data: it cannot close or open our delimiters."""
    return text.replace("<", "＜").replace(">", "＞")


def _attr(text: str) -> str:
    return _data(text).replace('"', "＂")


def render_clauses(evidence: Evidence) -> str:
    return "\n".join(f'<clause id="{_attr(c.citable)}" doc="{_attr(c.doc_title)}" label="{_attr(c.clause_id)}">\n'
                     f'{_data(c.text)}\n</clause>' for c in evidence.clauses)


def build_messages(question: str, evidence: Evidence):
    """The chat messages sent to the model (system rules + question + delimited evidence)."""
    values = dict(DEFAULTS, question=_data(question.strip()), clauses=render_clauses(evidence),
                  allowed_ids="、".join(evidence.ids))
    if evidence.facts:
        return GROUNDED_ANSWER_WITH_FACTS.render(**values, facts=_data(evidence.facts))
    excerpts = evidence.excerpts or "\n".join(c.text for c in evidence.clauses)
    return GROUNDED_ANSWER.render(**values, excerpts=_data(excerpts))


# --- the chat model, built once per LLM settings -----------------------------------------

_models: dict[LLMSettings, object] = {}
_models_lock = threading.Lock()


def chat_model(llm: LLMSettings):
    """`ChatOpenAI` for these settings: the configured timeout, no retries (the deadline is ours)."""
    with _models_lock:
        if llm not in _models:
            from langchain_openai import ChatOpenAI

            _models[llm] = ChatOpenAI(model=llm.model, base_url=llm.base_url, api_key=llm.api_key or "not-needed",
                                      timeout=llm.timeout, max_retries=0, temperature=llm.temperature)
        return _models[llm]


def _text_of(message) -> str:
    content = getattr(message, "content", "")
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(b if isinstance(b, str) else b.get("text", "") for b in content
                       if isinstance(b, str) or isinstance(b, dict))
    raise LLMUnavailable(f"unexpected content type {type(content).__name__}")


def _within_deadline(produce: Callable[[threading.Event], Iterable[str]], timeout: float) -> Iterator[str]:
    """Run `produce` in a worker thread and yield its pieces until it ends or the deadline passes.

    Everything the worker raises is a failure of the endpoint or of its reply (the worker runs
    only third-party client code), so it is handed over and re-raised here as `LLMUnavailable`.
    """
    pieces: queue.Queue = queue.Queue()
    stop = threading.Event()

    def work():
        try:
            for piece in produce(stop):
                if stop.is_set():
                    break
                pieces.put(("piece", piece))
            pieces.put(("done", None))
        except Exception as exc:  # noqa: BLE001 - the client boundary: handed to the caller, never dropped
            pieces.put(("error", exc))

    deadline = time.monotonic() + timeout + DEADLINE_MARGIN_S
    threading.Thread(target=work, name="llm-request", daemon=True).start()
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LLMUnavailable(f"no complete reply within {timeout:g} s")
            try:
                kind, value = pieces.get(timeout=remaining)
            except queue.Empty:
                raise LLMUnavailable(f"no complete reply within {timeout:g} s") from None
            if kind == "done":
                return
            if kind == "error":
                raise LLMUnavailable(f"{type(value).__name__}: {value}") from value
            yield value
    finally:
        stop.set()


def _invoke(model, messages) -> Callable[[threading.Event], Iterable[str]]:
    def produce(stop):
        yield _text_of(model.invoke(messages))
    return produce


def _stream(model, messages) -> Callable[[threading.Event], Iterable[str]]:
    def produce(stop):
        chunks = model.stream(messages)
        try:
            for chunk in chunks:
                if stop.is_set():
                    return
                text = _text_of(chunk)
                if text:
                    yield text
        finally:
            chunks.close()  # closes the HTTP response when the caller gave up
    return produce


# --- outcomes ------------------------------------------------------------------------------

def _fallback(base: Answer, notice: str, reason: str) -> Answer:
    log.info("LLM answer not used: %s", reason)
    return dataclasses.replace(base, notice=notice, debug={**base.debug, "llm_fallback": reason})


def _unavailable(base: Answer, exc: LLMUnavailable) -> Answer:
    return _fallback(base, UNAVAILABLE_NOTICE, str(exc))


def _rejected(base: Answer, reason: str) -> Answer:
    return _fallback(base, VERIFY_FAILED_NOTICE.format(reason=reason), reason)


def finalize(text: str, base: Answer, evidence: Evidence, settings: Settings) -> Answer:
    """The verified LLM answer, or `base` with the reason it was not used."""
    text = text.strip()
    if not text:
        return _unavailable(base, LLMUnavailable("empty reply"))
    verdict = verify(text, evidence, key_items(base.text, base.route),
                     excerpt_sentences(base.text) if base.route != "facts" else ())
    if not verdict.ok:
        return _rejected(base, verdict.reason)
    cited = evidence.sources(verdict.cited)
    claims = tuple(c for c in base.claims if (c.doc_id, c.clause) in cited
                   or (not c.doc_id and any(c.clause == clause for _, clause in cited)))
    if not claims:
        return _rejected(base, "所引条款没有可展示的原文")
    return Answer(evidence.display(text), claims, refused=False, route="llm", conflicts=base.conflicts,
                  debug={**base.debug, "base_route": base.route, "llm_model": settings.llm.model})


def _skip(base: Answer, evidence: Evidence, settings: Settings) -> bool:
    return not settings.llm.enabled or base.refused or not evidence.clauses


def rewrite(question: str, base: Answer, evidence: Evidence, settings: Settings) -> Answer:
    """One non-streaming call; the verified LLM answer or `base` with a notice."""
    if _skip(base, evidence, settings):
        return base
    messages = build_messages(question, evidence)
    try:
        text = "".join(_within_deadline(_invoke(chat_model(settings.llm), messages), settings.llm.timeout))
    except LLMUnavailable as exc:
        return _unavailable(base, exc)
    return finalize(text, base, evidence, settings)


def stream_rewrite(question: str, base: Answer, evidence: Evidence, settings: Settings
                   ) -> Iterator[str | Answer]:
    """Yield checked sentence deltas, then the final Answer (also returned).

    A sentence is yielded once it is complete and passed `assistant.verify.check_prefix`;
    the first failing sentence ends the stream with the fallback answer.
    """
    if _skip(base, evidence, settings):
        yield base
        return base
    messages = build_messages(question, evidence)
    shown, pending = "", ""
    try:
        for delta in _within_deadline(_stream(chat_model(settings.llm), messages), settings.llm.timeout):
            pending += delta
            ends = list(_SENTENCE_END_RE.finditer(pending))
            if not ends:
                continue
            cut = ends[-1].end()
            ready, pending = pending[:cut], pending[cut:]
            reason = check_prefix(shown + ready, evidence)
            if reason:
                final = _rejected(base, reason)
                yield final
                return final
            shown += ready
            yield evidence.display(ready)
    except LLMUnavailable as exc:
        final = _unavailable(base, exc)
        yield final
        return final
    final = finalize(shown + pending, base, evidence, settings)
    if final.route == "llm" and pending.strip():
        yield evidence.display(pending)
    yield final
    return final


# --- convenience for the app -----------------------------------------------------------------

def stream_answer(assistant, question: str, history: list[dict] | None = None, *,
                  doc_ids: list[str] | None = None) -> Iterator[Answer | str]:
    """For the chat UI: yields the offline Answer first (draw its citation cards), then, when an
    LLM is configured and the offline answer is not a refusal, `stream_rewrite`'s str deltas and
    its final Answer. The last Answer yielded is the one to keep."""
    base = assistant.answer(question, history, doc_ids=doc_ids)
    yield base
    settings = assistant.settings
    if not settings.llm.enabled or base.refused:
        return
    evidence = gather_evidence(assistant.index, base)
    yield from stream_rewrite(question, base, evidence, settings)
