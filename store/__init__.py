"""The index on disk, shared by ingest (which writes it) and retrieval (which only reads it):
generations and the CURRENT pointer, the records database, the Chroma boundary, the BM25
files, the passage-vector cache and the embedders."""
