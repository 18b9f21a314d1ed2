"""One warm assistant per process, moved to the new index generation after an upload or delete.

`AssistantHolder.get()` reads the index's CURRENT pointer (one small file) on each call. When
another request, another worker or a `python -m ingest` has published a new generation, one
caller opens and warms the assistant on it while the others keep answering from the old one
(a published generation never changes, and the previous one is kept), then it is swapped in.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from assistant.service import Assistant
from core.settings import Settings
from store import generations

log = logging.getLogger("policyqa.api")


class AssistantHolder:
    def __init__(self, settings: Settings, corpus_dir: Path):
        self.settings = settings
        self.corpus_dir = Path(corpus_dir)
        self._index_dir = settings.index_dir(self.corpus_dir)
        self._assistant: Assistant | None = None
        self._lock = threading.Lock()

    def _fresh(self) -> Assistant:
        assistant = Assistant(self.settings, self.corpus_dir).warm_up()
        assistant.index.search("预热")  # opens the vector store and BM25 too, not on the first question
        from pypinyin import lazy_pinyin

        lazy_pinyin("预热")  # the fuzzy name matcher's pinyin tables: ~0.8 s on the first question otherwise
        log.info("assistant ready on %s (%d documents)", assistant.index.gen.name, len(assistant.index.documents))
        return assistant

    def get(self) -> Assistant:
        """The assistant on the live generation (opened, and the index built if there is none)."""
        current = self._assistant
        live = generations.current_generation(self._index_dir)
        if current is not None and (live is None or current.index.gen == live):
            return current
        if current is not None and not self._lock.acquire(blocking=False):
            return current  # another thread is opening the new generation: keep answering meanwhile
        if current is None:
            self._lock.acquire()
        try:
            if self._assistant is None or self._assistant is current:
                live = generations.current_generation(self._index_dir)
                if self._assistant is None or live is None or self._assistant.index.gen != live:
                    self._assistant = self._fresh()
            return self._assistant
        finally:
            self._lock.release()
