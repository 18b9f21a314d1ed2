"""python -m eval.load [--users 50] [--time 60] [--single-time 20] [--workers 1,2] [--out docs/bench]

Starts two API servers on 127.0.0.1 (the seed corpus and the multi-document corpus, built
under <data_dir>/load/), runs the locust scenario headless in the same run: a single user per
corpus first, then `--users` at once, for each worker count, and writes load.md and
load.json (the hand-written notes after the marker line in load.md are kept). Exits non-zero
when any request failed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from core.settings import get_settings
from eval.load import report
from eval.load.runner import (ROOT, Phase, build_multi_corpus, ensure_index, run_phase, start_server, stop_server,
                              wait_healthy)


def _commit() -> str:
    try:
        sha = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True).strip()
        dirty = subprocess.call(["git", "diff", "--quiet", "HEAD"], cwd=ROOT) != 0
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return sha + (" (working tree had uncommitted changes)" if dirty else "")


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.load", description="HTTP 接口负载测试（locust，无界面）")
    parser.add_argument("--users", type=int, default=50, help="并发用户数（默认 50）")
    parser.add_argument("--time", type=int, default=60, help="并发阶段时长，秒（默认 60）")
    parser.add_argument("--single-time", type=int, default=20, help="单用户阶段每个语料的时长，秒（默认 20）")
    parser.add_argument("--workers", default="1", help="每个服务器的工作进程数，逗号分隔可比较多种（默认 1）")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "bench", help="输出目录（默认 docs/bench）")
    args = parser.parse_args(argv)
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]

    settings = get_settings()
    work = Path(settings.data_dir) / "load"
    work.mkdir(parents=True, exist_ok=True)
    multi_corpus = build_multi_corpus(work / "corpus-multi")
    for corpus in (ROOT / "corpus", multi_corpus):
        print(f"index of {corpus}: building or checking (python -m ingest)", flush=True)
        ensure_index(corpus, work)
    config = {"argv": " ".join(argv if argv is not None else sys.argv[1:]), "commit": _commit(),
              "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "load_start": _load()}
    runs, failed = [], False
    for workers in worker_counts:
        seed = start_server("seed", ROOT / "corpus", workers, work)
        multi = start_server("multi", multi_corpus, workers, work)
        try:
            wait_healthy(seed, workers)
            wait_healthy(multi, workers)
            config.update(seed_docs=seed.documents, multi_docs=multi.documents)
            print(f"workers={workers}: servers ready ({seed.documents} + {multi.documents} documents)", flush=True)
            phases = [run_phase(Phase("1 user", 1, args.single_time, ("SeedUser",), "0,0.1"), seed, multi, work),
                      run_phase(Phase("1 user ", 1, args.single_time, ("MultiUser",), "0,0.1"), seed, multi, work),
                      run_phase(Phase(f"{args.users} users", args.users, args.time), seed, multi, work)]
        finally:
            stop_server(seed)
            stop_server(multi)
        merged_single = Phase("1 user", 1, args.single_time * 2, samples=phases[0].samples + phases[1].samples,
                              server_ms={**phases[1].server_ms, "seed": phases[0].server_ms.get("seed", [])},
                              server_cpu_s=phases[0].server_cpu_s + phases[1].server_cpu_s,
                              wall_s=phases[0].wall_s + phases[1].wall_s, locust_rc=phases[0].locust_rc
                              or phases[1].locust_rc)
        run = report.summarise([merged_single, phases[2]], workers)
        runs.append(run)
        failed = failed or bool(run["failures"])
        for row in run["rows"]:
            print(f"  {row['phase']:>9} {row['corpus']:>5}: {row['figures']}", flush=True)
    config["load_end"] = _load()
    args.out.mkdir(parents=True, exist_ok=True)
    page = args.out / "load.md"
    notes = page.read_text(encoding="utf-8").partition(report.NOTES_MARK)[2] if page.exists() else ""
    page.write_text(report.render(config, runs) + "\n" + report.NOTES_MARK + notes, encoding="utf-8")
    (args.out / "load.json").write_text(json.dumps({"config": config, "runs": runs}, ensure_ascii=False, indent=1),
                                        encoding="utf-8")
    print(f"wrote {args.out / 'load.md'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
