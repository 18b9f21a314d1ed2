"""Upload in the UI: files go into the working corpus's `uploads/` through `assistant.library`.

The app answers from its working corpus (`ui.startup`); it is seeded before anything is added."""
from __future__ import annotations

from assistant import library
from assistant.library import MAX_UPLOAD_MB, REPORT_FIELDS, UPLOAD_TYPES, UploadOutcome, safe_name
from core.settings import Settings
from ui import startup

__all__ = ["MAX_UPLOAD_MB", "REPORT_FIELDS", "UPLOAD_TYPES", "UploadOutcome", "add_files", "delete_file",
           "is_uploaded", "reingest", "safe_name"]


def add_files(settings: Settings, files: list[tuple[str, bytes]], progress=None) -> UploadOutcome:
    """Save `files` into the working corpus and ingest it; the outcome with the ingest report."""
    return library.add_files(startup.app_corpus_dir(settings), settings, files, progress=progress,
                             prepare=lambda: startup.build_index(settings))


def delete_file(settings: Settings, name: str, progress=None) -> UploadOutcome:
    """Remove one uploaded file from the working corpus and re-ingest."""
    return library.delete_file(startup.app_corpus_dir(settings), settings, name, progress=progress)


def reingest(settings: Settings, progress=None) -> UploadOutcome:
    """Re-seed the working corpus from the default one and run the ingest on it again."""
    return library.reingest(startup.app_corpus_dir(settings), settings, progress=progress,
                            prepare=lambda: startup.seed_corpus(settings))


def is_uploaded(document_path: str) -> bool:
    """Whether a document (its path in the working corpus) is an upload, the only kind a user may delete."""
    return document_path.replace("\\", "/").startswith(f"{library.UPLOADS_DIR}/")
