"""Word (.docx) via python-docx: body paragraphs in document order, one per line.

Tables are read in place: a row becomes one line with its cells separated by "｜"; a
single-cell row (a layout box) contributes its paragraphs as separate lines. Numbering
typed as text ("第一条", "（一）", "1.") is kept as it is. Word's automatic list numbering
(numbering.xml) is not text and is not reproduced; text boxes, headers and footers are
skipped.
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from core.errors import CorpusError
from ingest.formats import CELL_SEPARATOR

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_TR, _TC = qn("w:tr"), qn("w:tc")
_CORRUPT = "Word 文件已损坏，无法打开。"


def _blocks(container, parent) -> Iterator[str]:
    """Lines of a body or table cell, in document order."""
    for child in container.iterchildren():
        if child.tag == _P:
            yield Paragraph(child, parent).text
        elif child.tag == _TBL:
            yield from _table_lines(child, parent)
        elif child.tag == _SDT:  # content control: its content is ordinary blocks
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _blocks(content, parent)


def _table_lines(tbl, parent) -> Iterator[str]:
    for tr in tbl.iterchildren(_TR):
        cells = []
        for tc in tr.iterchildren(_TC):
            lines = [line.strip() for line in _blocks(tc, parent)]
            cells.append([line for line in lines if line])
        filled = [lines for lines in cells if lines]
        if len(filled) == 1:
            yield from filled[0]
        elif filled:
            yield CELL_SEPARATOR.join(" ".join(lines) for lines in filled)


def read_docx(path: Path) -> tuple[str, dict]:
    try:
        document = docx.Document(str(path))
        lines = list(_blocks(document.element.body, document))
    except PackageNotFoundError as exc:  # not a zip package at all (random bytes, truncated)
        raise CorpusError(f"docx: {exc}", message_zh=_CORRUPT) from exc
    except ValueError as exc:  # a valid package of another kind, e.g. an .xlsx renamed
        raise CorpusError(f"docx: {exc}", message_zh="文件不是 Word 文档（.docx），无法打开。") from exc
    except (zipfile.BadZipFile, zlib.error, KeyError, EOFError, etree.XMLSyntaxError) as exc:
        raise CorpusError(f"docx: {type(exc).__name__}: {exc}", message_zh=_CORRUPT) from exc
    return "\n".join(lines), {}
