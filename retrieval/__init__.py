"""Retrieval: opens a published index generation (through store/, read-only) and searches it (BM25 + dense, fused)."""
