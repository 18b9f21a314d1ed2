"""Build a Document from loaded text: title, 文号, issuer, date, validity."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from core.records import Document, content_id
from core.textnorm import clean_document_text
from ingest.clause_tree import split_closing

_DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fa5]{1,8}〔\d{4}〕\d+号")
_TITLE_WORDS = ("意见", "办法", "通知", "规定", "方案", "细则", "决定", "条例", "措施", "规划", "纲要")
_VALIDITY_RE = re.compile(r"[^。\n]*(?:自印发之日起施行|自发布之日起施行|有效期[^。\n]*)[^。\n]*。?")


def _title_from_text(lines: list[str]) -> str:
    for line in lines[:3]:
        if not line:
            continue
        if len(line) <= 80 and line[-1] not in "。：:；;，," and any(w in line for w in _TITLE_WORDS):
            return line
        break
    return ""


def build_document(path: Path, raw_text: str, hints: dict, corpus_dir: Path) -> Document:
    text = clean_document_text(raw_text)
    lines = text.split("\n")
    title = hints.get("title") or _title_from_text(lines)
    supplied = bool(hints.get("title_supplied")) or not title
    if not title:
        title = path.stem
    _, closing = split_closing(lines)
    issuer = hints.get("issuer") or (closing[0] if len(closing) >= 2 else "")
    date = hints.get("date") or (closing[-1] if closing else "")
    number = hints.get("doc_number") or next(iter(_DOC_NUMBER_RE.findall(text[:400])), "")
    validity = hints.get("validity") or next(iter(m.group(0) for m in _VALIDITY_RE.finditer(text)), "")
    validity = re.sub(r"^\s*第[一二三四五六七八九十百零〇]+条[\s\u3000]*", "", validity).strip()
    try:
        rel = str(path.resolve().relative_to(Path(corpus_dir).resolve()))
    except ValueError:
        rel = path.name
    return Document(
        doc_id=content_id(rel, length=12),
        path=rel,
        title=title,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        issuer=issuer,
        date=date,
        doc_number=number,
        validity=validity,
        title_supplied=supplied,
    )


def strip_front_matter(document: Document) -> str:
    """The text to parse into clauses: without a title line or 文号 line at the top."""
    lines = document.text.split("\n")
    while lines and (not lines[0] or lines[0] == document.title or _DOC_NUMBER_RE.fullmatch(lines[0])):
        lines = lines[1:]
    return "\n".join(lines)
