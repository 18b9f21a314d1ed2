"""Locust scenario for the HTTP API (DESIGN §7): users asking real questions.

Two kinds of user, half each:

- `SeedUser` asks the project's gold questions (`eval/gold.jsonl`, with their history) of
  the server over the seed corpus (`LOAD_SEED_URL`);
- `MultiUser` asks the multi-document questions (`eval/real/multi.jsonl`) of the server over
  the ~50-document corpus (`LOAD_MULTI_URL`).

Questions are read at run time, never copied. Each user sends 3 in 4 questions to /v1/ask and
1 in 4 to /v1/chat/completions (half of those streamed), waits 1–2 s, and asks again. A
response counts as a failure unless it is 200 with the expected JSON (or SSE ending in
[DONE]).

Environment: `LOAD_SEED_URL`, `LOAD_MULTI_URL` (the two servers), `LOAD_WAIT` (think time
"min,max" in seconds, default "1,2"), `LOAD_OUT` (a JSON file that receives every request's
name, time in ms and outcome, and the server-side `latency_ms` of every /v1/ask answer, at
the end: exact percentiles, and queueing told apart from compute).

    locust -f eval/load/locustfile.py --headless -u 50 -r 10 -t 60s   # see python -m eval.load
"""
from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

from locust import HttpUser, between, events, task

ROOT = Path(__file__).resolve().parents[2]
SEED_QUESTIONS = Path(os.environ.get("LOAD_SEED_QUESTIONS", ROOT / "eval" / "gold.jsonl"))
MULTI_QUESTIONS = Path(os.environ.get("LOAD_MULTI_QUESTIONS", ROOT / "eval" / "real" / "multi.jsonl"))
TIMEOUT_S = 120
WAIT = tuple(float(x) for x in os.environ.get("LOAD_WAIT", "1,2").split(","))  # think time, seconds
_server_times: dict[str, list[float]] = {"seed": [], "multi": []}
_samples: list[tuple[str, float, bool, float, str]] = []  # (name, response ms, ok, end time, error)


def _questions(path: Path) -> list[dict]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            history = [t for t in row.get("history") or [] if t.get("role") in ("user", "assistant")]
            items.append({"question": row["question"], "history": history})
    return items


class _Asker(HttpUser):
    abstract = True
    wait_time = between(*WAIT)
    network_timeout = TIMEOUT_S
    connection_timeout = 10
    corpus = ""
    questions: list[dict] = []

    def _item(self) -> dict:
        return random.choice(self.questions)

    @task(6)
    def ask(self):
        item = self._item()
        with self.client.post("/v1/ask", json=item, name=f"{self.corpus} /v1/ask", catch_response=True) as r:
            try:
                body = r.json()
            except ValueError:
                return r.failure(f"{r.status_code}: not JSON")
            if r.status_code != 200 or not isinstance(body.get("answer"), str) or "citations" not in body:
                return r.failure(f"{r.status_code}: {str(body)[:200]}")
            _server_times[self.corpus].append(float(body.get("latency_ms", 0.0)))
            r.success()

    @task(1)
    def chat(self):
        self._chat(stream=False)

    @task(1)
    def chat_stream(self):
        self._chat(stream=True)

    def _chat(self, *, stream: bool):
        item = self._item()
        messages = [*item["history"], {"role": "user", "content": item["question"]}]
        name = f"{self.corpus} /v1/chat/completions{' stream' if stream else ''}"
        with self.client.post("/v1/chat/completions", json={"model": "policyqa", "messages": messages,
                              "stream": stream}, name=name, catch_response=True) as r:
            if r.status_code != 200:
                return r.failure(f"{r.status_code}: {r.text[:200]}")
            if stream:
                ok = r.text.rstrip().endswith("data: [DONE]")
            else:
                try:
                    ok = bool(r.json()["choices"][0]["message"]["content"])
                except (ValueError, KeyError, IndexError, TypeError):
                    ok = False
            if not ok:
                return r.failure(f"unexpected body: {r.text[:200]}")
            r.success()


class SeedUser(_Asker):
    host = os.environ.get("LOAD_SEED_URL", "http://127.0.0.1:8080")
    corpus = "seed"
    questions = _questions(SEED_QUESTIONS)


class MultiUser(_Asker):
    host = os.environ.get("LOAD_MULTI_URL", os.environ.get("LOAD_SEED_URL", "http://127.0.0.1:8080"))
    corpus = "multi"
    questions = _questions(MULTI_QUESTIONS)


@events.request.add_listener
def _sample(request_type, name, response_time, response_length, exception=None, **kwargs):
    _samples.append((name, float(response_time), exception is None, time.time(),
                     "" if exception is None else str(exception)[:200]))


@events.test_stop.add_listener
def _write_samples(environment, **kwargs):
    out = os.environ.get("LOAD_OUT")
    if out:
        Path(out).write_text(json.dumps({"samples": _samples, "server_ms": _server_times}), encoding="utf-8")
