"""First start: build the index (with progress) if it is missing, then open and warm the assistant."""
from __future__ import annotations

import threading

from assistant.service import Assistant, get_assistant
from core.settings import Settings
from ingest import generations

_build_lock = threading.Lock()  # sessions of one server build the index once, one after the other


def index_ready(settings: Settings) -> bool:
    return generations.current_generation(settings.index_dir()) is not None


def build_index(settings: Settings, progress=None) -> bool:
    """Build the default corpus's index if missing. True if this call built it."""
    with _build_lock:
        if index_ready(settings):
            return False
        from ingest.pipeline import ingest

        ingest(settings.corpus_dir, settings, progress=progress)
        return True


def open_assistant(settings: Settings) -> Assistant:
    """The shared assistant with its index, knowledge base and embedder loaded."""
    build_index(settings)
    assistant = get_assistant(settings)
    assistant.kb  # noqa: B018  (the knowledge base now, not on the first question)
    assistant.index.search("预热")  # loads the embedding model, BM25 and the vector store once
    return assistant
