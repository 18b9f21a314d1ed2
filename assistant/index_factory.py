"""Open a corpus's index, building it first when none is published yet.

Composed here, above both ingest (which writes the index) and retrieval (which only reads
it), so that neither of them imports the other.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from core.settings import Settings
from retrieval.index import PolicyIndex, open_index
from store import generations
from store.embedders import Embedder


def open_or_build(settings: Settings, corpus_dir: Path | None = None, *, embedder: Embedder | None = None,
                  progress: Callable[[str, float], None] | None = None) -> PolicyIndex:
    """The live generation for a corpus; ingests the corpus first if it has none.

    Raises EmptyIndexError when nothing could be ingested (e.g. every file is unreadable)."""
    if generations.current_generation(settings.index_dir(corpus_dir)) is None:
        from ingest.pipeline import ingest  # parsing is only needed when the index is missing

        ingest(corpus_dir or settings.corpus_dir, settings, embedder=embedder, progress=progress)
    return open_index(settings, corpus_dir, embedder=embedder)
