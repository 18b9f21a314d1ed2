"""OpenAI-compatible /v1/chat/completions over the assistant.

The last user message is the question and the user/assistant messages before it are the
history (system messages are not instructions to this assistant, so they are dropped). The
message content is the answer followed by its citations written out; the structured
citations ride along in an extra top-level field, `citations` (in the last chunk when
streaming). With an LLM configured (LLM_BASE_URL, LLM_MODEL) the stream carries the model's
checked sentences as they arrive (`assistant.llm.stream_answer`); otherwise the offline
answer is sent in sentence-sized chunks.
"""
from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Iterator

from fastapi import HTTPException

from api.schemas import ChatRequest
from core.records import Answer

log = logging.getLogger("policyqa.api")

NO_USER_MESSAGE = "messages 中没有用户消息（role 为 user）。"
STREAM_FAILED = "（回答生成中断：服务器内部错误，请稍后再试。）"
_PIECE_RE = re.compile(r"[^。；！？\n]*[。；！？\n]+|[^。；！？\n]+")


def split_messages(request: ChatRequest) -> tuple[str, list[dict]]:
    """(question, history) from the chat messages."""
    turns = [(m.role, m.text()) for m in request.messages if m.role in ("user", "assistant")]
    last_user = max((i for i, (role, _) in enumerate(turns) if role == "user"), default=None)
    if last_user is None:
        raise HTTPException(status_code=422, detail=NO_USER_MESSAGE)
    history = [{"role": role, "content": text} for role, text in turns[:last_user] if text.strip()]
    return turns[last_user][1], history


def citations_written_out(answer: Answer) -> str:
    if not answer.citations:
        return ""
    lines = ["", "", "依据："]
    for i, c in enumerate(answer.citations, 1):
        lines.append(f"[{i}]《{c.doc}》{c.clause}：“{c.quote}”")
    return "\n".join(lines)


def message_text(answer: Answer) -> str:
    """The answer with its citations written out (what a chat front-end shows)."""
    notice = f"\n（{answer.notice}）" if answer.notice and answer.notice not in answer.text else ""
    return answer.text + notice + citations_written_out(answer)


def _extras(answer: Answer) -> dict:
    return {"citations": [c.as_dict() for c in answer.citations], "refused": answer.refused, "route": answer.route}


def completion(request: ChatRequest, answer: Answer) -> dict:
    content = message_text(answer)
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop",
                     "logprobs": None}],
        "usage": {"prompt_tokens": sum(len(m.text()) for m in request.messages), "completion_tokens": len(content),
                  "total_tokens": sum(len(m.text()) for m in request.messages) + len(content)},
        **_extras(answer),
    }


class _Chunks:
    """SSE lines of one streamed completion."""

    def __init__(self, model: str):
        self.id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        self.created = int(time.time())
        self.model = model

    def event(self, delta: dict, finish: str | None = None, **extra) -> str:
        chunk = {"id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
                 "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **extra}
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"


def pieces(text: str) -> list[str]:
    return [p for p in _PIECE_RE.findall(text) if p]


def stream_offline(request: ChatRequest, answer: Answer) -> Iterator[str]:
    out = _Chunks(request.model)
    yield out.event({"role": "assistant", "content": ""})
    for piece in pieces(message_text(answer)):
        yield out.event({"content": piece})
    yield out.event({}, "stop", **_extras(answer))
    yield "data: [DONE]\n\n"


def stream_llm(request: ChatRequest, produced: Iterator[Answer | str]) -> Iterator[str]:
    """`produced` is `assistant.llm.stream_answer` after its first item (the offline answer):
    checked str deltas, then the final Answer (the model's, or the offline one on fallback)."""
    out = _Chunks(request.model)
    yield out.event({"role": "assistant", "content": ""})
    shown, final = "", None
    try:
        for item in produced:
            if isinstance(item, Answer):
                final = item
            elif item:
                shown += item
                yield out.event({"content": item})
    except Exception:  # headers are sent: end the stream with a Chinese line, log the cause
        log.exception("chat stream failed")
        yield out.event({"content": STREAM_FAILED}, "stop")
        yield "data: [DONE]\n\n"
        return
    if final is not None:
        if final.route == "llm" and shown:  # the model's text is out: add its citations
            rest = citations_written_out(final)
        else:  # the offline answer (no model text, or it failed a check midway)
            rest = ("\n\n" if shown else "") + message_text(final)
        for piece in pieces(rest):
            yield out.event({"content": piece})
    yield out.event({}, "stop", **(_extras(final) if final is not None else {}))
    yield "data: [DONE]\n\n"
