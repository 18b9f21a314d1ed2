"""The region a document is issued for and the places it names (ingest/conditions.py)."""
from __future__ import annotations

import re
from collections import Counter

from core.profile import CorpusProfile
from core.records import Document

_PLACE_RE = re.compile(r"(?<![本全各该我辖城地园社市省区县])([\u4e00-\u9fff]{2})(?:省|市|县|区)(?![场民级政委直辖属内外域级])")
_REGION_HEAD_RE = re.compile(r"^(?:关于)?([\u4e00-\u9fff]{2,3}?(?:省|自治区|市))(?:([\u4e00-\u9fff]{2,3}?(?:区|县)))?")
_NOT_PLACE = set("本全各该我辖城地园社")


def document_region(document: Document, profile: CorpusProfile) -> tuple[str, tuple[str, ...]]:
    """The issuing region (from the title, the issuer, else the text's most named 省/市) and the
    places the document names (two-character stems: 澜州, 望川)."""
    region = ""
    for source in (document.title, document.issuer):
        m = _REGION_HEAD_RE.match(source or "")
        if m:
            region = m.group(1) + (m.group(2) or "")
            break
    if not region:
        named = Counter(m.group(0) for m in re.finditer(r"[\u4e00-\u9fff]{2}(?:省|市)", document.text)
                        if m.group(0)[0] not in _NOT_PLACE)
        region = named.most_common(1)[0][0] if named else ""
    places = {m.group(1) for m in _PLACE_RE.finditer(document.text) if m.group(1)[0] not in _NOT_PLACE}
    if region:
        places.add(region[:2])
    return region, tuple(sorted(places))
