"""Index generations: each build goes into its own new directory; readers follow the
CURRENT pointer, which is switched atomically only after a build completes.
One writer at a time (flock), with a clear error for a second one.

Layout of an index directory:

    CURRENT                 name of the live generation (replaced with os.replace)
    ingest.lock             flock of the one writer
    embcache.sqlite         passage vectors by text hash, shared by all builds
    gen-<time>-<random>/    one build: COMPLETE mark, index.sqlite, bm25/, chroma/ (embedded mode)

A generation directory is never reused: every build gets a fresh name, so a
build never writes into a directory that a reader (or a cached Chroma client in
this process) still holds. A build killed mid-way leaves a directory without
COMPLETE; readers never follow it, and the next successful build prunes it.
"""
from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from core.errors import IndexBusyError, PolicyQAError

COMPLETE_MARK = "COMPLETE"
POINTER = "CURRENT"


def current_generation(index_dir: Path) -> Path | None:
    """The live generation, or None. Only a generation marked COMPLETE is ever returned."""
    pointer = Path(index_dir) / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not name:
        return None
    gen = Path(index_dir) / name
    return gen if (gen / COMPLETE_MARK).exists() else None


def new_generation_dir(index_dir: Path) -> Path:
    """A fresh, empty directory for one build. Names sort by creation time and never repeat."""
    now = time.time()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + f"{int(now * 1000) % 1000:03d}"
    while True:
        gen = Path(index_dir) / f"gen-{stamp}-{secrets.token_hex(3)}"
        try:
            gen.mkdir(parents=True)
            return gen
        except FileExistsError:
            continue


def is_complete(gen: Path) -> bool:
    return (Path(gen) / COMPLETE_MARK).exists()


def _fsync_dir(path: Path) -> None:
    fd = os.open(str(path), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durably(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def publish(index_dir: Path, gen: Path) -> None:
    """Mark the build complete and switch CURRENT to it atomically.

    Order matters: the COMPLETE mark is durable before CURRENT names the
    generation, and CURRENT is replaced in one rename, so a reader sees either
    the old pointer or the new one, never a half-written file.
    """
    _write_durably(gen / COMPLETE_MARK, "ok")
    _fsync_dir(gen)
    tmp = Path(index_dir) / f"{POINTER}.tmp-{os.getpid()}"
    _write_durably(tmp, gen.name)
    os.replace(tmp, Path(index_dir) / POINTER)
    _fsync_dir(Path(index_dir))


def unpublish(index_dir: Path) -> None:
    """No live generation any more (the corpus became empty)."""
    (Path(index_dir) / POINTER).unlink(missing_ok=True)


def prune(index_dir: Path, keep: list[Path | None],
          on_remove: Callable[[Path], None] | None = None) -> list[Path]:
    """Remove generations other than `keep` (the live one and its predecessor), including
    leftovers of killed builds. `on_remove(gen)` runs first for each (e.g. to delete the
    generation's collection on a Chroma server); if it raises, that directory is kept so the
    next prune tries again. Returns the generations that could not be removed.
    """
    keep_names = {p.name for p in keep if p is not None}
    kept_back: list[Path] = []
    for child in sorted(Path(index_dir).glob("gen-*")):
        if not child.is_dir() or child.name in keep_names:
            continue
        if on_remove is not None:
            try:
                on_remove(child)
            except (OSError, PolicyQAError):
                kept_back.append(child)
                continue
        shutil.rmtree(child, ignore_errors=True)
    for stale in Path(index_dir).glob(f"{POINTER}.tmp-*"):  # a writer killed between write and rename
        stale.unlink(missing_ok=True)
    return kept_back


@contextmanager
def writer_lock(index_dir: Path):
    """Hold the index directory's writer lock, or raise IndexBusyError at once.

    flock is released by the kernel when the holder exits, even by SIGKILL, so a
    killed ingest never leaves a stale lock behind. The holder writes its pid and
    host into the lock file, for whoever has to find it.
    """
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    handle = open(Path(index_dir) / "ingest.lock", "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise IndexBusyError(f"index {index_dir} is locked by {holder}") from exc
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid={os.getpid()} host={os.uname().nodename}\n")
        handle.flush()
        yield
    finally:
        handle.close()
