"""Parse a policy document's text into its clause tree (DESIGN.md section 2).

Recognised numbering: 第X章 / 第X条, 一、 / （一） / 1. / （1）. Text before the first
heading is `序言`; issuer and date at the end are `落款`. An unnumbered paragraph
that opens with a short heading sentence ("新型智能手机。……") becomes a named
sub-clause `parent·heading`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.records import Clause

_CN_NUM = "零〇一二三四五六七八九十百"
_HEADING_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(rf"^(第[{_CN_NUM}]+章)\s*(.*)$")),
    ("article", re.compile(rf"^(第[{_CN_NUM}]+条)\s*(.*)$")),
    ("part", re.compile(rf"^([{_CN_NUM}]+)[、．.]\s*(.*)$")),
    ("section", re.compile(rf"^[（(]([{_CN_NUM}]+)[）)]\s*(.*)$")),
    ("item", re.compile(r"^(\d{1,2})(?:[.．、](?!\d)|\s)\s*(.*)$")),
    ("subitem", re.compile(r"^[（(](\d{1,2})[）)]\s*(.*)$")),
]
_RANK = {"chapter": 0, "article": 1, "part": 1, "section": 2, "item": 3, "subitem": 4}
_DATE_RE = re.compile(r"^(\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日$")
_SENTENCE_END = "。！？；;"
_ARTICLE_LEVEL_RE = re.compile(r"^[（(]?(牵头单位|责任单位|配合单位)|本条")
_NAMED_PARA_RE = re.compile(r"^([^，,。：:；;、（）()“”]{2,14})。")


@dataclass
class _Node:
    kind: str
    clause_id: str
    label: str
    title: str
    parent: "_Node | None"
    paragraphs: list[str] = field(default_factory=list)
    path: tuple[str, ...] = ()


def _label_id(kind: str, num: str) -> str:
    if kind == "section":
        return f"（{num}）"
    if kind == "subitem":
        return f"（{num}）"
    return num


def _display_label(kind: str, num: str) -> str:
    return {"part": f"{num}、", "item": f"{num}."}.get(kind, _label_id(kind, num))


def _title_of(rest: str) -> str:
    """Short heading of a numbered paragraph: the text before the first 。 if short."""
    rest = rest.strip()
    if not rest:
        return ""
    head = re.split(r"[。：:]", rest, maxsplit=1)[0]
    if len(head) <= 24 and not any(ch in head for ch in "，,；;"):
        return head
    return ""


def _match_heading(line: str) -> tuple[str, str, str] | None:
    for kind, pattern in _HEADING_PATTERNS:
        m = pattern.match(line)
        if m:
            num, rest = m.group(1), m.group(2)
            if kind == "part" and not rest:
                return None
            if kind == "item" and (not rest or rest[0] in "年月日%％万亿个"):
                return None
            return kind, num, rest
    return None


def split_closing(lines: list[str]) -> tuple[list[str], list[str]]:
    """Separate the issuer/date lines at the end of the document."""
    end = len(lines)
    while end and not lines[end - 1]:
        end -= 1
    if not end or not _DATE_RE.match(lines[end - 1].replace(" ", "")):
        return lines, []
    start = end - 1
    while start > 0:
        prev = lines[start - 1]
        if not prev:
            start -= 1
            continue
        if (len(prev) <= 40 and prev[-1] not in _SENTENCE_END and not _match_heading(prev)
                and not prev.startswith(("（", "(")) and "：" not in prev and ":" not in prev):
            start -= 1
            continue
        break
    closing = [line for line in lines[start:end] if line]
    return lines[:start], closing


def parse_clauses(text: str, doc_id: str) -> list[Clause]:
    """Parse cleaned document text (one paragraph per line) into clauses in document order."""
    lines = [line.strip() for line in text.split("\n")]
    body, closing = split_closing(lines)
    preamble = _Node("preamble", "序言", "", "序言", None, path=("序言",))
    nodes: list[_Node] = [preamble]
    stack: list[_Node] = []  # open numbered nodes, outermost first

    for line in body:
        if not line:
            continue
        heading = _match_heading(line)
        if heading:
            kind, num, rest = heading
            rank = _RANK[kind]
            while stack and _RANK[stack[-1].kind] >= rank:
                stack.pop()
            parent = stack[-1] if stack else None
            if kind == "article":
                parent = stack[0] if stack and stack[0].kind == "chapter" else None
                clause_id = num  # 第七条 is unique across chapters
            elif kind == "chapter":
                clause_id = num
            else:
                prefix = parent.clause_id if parent and parent.kind != "chapter" else ""
                clause_id = prefix + _label_id(kind, num)
            title = _title_of(rest)
            label = _display_label(kind, num)
            node = _Node(kind, clause_id, label, title, parent)
            node.path = (parent.path if parent else ()) + (f"{label}{title or rest[:16]}",)
            if rest:
                node.paragraphs.append(rest)
            nodes.append(node)
            stack.append(node)
            continue
        owner = stack[-1] if stack else preamble
        if owner.parent is not None and owner.parent.kind == "article" and _ARTICLE_LEVEL_RE.search(line):
            owner = owner.parent  # after an article's items: "本条…累计不超过…（牵头单位：…）" is the article's
        named = _NAMED_PARA_RE.match(line)
        if named and owner is not preamble and owner.kind not in ("part", "chapter"):
            name = named.group(1)
            sub = _Node("named", f"{owner.clause_id}·{name}", "", name, owner)
            sub.path = owner.path + (name,)
            sub.paragraphs.append(line)
            nodes.append(sub)
            continue
        owner.paragraphs.append(line)

    if closing:
        nodes.append(_Node("closing", "落款", "", "落款", None, ["\n".join(closing)], ("落款",)))

    clauses = []
    level_of = {"preamble": 1, "closing": 1, "chapter": 1}
    for order, node in enumerate(n for n in nodes if n.paragraphs or n.kind != "preamble"):
        depth, p = 1, node.parent
        while p is not None:
            depth, p = depth + 1, p.parent
        clauses.append(
            Clause(
                clause_id=node.clause_id,
                doc_id=doc_id,
                label=node.label,
                title=node.title,
                text="\n".join(node.paragraphs),
                parent_id=node.parent.clause_id if node.parent else None,
                level=level_of.get(node.kind, depth),
                order=order,
                path=node.path,
            )
        )
    return _dedupe_ids(clauses)


def _dedupe_ids(clauses: list[Clause]) -> list[Clause]:
    """Two named paragraphs with the same heading under one parent get ·2, ·3 suffixes."""
    seen: dict[str, int] = {}
    out = []
    for c in clauses:
        n = seen.get(c.clause_id, 0) + 1
        seen[c.clause_id] = n
        if n > 1:
            c = Clause(**{**c.__dict__, "clause_id": f"{c.clause_id}·{n}"})
        out.append(c)
    return out
