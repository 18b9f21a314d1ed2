"""What the index knows, in the shape question understanding needs: subjects (clusters,
measures), sub-topics, units and their aliases, with pinyin keys for fuzzy linking."""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

from ingest.units import canonical_unit, unit_alias_map


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
    def __init__(self, facts: list[dict], clauses):
        self.facts = facts
        self.subjects: list[Entity] = []
        for f in facts:
            if f["kind"] == "subject" and f.get("category") != "goal":  # 发展目标 names a heading, not a subject
                self.subjects.append(Entity("subject", f["name"], f["doc_id"], f["clause_id"],
                                            _surfaces_of_subject(f["name"])))
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
        unit_names = {f["unit"] for f in facts if f["kind"] == "role"}
        aliases: dict[str, set[str]] = {u: {u} for u in unit_names}
        for alias, canonical in unit_alias_map().items():
            if canonical in aliases:
                aliases[canonical].add(alias)
        for unit in unit_names:
            if unit.startswith("省") and len(unit) > 3:
                aliases[unit].add(unit[1:])
        self.units = [Entity("unit", u, surface=sorted(a, key=len, reverse=True)) for u, a in aliases.items()]
        self._pinyin_index = None

    def link(self, question: str) -> tuple[list[Entity], list[Entity]]:
        """(subjects, units) mentioned in the question, exact first, then pinyin-fuzzy."""
        subjects = self._exact(question, self.subjects + self.subtopics)
        units = self._exact(question, self.units)
        if not subjects:
            subjects = self._fuzzy(question)
        seen, unique = set(), []
        for s in subjects:
            if s.name not in seen:
                seen.add(s.name)
                unique.append(s)
        return unique, units

    @staticmethod
    def _exact(question: str, entities: list[Entity]) -> list[Entity]:
        found: list[tuple[int, int, Entity]] = []
        for e in entities:
            for surface in e.surface:
                pos = question.find(surface)
                if pos >= 0:
                    found.append((pos, pos + len(surface), e))
                    break
        # Drop matches inside a longer match (智能终端 inside 新一代智能终端).
        found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
        kept: list[tuple[int, int, Entity]] = []
        for start, end, e in found:
            if any(s <= start and end <= e2 and (end - start) < (e2 - s) for s, e2, _ in kept):
                continue
            kept.append((start, end, e))
        return [e for _, _, e in kept]

    def _fuzzy(self, question: str) -> list[Entity]:
        """Typos and homophones: compare pinyin of question windows with subject names."""
        from rapidfuzz import fuzz

        han = "".join(ch for ch in question if "\u4e00" <= ch <= "\u9fff")
        if len(han) < 3:
            return []
        q_py = None  # pypinyin is loaded only when some name shares enough characters
        best: list[tuple[float, Entity]] = []
        for e in self.subjects + self.subtopics:
            for surface in e.surface:
                if len(surface) < 3:
                    continue
                shared = sum(1 for ch in set(surface) if ch in han)
                if shared < len(set(surface)) / 2:
                    continue  # a typo keeps most characters; pinyin alone matches too much
                q_py = q_py or _pinyin(han)
                score = fuzz.partial_ratio(_pinyin(surface), q_py)
                if score >= 88:
                    best.append((score + len(surface) / 100, e))
                    break
        best.sort(key=lambda t: -t[0])
        return [e for _, e in best[:1]]

    def unit_display(self, name: str) -> str:
        return canonical_unit(name)
