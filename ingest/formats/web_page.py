"""A web page (.html, .htm) saved from a government site: the article body only.

Site chrome is dropped (script/style, nav/header/footer/aside, and elements whose class
or id reads like nav, menu, footer, breadcrumb, share, sidebar ...). The body is the
first known article container that holds Chinese text (div#zoom, .TRS_Editor,
#UCAP-CONTENT, .article, article, .content ...), else the element that directly holds
the most Chinese text. Output is one paragraph per line; a table row is one line with
its cells separated by "｜". Hints: `title` (meta ArticleTitle, the article's <h1>, or
<title> without the site name) and `date` (meta PubDate).
"""
from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag
from bs4.builder import ParserRejectedMarkup

from core.errors import CorpusError
from ingest.formats import CELL_SEPARATOR
from ingest.formats.plain_text import decode_text, read_bytes_limited

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_GB_CHARSETS = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}

_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
              "iframe", "button", "select", "input", "textarea", "svg", "object", "embed", "head")
_CHROME_TOKENS = {
    "nav", "navbar", "navigation", "menu", "menubar", "submenu", "footer", "foot", "bottom",
    "breadcrumb", "breadcrumbs", "crumb", "crumbs", "position", "location", "dqwz", "share",
    "sharing", "bdshare", "social", "sidebar", "side", "toolbar", "copyright", "banner",
    "topbar", "header", "skip", "search", "pager", "pagination", "related", "xglj", "xgxx",
}
_CHROME_PREFIXES = ("nav", "menu", "footer", "breadcrumb", "crumb", "share", "bdshare", "sidebar", "copyright")
_SPECIFIC_BODIES = {"zoom", "ozoom", "ucap-content", "trs_editor", "trs_ueditor", "pages_content",
                    "article-content", "article_content", "articlecontent", "art_con", "arti_content",
                    "detail-content", "detail_content", "news_content", "newscontent", "con_text"}
_GENERIC_BODIES = {"article", "content", "main-content", "main_content", "maincontent", "detail", "text"}
_MIN_BODY_CJK = 20
_WRAPPER_CJK = 200  # a "chrome" element holding this much and most of the text is a mislabelled wrapper
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
               "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "table", "tbody",
               "thead", "tfoot", "caption", "figure", "figcaption", "hr", "address", "form", "fieldset"}
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_SITE_SUFFIX_RE = re.compile(r"\s*(?:[-_|｜—–]+)\s*[^-_|｜—–]*(?:网|政府|门户|网站|官网)[^-_|｜—–]*$")
_DATE_RE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?")


def _cjk(text: str) -> int:
    return len(_CJK_RE.findall(text))


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


def _tokens(tag: Tag) -> set[str]:
    values = []
    for attr in ("class", "id"):
        value = tag.get(attr)
        if isinstance(value, list):
            values.extend(value)
        elif value:
            values.append(value)
    tokens = set()
    for value in values:
        spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", value)  # navBar -> nav Bar
        tokens.update(t for t in re.split(r"[^a-z0-9]+", spaced.lower()) if t)
    return tokens


def _names(tag: Tag) -> set[str]:
    """Whole class names and id, lower case (for matching known body containers)."""
    classes = tag.get("class") or []
    names = {c.lower() for c in (classes if isinstance(classes, list) else [classes])}
    if tag.get("id"):
        names.add(str(tag["id"]).lower())
    return names


def _is_chrome(tag: Tag) -> bool:
    tokens = _tokens(tag)
    return any(t in _CHROME_TOKENS or t.startswith(_CHROME_PREFIXES) for t in tokens)


def _drop_chrome(root: Tag) -> None:
    total = _cjk(root.get_text())
    for tag in list(root.find_all(True)):
        if tag.decomposed or tag.name in ("html", "body"):
            continue
        if not _is_chrome(tag):
            continue
        held = _cjk(tag.get_text())
        if held < _WRAPPER_CJK or held <= total / 2:
            tag.decompose()


def _known_container(soup: BeautifulSoup) -> Tag | None:
    for names in (_SPECIFIC_BODIES, None):
        if names is None:
            candidates = [t for t in soup.find_all(True) if t.name == "article" or _names(t) & _GENERIC_BODIES]
        else:
            candidates = [t for t in soup.find_all(True) if _names(t) & names]
        scored = [(_cjk(t.get_text()), t) for t in candidates]
        scored = [(n, t) for n, t in scored if n >= _MIN_BODY_CJK]
        if scored:
            return max(scored, key=lambda item: item[0])[1]
    return None


def _densest_element(soup: BeautifulSoup) -> Tag | None:
    """The element whose own paragraphs (direct text or child p/li/h*) hold the most Chinese."""
    scores: dict[int, tuple[int, Tag]] = {}
    for string in soup.find_all(string=True):
        if isinstance(string, _NOT_TEXT) or not isinstance(string.parent, Tag):
            continue
        n = _cjk(str(string))
        if not n:
            continue
        block = string.parent
        while block.name not in _BLOCK_TAGS and block.name not in ("td", "th", "body") and block.parent:
            block = block.parent
        owner = block.parent if block.name in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6") and block.parent else block
        score, _ = scores.get(id(owner), (0, owner))
        scores[id(owner)] = (score + n, owner)
    if not scores:
        return None
    return max(scores.values(), key=lambda item: item[0])[1]


_SPACE_RUN_RE = re.compile(r"[ \t\r\n\f]+")


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
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.parts: list[str] = []

    def flush(self) -> None:
        line = _squash("".join(self.parts))
        self.parts = []
        if line:
            self.lines.append(line)

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _NOT_TEXT):
                    self.parts.append(str(child))
            elif child.name == "br":
                self.flush()
            elif child.name == "tr":
                self.flush()
                self.row(child)
            elif child.name in _BLOCK_TAGS or child.name in ("td", "th"):
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def row(self, tr: Tag) -> None:
        cells = []
        for cell in tr.find_all(("td", "th"), recursive=False):
            inner = _Lines()
            inner.walk(cell)
            inner.flush()
            if inner.lines:
                cells.append(inner.lines)
        if len(cells) == 1:  # a layout row: its paragraphs stay paragraphs
            self.lines.extend(cells[0])
        elif cells:
            self.lines.append(CELL_SEPARATOR.join(" ".join(lines) for lines in cells))


def _meta(soup: BeautifulSoup, *names: str) -> str:
    wanted = {n.lower() for n in names}
    for tag in soup.find_all("meta"):
        if str(tag.get("name", "")).lower() in wanted and tag.get("content"):
            return _squash(str(tag["content"]))
    return ""


def _page_title(soup: BeautifulSoup) -> str:
    """<title> without the site name (read before <head> is dropped)."""
    if soup.title is None:
        return ""
    return _SITE_SUFFIX_RE.sub("", _squash(soup.title.get_text()))


def _body_title(body: Tag | None) -> str:
    h1 = body.find("h1") if body is not None else None
    return _squash(h1.get_text()) if h1 is not None and _cjk(h1.get_text()) else ""


def _date(soup: BeautifulSoup) -> str:
    value = _meta(soup, "PubDate", "PublishDate", "firstpublishedtime")
    match = _DATE_RE.search(value)
    return match.group(0).replace(" ", "") if match else value


def read_html(path: Path, limit: int) -> tuple[str, dict]:
    html = decode_html(read_bytes_limited(path, limit))
    try:
        soup = BeautifulSoup(html, "lxml")
        meta_title = _meta(soup, "ArticleTitle")
        page_title = _page_title(soup)
        hints = {"date": _date(soup)}
        for tag in soup.find_all(_DROP_TAGS):
            if not tag.decomposed:
                tag.decompose()
        body = _known_container(soup)
        if body is None:
            _drop_chrome(soup)
            body = _densest_element(soup)
        else:
            _drop_chrome(body)
        hints["title"] = meta_title or _body_title(body) or page_title or _body_title(soup)
        lines = _Lines()
        if body is not None:
            lines.walk(body)
            lines.flush()
    except ParserRejectedMarkup as exc:
        raise CorpusError(f"html: {exc}", message_zh="网页文件已损坏，无法解析。") from exc
    except RecursionError as exc:
        raise CorpusError("html: nesting too deep", message_zh="网页结构嵌套过深，无法解析。") from exc
    if not lines.lines or not _cjk("".join(lines.lines)):
        raise CorpusError("html: no article", message_zh="网页中没有找到正文。")
    return "\n".join(lines.lines), hints
