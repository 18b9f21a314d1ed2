"""The HTTP API (DESIGN.md section 7): FastAPI over one warm assistant per process."""
