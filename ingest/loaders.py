"""Read one corpus file into plain text (one paragraph per line) plus metadata hints.

Each format has one reader in `ingest.formats`; every failure becomes a CorpusError with
a Chinese reason. Checks shared by all formats (suffix, empty, size) run here first, on
`stat()` alone, so an oversized file is refused without being read.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from core.errors import CorpusError
from ingest.formats.plain_text import decode_text, read_plain_text

__all__ = ["SUPPORTED", "MAX_BYTES", "load_file", "decode_text", "read_sidecar", "corpus_files"]

MAX_BYTES = 20 * 1024 * 1024

Reader = Callable[[Path], tuple[str, dict]]


# The PDF, Word and HTML parsers (pypdf, python-docx, trafilatura) are imported when a file of
# that kind is read: an ingest of text files, or of nothing new, does not pay for them.
def _read_docx(path: Path) -> tuple[str, dict]:
    from ingest.formats.word import read_docx

    return read_docx(path)


def _read_pdf(path: Path) -> tuple[str, dict]:
    from ingest.formats.pdf import read_pdf

    return read_pdf(path)


def _read_markdown(path: Path) -> tuple[str, dict]:
    from ingest.formats.markdown_page import read_markdown

    return read_markdown(path, MAX_BYTES)


def _read_html(path: Path) -> tuple[str, dict]:
    from ingest.formats.web_page import read_html

    return read_html(path, MAX_BYTES)


_READERS: dict[str, Reader] = {
    ".txt": lambda path: read_plain_text(path, MAX_BYTES),
    ".md": lambda path: _read_markdown(path),
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    ".html": _read_html,
    ".htm": _read_html,
}
SUPPORTED = tuple(_READERS)
_OLD_FORMATS = {
    ".doc": "不支持旧版 Word（.doc）文件，请另存为 .docx 后再导入。",
    ".wps": "不支持 WPS（.wps）文件，请另存为 .docx 后再导入。",
}


def read_sidecar(path: Path) -> dict:
    """Optional `<name>.meta.json` beside the file: title, issuer, date, 文号 supplied by hand."""
    sidecar = path.with_name(path.stem + ".meta.json")
    if not sidecar.exists():
        return {}
    try:
        return json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(str(exc), message_zh=f"元数据文件 {sidecar.name} 格式错误。") from exc


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CorpusError(str(exc), message_zh=f"无法读取文件：{exc.strerror or exc}") from exc
    if size == 0:
        raise CorpusError("empty", message_zh="文件为空。")
    if size > MAX_BYTES:
        raise CorpusError(
            f"too large: {size} bytes",
            message_zh=f"文件过大（{size / (1024 * 1024):.0f} MB），上限为 {MAX_BYTES // (1024 * 1024)} MB。",
        )


def load_file(path: Path) -> tuple[str, dict]:
    """Return (text, metadata hints) for a supported file; raise CorpusError otherwise.

    Hints may hold "title" and "date" (web pages); they are suggestions for
    `ingest.documents.build_document`, which a `.meta.json` sidecar overrides.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        reason = _OLD_FORMATS.get(suffix) or (
            f"不支持的文件类型：{suffix or '无扩展名'}（支持 {'、'.join(SUPPORTED)}）。"
        )
        raise CorpusError(f"unsupported: {suffix}", message_zh=reason)
    _check_size(path)
    try:
        text, hints = reader(path)
    except CorpusError:
        raise
    except OSError as exc:  # vanished, unreadable, a directory named like a file ...
        raise CorpusError(str(exc), message_zh=f"无法读取文件：{exc.strerror or exc}") from exc
    except Exception as exc:  # a parser bug on a malformed file: report it, never crash ingest
        raise CorpusError(
            f"{type(exc).__name__}: {exc}", message_zh=f"文件解析失败（{suffix[1:].upper()} 格式异常）。"
        ) from exc
    if not text.strip():
        raise CorpusError("blank", message_zh="文件没有文字内容。")
    return text, hints


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Candidate documents in a corpus directory (sidecars and hidden files excluded)."""
    files = []
    for path in sorted(Path(corpus_dir).rglob("*")):
        if not path.is_file() or path.name.startswith(".") or path.name.endswith(".meta.json"):
            continue
        if path.name.lower() in ("readme.md", "readme.txt"):
            continue
        files.append(path)
    return files
