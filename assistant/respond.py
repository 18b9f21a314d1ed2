"""The edge step that adds the optional LLM layer to the offline answer.

The CLI, the eval runner and the UI call `respond` (or `assistant.llm.stream_answer` for
streaming). The offline pass (`Assistant.answer`) never calls a model; this step rewrites
its answer over the same claims when LLM_BASE_URL and LLM_MODEL are set, and keeps the
offline answer, with a notice, when the model fails or its reply fails verification."""
from __future__ import annotations

from core.records import Answer


def respond(assistant, question: str, history: list[dict] | None = None, *,
            doc_ids: list[str] | None = None) -> Answer:
    base = assistant.answer(question, history, doc_ids=doc_ids)
    settings = assistant.settings
    if not settings.llm.enabled or base.refused:
        return base
    from assistant import llm

    return llm.rewrite(question, base, llm.gather_evidence(assistant.index, base), settings)
