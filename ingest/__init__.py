"""Ingest: files -> Document -> Clause tree -> Chunks + Facts -> index."""
