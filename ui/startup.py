"""The app's working corpus, its index (built with progress on first start), and the assistant on it.

The app never writes into the default corpus (`settings.corpus_dir`, `corpus/` in the
repository). It answers from its own working corpus, `<data_dir>/corpus/`:

- the default corpus's files are copied there (same relative paths, so the same document
  IDs) when missing or changed; this is checked on every start;
- files uploaded in the UI go into `<data_dir>/corpus/uploads/` (see `ui.upload`);
- the index is the one `python -m ingest --corpus <data_dir>/corpus` builds: the same ingest
  path, the same generations, the same writer lock.
"""
from __future__ import annotations

import filecmp
import logging
import os
import shutil
import sqlite3
import threading
from pathlib import Path

from assistant.service import Assistant
from core.settings import Settings
from store import generations

log = logging.getLogger("policyqa.app")

WORKING_DIR = "corpus"  # under settings.data_dir
from assistant.library import UPLOADS_DIR  # noqa: E402  (under the working corpus)

_build_lock = threading.Lock()  # sessions of one server build the index once, one after the other


def app_corpus_dir(settings: Settings) -> Path:
    """The corpus the app answers from: `<data_dir>/corpus/`."""
    return Path(settings.data_dir) / WORKING_DIR


def uploads_dir(settings: Settings) -> Path:
    return app_corpus_dir(settings) / UPLOADS_DIR


def app_index_dir(settings: Settings) -> Path:
    return settings.index_dir(app_corpus_dir(settings))


def _default_files(settings: Settings) -> list[Path]:
    """Every regular, non-hidden file of the default corpus (documents, sidecars, readme)."""
    source = Path(settings.corpus_dir)
    if not source.is_dir():
        return []
    return [p for p in sorted(source.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(source).parts)]


def seed_pending(settings: Settings) -> list[Path]:
    """Default-corpus files whose copy in the working corpus is missing or differs."""
    source, target = Path(settings.corpus_dir), app_corpus_dir(settings)
    pending = []
    for path in _default_files(settings):
        copy = target / path.relative_to(source)
        if not copy.is_file() or not filecmp.cmp(path, copy, shallow=True):
            pending.append(path)
    return pending


def seed_corpus(settings: Settings) -> list[str]:
    """Copy missing or changed default-corpus files into the working corpus; their relative paths."""
    source, target = Path(settings.corpus_dir), app_corpus_dir(settings)
    copied = []
    for path in seed_pending(settings):
        rel = path.relative_to(source)
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.seed-{os.getpid()}")
        shutil.copy2(path, tmp)
        tmp.replace(dest)
        copied.append(str(rel))
    if copied:
        log.info("copied %d default corpus file(s) into %s", len(copied), target)
    return copied


def current_generation(settings: Settings) -> str:
    """Name of the working corpus's live index generation ('' when there is none)."""
    gen = generations.current_generation(app_index_dir(settings))
    return gen.name if gen else ""


def index_ready(settings: Settings) -> bool:
    return not seed_pending(settings) and bool(current_generation(settings))


def _reuse_embeddings(settings: Settings) -> None:
    """Start the working index's embedding cache from the default corpus's, when that exists.

    Both are keyed by passage text under the same index key (model, chunking, dictionary,
    parser), so a machine that already ran `python -m ingest` does not embed the seed twice.
    """
    source = settings.index_dir(Path(settings.corpus_dir)) / "embcache.sqlite"
    target = app_index_dir(settings) / "embcache.sqlite"
    if target.exists() or not source.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"embcache.sqlite.seed-{os.getpid()}")
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        tmp.replace(target)
    except (OSError, sqlite3.Error):
        log.warning("could not reuse the embedding cache of %s", source, exc_info=True)
        tmp.unlink(missing_ok=True)


def build_index(settings: Settings, progress=None):
    """Seed the working corpus and (re)build its index if needed. The IngestReport, or None."""
    with _build_lock:
        if index_ready(settings):
            return None
        from ingest.pipeline import ingest

        corpus = app_corpus_dir(settings)
        corpus.mkdir(parents=True, exist_ok=True)
        seed_corpus(settings)
        _reuse_embeddings(settings)
        return ingest(corpus, settings, progress=progress)


def open_assistant(settings: Settings) -> Assistant:
    """A new assistant on the working corpus's live generation, its knowledge base and models loaded.

    A new one each time (not `get_assistant`'s process-wide one, which keeps the index it
    opened first): after an upload the app asks for the assistant of the new generation.
    """
    build_index(settings)
    assistant = Assistant(settings, app_corpus_dir(settings))
    assistant.kb  # noqa: B018  (the knowledge base now, not on the first question)
    assistant.index.search("预热")  # loads the embedding model, BM25 and the vector store once
    return assistant
