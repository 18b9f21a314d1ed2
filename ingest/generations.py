"""Index generations: each build goes into its own directory; readers follow the
CURRENT pointer, which is switched atomically only after a build completes.
One writer at a time (flock), with a clear error for a second one."""
from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from core.errors import IndexBusyError

COMPLETE_MARK = "COMPLETE"


def current_generation(index_dir: Path) -> Path | None:
    pointer = Path(index_dir) / "CURRENT"
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    gen = Path(index_dir) / name
    return gen if (gen / COMPLETE_MARK).exists() else None


def new_generation_dir(index_dir: Path, name: str) -> Path:
    gen = Path(index_dir) / name
    if gen.exists():
        shutil.rmtree(gen)  # an incomplete leftover of a killed build
    gen.mkdir(parents=True)
    return gen


def publish(index_dir: Path, gen: Path) -> None:
    """Mark the build complete and switch CURRENT to it atomically."""
    (gen / COMPLETE_MARK).write_text("ok", encoding="utf-8")
    tmp = Path(index_dir) / f"CURRENT.tmp-{os.getpid()}"
    tmp.write_text(gen.name, encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, Path(index_dir) / "CURRENT")


def prune(index_dir: Path, keep: list[Path]) -> None:
    """Remove generations other than `keep` (the live one and its predecessor)."""
    keep_names = {p.name for p in keep if p is not None}
    for child in Path(index_dir).glob("gen-*"):
        if child.is_dir() and child.name not in keep_names:
            shutil.rmtree(child, ignore_errors=True)


@contextmanager
def writer_lock(index_dir: Path):
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    handle = open(Path(index_dir) / "ingest.lock", "w")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexBusyError("locked") from exc
        yield
    finally:
        handle.close()
