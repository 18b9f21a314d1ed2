"""Read one corpus file into plain text (one paragraph per line) plus metadata hints.

Each format has one reader; every failure becomes a CorpusError with a Chinese reason.
"""
from __future__ import annotations

import json
from pathlib import Path

from core.errors import CorpusError

SUPPORTED = (".txt", ".md")
MAX_BYTES = 20 * 1024 * 1024


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), then GB18030 (a superset of GBK); binary is refused."""
    if b"\x00" in data[:4096]:
        raise CorpusError("binary", message_zh="文件不是文本（含二进制内容），无法解析。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CorpusError("encoding", message_zh="无法识别文件编码（支持 UTF-8 与 GBK/GB18030）。")


def read_sidecar(path: Path) -> dict:
    """Optional `<name>.meta.json` beside the file: title, issuer, date, 文号 supplied by hand."""
    sidecar = path.with_name(path.stem + ".meta.json")
    if not sidecar.exists():
        return {}
    try:
        return json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(str(exc), message_zh=f"元数据文件 {sidecar.name} 格式错误。") from exc


def load_file(path: Path) -> tuple[str, dict]:
    """Return (text, metadata hints) for a supported file."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise CorpusError(suffix, message_zh=f"不支持的文件类型：{suffix or '无扩展名'}。")
    size = path.stat().st_size
    if size == 0:
        raise CorpusError("empty", message_zh="文件为空。")
    if size > MAX_BYTES:
        raise CorpusError("too large", message_zh=f"文件过大（{size // (1024 * 1024)} MB），上限为 {MAX_BYTES // (1024 * 1024)} MB。")
    text = decode_text(path.read_bytes())
    if not text.strip():
        raise CorpusError("blank", message_zh="文件没有文字内容。")
    return text, {}


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
