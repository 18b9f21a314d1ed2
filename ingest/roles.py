"""Role lines of a clause: which unit leads (牵头), assists (配合) or is responsible (责任).

Four ways documents assign them:
- a labelled list: 牵头单位：省发展改革委；配合单位：省科技厅、省商务厅 (also inside brackets);
- inline: （省工业和信息化厅牵头，省财政厅配合）;
- a task table (任务分工表) whose header has 牵头单位 / 配合单位 / 责任单位 columns, one item a row;
  a row with fewer cells continues the item above (its leading cells were merged);
- prose: 由市民政局负责 (责任), 由X牵头负责 (牵头), X会同Y… (X leads, Y assists).
The unit names of prose must have a unit's shape (…局, …委, …部门, …政府); generic partners
(有关部门, 相关部门) are not units, and 会同 with only generic partners assigns nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.records import Clause
from ingest.fact_patterns import Vocabulary

_INLINE_LEAD_RE = re.compile(r"[（(]([^（）()]+?)牵头[，,、；;]?(?:([^（）()]+?)配合)?[）)]")
_UNIT_SUFFIX = ("委员会|管委会|办公室|办公厅|人民政府|政府|街道办事处|办事处|部门|机关|机构|中心|组织|残联|妇联|"
                "联合会|公司|银行|支行|海关|委|厅|局|办|部")
_UNIT = rf"[^\s，,。；;：:、“”（）()的由是在对将把向]{{1,18}}?(?:{_UNIT_SUFFIX})"
_LIST = rf"{_UNIT}(?:、{_UNIT})*"
_BY_RE = re.compile(rf"由({_LIST})(?:会同({_LIST}))?(?:共同)?(牵头)?负责")
_WITH_RE = re.compile(rf"(?:^|(?<=[，,。；;：:]))({_LIST})(?:要|应|应当)?(?:牵头)?会同({_LIST})")
_GENERIC_UNIT_RE = re.compile(r"^(?:相关|有关|各有关|各相关|同级|其他|牵头|配合|责任|主管|职能)")
_SUBJECT_HEADER_RE = re.compile(r"事项|任务|名称|项目|措施|工作")
_EMPTY_CELL_RE = re.compile(r"^[/／—\-－无]*$")


@dataclass(frozen=True)
class RoleLine:
    role: str  # 牵头 | 配合 | 责任
    units: str  # the unit list as written
    quote: str  # the line, sentence or table row that states it (verbatim)
    subject: str = ""  # a task table's item for its row (工作事项)


def _line_of(clause: Clause, text: str) -> str:
    for line in clause.text.split("\n"):
        if text in line:
            return line.strip()
    return text


def _balanced(text: str) -> str:
    """Cut at the first closing bracket that closes nothing (inline "（责任单位：…）")."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                return text[:i]
            depth -= 1
    return text


def _labelled(clause: Clause, vocab: Vocabulary) -> list[RoleLine]:
    out = []
    for m in vocab.role_line_re.finditer(clause.text):
        units = _balanced(m.group(2))
        out.append(RoleLine(vocab.role_words[m.group(1)], units, _line_of(clause, units)))
    for m in _INLINE_LEAD_RE.finditer(clause.text):
        if "单位" in m.group(1) or "部门" in m.group(1):
            continue
        out.append(RoleLine("牵头", m.group(1), _line_of(clause, m.group(1))))
        if m.group(2):
            out.append(RoleLine("配合", m.group(2), _line_of(clause, m.group(2))))
    return out


def _table_rows(clause: Clause, vocab: Vocabulary) -> list[RoleLine]:
    out, header, subject_col, last_subject = [], None, None, ""
    for line in clause.text.split("\n"):
        cells = [c.strip() for c in line.split("｜")]
        if len(cells) < 2:
            header = None
            continue
        roles = {i: vocab.role_words[c] for i, c in enumerate(cells) if c in vocab.role_words}
        if roles:
            header, last_subject = (cells, roles), ""
            named = [i for i, c in enumerate(cells) if i not in roles and _SUBJECT_HEADER_RE.search(c)]
            subject_col = named[0] if named else None
            continue
        if header is None or len(cells) > len(header[0]):
            continue
        shift = len(header[0]) - len(cells)  # merged leading cells: the row is aligned on the right
        if subject_col is not None and subject_col >= shift:
            last_subject = cells[subject_col - shift].rstrip("。；;，, ")
        for col, role in header[1].items():
            if col >= shift and not _EMPTY_CELL_RE.match(cells[col - shift]):
                out.append(RoleLine(role, cells[col - shift], line.strip(), last_subject))
    return out


def _concrete(units: str) -> str:
    """The list without generic partners (有关部门): '' when none is left."""
    return "、".join(u for u in units.split("、") if not _GENERIC_UNIT_RE.match(u))


def _prose(clause: Clause, vocab: Vocabulary) -> list[RoleLine]:
    from ingest.chunking import split_sentences

    out = []
    for sentence in split_sentences(clause.text):
        if "｜" in sentence or any(w in sentence for w in vocab.role_words):
            continue  # a table row or a labelled list: read above
        taken = []
        for m in _BY_RE.finditer(sentence):
            lead, partners = _concrete(m.group(1)), _concrete(m.group(2) or "")
            if not lead:
                continue
            taken.append(m.span())
            out.append(RoleLine("牵头" if (m.group(3) or partners) else "责任", lead, sentence))
            if partners:
                out.append(RoleLine("配合", partners, sentence))
        for m in _WITH_RE.finditer(sentence):
            if any(a <= m.start(1) < b for a, b in taken):
                continue
            lead, partners = _concrete(m.group(1)), _concrete(m.group(2))
            if lead and partners:
                out.append(RoleLine("牵头", lead, sentence))
                out.append(RoleLine("配合", partners, sentence))
    return out


def role_assignments(clause: Clause, vocab: Vocabulary) -> list[RoleLine]:
    """Every role line of the clause, in the order above (labelled lists first)."""
    return _labelled(clause, vocab) + _table_rows(clause, vocab) + _prose(clause, vocab)
