"""Question normalisation: NFKC (full-width digits), 繁->简 (OpenCC), mixed-English terms."""
from __future__ import annotations

import re
import threading
import unicodedata

from core.profile import CorpusProfile, load_profile

_lock = threading.Lock()
_converter = None


def to_simplified(text: str) -> str:
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter.convert(text)


def normalize_question(text: str, profile: CorpusProfile | None = None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")
    text = re.sub(r"\s+", " ", text).strip()
    text = to_simplified(text)
    return expand_terms(text, profile)


_GLOSSED_RE = re.compile(r"(?<![A-Za-z])[A-Za-z][A-Za-z .'-]*\s*[（(]([\u4e00-\u9fff]{2,})[)）]")


def expand_terms(text: str, profile: CorpusProfile | None = None) -> str:
    """Replace English and colloquial terms with the document's own words (ASCII ones by word)."""
    text = _GLOSSED_RE.sub(r"\1", text)  # "simple deregistration（简易注销）": the Chinese says it
    terms = (profile or load_profile()).terms
    for alias in sorted(terms, key=len, reverse=True):
        target = terms[alias]
        if alias.isascii():
            pattern = re.compile(rf"(?<![a-z]){re.escape(alias)}(?![a-z])", re.IGNORECASE)
            if target.isascii():
                continue
            text = pattern.sub(target, text)
        elif alias in text and target not in text:
            text = text.replace(alias, target)
    return text
