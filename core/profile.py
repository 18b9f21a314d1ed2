"""The corpus profile: every vocabulary list that changes behaviour, as data.

A profile is a JSON file in core/data/profiles/ (or any path). It may `extend` another:
lists are added to the base's, tables are merged, patterns and scalars replace the base's.
`default` is generic; `seed` adds the seed corpus's Henan unit names, aliases and
cluster words. The profile's fingerprint is part of the index key (core.settings), so
editing a profile rebuilds the facts extracted with it.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

PROFILES_DIR = Path(__file__).resolve().parent / "data" / "profiles"
_MAX_DEPTH = 4


@dataclass(frozen=True)
class CorpusProfile:
    name: str
    data: dict  # the merged profile
    fingerprint: str  # hash of the merged data

    def _list(self, key: str) -> tuple[str, ...]:
        return tuple(self.data.get(key, ()))

    @cached_property
    def role_words(self) -> dict[str, str]:
        return dict(self.data.get("role_words", {}))

    @cached_property
    def target_qualifiers(self) -> tuple[str, ...]:
        return self._list("target_qualifiers")

    @cached_property
    def target_units(self) -> tuple[str, ...]:
        return self._list("target_units")

    @cached_property
    def target_verbs(self) -> tuple[str, ...]:
        """Verbs that set a count as a target when no qualifier does (建成起降场150个)."""
        return self._list("target_verbs")

    @cached_property
    def unit_prefixes(self) -> tuple[str, ...]:
        return self._list("unit_prefixes")

    @cached_property
    def unit_prefix_inherit(self) -> tuple[str, ...]:
        return self._list("unit_prefix_inherit")

    @cached_property
    def unit_aliases(self) -> dict[str, list[str]]:
        return dict(self.data.get("unit_aliases", {}))

    @cached_property
    def unit_alias_map(self) -> dict[str, str]:
        """alias or canonical -> canonical."""
        out: dict[str, str] = {}
        for canonical, aliases in self.unit_aliases.items():
            out[canonical] = canonical
            for alias in aliases:
                out.setdefault(alias, canonical)
        return out

    @cached_property
    def everyday_words(self) -> dict[str, tuple[str, ...]]:
        """A word of everyday speech -> the words documents use for it (老婆 -> 配偶). A question's
        word is read as the first of them the documents use, only when they never use the word."""
        return {k: tuple(v) for k, v in self.data.get("everyday_words", {}).items()}

    @cached_property
    def terms(self) -> dict[str, str]:
        return dict(self.data.get("terms", {}))

    @cached_property
    def generic_words(self) -> frozenset[str]:
        return frozenset(self._list("generic_words"))

    @cached_property
    def colloquial_words(self) -> frozenset[str]:
        return frozenset(self._list("colloquial_words"))

    @cached_property
    def uncovered_attributes(self) -> tuple[str, ...]:
        return self._list("uncovered_attributes")

    @cached_property
    def title_generic_words(self) -> frozenset[str]:
        return frozenset(self._list("title_generic_words"))

    @cached_property
    def trade_heads(self) -> tuple[str, ...]:
        return self._list("trade_heads")

    @cached_property
    def firm_qualifiers(self) -> frozenset[str]:
        return frozenset(self._list("firm_qualifiers"))

    @cached_property
    def injection_re(self) -> re.Pattern:
        return re.compile(self.data.get("injection_pattern") or r"(?!)", re.IGNORECASE)

    @cached_property
    def chitchat_re(self) -> re.Pattern:
        return re.compile(self.data.get("chitchat_pattern") or r"(?!)", re.IGNORECASE)

    @cached_property
    def regions(self) -> tuple[str, ...]:
        return self._list("regions")

    @cached_property
    def region_groups(self) -> dict[str, tuple[str, ...]]:
        """Combined names (港澳, 京津冀) and the places each covers."""
        groups = self.data.get("region_groups", {})
        return {k: tuple(v) for k, v in groups.items() if not k.startswith("_")}

    @cached_property
    def matching(self) -> dict:
        """Vocabulary of enterprise matching (support words, qualifications, places ...)."""
        return dict(self.data.get("matching", {}))

    @cached_property
    def example_questions(self) -> tuple[str, ...]:
        return self._list("example_questions")

    def canonical_unit(self, name: str) -> str:
        name = name.strip()
        table = self.unit_alias_map
        if name in table:
            return table[name]
        if not name.startswith("省") and ("省" + name) in table:
            return table["省" + name]
        return name


def _path_of(name: str) -> Path:
    path = Path(name)
    if path.suffix == ".json" and path.exists():
        return path
    return PROFILES_DIR / f"{name}.json"


def _merge(base: dict, own: dict) -> dict:
    out = dict(base)
    for key, value in own.items():
        if key in ("extends", "_comment", "name"):
            continue
        if isinstance(value, list) and isinstance(base.get(key), list):
            out[key] = list(base[key]) + [v for v in value if v not in base[key]]
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            out[key] = {**base[key], **value}
        else:
            out[key] = value
    return out


def _load(name: str, depth: int = 0) -> dict:
    if depth > _MAX_DEPTH:
        raise ValueError(f"profile {name}: extends too deeply")
    own = json.loads(_path_of(name).read_text(encoding="utf-8"))
    base = _load(own["extends"], depth + 1) if own.get("extends") else {}
    return _merge(base, own)


DEFAULT_PROFILE = "seed"  # the settings default (core.settings.Settings.profile)


@lru_cache(maxsize=8)
def load_profile(name: str = DEFAULT_PROFILE) -> CorpusProfile:
    """The merged profile by name (core/data/profiles/NAME.json) or by path to a JSON file."""
    data = _load(name)
    digest = hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:12]
    return CorpusProfile(name=name, data=data, fingerprint=digest)
