"""Bearer-token check for the endpoints that change the corpus (off when no token is set)."""
from __future__ import annotations

import hmac

from fastapi import HTTPException, Request

from core.settings import Settings

NOT_ENABLED = "文件管理接口未启用：服务器未设置 POLICYQA_API__TOKEN。"
NEEDS_TOKEN = "需要有效的访问令牌：请在请求头中加入 Authorization: Bearer <令牌>。"


def require_token(request: Request, settings: Settings) -> None:
    """Raise 403 when no token is configured, 401 when the request's token is missing or wrong."""
    expected = settings.api.token.get_secret_value()
    if not expected:
        raise HTTPException(status_code=403, detail=NOT_ENABLED)
    scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
    ok = scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), expected.encode())
    if not ok:
        raise HTTPException(status_code=401, detail=NEEDS_TOKEN, headers={"WWW-Authenticate": "Bearer"})
