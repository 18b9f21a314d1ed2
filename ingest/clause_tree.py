"""Parse a policy document's text into its clause tree (DESIGN.md section 2).

Labels (see `ingest.clause_labels`): 第X章 / 第X条 / 第X步, 一、 / （一） / 1. / （1） / ①,
two-digit guide headings ("01 什么是…") and 问：/答： pairs. A clause ID is the chain of
the labels above it: 第二条（二）2（2）③. A label style that is already open closes what
is under it; a style seen for the first time nests under the open one, so an article's own
一、… or a question's （一）… nest inside it. A heading that is a question ("一、…需要符合
什么条件？") is a heading however long: the question is its title, the answer its text.

Text before the first heading is `序言`; issuer and date are `落款`. A 通知 that 印发s a
办法 has its own 落款 before the 办法: the wrapper text is `序言`, that 落款 is `落款`,
and the 办法's own numbering gives the clause IDs (`第五条`), with or without an "附件"
line before it. Lines after the body's 落款 that open nothing (公开方式, 印发 lines) stay
in `落款`.

Attachments: an "附件" / "附件2" / "附件：名称" line opens an attachment. The first one
gives bare IDs when nothing before it was numbered (the wrapper case above). Any other
attachment gets its own clause `附件` / `附件2` (title: its name) and its labels are
prefixed with it and a `·`: `附件2·一（一）`, `附件·第三条`. The `·` keeps `附件2` + `1`
apart from `附件21`, and follows DESIGN §2's `parent·name` form for a clause the body's
chain does not reach. An "附件：1.…2.…" list before the 落款 is one clause, `附件`, and
its lines are text, not headings.

An unnumbered paragraph that opens with a short heading sentence ("新型智能手机。……")
becomes a named sub-clause `parent·heading`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.records import Clause
from ingest.clause_labels import RANK, attachment_marker, closing_spans, match_heading, split_closing

__all__ = ["parse_clauses", "split_closing"]

_ARTICLE_LEVEL_RE = re.compile(r"^[（(]?(牵头单位|责任单位|配合单位)|本条")
# A field line after the items ("补贴标准：每人1000元", "奖励标准为每家30万元"): it speaks for the
# heading the items belong to, not for the last item.
_ENUMERATED = ("section", "item", "subitem", "circled")
_FIELD_LINE_RE = re.compile(r"^(?:补贴|奖励|资助|补助|扶持|申请|申报|享受)?(?:标准|对象|期限|金额|额度|方式)(?:[：:]|为)")
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
    if kind in ("section", "subitem"):
        return f"（{num}）"
    return num


def _display_label(kind: str, num: str) -> str:
    return {"part": f"{num}、", "item": f"{num}."}.get(kind, _label_id(kind, num))


def _title_of(rest: str) -> str:
    """Short heading of a numbered paragraph: the text before the first 。 if short; a question whole."""
    rest = rest.strip()
    if not rest:
        return ""
    if rest[-1] in "？?" and not re.search(r"[。；;]", rest):
        return rest
    head = re.split(r"[。：:]", rest, maxsplit=1)[0]
    if len(head) <= 24 and not any(ch in head for ch in "，,；;"):
        return head
    return ""


# A line that names what follows and says nothing itself: "温馨提示", "办理指南：", "★小贴士".
_BARE_HEADING_RE = re.compile(r"[★☆●■◆]?\s*[\u4e00-\u9fff]{2,10}[：:]?")
_TOP_LISTS = ("step", "item")  # a document's top-level 步骤1… or 1.… list, not its parts or articles


def _bare_heading(node: _Node) -> bool:
    """A heading line with no text of its own yet ("七、注意事项及常见问答")."""
    return bool(node.title) and node.paragraphs in ([], [node.title])


class _Tree:
    """The nodes in document order and the open numbered nodes (outermost first)."""

    def __init__(self) -> None:
        self.preamble = _Node("preamble", "序言", "", "序言", None, path=("序言",))
        self.nodes: list[_Node] = [self.preamble]
        self.stack: list[_Node] = []
        self.annex: _Node | None = None  # the open attachment, when its IDs carry a prefix
        self.closing: _Node | None = None
        self.numbered = False  # a numbering label has been seen
        self.questions: dict[str, int] = {}
        self.heading_after_list = False  # "温馨提示" right after a top-level list of steps or items

    def add(self, node: _Node) -> _Node:
        self.nodes.append(node)
        return node

    def open_heading(self, kind: str, num: str, rest: str, line: str) -> None:
        self.numbered = True
        if self.heading_after_list and self.stack and self.stack[0].kind != kind:
            self.stack = []  # 步骤1–4, "温馨提示", （1）…: a heading between two lists starts a new one at the top
        self.heading_after_list = False
        rank = RANK[kind]
        holder = self._article_holder() if kind == "article" else None
        same = next((i for i, n in enumerate(self.stack) if n.kind == kind), None)
        if holder is not None:
            self.stack = self.stack[:self.stack.index(holder) + 1]
        elif same is not None:
            del self.stack[same:]
        elif kind == "question":  # 问/答 pairs sit under a heading, not under a list item's text
            while self.stack and not _bare_heading(self.stack[-1]):
                self.stack.pop()
        elif not (self.stack and all(RANK[n.kind] >= rank for n in self.stack)):
            while self.stack and RANK[self.stack[-1].kind] >= rank:
                self.stack.pop()
        parent = self.stack[-1] if self.stack else self.annex
        scope = f"{self.annex.clause_id}·" if self.annex else ""
        if kind in ("article", "chapter"):
            if holder is not None:
                parent = holder
            elif kind == "article" and not (parent and parent.kind == "chapter"):
                parent = self.stack[0] if self.stack and self.stack[0].kind == "chapter" else self.annex
            clause_id = scope + num  # 第七条 is unique across chapters
        elif kind == "question":
            key = parent.clause_id if parent else ""
            self.questions[key] = self.questions.get(key, 0) + 1
            own = f"问{self.questions[key]}"
            clause_id = f"{key}·{own}" if parent else own
        else:
            prefix = parent.clause_id if parent and parent.kind not in ("chapter", "annex") else ""
            clause_id = (prefix or scope) + _label_id(kind, num)
        title = _title_of(rest)
        label = _display_label(kind, num) if kind != "question" else "问"
        node = _Node(kind, clause_id, label, title, parent)
        node.path = (parent.path if parent else ()) + (f"{label}{title or rest[:16]}",)
        text = line if kind == "question" else rest
        if text:
            node.paragraphs.append(text)
        self.add(node)
        self.stack.append(node)

    def _article_holder(self) -> _Node | None:
        """The open heading an article opens under when a document numbers its articles inside
        一、 / （一） headings ("二、支持范围 （一）固定资产投资奖励 第2条 …"): those headings
        act as chapters, in the article's path but not in its ID (第2条 is unique). None when an
        article or chapter is open above, or nothing but articles would hold it."""
        above = []
        for node in self.stack:
            if node.kind == "article":
                break
            above.append(node)
        if not above or any(n.kind not in ("part", "section") for n in above):
            return None
        return above[-1]

    def open_annex(self, num: str, name: str, line: str) -> None:
        self.stack = []
        cid = f"附件{num}"
        if self.annex is not None and self.annex.clause_id == cid and len(self.nodes) and self.nodes[-1] is self.annex:
            self.annex.paragraphs.append(line)  # "附件：名称" then a bare "附件": one attachment
            self.annex.title = self.annex.title or name
            return
        if not self.numbered and self.annex is None:
            self.preamble.paragraphs.append(line)  # a wrapper's only attachment: the body itself
            return
        node = _Node("annex", cid, cid, name, None, [line], path=(f"{cid}{name}",))
        self.annex = self.add(node)

    def add_closing(self, lines: list[str]) -> None:
        if self.closing is None:
            self.closing = self.add(_Node("closing", "落款", "", "落款", None, [], ("落款",)))
        self.closing.paragraphs.extend(line for line in lines if line)
        self.stack = []

    def _list_closed(self, owner: _Node) -> bool:
        """The last item of a list ends with 。 where the items before it end with ；: the list is over."""
        if owner.kind not in _ENUMERATED or owner.parent is None or owner.parent.kind in ("preamble", "closing"):
            return False
        if not owner.paragraphs or not owner.paragraphs[-1].endswith("。"):
            return False
        before = [n for n in self.nodes if n.parent is owner.parent and n.kind == owner.kind and n is not owner]
        return bool(before) and bool(before[-1].paragraphs) and before[-1].paragraphs[-1].endswith(("；", ";"))

    def add_text(self, line: str, after_closing: bool) -> None:
        # "1.一次性创业资助" then "补贴条件：": a heading item's own sub-heading, not the end of the list
        self.heading_after_list = (len(self.stack) == 1 and self.stack[0].kind in _TOP_LISTS
                                   and self.stack[0].parent is None and not _bare_heading(self.stack[0])
                                   and bool(_BARE_HEADING_RE.fullmatch(line)))
        if after_closing and not self.stack and self.annex is None:
            owner = self.closing if self.numbered else self.preamble
            owner.paragraphs.append(line)
            return
        owner = self.stack[-1] if self.stack else (self.annex or self.preamble)
        if owner.parent is not None and owner.parent.kind == "article" and _ARTICLE_LEVEL_RE.search(line):
            owner = owner.parent  # after an article's items: "本条…累计不超过…（牵头单位：…）" is the article's
        elif (owner.parent is not None and owner.kind in _ENUMERATED and owner.parent.kind not in ("preamble", "closing")
              and _FIELD_LINE_RE.match(line)):
            owner.parent.paragraphs.append(line)
            return
        if self._list_closed(owner):  # "…；（六）…的。" then a paragraph: the article speaks again
            owner.parent.paragraphs.append(line)
            return
        named = _NAMED_PARA_RE.match(line)
        if named and owner.kind not in ("preamble", "part", "chapter", "annex", "question", "guide", "step"):
            name = named.group(1)
            sub = self.add(_Node("named", f"{owner.clause_id}·{name}", "", name, owner))
            sub.path = owner.path + (name,)
            sub.paragraphs.append(line)
            return
        owner.paragraphs.append(line)


def parse_clauses(text: str, doc_id: str) -> list[Clause]:
    """Parse cleaned document text (one paragraph per line) into clauses in document order."""
    lines = [line.strip() for line in text.split("\n")]
    body, closing = split_closing(lines)
    spans = {start: end for start, end in closing_spans(body)}
    tree = _Tree()
    after_closing = False
    in_list = False  # inside an "附件：" list that a 落款 follows
    i = 0
    while i < len(body):
        line = body[i]
        if i in spans:
            tree.add_closing(body[i:spans[i]])
            after_closing, in_list = tree.numbered, False
            i = spans[i]
            continue
        i += 1
        if not line:
            continue
        marker = attachment_marker(line)
        if marker is not None:
            tree.open_annex(*marker, line)
            in_list = tree.annex is not None and (bool(closing) or any(s >= i for s in spans))
            continue
        heading = None if in_list else match_heading(line)
        if heading and not (after_closing and tree.annex is None and heading[0] not in ("chapter", "article")):
            tree.open_heading(*heading, line)
            after_closing = False
            continue
        tree.add_text(line, after_closing)

    if not tree.numbered:
        _split_at_unnumbered_headings(tree)
    if closing:
        tree.add_closing(closing)
    return _dedupe_ids(_to_clauses(tree.nodes, doc_id))


_HEADING_LINE_RE = re.compile(r"[^。！？；;!?，,：:、]{2,24}")
_MIN_HEADINGS = 2


def _heading_line(line: str) -> bool:
    """A short line that states nothing: no sentence mark, no comma, no field colon, some Han."""
    return bool(_HEADING_LINE_RE.fullmatch(line)) and len(re.findall(r"[\u4e00-\u9fff]", line)) >= 2 \
        and not re.fullmatch(r"[\d\s年月日.\-/:]+", line)


def _split_at_unnumbered_headings(tree: _Tree) -> None:
    """A page with no numbering at all whose sections open with short heading lines (a news
    report's subheads, a policy list's "一次性求职创业补贴"): each heading with the text under it is
    a clause named by the heading. A heading right before another is a group (参保待遇): it goes in
    the path. Text before the first heading stays 序言. Two headings are needed, with text under each."""
    lines = tree.preamble.paragraphs
    opens = [i for i, line in enumerate(lines) if _heading_line(line)]
    with_text = {i for i in opens if i + 1 < len(lines) and not _heading_line(lines[i + 1])}
    if len(with_text) < _MIN_HEADINGS:
        return
    first, opens = opens[0], set(opens)
    tree.preamble.paragraphs = lines[:first]
    group, node = "", None
    for i in range(first, len(lines)):
        line = lines[i]
        if i in with_text:
            node = tree.add(_Node("named", re.sub(r"\s+", "", line), "", line, None, [line],
                                  path=((group,) if group else ()) + (line,)))
        elif i in opens:
            group, node = line, None
        elif node is not None:
            node.paragraphs.append(line)
        else:
            tree.preamble.paragraphs.append(line)


def _to_clauses(nodes: list[_Node], doc_id: str) -> list[Clause]:
    clauses = []
    level_of = {"preamble": 1, "closing": 1, "chapter": 1, "annex": 1}
    parents = {id(n.parent) for n in nodes if n.parent is not None}
    for order, node in enumerate(n for n in nodes if n.paragraphs or n.kind != "preamble"):
        depth, p = 1, node.parent
        while p is not None:
            depth, p = depth + 1, p.parent
        clauses.append(
            Clause(
                clause_id=node.clause_id,
                doc_id=doc_id,
                label=node.label,
                title="" if id(node) not in parents and _whole_sentence(node) else node.title,
                text="\n".join(node.paragraphs),
                parent_id=node.parent.clause_id if node.parent else None,
                level=level_of.get(node.kind, depth),
                order=order,
                path=node.path,
            )
        )
    return clauses


def _whole_sentence(node: _Node) -> bool:
    """A leaf item that is one short sentence ("（六）法律法规规定的其他费用。"): its content, not a heading."""
    text = "".join(node.paragraphs).strip()
    return bool(node.title) and bool(text) and text[-1] in "。；;" and text[:-1] == node.title


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
