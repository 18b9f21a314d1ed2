"""The FastAPI application: DESIGN.md section 7.

`create_app()` is a factory (uvicorn `--factory`, one app per worker process). Each process
holds one warm assistant (`AssistantHolder`, warmed at startup); answering is blocking CPU
work, so it runs in the threadpool and the event loop stays free for other requests.
"""
from __future__ import annotations

import logging
import time
import uuid
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Body, FastAPI, HTTPException, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api import chat, documents, errors
from api.limits import BodyLimit
from api.schemas import AskRequest, ChatRequest
from api.state import AssistantHolder
from assistant.contract import output_record
from assistant.respond import respond
from core.errors import PolicyQAError
from core.settings import Settings, get_settings
from prompts.templates import EMPTY_QUESTION, TOO_LONG

log = logging.getLogger("policyqa.api")


def _holder(request: Request) -> AssistantHolder:
    return request.app.state.holder


def check_question(settings: Settings, question: str, history: list) -> None:
    """4xx for what is not a question at all: empty, too long, or too much history."""
    if not question.strip():
        raise HTTPException(status_code=422, detail=EMPTY_QUESTION)
    limit = settings.answer.max_question_chars
    if len(question) > limit:
        raise HTTPException(status_code=422, detail=TOO_LONG.render(length=len(question), limit=limit))
    turns = settings.api.max_history_turns
    if len(history) > turns:
        raise HTTPException(status_code=422, detail=f"历史对话过长（{len(history)} 条），最多 {turns} 条。")


def doc_ids_for(assistant, names: list[str] | None) -> list[str] | None:
    """Document IDs for titles (or file names) given by a client; 422 naming an unknown one."""
    if not names:
        return None
    docs = list(assistant.index.documents.values())
    ids = []
    for name in names:
        wanted = str(name).strip().strip("《》")
        found = [d.doc_id for d in docs if wanted in (d.title, d.path, Path(d.path).name, d.doc_id)]
        if not found:
            raise HTTPException(status_code=422, detail=f"没有这份文件：{name}（可用 GET /v1/documents 查看已收录文件）。")
        ids.extend(found)
    return list(dict.fromkeys(ids))


def create_app(settings: Settings | None = None, corpus_dir: Path | None = None) -> FastAPI:
    settings = settings or get_settings()
    corpus = Path(corpus_dir or settings.corpus_dir)
    holder = AssistantHolder(settings, corpus)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        try:
            assistant = await run_in_threadpool(holder.get)  # builds the index if the corpus has none
        except PolicyQAError as exc:
            log.error("启动失败：%s", exc.message_zh)
            raise
        log.info("policyqa api: %d documents from %s", len(assistant.index.documents), corpus)
        yield

    app = FastAPI(title="政策问答助手 API", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None)
    app.state.holder = holder
    app.state.settings = settings
    app.state.corpus_dir = corpus
    errors.install(app)
    app.add_middleware(BodyLimit, max_body=settings.api.max_body_bytes, max_upload=settings.api.max_upload_bytes)
    app.include_router(documents.router)

    @app.get("/healthz")
    async def healthz(request: Request):
        assistant = await run_in_threadpool(_holder(request).get)
        return {"status": "ok", "documents": len(assistant.index.documents)}

    @app.post("/v1/ask")
    async def ask(request: Request, body: AskRequest):
        history = [t.model_dump() for t in body.history]
        check_question(settings, body.question, history)

        def work():
            assistant = _holder(request).get()
            doc_ids = doc_ids_for(assistant, body.docs)
            started = time.perf_counter()
            result = respond(assistant, body.question, history, doc_ids=doc_ids)
            latency = (time.perf_counter() - started) * 1000
            return output_record(body.id or f"api-{uuid.uuid4().hex[:12]}", body.question, result, latency,
                                 with_route=settings.llm.enabled)

        return await run_in_threadpool(work)

    @app.post("/v1/match")
    async def match(request: Request, profile: dict = Body(...)):
        def work():
            return _holder(request).get().match(profile)

        return await run_in_threadpool(work)

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request, body: ChatRequest):
        question, history = chat.split_messages(body)
        check_question(settings, question, history)
        if body.stream and settings.llm.enabled:
            from assistant.llm import stream_answer

            def first():
                assistant = _holder(request).get()
                produced = stream_answer(assistant, question, history, doc_ids=doc_ids_for(assistant, body.docs))
                next(produced)  # the offline answer: computed before the response starts, so errors are 4xx/5xx
                return produced

            produced = await run_in_threadpool(first)
            return StreamingResponse(chat.stream_llm(body, produced), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

        def work():
            assistant = _holder(request).get()
            return respond(assistant, question, history, doc_ids=doc_ids_for(assistant, body.docs))

        answer = await run_in_threadpool(work)
        if body.stream:
            return StreamingResponse(chat.stream_offline(body, answer), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        return chat.completion(body, answer)

    @app.get("/v1/models")
    async def models():
        return {"object": "list", "data": [{"id": "policyqa", "object": "model", "created": 0, "owned_by": "policyqa"}]}

    return app
