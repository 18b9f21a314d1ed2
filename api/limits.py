"""Request body limits, enforced before the body reaches FastAPI (a pure ASGI middleware).

A declared Content-Length over the limit is answered 413 at once; a body without one (chunked)
is counted while it is read and cut off at the limit. Uploads (POST /v1/documents) have their
own, larger limit, for requests that carry an Authorization header (the token itself is
checked by the endpoint). Every endpoint takes JSON, so a body sent without a JSON content
type (curl -d) is read as JSON."""
from __future__ import annotations

import json

UPLOAD_PATH = "/v1/documents"
TOO_LARGE = "请求体过大（上限 {limit}），请精简内容或分批上传。"


def _human(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


class BodyLimit:
    def __init__(self, app, *, max_body: int, max_upload: int):
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        upload = scope["path"].rstrip("/") == UPLOAD_PATH and b"authorization" in headers
        limit = self.max_upload if upload else self.max_body  # no token offered: no large body read
        declared = headers.get(b"content-length")
        kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if kind in (b"", b"application/x-www-form-urlencoded", b"text/plain"):
            # Every endpoint takes JSON: `curl -d '{...}'` (sent as a form) is read as JSON too.
            scope = dict(scope, headers=[(k, v) for k, v in scope["headers"] if k != b"content-type"]
                         + [(b"content-type", b"application/json")])
        if declared is not None:
            try:
                if int(declared) > limit:
                    return await _too_large(send, limit)
            except ValueError:
                return await _reply(send, 400, "Content-Length 无效。")
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return await _too_large(send, limit)
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)


async def _too_large(send, limit: int) -> None:
    await _reply(send, 413, TOO_LARGE.format(limit=_human(limit)))


async def _reply(send, status: int, detail: str) -> None:
    payload = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": payload})
