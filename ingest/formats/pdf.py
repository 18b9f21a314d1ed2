"""PDF via pypdf: the text layer of every page, with wrapped lines rejoined.

A printed line that breaks inside a paragraph is joined to the next one when
  - it does not end a sentence (。；：！？, also after a closing quote or bracket),
  - the next line does not open with a numbering label (一、 （一） 1. （1） 第X条 ...)
    or a responsibility note "（责任单位：……）",
  - and it is not visibly short compared with the page's full lines (titles, headings).
Page-number lines ("— 3 —", "-3-", "第 3 页") are dropped. No OCR: a scan is refused.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from core.errors import CorpusError

_CN_NUM = "零〇一二三四五六七八九十百"
LABEL_RE = re.compile(
    rf"^(?:第[{_CN_NUM}\d]+[章节条款部分]"
    rf"|[{_CN_NUM}]+[、．.]"
    rf"|[（(][{_CN_NUM}\d]{{1,3}}[）)]"
    r"|\d{1,2}[.．、](?!\d)"
    r"|[①-⑳]"
    r"|附件|附表"
    r"|[（(](?:责任单位|牵头单位|配合单位)[：:])"
)
_RESPONSIBILITY_RE = re.compile(r"^[（(](?:责任单位|牵头单位|配合单位)[：:][^（）()]*[）)]$")
_SENTENCE_END = "。；：！？;:!?"
_CLOSERS = "”’」』）)】》"
_PAGE_NUMBER_RE = re.compile(r"^(?:[—–\-－]\s*\d{1,4}\s*[—–\-－]|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})$")
_FULL_LINE = 0.85      # a line at least this share of the page's widest line is "full"
_MIN_TEXT_CHARS = 10   # fewer visible characters in the whole text layer: treat as a scan
_CORRUPT = "PDF 文件已损坏，无法解析。"
_ENCRYPTED = "PDF 已加密，无法解析。"
_NO_TEXT = "PDF 无文本层，无法解析（可能是扫描件）。"


def display_width(line: str) -> float:
    """Printed width in em: CJK and full-width characters 1, others 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in line)


def _ends_sentence(line: str) -> bool:
    if _RESPONSIBILITY_RE.match(line):  # "（责任单位：省科技厅）" closes its paragraph
        return True
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _joiner(left: str, right: str) -> str:
    """Nothing between CJK; one space between two Latin words."""
    if left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return " "
    return ""


def rejoin_lines(pages: list[str]) -> str:
    """Join the pages' text layers into one paragraph per line."""
    page_lines = []
    for page in pages:
        lines = [line.strip(" \t\u3000\u00a0") for line in page.replace("\r", "\n").split("\n")]
        page_lines.append([line for line in lines if line and not _PAGE_NUMBER_RE.match(line)])
    widths = sorted(max((display_width(line) for line in lines), default=0.0) for lines in page_lines)
    typical = widths[len(widths) // 2] if widths else 0.0  # a sparse page is measured by the others
    paragraphs: list[str] = []
    open_line = False  # the last paragraph may continue on the next line
    for lines in page_lines:
        widest = max([typical] + [display_width(line) for line in lines])
        for line in lines:
            if open_line and paragraphs and not LABEL_RE.match(line):
                paragraphs[-1] += _joiner(paragraphs[-1], line) + line
            else:
                paragraphs.append(line)
            open_line = not _ends_sentence(paragraphs[-1]) and display_width(line) >= _FULL_LINE * widest
    return "\n".join(paragraphs)


def _visible_chars(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            if not reader.decrypt(""):  # PasswordType.NOT_DECRYPTED == 0
                raise CorpusError("pdf: encrypted", message_zh=_ENCRYPTED)
        if len(reader.pages) == 0:
            raise CorpusError("pdf: no pages", message_zh=_CORRUPT)
    except (DependencyError, FileNotDecryptedError, NotImplementedError) as exc:
        # an encryption scheme pypdf cannot open without a password or an extra package
        raise CorpusError(f"pdf: {exc}", message_zh=_ENCRYPTED) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as exc:
        raise CorpusError(f"pdf: {type(exc).__name__}: {exc}", message_zh=_CORRUPT) from exc
    return reader


def read_pdf(path: Path) -> tuple[str, dict]:
    reader = _open(path)
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError as exc:
        raise CorpusError(f"pdf: {exc}", message_zh=_ENCRYPTED) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
            RecursionError, ZeroDivisionError) as exc:
        raise CorpusError(f"pdf: {type(exc).__name__}: {exc}", message_zh=_CORRUPT) from exc
    text = rejoin_lines(pages)
    if _visible_chars(text) < _MIN_TEXT_CHARS:
        raise CorpusError("pdf: no text layer", message_zh=_NO_TEXT)
    return text, {}

