"""Ingest a corpus directory into a new index generation (or do nothing if unchanged)."""
from __future__ import annotations

import hashlib
import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from core.errors import CorpusError, PolicyQAError
from core.facts import Fact
from core.profile import load_profile
from core.records import Chunk, Clause, Document
from core.settings import PARSER_VERSION, Settings
from core.tokenizer import bm25_terms
from ingest.chunking import chunk_clauses
from ingest.clause_tree import parse_clauses
from ingest.documents import build_document, strip_front_matter
from ingest.facts import extract_facts
from ingest.loaders import corpus_files, load_file, read_sidecar
from ingest.progress import Progress, Reporter, StepListener
from store import generations, records_db
from store import vectors as vector_store
from store.bm25 import BM25Index
from store.embed_cache import EmbeddingCache
from store.term_cache import TermCache
from store.embedders import Embedder, get_embedder
from store.vectors import VectorStore, generation_client

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    documents: int = 0
    clauses: int = 0
    chunks: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in
                ("documents", "clauses", "chunks", "added", "updated", "removed", "unchanged", "errors")}


@dataclass
class ParsedDoc:
    document: Document
    clauses: list[Clause]
    chunks: list[Chunk]
    facts: list[Fact]


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    sidecar = path.with_name(path.stem + ".meta.json")
    if sidecar.exists():
        digest.update(sidecar.read_bytes())
    digest.update(PARSER_VERSION.encode())
    return digest.hexdigest()


def read_file(path: Path, corpus_dir: Path) -> tuple[Document, list[Clause]]:
    """Phase 1 for one file: read it and parse its clause tree."""
    text, hints = load_file(path)
    hints = {**hints, **read_sidecar(path)}
    document = build_document(path, text, hints, corpus_dir)
    clauses = parse_clauses(strip_front_matter(document), document.doc_id)
    if not any(c.text.strip() for c in clauses):
        raise CorpusError("no clauses", message_zh="文件中没有可识别的正文。")
    return document, clauses


def derive(document: Document, clauses: list[Clause], settings: Settings) -> ParsedDoc:
    """Phase 2 for one file: chunks and facts from its clauses."""
    chunks = chunk_clauses(clauses, settings.chunking)
    facts = extract_facts(document, clauses, load_profile(settings.profile))
    return ParsedDoc(document, clauses, chunks, facts)


def parse_file(path: Path, corpus_dir: Path, settings: Settings) -> ParsedDoc:
    return derive(*read_file(path, corpus_dir), settings)


def _previous_docs(gen: Path | None) -> dict[str, ParsedDoc]:
    """Records of the live generation, by document path, for reuse."""
    if gen is None:
        return {}
    conn = records_db.connect(gen / "index.sqlite")
    try:
        docs = records_db.read_documents(conn)
        clauses, chunks, facts = records_db.read_clauses(conn), records_db.read_chunks(conn), records_db.read_facts(conn)
    finally:
        conn.close()
    out = {}
    for d in docs:
        out[d.path] = ParsedDoc(
            d,
            [c for c in clauses if c.doc_id == d.doc_id],
            [c for c in chunks if c.doc_id == d.doc_id],
            [f for f in facts if f.doc_id == d.doc_id],
        )
    return out


BM25_HEADINGS = 2  # words are cheap for BM25: the last two headings always go into its text


def embedding_text(chunk: Chunk, headings: int = 2) -> str:
    """What the dense index sees: the last headings give a chunk its topic."""
    if headings <= 0 or not chunk.heading_path:
        return chunk.text
    heads = " ".join(chunk.heading_path.split(" > ")[-headings:])
    return f"{heads}：{chunk.text}"


def ingest(
    corpus_dir: Path | None = None,
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    on_step: StepListener | None = None,
) -> IngestReport:
    """Build or update the index of `corpus_dir`. `progress(message, fraction)` and
    `on_step(Step)` both follow the phases (ingest/progress.py)."""
    from core.settings import get_settings

    settings = settings or get_settings()
    corpus_dir = Path(corpus_dir or settings.corpus_dir)
    reporter = Reporter(progress, on_step)
    started = time.perf_counter()
    report = IngestReport()
    if not corpus_dir.is_dir():
        raise CorpusError(str(corpus_dir), message_zh=f"语料目录不存在：{corpus_dir}")
    index_dir = settings.index_dir(corpus_dir)
    if settings.store.mode == "http":
        vector_store.get_client(settings.store)  # an unreachable server fails now, not after embedding
    with generations.writer_lock(index_dir):
        live = generations.current_generation(index_dir)
        live_conn = records_db.connect(live / "index.sqlite") if live else None
        manifest_before: dict = records_db.get_meta(live_conn, "manifest", {}) if live_conn else {}
        if live_conn:
            live_conn.close()
        previous = None  # loaded lazily: only a changed corpus needs it

        manifest, parsed = _read_corpus(corpus_dir, settings, manifest_before, report, reporter)
        report.removed = sum(1 for rel in manifest_before if rel not in manifest)

        changed = report.added or report.updated or report.removed or live is None
        if not changed and _vectors_present(live, settings):
            _fill_counts(report, live)
            reporter.finished()
            report.seconds = time.perf_counter() - started
            return report
        previous = _previous_docs(live)
        docs = [parsed.get(rel) or previous[rel] for rel in sorted(manifest)]
        drop = _generation_dropper(index_dir, settings)
        if not docs:  # every file is gone: readers must not keep serving the old generation
            generations.unpublish(index_dir)
            _prune(index_dir, [], drop)
            reporter.finished()
            report.seconds = time.perf_counter() - started
            return report
        gen = _build_generation(index_dir, docs, manifest, settings, embedder, reporter)
        generations.publish(index_dir, gen)
        _prune(index_dir, [gen, live], drop)
        report.documents = len(docs)
        report.clauses = sum(len(d.clauses) for d in docs)
        report.chunks = sum(len(d.chunks) for d in docs)
        reporter.finished()
    report.seconds = time.perf_counter() - started
    return report


def _read_corpus(corpus_dir: Path, settings: Settings, manifest_before: dict, report: IngestReport,
                 reporter: Reporter) -> tuple[dict[str, str], dict[str, ParsedDoc]]:
    """Phases read and derive: fingerprint every file, read and parse the new or changed ones,
    then chunk them and extract their facts. Returns the new manifest and the parsed files."""
    manifest: dict[str, str] = {}
    read: dict[str, tuple[Document, list[Clause]]] = {}
    fingerprints: dict[str, str] = {}
    failed: list[str] = []
    files = corpus_files(corpus_dir)
    reporter.step("read", 0, len(files))
    for i, path in enumerate(files):
        rel = str(path.resolve().relative_to(corpus_dir.resolve()))
        try:
            fp = fingerprint(path)
        except OSError as exc:
            report.errors.append({"file": rel, "error": f"无法读取文件：{exc.strerror or exc}"})
            failed.append(rel)
            fp = None
        if fp is not None and manifest_before.get(rel) == fp:
            manifest[rel] = fp
            report.unchanged += 1
        elif fp is not None:
            try:
                read[rel] = read_file(path, corpus_dir)
                fingerprints[rel] = fp
            except PolicyQAError as exc:
                report.errors.append({"file": rel, "error": exc.message_zh})
                failed.append(rel)
        reporter.step("read", i + 1, len(files), rel)
    parsed: dict[str, ParsedDoc] = {}
    reporter.step("derive", 0, len(read))
    for i, (rel, (document, clauses)) in enumerate(read.items()):
        try:
            parsed[rel] = derive(document, clauses, settings)
            manifest[rel] = fingerprints[rel]
            if rel in manifest_before:
                report.updated += 1
            else:
                report.added += 1
        except PolicyQAError as exc:
            report.errors.append({"file": rel, "error": exc.message_zh})
            failed.append(rel)
        reporter.step("derive", i + 1, len(read), rel)
    for rel in failed:  # keep the last good version of a file that went bad
        if rel in manifest_before:
            manifest[rel] = manifest_before[rel]
    return dict(sorted(manifest.items())), parsed


def _fill_counts(report: IngestReport, gen: Path) -> None:
    conn = records_db.connect(gen / "index.sqlite")
    try:
        report.documents = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        report.clauses = conn.execute("SELECT COUNT(*) FROM clauses").fetchone()[0]
        report.chunks = conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    finally:
        conn.close()


def _vectors_present(gen: Path, settings: Settings) -> bool:
    """In server mode, the live generation's collection must still be on the server (a
    wiped or replaced server is rebuilt from the records). Embedded vectors live in the
    generation directory itself."""
    if settings.store.mode != "http":
        return True
    conn = records_db.connect(gen / "index.sqlite")
    try:
        name = records_db.get_meta(conn, "collection")
        chunks = conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    finally:
        conn.close()
    client = vector_store.get_client(settings.store)
    if name not in vector_store.collection_names(client):
        log.warning("collection %s of %s is missing on the Chroma server; rebuilding", name, gen.name)
        return False
    if VectorStore(client, name, create=False).count() != chunks:
        log.warning("collection %s of %s is incomplete on the Chroma server; rebuilding", name, gen.name)
        return False
    return True


def _generation_dropper(index_dir: Path, settings: Settings) -> Callable[[Path], None]:
    """What removing a generation involves besides deleting its directory."""

    def drop(gen: Path) -> None:
        if settings.store.mode == "http":
            name = _collection_name(index_dir, gen.name)
            if (gen / "index.sqlite").exists():
                conn = records_db.connect(gen / "index.sqlite")
                try:
                    name = records_db.get_meta(conn, "collection", name)
                finally:
                    conn.close()
            vector_store.delete_collection(vector_store.get_client(settings.store), name)
        else:
            vector_store.forget_client(settings.store, gen / "chroma")

    return drop


def _prune(index_dir: Path, keep: list[Path | None], drop: Callable[[Path], None]) -> None:
    for gen in generations.prune(index_dir, keep=keep, on_remove=drop):
        log.warning("could not remove old generation %s yet; the next ingest will retry", gen.name)


def _build_generation(index_dir, docs, manifest, settings, embedder, reporter: Reporter) -> Path:
    """Build a complete generation in a new directory (not yet published).
    If the build fails, its directory and collection are removed again."""
    gen = generations.new_generation_dir(index_dir)
    try:
        _write_generation(gen, index_dir, docs, manifest, settings, embedder, reporter)
    except BaseException:
        try:
            _generation_dropper(index_dir, settings)(gen)
        except (OSError, PolicyQAError) as cleanup_error:  # the next prune retries
            log.warning("could not clean up failed build %s: %s", gen.name, cleanup_error)
        shutil.rmtree(gen, ignore_errors=True)
        raise
    return gen


def _write_generation(gen, index_dir, docs, manifest, settings, embedder, reporter: Reporter) -> None:
    chunks = [c for d in docs for c in d.chunks]
    embedder = embedder or get_embedder(settings.embedding)
    cache = EmbeddingCache(Path(index_dir) / "embcache.sqlite")
    try:
        vectors = cache.embed([embedding_text(c, settings.chunking.embed_headings) for c in chunks],
                              embedder.embed_passages,
                              settings.embedding.texts_per_call,
                              on_batch=lambda done, total: reporter.step("embed", done, total))
    finally:
        cache.close()
    collection = _collection_name(index_dir, gen.name)
    store = VectorStore(generation_client(settings.store, gen), collection, create=True)
    total = len(chunks)
    reporter.step("write", 0, total)
    # Chroma first, counted in chunks; the BM25 index and the records table finish the phase.
    store.upsert([c.chunk_id for c in chunks], vectors, [c.clause_id for c in chunks], [c.doc_id for c in chunks],
                 on_batch=lambda done, _: reporter.step("write", done, total, "向量库") if done < total else None)
    terms = TermCache(Path(index_dir) / "termcache.sqlite")
    try:
        bm25_input = terms.terms([embedding_text(c, BM25_HEADINGS) for c in chunks], bm25_terms)
    finally:
        terms.close()
    BM25Index.build(bm25_input).save(gen / "bm25")
    conn = records_db.connect(gen / "index.sqlite")
    try:
        records_db.write_records(
            conn,
            [d.document for d in docs],
            [c for d in docs for c in d.clauses],
            chunks,
            [f for d in docs for f in d.facts],
        )
        records_db.set_meta(conn, "manifest", manifest)
        records_db.set_meta(conn, "collection", collection)
        records_db.set_meta(conn, "embedder", getattr(embedder, "name", "unknown"))
    finally:
        conn.close()
    reporter.step("write", total, total)


def _collection_name(index_dir: Path, gen_name: str) -> str:
    """Unique per corpus, settings and generation (a Chroma server holds many): the index
    directory's hash plus the generation's name, which is never reused."""
    return f"pqa-{hashlib.sha256(str(index_dir).encode()).hexdigest()[:12]}-{gen_name}"
