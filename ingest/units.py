"""Unit names: split role lists, restore the prefix the document leaves out, map aliases.

"省工业和信息化委、科技厅、商务厅" means 省工业和信息化委, 省科技厅 and 省商务厅:
a bare unit inherits the prefix (省 / 河南) of the unit before it in the same list.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

ALIASES = Path(__file__).resolve().parent.parent / "core" / "data" / "aliases.json"
_PREFIXES = ("省委", "省政府", "省", "河南省", "河南", "郑州", "人行", "中国", "国家")
_GOVERNMENT_SUFFIX = re.compile(r"(厅|委|办|局)$")
_SPLIT_RE = re.compile(r"[、，,;；]")


@lru_cache(maxsize=1)
def alias_table() -> dict:
    return json.loads(ALIASES.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def unit_alias_map() -> dict[str, str]:
    """alias or canonical -> canonical."""
    out = {}
    for canonical, aliases in alias_table()["units"].items():
        out[canonical] = canonical
        for alias in aliases:
            out.setdefault(alias, canonical)
    return out


def _prefix_of(unit: str) -> str:
    for prefix in ("省", "河南"):
        if unit.startswith(prefix):
            return prefix
    return ""


def split_units(text: str) -> list[tuple[str, str]]:
    """Role list text -> [(canonical unit, as written)], with prefixes restored.

    A parenthetical like 省发展改革委（省政府口岸办） stays attached to its unit.
    """
    text = text.strip().rstrip("。；;，,")
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
        if depth == 0 and _SPLIT_RE.match(ch):
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    out, inherited = [], ""
    for raw in (p.strip() for p in parts):
        if not raw:
            continue
        core = re.sub(r"[（(].*?[）)]", "", raw)
        own = _prefix_of(core)
        if own:
            inherited = own
            full = raw
        elif core.startswith(_PREFIXES) or not _GOVERNMENT_SUFFIX.search(core):
            inherited = ""
            full = raw
        else:
            full = inherited + raw
        out.append((canonical_unit(re.sub(r"[（(].*?[）)]", "", full)), full))
    return out


def canonical_unit(name: str) -> str:
    name = name.strip()
    table = unit_alias_map()
    if name in table:
        return table[name]
    if not name.startswith("省") and ("省" + name) in table:
        return table["省" + name]
    return name
