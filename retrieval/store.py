"""The one boundary to Chroma: open a client (embedded or server), write vectors,
and turn Chroma's columnar query results into (chunk_id, similarity) pairs."""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from core.settings import StoreSettings

_clients: dict[tuple, object] = {}
_lock = threading.Lock()


def get_client(settings: StoreSettings, path: Path | None = None):
    """One client per location per process (Chroma dislikes two clients on one path)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    key = (settings.mode, str(path) if settings.mode == "embedded" else f"{settings.host}:{settings.port}")
    with _lock:
        if key not in _clients:
            chroma_settings = ChromaSettings(anonymized_telemetry=False)
            if settings.mode == "http":
                _clients[key] = chromadb.HttpClient(host=settings.host, port=settings.port, settings=chroma_settings)
            else:
                _clients[key] = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        return _clients[key]


def forget_client(settings: StoreSettings, path: Path | None = None) -> None:
    key = (settings.mode, str(path) if settings.mode == "embedded" else f"{settings.host}:{settings.port}")
    with _lock:
        _clients.pop(key, None)


class VectorStore:
    """A Chroma collection holding one vector per chunk, keyed by chunk ID."""

    def __init__(self, client, name: str):
        self._collection = client.get_or_create_collection(
            name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )

    def count(self) -> int:
        return self._collection.count()

    def upsert(self, ids: list[str], vectors: np.ndarray, clause_ids: list[str], doc_ids: list[str]) -> None:
        step = 1000
        for start in range(0, len(ids), step):
            end = start + step
            self._collection.upsert(
                ids=ids[start:end],
                embeddings=vectors[start:end],
                metadatas=[{"clause_id": c, "doc_id": d} for c, d in zip(clause_ids[start:end], doc_ids[start:end])],
            )

    def query(self, vector: np.ndarray, n: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        n = min(n, self.count())
        if n <= 0:
            return []
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids else None
        result = self._collection.query(
            query_embeddings=np.atleast_2d(vector), n_results=n, where=where, include=["distances"]
        )
        ids, distances = result["ids"][0], result["distances"][0]
        return [(chunk_id, 1.0 - float(dist)) for chunk_id, dist in zip(ids, distances)]
