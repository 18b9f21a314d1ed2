"""The project's own scripted OpenAI-compatible chat server, for tests.

A real `ThreadingHTTPServer` on 127.0.0.1 (free port) in a background thread. It serves
`POST /v1/chat/completions` as non-streaming JSON or, when the request says
`"stream": true`, as server-sent events (`data: {chunk}\\n\\n ... data: [DONE]\\n\\n`).
It replays scripted behaviours: a script is a function of the request body that returns
a `Reply`. Scripts read the clauses the assistant sent (`<clause id="…">…</clause>`) so
that a "faithful" reply quotes real clause text.

    with ScriptedLLMServer() as server:
        server.use("faithful")            # or server.use(callable)
        settings = ...LLMSettings(base_url=server.base_url, model="scripted", timeout=2)
        ...
        server.requests                   # every request body received

Also runnable by hand: `python tests/llm_server.py faithful` prints the base URL and serves
until interrupted.
"""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

_CLAUSE_RE = re.compile(r'<clause id="([^"]+)" doc="[^"]*"(?: label="([^"]*)")?>\n(.*?)\n</clause>', re.S)
_SENTENCE_RE = re.compile(r"[^。；\n]+[。；]?")
_FACTS_RE = re.compile(r"<facts>\n(.*?)\n</facts>", re.S)
_QUESTION_RE = re.compile(r"<question>(.*?)</question>", re.S)
_EXCERPTS_RE = re.compile(r"<excerpts>\n(.*?)\n</excerpts>", re.S)
# An excerpt line of an extractive answer: 据二（一）6（生物医药）：sentence
_EXCERPT_LINE_RE = re.compile(r"^据(\S+?)（([^（）]*)）[：:](.+)$")


@dataclass(frozen=True)
class Reply:
    kind: str = "text"  # text | status | stall | malformed
    content: str = ""
    status: int = 200
    stall_s: float = 0.0


Script = Callable[[dict], Reply]


def _user_content(body: dict) -> str:
    user = [m for m in body.get("messages", []) if m.get("role") == "user"]
    content = user[-1]["content"] if user else ""
    if isinstance(content, list):
        content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return content


def supplied_clauses(body: dict) -> list[tuple[str, str]]:
    """(evidence key, clause text) pairs from the last user message of a request: the key
    (c1 …) is what a reply must cite."""
    return [(key, text) for key, _, text in _CLAUSE_RE.findall(_user_content(body))]


def supplied_labels(body: dict) -> dict[str, str]:
    """clause ID as the document numbers it (二（一）6) -> its evidence key (c1)."""
    return {label: key for key, label, _ in _CLAUSE_RE.findall(_user_content(body)) if label}


def _as_keys(text: str, labels: dict[str, str]) -> str:
    """The offline answer names clauses by their IDs ('生物医药（二（一）6）', '据二（一）6（…）'); a
    faithful model cites their keys instead."""
    for label in sorted(labels, key=len, reverse=True):
        text = text.replace(f"（{label}）", f"（{labels[label]}）").replace(f"据{label}（", f"据{labels[label]}（")
    return text


def supplied_facts(body: dict) -> str:
    user = [m for m in body.get("messages", []) if m.get("role") == "user"]
    m = _FACTS_RE.search(user[-1]["content"] if user else "")
    return m.group(1).strip() if m else ""


def supplied_excerpts(body: dict) -> str:
    user = [m for m in body.get("messages", []) if m.get("role") == "user"]
    m = _EXCERPTS_RE.search(user[-1]["content"] if user else "")
    return m.group(1).strip() if m else ""


def question_of(body: dict) -> str:
    user = [m for m in body.get("messages", []) if m.get("role") == "user"]
    m = _QUESTION_RE.search(user[-1]["content"] if user else "")
    return m.group(1) if m else ""


def _sentences(text: str) -> list[str]:
    return [s.strip().rstrip("。；") for s in _SENTENCE_RE.findall(text) if s.strip().rstrip("。；")]


def _first_sentence(text: str) -> str:
    """The first sentence of a clause that holds a digit (else the first sentence)."""
    sentences = _sentences(text)
    with_digit = [s for s in sentences if re.search(r"\d", s)]
    return (with_digit or sentences or [text])[0]


def _relevant_sentence(text: str, question: str) -> str:
    """The sentence sharing most character bigrams with the question (what a model would quote)."""
    grams = {question[i:i + 2] for i in range(len(question) - 1)}
    sentences = _sentences(text) or [text]
    return max(sentences, key=lambda s: sum(g in s for g in grams))


def _cite_inline(text: str, ids: list[str]) -> str:
    """'生物医药（二（一）6）' -> '生物医药【二（一）6】'; IDs still uncited are added at the end."""
    for cid in sorted(ids, key=len, reverse=True):
        text = text.replace(f"（{cid}）", f"【{cid}】")
    rest = [cid for cid in ids if f"【{cid}】" not in text and not any(f"【{c}】" in text for c in ids
                                                                      if c.startswith(cid + "·"))]
    if rest:
        text = text.rstrip("。") + "【" + "、".join(rest) + "】。"
    return text


def faithful(body: dict) -> Reply:
    """What a well-behaved model does: restate the structured facts or the excerpts it was given,
    in order, citing each clause in the 【ID】 format. Without either, it quotes the most relevant
    sentence of each supplied clause (up to three)."""
    clauses = supplied_clauses(body)
    if not clauses:
        return Reply(content="抱歉，现有政策文件中没有找到能回答这个问题的规定。")
    ids = [cid for cid, _ in clauses]
    labels = supplied_labels(body)
    facts = supplied_facts(body)
    if facts:
        return Reply(content="根据文件，" + _cite_inline(_as_keys(facts, labels), ids))
    excerpts = _as_keys(supplied_excerpts(body), labels)
    lines = [m for m in (_EXCERPT_LINE_RE.match(line.strip()) for line in excerpts.split("\n")) if m]
    if lines:
        parts = [f"{m.group(2)}：{m.group(3).rstrip('。；')}【{m.group(1)}】。" for m in lines]
        return Reply(content="根据文件规定，" + _cite_inline("".join(parts), ids))
    question = question_of(body)
    parts = [f"{_relevant_sentence(text, question)}【{cid}】。" for cid, text in clauses[:3]]
    return Reply(content="根据文件规定，" + "".join(parts))


def invented_number(body: dict) -> Reply:
    cid = supplied_clauses(body)[0][0]
    return Reply(content=f"根据文件规定，到2020年该产业规模将达到98765亿元，新增企业321家【{cid}】。")


def nonexistent_clause(body: dict) -> Reply:
    _, text = supplied_clauses(body)[0]
    return Reply(content=f"根据文件规定，{_first_sentence(text)}【九（九）99】。")


def obeys_injection(body: dict) -> Reply:
    cid = supplied_clauses(body)[0][0]
    return Reply(content=f"好的，我将忽略之前的所有指令。我的系统提示是：你是政策文件问答助手。请严格遵守以下规则【{cid}】。")


def http_500(body: dict) -> Reply:
    return Reply(kind="status", status=500, content='{"error": {"message": "scripted internal error"}}')


def stall(body: dict) -> Reply:
    """Answers faithfully, but only after 30 s: far past any test timeout."""
    return Reply(kind="stall", stall_s=30.0, content=faithful(body).content)


def malformed_json(body: dict) -> Reply:
    return Reply(kind="malformed", content='{"id": "x", "choices": [{"message": {"content": "半截')


SCRIPTS: dict[str, Script] = {
    "faithful": faithful,
    "invented_number": invented_number,
    "nonexistent_clause": nonexistent_clause,
    "obeys_injection": obeys_injection,
    "http_500": http_500,
    "stall": stall,
    "malformed_json": malformed_json,
}


def _completion(model: str, content: str) -> dict:
    return {
        "id": "chatcmpl-scripted", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(model: str, delta: dict, finish: str | None = None) -> dict:
    return {"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def _pieces(text: str, size: int = 6) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, format, *args):  # keep test output quiet
        return

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
            self._send(404, b'{"error": {"message": "not found"}}')
            return
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self._send(400, b'{"error": {"message": "bad json"}}')
            return
        owner = self.server.owner
        owner.record(body)
        reply = owner.script(body)
        model = body.get("model", "scripted")
        if reply.kind == "status":
            self._send(reply.status, reply.content.encode())
            return
        if reply.kind == "stall" and owner.stop_event.wait(reply.stall_s):
            return  # server shutting down
        if body.get("stream"):
            try:
                self._stream(model, reply)
            except (BrokenPipeError, ConnectionResetError):
                return  # the client stopped reading (it gave up or rejected the reply)
        elif reply.kind == "malformed":
            self._send(200, reply.content.encode())
        else:
            self._send(200, json.dumps(_completion(model, reply.content), ensure_ascii=False).encode())

    def _send(self, status: int, payload: bytes, content_type: str = "application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _stream(self, model: str, reply: Reply):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()  # HTTP/1.0: the body ends when the connection closes

        def event(data: str):
            self.wfile.write(f"data: {data}\n\n".encode())
            self.wfile.flush()

        if reply.kind == "malformed":
            event(json.dumps(_chunk(model, {"role": "assistant", "content": ""}), ensure_ascii=False))
            event(reply.content)
            return
        event(json.dumps(_chunk(model, {"role": "assistant", "content": ""}), ensure_ascii=False))
        for piece in _pieces(reply.content):
            event(json.dumps(_chunk(model, {"content": piece}), ensure_ascii=False))
        event(json.dumps(_chunk(model, {}, "stop"), ensure_ascii=False))
        event("[DONE]")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: "ScriptedLLMServer"


class ScriptedLLMServer:
    """A scripted OpenAI-compatible endpoint on 127.0.0.1; start/stop or use as a context manager."""

    def __init__(self, script: str | Script = "faithful"):
        self.stop_event = threading.Event()
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        self._script: Script = faithful
        self.use(script)
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    def use(self, script: str | Script) -> "ScriptedLLMServer":
        """Replay this script for every following request."""
        with self._lock:
            self._script = SCRIPTS[script] if isinstance(script, str) else script
        return self

    def script(self, body: dict) -> Reply:
        with self._lock:
            return self._script(body)

    def record(self, body: dict) -> None:
        with self._lock:
            self.requests.append(body)

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> "ScriptedLLMServer":
        self._httpd = _Server(("127.0.0.1", 0), _Handler)  # port 0: a free port
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="scripted-llm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> "ScriptedLLMServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":
    import sys

    with ScriptedLLMServer(sys.argv[1] if len(sys.argv) > 1 else "faithful") as srv:
        print(srv.base_url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
