"""One measurement in a fresh process: `python -m eval.bench_worker TASK [options]`.

The data dir and corpus come from POLICYQA_DATA_DIR / POLICYQA_CORPUS_DIR (eval.bench sets
them). The last stdout line is one JSON object; wall clock stamps are time.time() so that the
parent can measure from the moment it started this process.

Tasks: cold (first answer), warm (latency over a question file), ingest, baseline (naive
LangChain RAG), embed (raw passage throughput of the model), profile (cProfile by area).
"""
from __future__ import annotations

import time

STARTED = time.time()  # before any heavy import

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def emit(data: dict) -> None:
    data["self_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    data["worker_started"] = STARTED
    print(json.dumps(data, ensure_ascii=False), flush=True)


def _settings():
    from core.settings import get_settings

    return get_settings()


def _assistant():
    from assistant.service import Assistant

    settings = _settings()
    return Assistant(settings, settings.corpus_dir)


def task_cold(args) -> None:
    """Process start -> first answer, on a built index (the parent checks it is built)."""
    assistant = _assistant()
    imported = time.time()
    assistant.index  # what the first answer opens anyway; stamped apart
    opened = time.time()
    result = assistant.answer(args.question, [])
    done = time.time()
    emit({"imported_at": imported, "opened_at": opened, "answered_at": done, "route": result.route,
          "citations": len(result.citations), "refused": result.refused})


def _questions(path: Path):
    from eval.runner import read_questions

    questions, _ = read_questions(path)
    return questions


def task_warm(args) -> None:
    """Warm latency: every question `repeats` times, after one warm-up answer."""
    from assistant.contract import output_record
    from eval.metrics import score_item, summarize
    from eval.runner import quote_flags, warm_up

    questions = _questions(args.questions)
    assistant = _assistant()
    t0 = time.perf_counter()
    index = assistant.index
    opened = time.perf_counter() - t0
    warm_up(assistant)
    warmed = time.perf_counter() - t0
    latencies, routes, scores = [], [], []
    for r in range(args.repeats):
        row = []
        for q in questions:
            started = time.perf_counter()
            result = assistant.answer(q.question, q.history)
            ms = (time.perf_counter() - started) * 1000
            row.append(round(ms, 3))
            if r == 0:
                routes.append(result.route)
                if isinstance(q.raw.get("expect"), dict):
                    record = output_record(q.id, q.question, result, ms)
                    scores.append(score_item(q.raw, record, quote_ok=quote_flags(index, result)))
        latencies.append(row)
    accuracy = summarize(scores).as_dict() if scores else None
    emit({"ids": [q.id for q in questions], "routes": routes, "latencies_ms": latencies, "open_s": opened,
          "warm_up_s": warmed, "accuracy": accuracy, "chunks": len(index.chunks), "documents": len(index.documents)})


class StubPassages:
    """The real model for queries; passage vectors from a hash of the text (same shape, no model
    cost). Only for scale points where embedding every chunk with the model takes too long: the
    index has the real size and structure, so opening, searching and memory are measured for real."""

    def __init__(self, real):
        self.real = real
        self.name = f"{real.name}+stub-passages"
        self.dim = int(real.embed_queries(["维度"]).shape[1])

    def embed_queries(self, texts):
        return self.real.embed_queries(texts)

    def embed_passages(self, texts):
        import hashlib

        import numpy as np

        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(self.dim)
            out[i] = v / np.linalg.norm(v)
        return out


def task_ingest(args) -> None:
    """One ingest of the corpus into the data dir; phases from the progress messages."""
    from ingest.pipeline import ingest
    from store.embedders import get_embedder

    settings = _settings()
    embedder = StubPassages(get_embedder(settings.embedding)) if args.stub_passages else None
    marks: list[tuple[str, float]] = []

    def progress(message: str, fraction: float) -> None:
        marks.append((message, time.perf_counter()))

    imported = time.time()
    started = time.perf_counter()
    report = ingest(settings.corpus_dir, settings, progress=progress, embedder=embedder)
    ended = time.perf_counter()
    emit({"report": report.as_dict(), "seconds": report.seconds, "imported_at": imported,
          "phases": _phases(marks, started, ended)})


def _phases(marks: list[tuple[str, float]], started: float, ended: float) -> dict:
    """parse / embed / write seconds, from the pipeline's progress messages (None if absent)."""
    def first(prefix: str) -> float | None:
        return next((t for m, t in marks if m.startswith(prefix)), None)

    embed, write = first("计算向量"), first("写入索引")
    if embed is None or write is None:
        return {"parse": None, "embed": None, "write": None}
    return {"parse": round(embed - started, 3), "embed": round(write - embed, 3), "write": round(ended - write, 3)}


def task_baseline(args) -> None:
    """The naive LangChain RAG (eval/baseline.py) from process start: load, build, answer."""
    from eval.baseline import NaiveRAG
    from eval.runner import WARM_UP_QUESTION
    from core.errors import PolicyQAError
    from ingest.loaders import corpus_files, load_file
    from store.embedders import get_embedder

    settings = _settings()
    embedder = get_embedder(settings.embedding)
    embedder.embed_queries([WARM_UP_QUESTION])  # the model is loaded: what "load" means here
    loaded = time.time()
    texts = []  # every file the corpus holds, as text (saved pages, Word, PDF too), read by the same loaders
    for p in corpus_files(settings.corpus_dir):
        try:
            texts.append((p.name, load_file(p)[0]))
        except PolicyQAError:
            continue
    rag = NaiveRAG(texts, embedder)
    built = time.time()
    rag.answer(WARM_UP_QUESTION)
    first = time.time()
    questions = _questions(args.questions)
    latencies = []
    for _ in range(args.repeats):
        row = []
        for q in questions:
            started = time.perf_counter()
            rag.answer(q.question)
            row.append(round((time.perf_counter() - started) * 1000, 3))
        latencies.append(row)
    emit({"loaded_at": loaded, "built_at": built, "first_answer_at": first, "chunks": rag.chunks,
          "latencies_ms": latencies})


def task_embed(args) -> None:
    """Raw passage throughput of the model on the index's own chunk texts, batched, and the
    cost of one query embedding (the floor of any answer that needs a dense vector)."""
    from store import generations
    from ingest.pipeline import embedding_text
    from store import records_db
    from store.embedders import get_embedder

    settings = _settings()
    gen = generations.current_generation(settings.index_dir(settings.corpus_dir))
    conn = records_db.connect(gen / "index.sqlite")
    try:
        texts = [embedding_text(c, settings.chunking.embed_headings) for c in records_db.read_chunks(conn)]
    finally:
        conn.close()
    step = max(1, len(texts) // args.sample) if args.sample else 1
    sample = texts[::step][: args.sample or None]
    embedder = get_embedder(settings.embedding)
    batch = args.batch or settings.embedding.batch_size
    embedder.embed_passages(sample[:batch])  # load and warm
    started = time.perf_counter()
    for i in range(0, len(sample), batch):
        embedder.embed_passages(sample[i:i + batch])
    seconds = time.perf_counter() - started
    query_ms = []
    for q in ("生物医药产业到2020年的规模目标是多少？", "如何发展冷链物流？", "新型智能手机方面要重点做什么？") * 5:
        t = time.perf_counter()
        embedder.embed_queries([q])
        query_ms.append((time.perf_counter() - t) * 1000)
    query_ms.sort()
    emit({"passages": len(sample), "batch": batch, "seconds": seconds, "passages_per_s": len(sample) / seconds,
          "mean_chars": sum(map(len, sample)) / max(1, len(sample)), "query_ms_median": query_ms[len(query_ms) // 2],
          "chunks_total": len(texts)})


def task_profile(args) -> None:
    from eval.bench_profile import profile_answers, profile_cold, profile_ingest

    if args.what == "ingest":
        emit(profile_ingest(_settings()))
    elif args.what == "cold":
        emit(profile_cold(args.question))
    else:
        emit(profile_answers(_assistant(), _questions(args.questions), args.repeats))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench_worker")
    sub = parser.add_subparsers(dest="task", required=True)
    cold = sub.add_parser("cold")
    cold.add_argument("--question", required=True)
    for name in ("warm", "baseline"):
        p = sub.add_parser(name)
        p.add_argument("--questions", type=Path, required=True)
        p.add_argument("--repeats", type=int, default=1)
    ing = sub.add_parser("ingest")
    ing.add_argument("--stub-passages", action="store_true", help="hash vectors for passages (scale only)")
    embed = sub.add_parser("embed")
    embed.add_argument("--sample", type=int, default=0, help="passages to embed (0 = all)")
    embed.add_argument("--batch", type=int, default=0)
    prof = sub.add_parser("profile")
    prof.add_argument("--what", choices=("answer", "cold", "ingest"), required=True)
    prof.add_argument("--questions", type=Path)
    prof.add_argument("--question", default="")
    prof.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    {"cold": task_cold, "warm": task_warm, "ingest": task_ingest, "baseline": task_baseline,
     "embed": task_embed, "profile": task_profile}[args.task](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
