"""Unit names: split role lists, restore the prefix the document leaves out, map aliases.

"省工业和信息化委、科技厅、商务厅" means 省工业和信息化委, 省科技厅 and 省商务厅:
a bare unit inherits the prefix (省 / 河南) of the unit before it in the same list.
"""
from __future__ import annotations

import re

from core.profile import CorpusProfile, load_profile

_GOVERNMENT_SUFFIX = re.compile(r"(厅|委|办|局)$")
_SPLIT_RE = re.compile(r"[、，,;；]")


def _prefix_of(unit: str, profile: CorpusProfile) -> str:
    for prefix in profile.unit_prefix_inherit:
        if unit.startswith(prefix):
            return prefix
    return ""


def split_units(text: str, profile: CorpusProfile | None = None) -> list[tuple[str, str]]:
    """Role list text -> [(canonical unit, as written)], with prefixes restored.

    A parenthetical like 省发展改革委（省政府口岸办） stays attached to its unit.
    """
    profile = profile or load_profile()
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
        own = _prefix_of(core, profile)
        if own:
            inherited = own
            full = raw
        elif core.startswith(profile.unit_prefixes) or not _GOVERNMENT_SUFFIX.search(core):
            inherited = ""
            full = raw
        else:
            full = inherited + raw
        out.append((profile.canonical_unit(re.sub(r"[（(].*?[）)]", "", full)), full))
    return out
