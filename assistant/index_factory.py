"""Open the live index of a corpus, building it first when there is none.

Composed here, above both ingest (which writes the store) and retrieval (which only
reads it), so that neither layer depends on the other."""
from __future__ import annotations

from pathlib import Path

from core.errors import EmptyIndexError
from core.settings import Settings


def open_or_build(settings: Settings, corpus_dir: Path | None = None, *, embedder=None, progress=None):
    from retrieval.index import open_index

    try:
        return open_index(settings, corpus_dir, build=False, embedder=embedder)
    except EmptyIndexError:
        from ingest.pipeline import ingest

        ingest(corpus_dir or settings.corpus_dir, settings, embedder=embedder, progress=progress)
        return open_index(settings, corpus_dir, build=False, embedder=embedder)
