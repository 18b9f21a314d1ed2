"""The document library of one corpus directory: add files, delete one, list what is indexed.

Shared by the app (`ui.upload`, the 文件管理 page) and the HTTP API. `add_files(corpus_dir,
settings, [(name, bytes), ...])` writes each file into `<corpus_dir>/uploads/`, then runs
`ingest.pipeline.ingest` on the whole corpus: the same parsing, the same report, the same
generations and writer lock as `python -m ingest`. A file that the ingest rejects (empty,
binary, encrypted, too large, unsupported ...) is reported with its Chinese reason and then
taken back out of `uploads/` (or its previous version restored), so it is not re-reported
forever and a bad upload never replaces a good file. What is already in the index is never lost.
`delete_file` removes one uploaded file (and its sidecar) and re-ingests.
"""
from __future__ import annotations

import logging
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import PolicyQAError
from core.settings import Settings
from ingest.loaders import MAX_BYTES, SUPPORTED

log = logging.getLogger("policyqa.library")

UPLOADS_DIR = "uploads"  # under the corpus directory
UPLOAD_TYPES = tuple(s.lstrip(".") for s in SUPPORTED)  # for st.file_uploader(type=...)
MAX_UPLOAD_MB = MAX_BYTES // (1024 * 1024)  # the upload limit, the same as the loaders'
REPORT_FIELDS = (("documents", "文件数"), ("clauses", "条款数"), ("chunks", "分块数"), ("added", "新增"),
                 ("updated", "更新"), ("removed", "移除"), ("unchanged", "未变"))
FAILED_MESSAGE = "入库失败，请联系管理员查看日志。"
_MAX_NAME_CHARS = 120
_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_lock = threading.Lock()  # one library change at a time per process (other processes: the ingest lock)


@dataclass
class UploadOutcome:
    report: dict = field(default_factory=dict)  # IngestReport.as_dict(); empty when the ingest did not run
    saved: list[str] = field(default_factory=list)  # uploaded files now in the corpus (relative paths)
    rejected: list[str] = field(default_factory=list)  # uploaded files taken back out after an error
    message: str = ""  # Chinese reason when the ingest did not run (another ingest running ...)

    @property
    def ok(self) -> bool:
        return not self.message

    def as_dict(self) -> dict:
        return {"report": self.report, "saved": self.saved, "rejected": self.rejected, "message": self.message}


def safe_name(name: str) -> str:
    """A plain file name for `uploads/` that the ingest will look at (no path, not hidden,
    not a README, not a `.meta.json` sidecar)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _BAD_CHARS.sub("_", base).strip().lstrip(".").strip()
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = f".{suffix}" if dot else ""
    stem = stem.strip() or "上传文件"
    if base.lower().endswith(".meta.json"):
        stem = stem[: -len(".meta")] + "-meta"
    if f"{stem}{suffix}".lower() in ("readme.md", "readme.txt"):
        stem = f"上传-{stem}"
    stem = stem[: max(1, _MAX_NAME_CHARS - len(suffix))]
    return f"{stem}{suffix}"


def _write(path: Path, data: bytes) -> None:
    """Atomically: the ingest never reads half a file (the temporary name is hidden from it)."""
    tmp = path.with_name(f".{path.name}.upload-{os.getpid()}-{threading.get_ident()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _take_back(path: Path, previous: bytes | None) -> None:
    if previous is None:
        path.unlink(missing_ok=True)
    else:
        _write(path, previous)


def add_files(corpus_dir: Path, settings: Settings, files: list[tuple[str, bytes]], progress=None,
              prepare=None) -> UploadOutcome:
    """Save `files` into `<corpus_dir>/uploads/` and ingest the corpus; the outcome with the report.

    `prepare()`, when given, runs under the lock first (the app seeds its working corpus)."""
    corpus = Path(corpus_dir)
    target = corpus / UPLOADS_DIR
    with _lock:
        if prepare is not None:
            prepare()
        target.mkdir(parents=True, exist_ok=True)
        previous: dict[str, tuple[Path, bytes | None]] = {}  # rel path -> (path, content before upload)
        for name, data in files:
            path = target / safe_name(name)
            rel = str(path.resolve().relative_to(corpus.resolve()))
            if rel not in previous:
                previous[rel] = (path, path.read_bytes() if path.is_file() else None)
            _write(path, bytes(data))
        try:
            from ingest.pipeline import ingest

            report = ingest(corpus, settings, progress=progress)
        except PolicyQAError as exc:
            log.warning("upload ingest did not run: %s", exc)
            for path, before in previous.values():
                _take_back(path, before)
            return UploadOutcome(message=exc.message_zh)
        except Exception:  # the UI boundary: log it, take the uploads back, show a Chinese message
            log.exception("upload ingest failed")
            for path, before in previous.values():
                _take_back(path, before)
            return UploadOutcome(message=FAILED_MESSAGE)
        failed = {e.get("file") for e in report.errors}
        outcome = UploadOutcome(report=report.as_dict())
        for rel, (path, before) in previous.items():
            if rel in failed:
                _take_back(path, before)
                outcome.rejected.append(rel)
            else:
                outcome.saved.append(rel)
        log.info("upload: saved %s, rejected %s, report %s", outcome.saved, outcome.rejected, outcome.report)
        return outcome


def uploaded_files(corpus_dir: Path) -> list[str]:
    """Relative paths of the files under `<corpus_dir>/uploads/` (the ones a user may delete)."""
    target = Path(corpus_dir) / UPLOADS_DIR
    if not target.is_dir():
        return []
    return sorted(str(p.relative_to(corpus_dir)) for p in target.iterdir()
                  if p.is_file() and not p.name.startswith("."))


def delete_file(corpus_dir: Path, settings: Settings, name: str, progress=None) -> UploadOutcome:
    """Remove one uploaded file (given as `uploads/x.txt` or `x.txt`) and its sidecar, then re-ingest.

    Only files under `uploads/` can be deleted: the default corpus is not the user's to remove."""
    corpus = Path(corpus_dir)
    rel = (name or "").replace("\\", "/").strip().lstrip("/")
    rel = rel if rel.startswith(f"{UPLOADS_DIR}/") else f"{UPLOADS_DIR}/{rel}"
    path = (corpus / rel).resolve()
    target = (corpus / UPLOADS_DIR).resolve()
    if path.parent != target or not path.is_file():
        return UploadOutcome(message=f"没有可删除的上传文件：{name}")
    with _lock:
        previous = path.read_bytes()
        sidecar = path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json")
        side_before = sidecar.read_bytes() if sidecar.is_file() else None
        path.unlink()
        sidecar.unlink(missing_ok=True)
        try:
            from ingest.pipeline import ingest

            report = ingest(corpus, settings, progress=progress)
        except PolicyQAError as exc:
            log.warning("delete ingest did not run: %s", exc)
            _write(path, previous)
            if side_before is not None:
                _write(sidecar, side_before)
            return UploadOutcome(message=exc.message_zh)
        except Exception:  # the boundary: log it, put the file back, a Chinese message
            log.exception("delete ingest failed")
            _write(path, previous)
            if side_before is not None:
                _write(sidecar, side_before)
            return UploadOutcome(message=FAILED_MESSAGE)
        log.info("deleted %s, report %s", rel, report.as_dict())
        return UploadOutcome(report=report.as_dict(), saved=[], rejected=[])


def reingest(corpus_dir: Path, settings: Settings, progress=None, prepare=None) -> UploadOutcome:
    """Run the ingest on the whole corpus again (what changed on disk is re-read, the rest kept).

    `prepare()`, when given, runs under the lock first (the app re-seeds its working corpus)."""
    corpus = Path(corpus_dir)
    with _lock:
        try:
            if prepare is not None:
                prepare()
            from ingest.pipeline import ingest

            report = ingest(corpus, settings, progress=progress)
        except PolicyQAError as exc:
            log.warning("re-ingest did not run: %s", exc)
            return UploadOutcome(message=exc.message_zh)
        except Exception:  # the boundary: log it, a Chinese message; the live index is untouched
            log.exception("re-ingest failed")
            return UploadOutcome(message=FAILED_MESSAGE)
        log.info("re-ingest of %s, report %s", corpus, report.as_dict())
        return UploadOutcome(report=report.as_dict())
