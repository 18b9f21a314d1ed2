"""Every error answer is JSON with a Chinese `detail`; never a traceback.

FastAPI's own validation errors (English, with pydantic internals) are rewritten in Chinese,
Starlette's 404/405 get Chinese text, project errors show their `message_zh`, and anything
unexpected is logged and answered with a fixed Chinese 500.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.errors import IndexBusyError, PolicyQAError, ProfileError, StoreUnavailableError

log = logging.getLogger("policyqa.api")

INTERNAL = "服务器内部错误，请稍后再试；问题已记入服务器日志。"
_STATUS_TEXT = {
    400: "请求有误。",
    401: "需要有效的访问令牌。",
    403: "没有权限。",
    404: "接口不存在。",
    405: "不支持此请求方法。",
    413: "请求体过大。",
    415: "不支持的请求体类型，请使用 application/json。",
    422: "请求内容有误。",
    429: "请求过于频繁，请稍后再试。",
}
_TYPE_TEXT = {
    "missing": "缺少必填字段",
    "json_invalid": "请求体不是合法的 JSON",
    "string_type": "应为字符串",
    "list_type": "应为列表",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "literal_error": "取值不在允许范围内",
    "too_short": "不能为空",
    "too_long": "过长",
    "string_too_long": "过长",
    "extra_forbidden": "不认识的字段",
}


def _where(loc) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts)


def validation_detail(errors: list[dict]) -> str:
    """A Chinese sentence for pydantic's errors, e.g. 请求内容有误：question：缺少必填字段。"""
    lines = []
    for err in errors[:5]:
        kind = err.get("type", "")
        if kind == "json_invalid":
            return "请求体不是合法的 JSON。"
        where = _where(err.get("loc", ()))
        text = _TYPE_TEXT.get(kind, "格式不正确")
        if kind == "missing" and not where:
            return "缺少请求体：请发送 JSON 对象。"
        lines.append(f"{where}：{text}" if where else text)
    return "请求内容有误：" + "；".join(dict.fromkeys(lines)) + "。"


def _json(status: int, detail: str, headers=None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        return _json(422, validation_detail(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) and not detail_is_english(exc.detail) else None
        if detail is None:
            detail = _STATUS_TEXT.get(exc.status_code, "请求无法处理。")
            if exc.status_code == 404:
                detail = f"接口不存在：{request.method} {request.url.path}"
        return _json(exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(ProfileError)
    async def _profile(request: Request, exc: ProfileError):
        return _json(422, exc.message_zh)

    @app.exception_handler(PolicyQAError)
    async def _project(request: Request, exc: PolicyQAError):
        status = 409 if isinstance(exc, IndexBusyError) else 503 if isinstance(exc, StoreUnavailableError) else 500
        log.warning("%s on %s %s: %s", type(exc).__name__, request.method, request.url.path, exc)
        return _json(status, exc.message_zh)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return _json(500, INTERNAL)


def detail_is_english(text: str) -> bool:
    """Starlette's own details ("Not Found", "Method Not Allowed") hold no Chinese."""
    return not any("\u4e00" <= ch <= "\u9fff" for ch in text)
