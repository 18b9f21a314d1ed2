"""Markdown files. A web page saved as Markdown (the "Title: / URL Source: / Markdown Content:"
captures, or any file that is mostly links and images) carries the site's navigation, share
buttons and footer as Markdown links: it is rendered to HTML and read like a saved web page,
so the same main-text extraction drops them. Other Markdown is plain text."""
from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

from ingest.formats.plain_text import read_plain_text

_LINK_RE = re.compile(r"!?\[[^\]]*\]\([^)]*\)")
_CAPTURE_RE = re.compile(r"^(?:Title:.*\n)?(?:URL Source:.*\n)?(?:Published Time:.*\n)?\s*Markdown Content:\s*\n", re.M)
_TITLE_RE = re.compile(r"^Title:\s*(.+)$", re.M)
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_SCRIPT_LINK_RE = re.compile(r"\[([^\]]*)\]\(javascript:[^)]*\)")
# "*   _![Image 11](…content_icon….png)_ 2023-12-14": a date shown after an icon in the page's
# header is when the page was published (the HTML copy titles that icon 发布时间; Markdown keeps no title).
_ICON_DATE_RE = re.compile(r"^(\s*(?:[*-]\s+)?)_?!\[[^\]]*\]\([^)]*\)_?\s*(\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*$",
                           re.M)
_PAGE_LINKS = 20  # a document with this many links and images is a saved page, not a note


def looks_like_page(text: str) -> bool:
    return bool(_CAPTURE_RE.search(text)) or len(_LINK_RE.findall(text)) >= _PAGE_LINKS


def read_markdown(path: Path, limit: int) -> tuple[str, dict]:
    text, hints = read_plain_text(path, limit)
    if not looks_like_page(text):
        return text, hints
    from markdown_it import MarkdownIt

    from ingest.formats.web_page import html_text

    title = _TITLE_RE.search(text)
    body = _CAPTURE_RE.split(text, maxsplit=1)[-1]
    body = _ICON_DATE_RE.sub(r"\1发布时间：\2", body, count=1)
    body = _IMAGE_RE.sub("", body)  # images carry no text; their alt text is a logo's or a QR code's
    body = re.sub(r"(?<![\w_])_\s*_(?![\w_])", " ", body)  # "_![icon](…)_" leaves an empty emphasis
    body = _SCRIPT_LINK_RE.sub(r"\1", body)  # [关闭](javascript:…): Markdown leaves these as raw text
    rendered = MarkdownIt("commonmark").enable("table").render(body)
    head = f"<title>{html_lib.escape(title.group(1).strip())}</title>" if title else ""
    page_text, page_hints = html_text(f"<html><head><meta charset='utf-8'>{head}</head><body>{rendered}</body></html>",
                                      path)
    return page_text, {**hints, **{k: v for k, v in page_hints.items() if v}}
