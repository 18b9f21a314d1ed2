"""Bench plumbing: run a worker in a new process and read its JSON, its wall time and its
own peak RSS (os.wait4 gives the rusage of that one child); summaries; the machine."""
from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from eval.metrics import percentile

ROOT = Path(__file__).resolve().parent.parent
# Nothing from the caller's shell may change what is measured: no LLM, no other data dir.
_DROPPED = ("LLM_BASE_URL", "LLM_MODEL", "LLM_API_KEY")
_OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1",
            "ANONYMIZED_TELEMETRY": "False", "TOKENIZERS_PARALLELISM": "false"}


class WorkerFailed(RuntimeError):
    pass


@dataclass
class ChildRun:
    data: dict  # the worker's last stdout line, parsed
    spawned_at: float  # time.time() just before the process was started
    wall_s: float  # process start to exit
    maxrss_mb: float  # the child's own peak resident set size


def child_env(data_dir: Path, corpus_dir: Path, extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYQA_") and k not in _DROPPED}
    env.update(_OFFLINE)
    env["POLICYQA_DATA_DIR"] = str(data_dir)
    env["POLICYQA_CORPUS_DIR"] = str(corpus_dir)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(extra or {})
    return env


def run_worker(task: str, args: list[str], env: dict, *, timeout: float = 3600.0) -> ChildRun:
    """`python -m eval.bench_worker TASK ARGS` in a new process; its peak RSS from wait4."""
    cmd = [sys.executable, "-m", "eval.bench_worker", task, *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        spawned = time.time()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=str(ROOT))
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise WorkerFailed(f"{task} exited {proc.returncode}: {stderr[-2000:]}")
    return ChildRun(json.loads(lines[-1]), spawned, wall, usage.ru_maxrss / 1024)


def spread(values: list[float], nd: int = 3) -> dict:
    """min / median / max of repeated measurements."""
    values = [v for v in values if v is not None]
    if not values:
        return {"n": 0, "min": None, "median": None, "max": None}
    return {"n": len(values), "min": round(min(values), nd), "median": round(statistics.median(values), nd),
            "max": round(max(values), nd)}


def pctl(values: list[float], q: float) -> float | None:
    v = percentile(values, q)
    return None if v is None else round(v, 2)


def ratio(ours: float | None, theirs: float | None) -> float | None:
    if not ours or not theirs:
        return None
    return round(ours / theirs, 2)


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def settle(say=None, *, limit: float | None = None, max_wait: float = 90.0) -> float:
    """Before a timed phase: if other work keeps the 1-minute load above 1.5 x cores, wait (up to
    max_wait seconds) for it to pass. Returns the load the phase starts with (recorded beside it)."""
    limit = limit or 1.5 * len(os.sched_getaffinity(0))
    waited = 0.0
    load = loadavg()[0] if loadavg() else 0.0
    while load > limit and waited < max_wait:
        if say and waited == 0:
            say(f"  负载 {load} 高于 {limit:.1f}，等待其他任务……")
        time.sleep(5)
        waited += 5
        load = loadavg()[0]
    return load


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    blas = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS",
                                       "OMP_WAIT_POLICY") if k in os.environ}
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": model or platform.processor(), "memory": mem,
            "python": platform.python_version(), "platform": platform.platform(), "env": blas}
