"""Read side of an index generation: records in memory, BM25, Chroma; hybrid search.

A `PolicyIndex` is one published generation and never changes: a reader holding
one keeps answering from it while a writer publishes the next generation
(prune keeps the live generation and its predecessor). `open_index` reads the
CURRENT pointer on every call, so calling it again picks up a new generation.
Retrieval only reads what ingest wrote through `store/`; it never builds an index.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from core.errors import EmptyIndexError
from core.facts import Fact
from core.records import Chunk, Clause, Document, Hit
from core.settings import Settings
from core.tokenizer import bm25_terms
from retrieval.hybrid import fuse
from store import generations, records_db
from store.bm25 import BM25Index
from store.embedders import Embedder, get_embedder
from store.vectors import VectorStore, generation_client


# Questions scoped to a few documents rank those documents' chunks exactly (see _exact_search).
EXACT_SEARCH_MAX = 5000
VECTOR_CACHE_DOCS = 256


class PolicyIndex:
    """Everything one generation holds, loaded once."""

    def __init__(self, gen: Path, settings: Settings, embedder: Embedder | None = None):
        self.gen = gen
        self.settings = settings
        conn = records_db.connect(gen / "index.sqlite")
        try:
            self.documents: dict[str, Document] = {d.doc_id: d for d in records_db.read_documents(conn)}
            self.clauses: list[Clause] = records_db.read_clauses(conn)
            self.chunks: list[Chunk] = records_db.read_chunks(conn)
            self.facts: list[Fact] = records_db.read_facts(conn)
            self.facts_by_kind: dict[str, list[Fact]] = {}
            for fact in self.facts:
                self.facts_by_kind.setdefault(fact.kind, []).append(fact)
            collection = records_db.get_meta(conn, "collection")
        finally:
            conn.close()
        if not self.chunks:
            raise EmptyIndexError("no chunks")
        self.clause_by_key = {(c.doc_id, c.clause_id): c for c in self.clauses}
        self.chunk_by_id = {c.chunk_id: c for c in self.chunks}
        self.bm25 = BM25Index.load(gen / "bm25", len(self.chunks))
        self._collection_name = collection
        self._store: VectorStore | None = None
        self._embedder = embedder
        self._lock = threading.Lock()
        self._groups: dict[tuple, dict] = {}
        self._vector_cache: dict[str, tuple[list[str], np.ndarray]] = {}

    def facts_by(self, kind: str, *fields: str) -> dict:
        """Facts of one kind grouped by the value of one field (or a tuple of fields), built once.

        Answer composition looks facts up through these, so its cost does not grow with the corpus."""
        key = (kind, *fields)
        groups = self._groups.get(key)
        if groups is None:
            groups = {}
            for fact in self.facts_by_kind.get(kind, []):
                value = (getattr(fact, fields[0], None) if len(fields) == 1
                         else tuple(getattr(fact, f, None) for f in fields))
                groups.setdefault(value, []).append(fact)
            self._groups[key] = groups
        return groups

    def in_corpus_order(self, facts: list[Fact]) -> list[Fact]:
        """Facts gathered from several groups, back in the order the documents state them."""
        if "_fact_pos" not in self.__dict__:
            self._fact_pos = {id(f): i for i, f in enumerate(self.facts)}
        return sorted(facts, key=lambda f: self._fact_pos.get(id(f), 0))

    def clauses_of(self, doc_id: str) -> list[Clause]:
        """One document's clauses in document order."""
        groups = self._groups.get(("clauses",))
        if groups is None:
            groups = {}
            for clause in self.clauses:
                groups.setdefault(clause.doc_id, []).append(clause)
            self._groups[("clauses",)] = groups
        return groups.get(doc_id, [])

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.settings.embedding)
        return self._embedder

    @property
    def store(self) -> VectorStore:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = VectorStore(generation_client(self.settings.store, self.gen),
                                              self._collection_name, create=False)
        return self._store

    def clause(self, doc_id: str, clause_id: str) -> Clause | None:
        return self.clause_by_key.get((doc_id, clause_id))

    def document_title(self, doc_id: str) -> str:
        doc = self.documents.get(doc_id)
        return doc.title if doc else ""

    def bm25_hits(self, question: str, k: int, doc_ids: list[str] | None = None) -> list[Hit]:
        hits = []
        for row, score in self.bm25.search(bm25_terms(question), k * (3 if doc_ids else 1)):
            chunk = self.chunks[row]
            if doc_ids and chunk.doc_id not in doc_ids:
                continue
            hits.append(Hit(chunk, score, "bm25", len(hits)))
        return hits[:k]

    def query_vector(self, question: str):
        """The question's embedding, computed once: an answer that searches the same query again
        (within other documents, for another part) does not embed it again."""
        with _vectors_lock:
            memo = self.__dict__.setdefault("_query_vectors", OrderedDict())
            if question in memo:
                memo.move_to_end(question)
                return memo[question]
        vector = self.embedder.embed_queries([question])[0]
        with _vectors_lock:
            memo[question] = vector
            while len(memo) > _VECTORS_MAX:
                memo.popitem(last=False)
        return vector

    def dense_hits(self, question: str, k: int, doc_ids: list[str] | None = None) -> list[Hit]:
        vector = self.query_vector(question)
        chunk_ids = self._chunk_ids_of(doc_ids) if doc_ids else None
        if chunk_ids is not None and len(chunk_ids) <= EXACT_SEARCH_MAX:
            pairs = self._exact_search(vector, k, doc_ids)
        else:
            pairs = self.store.query(vector, k, doc_ids)
        return [Hit(self.chunk_by_id[cid], score, "dense", rank) for rank, (cid, score) in enumerate(pairs)
                if cid in self.chunk_by_id]

    def _chunk_ids_of(self, doc_ids) -> list[str]:
        by_doc = self._groups.get(("chunk_ids",))
        if by_doc is None:
            by_doc = {}
            for chunk in self.chunks:
                by_doc.setdefault(chunk.doc_id, []).append(chunk.chunk_id)
            self._groups[("chunk_ids",)] = by_doc
        return [cid for d in dict.fromkeys(doc_ids) for cid in by_doc.get(d, [])]

    def _exact_search(self, vector, k: int, doc_ids) -> list[tuple[str, float]]:
        """Cosine over the selected documents' own vectors, read from Chroma once per document.

        Chroma's filtered HNSW query costs ~30 ms at 39k chunks; a few documents' vectors
        are a few hundred rows, which an exact dot product ranks in microseconds."""
        ids, blocks = [], []
        for doc_id in dict.fromkeys(doc_ids):
            chunk_ids, matrix = self._doc_vectors(doc_id)
            if chunk_ids:
                ids.extend(chunk_ids)
                blocks.append(matrix)
        if not ids:
            return []
        matrix = np.vstack(blocks)
        norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(vector) or 1.0)
        scores = matrix @ vector / np.where(norms == 0, 1.0, norms)
        top = np.argsort(-scores, kind="stable")[:k]
        return [(ids[i], float(scores[i])) for i in top]

    def _doc_vectors(self, doc_id: str):
        cache = self._vector_cache
        with self._lock:
            if doc_id in cache:
                cache[doc_id] = cache.pop(doc_id)  # most recently used last
                return cache[doc_id]
        ids = self._chunk_ids_of([doc_id])
        entry = (ids, self.store.vectors(ids) if ids else None)
        with self._lock:
            cache[doc_id] = entry
            while len(cache) > VECTOR_CACHE_DOCS:
                cache.pop(next(iter(cache)))
        return entry

    def search(self, question: str, *, top_k: int | None = None, doc_ids: list[str] | None = None,
               dense: bool = True) -> list[Hit]:
        r = self.settings.retrieval
        top_k = top_k or r.top_k
        rankings = [(self.bm25_hits(question, r.candidates, doc_ids), r.bm25_weight)]
        if dense:
            rankings.append((self.dense_hits(question, r.candidates, doc_ids), r.dense_weight))
        return fuse(rankings, method=r.fusion, rrf_k=r.rrf_k)[:top_k]


_VECTORS_MAX = 256  # recent query embeddings kept per index
_vectors_lock = threading.Lock()
_open: dict[tuple, PolicyIndex] = {}
_open_lock = threading.Lock()


def open_index(settings: Settings, corpus_dir: Path | None = None, *,
               embedder: Embedder | None = None) -> PolicyIndex:
    """The live generation for a corpus, opened read-only; EmptyIndexError when none is
    published (ingest builds it; `assistant.index_factory.open_or_build` builds it on demand).
    Cached per generation: the same object until a new generation is published, then the new one."""
    index_dir = settings.index_dir(corpus_dir)
    gen = generations.current_generation(index_dir)
    if gen is None:
        raise EmptyIndexError("no index")
    owner = (str(index_dir), id(embedder) if embedder else None, settings.model_dump_json())
    key = (*owner, str(gen))
    with _open_lock:
        if key not in _open:
            index = PolicyIndex(gen, settings, embedder)
            # Older generations of the same index leave the cache (holders keep their objects).
            for stale in [k for k in _open if k[:3] == owner]:
                del _open[stale]
            _open[key] = index
        return _open[key]
