"""`python -m eval bench-real --corpus DIR [--questions Q.jsonl] [--repeats 3] [--out docs/bench]`

Warm latency on a real many-document corpus (e.g. the ~55 saved government pages and policies),
no LLM, against the naive LangChain baseline (eval/baseline.py) over the same files in the same
run. Each repeat is a new warm process for each system, interleaved, so a busy machine slows both;
the ratio ours/baseline is taken per repeat and its median reported beside the absolute figures.
Writes real-corpus.json and real-corpus.md into --out.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from eval.bench_proc import ROOT, WorkerFailed, child_env, loadavg, machine, pctl, run_worker, settle, spread

DEFAULT_QUESTIONS = ROOT / "eval" / "real" / "multi.jsonl"
TARGETS = {"p50_ms": 15, "p95_ms": 60}  # issue 8, warm, 2 cores, no LLM


def run(corpus: Path, questions: Path, *, repeats: int, out: Path, say) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="pqa-bench-real-"))
    result = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "corpus": str(corpus), "questions": str(questions),
              "repeats": repeats, "machine": machine(), "load_avg": {"start": loadavg()}, "targets": TARGETS}
    try:
        env = child_env(tmp / "data", corpus)
        say("== 入库（一次，不计时比较）")
        ingest = run_worker("ingest", [], env)
        report = ingest.data["report"]
        result["ingest"] = {"seconds": round(ingest.data["seconds"], 2), "documents": report["documents"],
                            "chunks": report["chunks"], "errors": len(report.get("errors", []))}
        say(f"  {report['documents']} 个文件，{report['chunks']} 块，{ingest.data['seconds']:.1f} s")
        ours, base = [], []
        for i in range(repeats):
            settle(say)
            w = run_worker("warm", ["--questions", str(questions), "--repeats", "1"], env).data
            settle(say)
            b = run_worker("baseline", ["--questions", str(questions), "--repeats", "1"], env).data
            ours.append({"p50": pctl(w["latencies_ms"][0], 50), "p95": pctl(w["latencies_ms"][0], 95)})
            base.append({"p50": pctl(b["latencies_ms"][0], 50), "p95": pctl(b["latencies_ms"][0], 95),
                         "chunks": b["chunks"]})
            say(f"  第 {i + 1} 轮：本系统 p50 {ours[-1]['p50']} ms / p95 {ours[-1]['p95']} ms；"
                f"基线 p50 {base[-1]['p50']} ms / p95 {base[-1]['p95']} ms")
            if i == 0:
                result["accuracy"] = w.get("accuracy")
                result["documents"] = w["documents"]
                result["chunks"] = w["chunks"]
        result["ours"] = {k: spread([r[k] for r in ours], 2) for k in ("p50", "p95")}
        result["baseline"] = {k: spread([r[k] for r in base], 2) for k in ("p50", "p95")}
        result["baseline"]["chunks"] = base[0]["chunks"]
        result["ratio"] = {k: spread([o[k] / b[k] for o, b in zip(ours, base) if b[k]], 2) for k in ("p50", "p95")}
        result["load_avg"]["end"] = loadavg()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / "real-corpus.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "real-corpus.md").write_text(render(result), encoding="utf-8")
    return result


def render(r: dict) -> str:
    o, b, x = r["ours"], r["baseline"], r["ratio"]
    acc = r.get("accuracy") or {}
    return "\n".join([
        "# 真实多文件语料：热态延迟（无 LLM）",
        "",
        f"- 运行：{r['started']}，{r['repeats']} 轮，每轮本系统与基线各一个新的热进程，交替运行；取中位数。",
        f"- 语料：`{r['corpus']}`，{r.get('documents')} 个文件，{r.get('chunks')} 块；问题：`{r['questions']}`。",
        f"- 机器：{r['machine'].get('nproc', '?')} 核；负载 开始 {r['load_avg'].get('start')} 结束 {r['load_avg'].get('end')}。",
        "",
        "| | p50 ms | p95 ms |",
        "|---|---|---|",
        f"| 本系统 | {o['p50']['median']} | {o['p95']['median']} |",
        f"| 朴素 LangChain 基线（{b['chunks']} 块，只检索前 3 块，不组织答案） | {b['p50']['median']} | {b['p95']['median']} |",
        f"| 比值 本系统/基线（每轮求比，取中位数） | {x['p50']['median']} | {x['p95']['median']} |",
        f"| 目标 | ≤ {r['targets']['p50_ms']} | ≤ {r['targets']['p95_ms']} |",
        "",
        f"同一次运行中本系统的正确率（第一轮）：答案 {acc.get('answer_correct')}/{acc.get('answerable')}，"
        f"拒答 {acc.get('refusal_correct')}/{acc.get('refusal_items')}。",
        "",
        "命令：`python -m eval bench-real --corpus DIR`（见 eval/bench_real.py）。",
        "",
    ])


def main(args, say) -> int:
    if not Path(args.corpus).is_dir():
        say(f"错误：语料目录不存在：{args.corpus}")
        return 2
    try:
        result = run(Path(args.corpus).resolve(), Path(args.questions).resolve(), repeats=args.repeats, out=args.out,
                     say=say)
    except WorkerFailed as exc:
        say(f"错误：测量进程失败：{exc}")
        return 1
    say(render(result))
    return 0
