"""Plain text (.txt, .md): UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from core.errors import CorpusError

_ALLOWED_CONTROLS = set("\t\n\r\f\v\x1a")  # \x1a: DOS end-of-file marker some editors leave
_MAX_CONTROL_SHARE = 0.01
_BINARY_MESSAGE = "文件不是文本（含二进制内容），无法解析。"


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(
        1 for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    )
    return bad / len(sample)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, then GB18030 (a superset of GBK).

    Binary content (NUL bytes, or more than 1% control characters) is refused.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CorpusError("utf-16", message_zh="无法识别文件编码（支持 UTF-8 与 GBK/GB18030）。") from exc
    else:
        if b"\x00" in data[:65536]:
            raise CorpusError("binary: NUL bytes", message_zh=_BINARY_MESSAGE)
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise CorpusError("encoding", message_zh="无法识别文件编码（支持 UTF-8 与 GBK/GB18030）。")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise CorpusError("binary: control characters", message_zh=_BINARY_MESSAGE)
    return text.lstrip("\ufeff")


def read_bytes_limited(path: Path, limit: int) -> bytes:
    """Read at most `limit` bytes; a file that grew past the limit is refused."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise CorpusError("too large", message_zh=f"文件过大，上限为 {limit // (1024 * 1024)} MB。")
    return data


# A page marker left by a PDF-to-text conversion: "===PAGE 3===", "- 3 -", "第3页 共10页".
_PAGE_MARK_RE = re.compile(r"^[ \t]*(?:=+[ \t]*page[ \t]*\d{1,4}[ \t]*=+|[—–\-－][ \t]*\d{1,4}[ \t]*[—–\-－]"
                           r"|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*共[ \t]*\d{1,4}[ \t]*页)?)[ \t]*$", re.IGNORECASE | re.MULTILINE)


def without_page_marks(text: str) -> str:
    """The text without the lines that only mark a page: they are no part of any clause."""
    return _PAGE_MARK_RE.sub("", text)


def read_plain_text(path: Path, limit: int) -> tuple[str, dict]:
    return without_page_marks(decode_text(read_bytes_limited(path, limit))), {}
