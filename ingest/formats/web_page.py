"""A web page (.html, .htm) saved from a government site: the article body only.

The main text is found by trafilatura (imported here, so only when a page is read). Its
XML output is turned into one paragraph per line; a table row is one line with its cells
separated by "｜", a single-cell (layout) row gives its paragraphs as lines. What
trafilatura keeps of the site's chrome (link lists, share and print lines, footers, the
page's "基本信息" box ...) is dropped by the general line rules of `web_chrome`. Hints come
from the page itself (`web_meta`): title, date, issuer, 文号 and the box's validity dates.
"""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import use_config

from core.errors import CorpusError
from ingest.formats import CELL_SEPARATOR
from ingest.formats.plain_text import decode_text, read_bytes_limited
from ingest.formats.web_chrome import Line, drop_chrome
from ingest.formats.web_meta import page_hints

# Below 250 characters of main text trafilatura falls back to a flat dump of the page that loses
# paragraphs and table rows. A short notice with a small table is still a structured page: it is
# extracted again with a lower bar, and that result is kept when it holds as much of the text.
_SHORT_PAGE = use_config()
_SHORT_PAGE.set("DEFAULT", "MIN_EXTRACTED_SIZE", "25")


def _extract(tree, fresh):
    """The main text's element tree; `fresh()` gives the page prepared again for a second try
    (trafilatura changes the tree it reads)."""
    options = dict(fast=True, include_comments=False, include_tables=True, include_links=True,
                   include_images=False, deduplicate=False, with_metadata=False)
    extracted = trafilatura.bare_extraction(tree, **options)
    body = extracted.body if extracted is not None else None
    if body is None or (len(body) == 1 and "\n" in (body[0].text or "")):  # one flat dump
        again = trafilatura.bare_extraction(fresh(), config=_SHORT_PAGE, **options)
        if again is not None and again.body is not None and len(again.body) > 1 and _cjk(again.body) >= 0.8 * _cjk(body):
            return again.body
    return body


def _cjk(body) -> int:
    return len(_CJK_RE.findall("".join(body.itertext()))) if body is not None else 0

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_GB_CHARSETS = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
# trafilatura drops any element whose style mentions "hidden"; editors write
# "overflow: hidden" on every table cell. Only styles that really hide an element stay.
_HIDING_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# class/id tokens of site chrome (navbar, menu, footer, breadcrumb, share, sidebar ...): such an
# element goes before extraction, unless it holds most of the page's text (a mislabelled wrapper)
_CHROME_TOKENS = {
    "nav", "navbar", "navigation", "menu", "menubar", "submenu", "footer", "foot", "breadcrumb", "breadcrumbs",
    "crumb", "crumbs", "position", "location", "dqwz", "share", "sharing", "bdshare", "social", "sidebar",
    "toolbar", "copyright", "banner", "topbar", "skip", "pager", "pagination", "xglj",
}
_CHROME_PREFIXES = ("nav", "menu", "footer", "breadcrumb", "crumb", "share", "bdshare", "sidebar", "copyright")
_WRAPPER_CJK = 200
_BLOCKS = {"p", "head", "item", "quote", "code", "list", "table", "div"}
_SPACE_RUN_RE = re.compile(r"[ \t\r\n\f\u00a0]+")


def decode_html(data: bytes) -> str:
    """The page's declared charset first (gb2312 read as its superset gb18030), then UTF-8/GB18030."""
    match = _CHARSET_RE.search(data[:4096])
    declared = match.group(1).decode("ascii").lower() if match else ""
    if declared in _GB_CHARSETS and not data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass  # mislabelled page: fall through to the UTF-8 / GB18030 detection
    return decode_text(data)


def _squash(text: str) -> str:
    """HTML whitespace: a run with a line break next to a CJK character vanishes, else one space."""
    def repl(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        broken = "\n" in m.group(0) or "\r" in m.group(0)
        if broken and before and after and not (before.isascii() and after.isascii()):
            return ""
        return " "
    return _SPACE_RUN_RE.sub(repl, text).strip(" \u3000\u00a0")


class _Lines:
    """trafilatura's XML (p, head, list/item, table/row/cell, lb, ref, hi ...) as lines."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.parts: list[tuple[str, bool]] = []  # (text, inside a link)

    def flush(self) -> None:
        text = _squash("".join(t for t, _ in self.parts))
        linked = _squash("".join(t for t, link in self.parts if link))
        self.parts = []
        if text:
            self.lines.append(Line(text, len(linked) / len(text)))

    def add(self, text: str | None, in_link: bool) -> None:
        """Text of the extracted XML; a newline there is one trafilatura put between blocks."""
        for n, piece in enumerate((text or "").replace(_REPEAT_MARK, "").split("\n")):
            if n:
                self.flush()
            if piece:
                self.parts.append((piece, in_link))

    def walk(self, node, in_link: bool = False) -> None:
        self.add(node.text, in_link)
        for child in node:
            if not isinstance(child.tag, str) or child.tag == "done":
                pass
            elif child.tag == "lb":
                self.flush()
            elif child.tag == "row":
                self.flush()
                self.row(child)
            elif child.tag == "table" and len(child.findall("row")) == 1:  # a layout table
                self.flush()
                self.row(child.find("row"), layout=True)
            elif child.tag in _BLOCKS or child.tag == "cell":
                self.flush()
                self.walk(child, in_link)
                self.flush()
            else:
                self.walk(child, in_link or child.tag == "ref")
            self.add(child.tail, in_link)

    def row(self, row, layout: bool = False) -> None:
        cells = []
        for cell in row.iterchildren("cell"):
            inner = _Lines()
            inner.walk(cell)
            inner.flush()
            if inner.lines:
                cells.append(inner.lines)
        if len(cells) == 1 or layout:  # a layout row: its paragraphs stay paragraphs
            self.lines.extend(line for lines in cells for line in lines)
        elif cells:
            text = CELL_SEPARATOR.join(" ".join(line.text for line in lines) for lines in cells)
            self.lines.append(Line(text, 0.0))


def _edge_squash(text: str | None) -> str | None:
    """`_squash` for one text node: a broken run at its edge goes when the known side is not ASCII."""
    if not text:
        return text
    def repl(m: re.Match) -> str:
        if "\n" not in m.group(0) and "\r" not in m.group(0):
            return " "
        known = (text[m.start() - 1] if m.start() else "") + (text[m.end()] if m.end() < len(text) else "")
        return " " if not known or known.isascii() else ""
    return _SPACE_RUN_RE.sub(repl, text)


def _is_chrome(element) -> bool:
    values = f"{element.get('class') or ''} {element.get('id') or ''}"
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", values).lower()  # navBar -> nav bar
    tokens = {t for t in re.split(r"[^a-z0-9]+", spaced) if t}
    return any(t in _CHROME_TOKENS or t.startswith(_CHROME_PREFIXES) for t in tokens)


def _drop_chrome_elements(root) -> None:
    total = len(_CJK_RE.findall(root.text_content()))
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag in ("html", "body") or element.getparent() is None:
            continue
        if _is_chrome(element):
            held = len(_CJK_RE.findall(element.text_content()))
            if held < _WRAPPER_CJK or held <= total / 2:
                element.drop_tree()


# trafilatura collapses paragraphs of identical text into the first; a heading repeated in a
# later section ("（一）…转入申请" under 一 and again under 二) keeps its place with an invisible mark.
_REPEAT_MARK = "\u2060"
_PARAGRAPHS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li")


def _mark_repeats(root) -> None:
    seen: dict[str, int] = {}
    for element in root.iter(*_PARAGRAPHS):
        text = _SPACE_RUN_RE.sub("", element.text_content()).strip("\u3000")
        if not text:
            continue
        seen[text] = seen.get(text, 0) + 1
        if seen[text] > 1:
            element.append(etree.Element("span"))
            element[-1].text = _REPEAT_MARK * (seen[text] - 1)


def _prepare(root) -> None:
    """Before trafilatura: chrome by class name dropped, HTML whitespace resolved as a browser
    shows it, only styles that hide an element kept, and repeated paragraphs marked apart."""
    _drop_chrome_elements(root)
    _mark_repeats(root)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag not in ("pre", "textarea"):
            element.text = _edge_squash(element.text)
        element.tail = _edge_squash(element.tail)
        style = element.get("style")
        if style is not None:
            if _HIDING_STYLE_RE.search(style):
                element.set("style", "display:none")
            else:
                del element.attrib["style"]


def _prepared(html: str):
    tree = _parse(html)
    _prepare(tree)
    return tree


def _parse(html: str):
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise CorpusError(f"html: {exc}", message_zh="网页文件已损坏，无法解析。") from exc


def read_html(path: Path, limit: int) -> tuple[str, dict]:
    return html_text(decode_html(read_bytes_limited(path, limit)), path)


def html_text(html: str, path: Path) -> tuple[str, dict]:
    """A page's main text (navigation, share buttons and footers dropped) and its hints."""
    tree = _parse(html)
    try:
        hints = page_hints(tree, path)
        _prepare(tree)
        body = _extract(tree, lambda: _prepared(html))
        lines = _Lines()
        if body is not None:
            lines.walk(body)
            lines.flush()
    except RecursionError as exc:
        raise CorpusError("html: nesting too deep", message_zh="网页结构嵌套过深，无法解析。") from exc
    text_lines = drop_chrome(lines.lines)
    if text_lines and text_lines[0] == hints["title"]:  # the page's title, already a hint
        text_lines = text_lines[1:]
    shown = hints.pop("byline", "")
    if shown and text_lines and shown not in text_lines[:3]:  # 发表时间/信息来源 above the text: its first line
        text_lines = [shown, *text_lines]
    if not text_lines or not _CJK_RE.search("".join(text_lines)):
        raise CorpusError("html: no article", message_zh="网页中没有找到正文。")
    return "\n".join(text_lines), hints
