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


# A line that names the document: it ends with the kind of document it is.
_TITLE_ENDINGS = ("通知", "办法", "意见", "规定", "细则", "方案", "公告", "通告", "指引", "指南", "问答", "解答",
                  "条例", "决定", "措施", "规划", "纲要", "须知", "清单", "简介", "说明", "规则", "标准", "批复")
_TRAILING_NOTE_RE = re.compile(r"[（(][^（）()]{1,20}[）)]$")  # "（2025年11月版）", "（试行）"
_LABEL_RE = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+[章节条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])")
_DERIVE_LINES = 12


def _title_from_text(lines: list[str]) -> str:
    for line in lines[:3]:
        if not line:
            continue
        if len(line) <= 80 and line[-1] not in "。：:；;，," and any(w in line for w in _TITLE_WORDS):
            return line
        break
    return _derived_title(lines)


_KIND_RES = (
    (re.compile(r"提出如下(实施意见|指导意见|意见)"), None),
    (re.compile(r"制定本(实施意见|意见|办法|细则|规定|方案|措施|规则)"), None),
    (re.compile(r"(?:现将有关事项|现就有关事项|有关事项)?通知如下"), "通知"),
)
_SUBJECT_ON_RE = re.compile(r"现就([^。；，]{4,40}?)(?:提出如下|通知如下|有关事项)")
_SUBJECT_AIM_RE = re.compile(r"(?:推动|促进|加快|推进|加强|做好|支持|规范|完善)[^，。；：]{2,40}")


def _title_from_purpose(text: str, issuer: str) -> str:
    """No title anywhere: 'issuer关于<what the document is for>的<kind>', from the sentence that
    says what kind of document it is ("现提出如下实施意见", "制定本办法", "通知如下")."""
    head = text[:1500]
    for pattern, fixed in _KIND_RES:
        m = pattern.search(head)
        if not m:
            continue
        kind = fixed or m.group(1)
        start = max(head.rfind("。", 0, m.start()), head.rfind("\n", 0, m.start())) + 1
        sentence = re.sub(r"《[^》]*》|[（(][^）)]*[）)]", "", head[start:m.end()])  # a cited title is another document's aim
        on = _SUBJECT_ON_RE.search(sentence)
        aims = _SUBJECT_AIM_RE.findall(sentence)
        subject = on.group(1) if on else max(aims, key=len, default="")
        if not subject:
            return ""
        return f"{issuer}关于{subject}的{kind}"
    return ""


def _reads_like_title(line: str) -> bool:
    if not 4 <= len(line) <= 80 or line[-1] in "。：:；;，,！!？?" or _LABEL_RE.match(line):
        return False
    return _TRAILING_NOTE_RE.sub("", line).endswith(_TITLE_ENDINGS)


def _derived_title(lines: list[str]) -> str:
    """No title line at the top: the first early line that reads like a title, or the line
    next to the 文号 that names a kind of document."""
    head = [line for line in lines if line][:_DERIVE_LINES]
    for n, line in enumerate(head):
        if _DOC_NUMBER_RE.fullmatch(line):
            for near in head[max(n - 1, 0): n] + head[n + 1: n + 2]:
                if len(near) <= 80 and near[-1] not in "。：:；;，," and any(w in near for w in _TITLE_WORDS):
                    return near
    return next((line for line in head if _reads_like_title(line)), "") or _first_line_title(lines)


_DATE_LINE_RE = re.compile(r"^[\d\s年月日号.\-/:：]+$")


def _first_line_title(lines: list[str]) -> str:
    """A plain text that opens with a short line standing alone ("白鹭市劳动争议网上申请流程", then
    a blank line): that line names it, whatever kind of document it calls itself."""
    if len(lines) < 2 or lines[1].strip():
        return ""
    line = lines[0].strip()
    if not 4 <= len(line) <= 40 or line[-1] in "。：:；;，,！!？?" or _LABEL_RE.match(line) or _DATE_LINE_RE.match(line):
        return ""
    return line if re.search(r"[\u4e00-\u9fff]{4}", line) else ""


def _own_number(head: str) -> str:
    """The document's own 文号 near the top; a number in brackets after a cited 《title》 is another's."""
    for match in _DOC_NUMBER_RE.finditer(head):
        if head[max(match.start() - 1, 0): match.start()] not in ("（", "("):
            return match.group(0)
    return ""


def _validity_from_dates(effective: str, expires: str) -> str:
    def written(iso: str) -> str:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", iso)
        return f"{int(match[1])}年{int(match[2])}月{int(match[3])}日" if match else iso
    parts = ([f"{written(effective)}起实施"] if effective else []) + ([f"{written(expires)}失效"] if expires else [])
    return "，".join(parts)


def build_document(path: Path, raw_text: str, hints: dict, corpus_dir: Path) -> Document:
    text = clean_document_text(raw_text)
    lines = text.split("\n")
    title = hints.get("title") or _title_from_text(lines)
    supplied = bool(hints.get("title_supplied")) or not title
    _, closing = split_closing(lines)
    issuer = hints.get("issuer") or (closing[0] if len(closing) >= 2 else "")
    if not title:
        title = _title_from_purpose(text, issuer) or path.stem
    date = hints.get("date") or (closing[-1] if closing else "")
    number = hints.get("doc_number") or _own_number(text[:400])
    validity = hints.get("validity") or next(iter(m.group(0) for m in _VALIDITY_RE.finditer(text)), "")
    validity = re.sub(r"^\s*第[一二三四五六七八九十百零〇]+条[\s\u3000]*", "", validity).strip()
    effective, expires = hints.get("effective", ""), hints.get("expires", "")  # ISO dates (web info box, sidecar)
    validity = validity or _validity_from_dates(effective, expires)
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
        effective=effective,
        expires=expires,
    )


def strip_front_matter(document: Document) -> str:
    """The text to parse into clauses: without a title line or 文号 line at the top."""
    lines = document.text.split("\n")
    while lines and (not lines[0] or lines[0] == document.title or _DOC_NUMBER_RE.fullmatch(lines[0])):
        lines = lines[1:]
    return "\n".join(lines)
