"""GET /v1/documents (open), POST /v1/documents and DELETE /v1/documents/{file} (bearer token).

Upload body (JSON, files base64-encoded; no multipart):

    {"files": [{"name": "某某办法.docx", "content_base64": "..."}]}

Files go into `<corpus>/uploads/` and the corpus is re-ingested (`assistant.library`): the
same parsing, report and writer lock as `python -m ingest`. A file the ingest rejects is
taken back out and its Chinese reason returned. Only uploaded files can be deleted.
"""
from __future__ import annotations

import base64
import binascii
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from api.auth import require_token
from api.schemas import UploadRequest
from assistant import library
from core.errors import IndexBusyError
from core.validity import validity_of

router = APIRouter()


def _authorised(request: Request) -> None:
    require_token(request, request.app.state.settings)


def listing(assistant) -> list[dict]:
    index, today = assistant.index, assistant.today()
    rows = [{"doc": d.title, "file": d.path, "status": validity_of(d, today).status,
             "clauses": len(index.clauses_of(d.doc_id))} for d in index.documents.values()]
    return sorted(rows, key=lambda r: r["file"])


@router.get("/v1/documents")
async def list_documents(request: Request):
    holder = request.app.state.holder
    return await run_in_threadpool(lambda: listing(holder.get()))


def _failed(outcome: library.UploadOutcome) -> HTTPException:
    status = 409 if outcome.message == IndexBusyError.message_zh else 500
    return HTTPException(status_code=status, detail=outcome.message)


def _errors(outcome: library.UploadOutcome) -> list[dict]:
    return [e for e in outcome.report.get("errors", []) if e.get("file") in outcome.rejected]


@router.post("/v1/documents", dependencies=[Depends(_authorised)])
async def upload(request: Request, body: UploadRequest):
    files = []
    for item in body.files:
        try:
            files.append((item.name, base64.b64decode(item.content_base64, validate=True)))
        except (binascii.Error, ValueError):
            raise HTTPException(status_code=422, detail=f"文件 {item.name} 的 content_base64 不是合法的 base64。")
    state = request.app.state

    def work():
        outcome = library.add_files(Path(state.corpus_dir), state.settings, files)
        if outcome.ok:
            state.holder.get()  # open and warm the new generation before answering
        return outcome

    outcome = await run_in_threadpool(work)
    if not outcome.ok:
        raise _failed(outcome)
    rejected = _errors(outcome)
    if rejected and not outcome.saved:
        reasons = "；".join(f"{e['file']}：{e['error']}" for e in rejected)
        raise HTTPException(status_code=422, detail=f"文件未能入库：{reasons}")
    return {"saved": outcome.saved, "rejected": rejected, "report": outcome.report}


@router.delete("/v1/documents/{file:path}", dependencies=[Depends(_authorised)])
async def delete(request: Request, file: str):
    state = request.app.state
    corpus = Path(state.corpus_dir)
    name = file if file.startswith(f"{library.UPLOADS_DIR}/") else f"{library.UPLOADS_DIR}/{file}"
    if name not in library.uploaded_files(corpus):
        raise HTTPException(status_code=404, detail=f"没有可删除的上传文件：{file}（只能删除通过接口上传的文件）。")

    def work():
        outcome = library.delete_file(corpus, state.settings, name)
        if outcome.ok:
            state.holder.get()
        return outcome

    outcome = await run_in_threadpool(work)
    if not outcome.ok:
        raise _failed(outcome)
    return {"deleted": name, "report": outcome.report}
