"""Start the API servers, run locust phases against them, collect samples and CPU use."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from core.ports import free_port, stop_process

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
GUANGZHOU = ROOT.parent / "shared" / "corpora" / "guangzhou-web"
FICTION = (ROOT / "tests" / "fixtures" / "corpus2", ROOT / "tests" / "fixtures" / "corpus3")
START_TIMEOUT_S = 300  # opening the index (built beforehand by ensure_index) and warming up


def build_multi_corpus(target: Path, guangzhou: Path = GUANGZHOU) -> Path:
    """The Guangzhou pages, the seed and the fictional documents in one directory (kept, so a
    second run reuses its index). Files already there and unchanged are not rewritten."""
    target.mkdir(parents=True, exist_ok=True)
    sources = [p for d in (guangzhou, ROOT / "corpus", *FICTION) if d.is_dir() for p in sorted(d.iterdir())
               if p.is_file() and not p.name.startswith(".") and p.name.lower() not in ("readme.md", "readme.txt")]
    for path in sources:
        dest = target / path.name
        if not dest.is_file() or dest.read_bytes() != path.read_bytes():
            shutil.copy2(path, dest)
    return target


def ensure_index(corpus: Path, log_dir: Path) -> None:
    """Build or update the corpus's index before any server starts (`python -m ingest`: idempotent,
    a second run is a no-op), so server start-up is only opening it."""
    with open(log_dir / f"ingest-{corpus.name}.log", "w", encoding="utf-8") as out:
        rc = subprocess.call([sys.executable, "-m", "ingest", "--corpus", str(corpus)], cwd=ROOT, stdout=out,
                             stderr=subprocess.STDOUT)
    if rc != 0:
        raise RuntimeError(f"ingest of {corpus} failed: see {log_dir / f'ingest-{corpus.name}.log'}")


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen
    log: Path
    documents: int = 0

    def cpu_seconds(self) -> float:
        """CPU time of the server and its worker processes so far."""
        try:
            procs = [psutil.Process(self.process.pid)]
            procs += procs[0].children(recursive=True)
        except psutil.NoSuchProcess:
            return 0.0
        total = 0.0
        for p in procs:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total


def start_server(name: str, corpus: Path, workers: int, log_dir: Path) -> Server:
    port = free_port()
    log = log_dir / f"server-{name}-w{workers}.log"
    out = open(log, "w", encoding="utf-8")
    env = dict(os.environ, PYTHONUNBUFFERED="1", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               ANONYMIZED_TELEMETRY="False", TOKENIZERS_PARALLELISM="false")
    process = subprocess.Popen([sys.executable, "-m", "api", "--port", str(port), "--corpus", str(corpus),
                                "--workers", str(workers), "--no-access-log"], cwd=ROOT, env=env,
                               stdout=out, stderr=subprocess.STDOUT)
    return Server(name, f"http://127.0.0.1:{port}", process, log)


def wait_healthy(server: Server, workers: int) -> None:
    """Until /healthz answers (from every worker: a few answers in a row)."""
    deadline, streak = time.monotonic() + START_TIMEOUT_S, 0
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} server exited:\n{server.log.read_text()[-3000:]}")
        try:
            r = httpx.get(f"{server.url}/healthz", timeout=5)
            if r.status_code == 200:
                server.documents = r.json()["documents"]
                streak += 1
                if streak >= 3 * workers:
                    return
                continue
        except httpx.TransportError:
            pass
        streak = 0
        time.sleep(1)
    raise RuntimeError(f"{server.name} server did not start:\n{server.log.read_text()[-3000:]}")


def stop_server(server: Server) -> None:
    stop_process(server.process, timeout=30)


@dataclass
class Phase:
    label: str
    users: int
    seconds: int
    classes: tuple[str, ...] = ()
    wait: str = "1,2"
    samples: list = field(default_factory=list)
    server_ms: dict = field(default_factory=dict)
    server_cpu_s: float = 0.0
    locust_rc: int = 0
    wall_s: float = 0.0


def run_phase(phase: Phase, seed: Server, multi: Server, work: Path) -> Phase:
    """One headless locust run; fills the phase's samples and the servers' CPU seconds."""
    out = work / f"samples-{phase.label}.json"
    out.unlink(missing_ok=True)
    env = dict(os.environ, LOAD_SEED_URL=seed.url, LOAD_MULTI_URL=multi.url, LOAD_WAIT=phase.wait,
               LOAD_OUT=str(out))
    cmd = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "-u", str(phase.users),
           "-r", str(min(phase.users, 10)), "-t", f"{phase.seconds}s", "--stop-timeout", "30",
           "--only-summary", "--loglevel", "WARNING", *phase.classes]
    cpu_before = seed.cpu_seconds() + multi.cpu_seconds()
    started = time.monotonic()
    phase.locust_rc = subprocess.call(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                      stderr=open(work / f"locust-{phase.label}.log", "w"))
    phase.wall_s = time.monotonic() - started
    phase.server_cpu_s = seed.cpu_seconds() + multi.cpu_seconds() - cpu_before
    data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"samples": [], "server_ms": {}}
    phase.samples, phase.server_ms = data["samples"], data["server_ms"]
    return phase
