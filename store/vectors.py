"""The one boundary to Chroma: open a client (embedded or server), write vectors,
delete the collections of old generations, and turn Chroma's columnar query
results into (chunk_id, similarity) pairs.

Embedded mode: one `PersistentClient` per generation directory (`gen-*/chroma`).
Server mode (`store.mode = "http"`): one `HttpClient` per host:port; every
generation of every corpus is its own collection on the server, named by the
writer and recorded in the generation's records (`meta.collection`).
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

import numpy as np

from core.errors import StoreUnavailableError
from core.settings import StoreSettings

_clients: dict[tuple, object] = {}
_lock = threading.Lock()


def _server_errors() -> tuple[type[BaseException], ...]:
    """Transport errors of the HTTP client (Chroma speaks httpx)."""
    import httpx

    return (httpx.TransportError,)


def _client_key(settings: StoreSettings, path: Path | None) -> tuple:
    return (settings.mode, str(path) if settings.mode == "embedded" else f"{settings.host}:{settings.port}")


def get_client(settings: StoreSettings, path: Path | None = None):
    """One client per location per process (Chroma dislikes two clients on one path).

    `path` is the generation's Chroma directory in embedded mode; it is ignored in http mode.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    key = _client_key(settings, path)
    with _lock:
        if key not in _clients:
            chroma_settings = ChromaSettings(anonymized_telemetry=False)
            if settings.mode == "http":
                try:
                    _clients[key] = chromadb.HttpClient(
                        host=settings.host, port=settings.port, settings=chroma_settings
                    )
                except (ValueError, *_server_errors()) as exc:  # chromadb: ValueError("Could not connect …")
                    raise StoreUnavailableError(
                        f"{settings.host}:{settings.port}: {exc}",
                        message_zh=f"无法连接向量库服务器 {settings.host}:{settings.port}（Chroma）。"
                                   "请确认服务器已启动（chroma run），并检查 POLICYQA_STORE__HOST / POLICYQA_STORE__PORT。",
                    ) from exc
            else:
                _clients[key] = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        return _clients[key]


def generation_client(settings: StoreSettings, gen: Path):
    """The client that holds a generation's vectors: its own `chroma/` directory when
    embedded, the shared server in http mode."""
    return get_client(settings, Path(gen) / "chroma" if settings.mode == "embedded" else None)


def forget_client(settings: StoreSettings, path: Path | None = None) -> None:
    """Drop the cached client of a location (e.g. a generation directory that was pruned)."""
    with _lock:
        _clients.pop(_client_key(settings, path), None)


def collection_names(client) -> set[str]:
    try:
        return {c.name if hasattr(c, "name") else str(c) for c in client.list_collections()}
    except _server_errors() as exc:
        raise StoreUnavailableError(str(exc)) from exc


def delete_collection(client, name: str) -> bool:
    """Delete a collection if it exists; True if it was there."""
    from chromadb.errors import NotFoundError

    try:
        client.delete_collection(name)
    except NotFoundError:  # already gone
        return False
    except _server_errors() as exc:
        raise StoreUnavailableError(str(exc)) from exc
    return True


class VectorStore:
    """A Chroma collection holding one vector per chunk, keyed by chunk ID.

    The writer opens it with `create=True`. Readers open an existing collection
    (`create=False`): a missing one is an error, never an empty new collection.
    A published collection never changes, so readers count it once.
    """

    def __init__(self, client, name: str, *, create: bool = True):
        from chromadb.errors import NotFoundError

        self.name = name
        try:
            if create:
                self._collection = client.get_or_create_collection(
                    name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
                )
            else:
                self._collection = client.get_collection(name, embedding_function=None)
        except NotFoundError as exc:
            raise StoreUnavailableError(
                f"collection {name} missing: {exc}",
                message_zh=f"向量库中找不到索引集合 {name}，请重新运行 python -m ingest。",
            ) from exc
        except _server_errors() as exc:
            raise StoreUnavailableError(str(exc)) from exc
        self._size: int | None = None

    def count(self) -> int:
        try:
            return self._collection.count()
        except _server_errors() as exc:
            raise StoreUnavailableError(str(exc)) from exc

    def upsert(self, ids: list[str], vectors: np.ndarray, clause_ids: list[str], doc_ids: list[str],
               on_batch: Callable[[int, int], None] | None = None) -> None:
        """Write in batches of 1000; `on_batch(done, total)` after each."""
        self._size = None
        step = 1000
        try:
            for start in range(0, len(ids), step):
                end = start + step
                self._collection.upsert(
                    ids=ids[start:end],
                    embeddings=vectors[start:end],
                    metadatas=[{"clause_id": c, "doc_id": d}
                               for c, d in zip(clause_ids[start:end], doc_ids[start:end])],
                )
                if on_batch is not None:
                    on_batch(min(end, len(ids)), len(ids))
        except _server_errors() as exc:
            raise StoreUnavailableError(str(exc)) from exc

    def query(self, vector: np.ndarray, n: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        if self._size is None:
            self._size = self.count()
        n = min(n, self._size)
        if n <= 0:
            return []
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids else None
        try:
            result = self._collection.query(
                query_embeddings=np.atleast_2d(vector), n_results=n, where=where, include=["distances"]
            )
        except _server_errors() as exc:
            raise StoreUnavailableError(str(exc)) from exc
        ids, distances = result["ids"][0], result["distances"][0]
        return [(chunk_id, 1.0 - float(dist)) for chunk_id, dist in zip(ids, distances)]

    def vectors(self, ids: list[str]) -> np.ndarray:
        """The stored vectors of these chunks, in the order asked (for exact search in a small subset)."""
        try:
            result = self._collection.get(ids=list(ids), include=["embeddings"])
        except _server_errors() as exc:
            raise StoreUnavailableError(str(exc)) from exc
        by_id = dict(zip(result["ids"], result["embeddings"]))
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise StoreUnavailableError(f"{len(missing)} vectors missing, e.g. {missing[0]}",
                                        message_zh="向量库与索引记录不一致，请重新运行 python -m ingest。")
        return np.asarray([by_id[i] for i in ids], dtype=np.float32)

