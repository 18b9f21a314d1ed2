"""What the index knows, in the shape question understanding needs: subjects (clusters,
measures), sub-topics, units and their aliases, with pinyin keys for fuzzy linking."""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

from core.facts import Fact
from core.profile import CorpusProfile


@dataclass
class Entity:
    kind: str  # "subject" | "unit"
    name: str  # canonical
    doc_id: str = ""
    clause_id: str = ""
    surface: list[str] = field(default_factory=list)  # strings that name it in questions


@lru_cache(maxsize=4096)
def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(text))


def _surfaces_of_subject(name: str) -> list[str]:
    out = {name}
    stem = re.sub(r"(产业|业)$", "", name)
    if len(stem) >= 2:
        out.add(stem)
    for part in re.split(r"及|和|与", name):
        if len(part) >= 4 or (len(part) >= 3 and part != name):
            out.add(part)
    return sorted(out, key=len, reverse=True)


class KnowledgeBase:
    def __init__(self, facts: list[Fact], clauses, profile: CorpusProfile):
        self.profile = profile
        self.facts = facts
        self.subjects: list[Entity] = []
        for f in facts:
            if f.kind == "subject" and f.category != "goal":  # 发展目标 names a heading, not a subject
                self.subjects.append(Entity("subject", f.name, f.doc_id, f.clause_id,
                                            _surfaces_of_subject(f.name)))
        subject_clauses = {(s.doc_id, s.clause_id): s for s in self.subjects}
        # Named sub-paragraphs (新型智能手机, 冷链物流 ...) point at their subject.
        self.subtopics: list[Entity] = []
        for c in clauses:
            if "·" in c.clause_id and c.title:
                parent = subject_clauses.get((c.doc_id, c.clause_id.split("·")[0]))
                surfaces = {c.title}
                if c.title.startswith(("新型", "先进", "高档", "其他")) and len(c.title) > 4:
                    surfaces.add(c.title[2:])
                self.subtopics.append(Entity("subtopic", c.title, c.doc_id, c.clause_id, sorted(surfaces, key=len, reverse=True)))
                if parent is not None:
                    self.subtopics[-1].name = parent.name
        unit_names = {f.unit for f in facts if f.kind == "role"}
        aliases: dict[str, set[str]] = {u: {u} for u in unit_names}
        for alias, canonical in profile.unit_alias_map.items():
            if canonical in aliases:
                aliases[canonical].add(alias)
        for unit in unit_names:
            if unit.startswith("省") and len(unit) > 3:
                aliases[unit].add(unit[1:])
        self.units = [Entity("unit", u, surface=sorted(a, key=len, reverse=True)) for u, a in aliases.items()]
        self._pinyin_index = None

    def _surface_index(self, group: str) -> dict[str, list[tuple[str, int, Entity]]]:
        """First two characters of every name -> (name, rank among the entity's names, entity)."""
        cache = self.__dict__.setdefault("_surface_indexes", {})
        if group not in cache:
            entities = self.units if group == "units" else self.subjects + self.subtopics
            index: dict[str, list[tuple[str, int, Entity]]] = {}
            for e in entities:
                for rank, surface in enumerate(e.surface):
                    if len(surface) >= 2:
                        index.setdefault(surface[:2], []).append((surface, rank, e))
            cache[group] = index
        return cache[group]

    def _char_index(self) -> dict[str, list[tuple[str, Entity]]]:
        if "_chars" not in self.__dict__:
            chars: dict[str, list[tuple[str, Entity]]] = {}
            for e in self.subjects + self.subtopics:
                for surface in e.surface:
                    if len(surface) >= 3:
                        for ch in set(surface):
                            chars.setdefault(ch, []).append((surface, e))
            self._chars = chars
        return self._chars

    def link(self, question: str) -> tuple[list[Entity], list[Entity]]:
        """(subjects, units) mentioned in the question, exact first, then pinyin-fuzzy."""
        subjects = self._exact(question, "subjects")
        units = self._exact(question, "units")
        if not subjects:
            subjects = self._fuzzy(question)
        named_whole = {s.name for s in subjects if s.kind == "subject"}
        seen, unique = set(), []
        for s in subjects:
            if s.kind == "subtopic" and s.name in named_whole:
                continue  # the question names the cluster itself, not only one of its sub-topics
            if s.name not in seen:
                seen.add(s.name)
                unique.append(s)
        return unique, units

    def _exact(self, question: str, group: str) -> list[Entity]:
        """Names found in the question: O(question length) lookups, whatever the corpus size."""
        index = self._surface_index(group)
        best: dict[int, tuple[int, int, int, Entity]] = {}  # id(entity) -> (rank, start, end, entity)
        for start in range(len(question) - 1):
            for surface, rank, e in index.get(question[start:start + 2], ()):
                if question.startswith(surface, start):
                    current = best.get(id(e))
                    if current is None or (rank, start) < (current[0], current[1]):
                        best[id(e)] = (rank, start, start + len(surface), e)
        found = sorted(((start, end, e) for _, start, end, e in best.values()), key=lambda t: (t[0], -(t[1] - t[0])))
        # Drop matches inside a longer match (智能终端 inside 新一代智能终端).
        kept: list[tuple[int, int, Entity]] = []
        for start, end, e in found:
            if any(s <= start and end <= e2 and (end - start) < (e2 - s) for s, e2, _ in kept):
                continue
            kept.append((start, end, e))
        return [e for _, _, e in kept]

    def _fuzzy(self, question: str) -> list[Entity]:
        """Typos and homophones: compare pinyin of the question with names sharing most characters."""
        from collections import Counter

        han = "".join(ch for ch in question if "\u4e00" <= ch <= "\u9fff")
        if len(han) < 3:
            return []
        shared: Counter = Counter()
        owner: dict[str, Entity] = {}
        chars = self._char_index()
        for ch in set(han):
            for surface, e in chars.get(ch, ()):
                shared[surface] += 1
                owner.setdefault(surface, e)
        candidates = [s for s, n in shared.items() if n >= len(set(s)) / 2]
        if not candidates:
            return []  # a typo keeps most characters; pinyin alone matches too much
        from rapidfuzz import fuzz

        q_py = _pinyin(han)
        best: list[tuple[float, Entity]] = []
        for surface in candidates:
            score = fuzz.partial_ratio(_pinyin(surface), q_py)
            if score >= 88:
                best.append((score + len(surface) / 100, owner[surface]))
        best.sort(key=lambda t: -t[0])
        return [e for _, e in best[:1]]

    def unit_display(self, name: str) -> str:
        return self.profile.canonical_unit(name)
