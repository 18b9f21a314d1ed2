"""Retrieval: embedders, the index (Chroma + BM25 + SQLite records) and hybrid search."""
