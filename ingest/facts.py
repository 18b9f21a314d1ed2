"""Structured facts extracted at ingest, keyed by clause ID.

Kinds (each a typed record of core/facts.py with fact_id, doc_id, clause_id, kind, quote):
- subject: a numbered item that carries roles or targets (an industry cluster, a measure);
- role: 牵头 / 配合 / 责任 unit of a subject, as the text assigns it;
- target: metric, value, unit, qualifier, year of a subject;
- measure: a support sentence with its amount, qualifier, recipient and responsible units.
"""
from __future__ import annotations

import re
from dataclasses import replace

from core.facts import FACT_TYPES, Fact, MeasureFact, SubjectFact
from core.profile import CorpusProfile
from core.records import Clause, Document, content_id
from ingest.chunking import split_sentences
from ingest.conditions import extract_conditions
from ingest.consistency import find_inconsistencies
from ingest.fact_patterns import NUM, SUPPORT_RE, Vocabulary, vocabulary
from ingest.roles import role_assignments
from ingest.targets import clause_targets, summary_targets
from ingest.units import split_units

_AMOUNT_RE = re.compile(rf"(不低于|最高|不超过|最多|超过)?{NUM}(万元|亿元)")
_TITLE_END_RE = re.compile(r"[。；;，,：:\s]+$")


def _fact(doc: Document, clause: Clause, kind: str, quote: str, **data) -> Fact:
    """The fact of `kind`; its ID hashes exactly the fields given here (a measure's units as the list)."""
    key = content_id(doc.doc_id, clause.clause_id, kind, quote, repr(sorted(data.items())), length=16)
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    return FACT_TYPES[kind](fact_id=key, doc_id=doc.doc_id, clause_id=clause.clause_id, quote=quote, **values)


def _numbered_owner(clause: Clause, by_id: dict[str, Clause]) -> Clause:
    """A named sub-paragraph's facts belong to the numbered item above it."""
    while "·" in clause.clause_id and clause.parent_id in by_id:
        clause = by_id[clause.parent_id]
    return clause


def role_lines(clause: Clause, profile: CorpusProfile | None = None) -> list[tuple[str, str]]:
    """(role, list text) pairs in the order the clause writes them."""
    return [(r.role, r.units) for r in role_assignments(clause, vocabulary(profile))]


def extract_facts(document: Document, clauses: list[Clause], profile: CorpusProfile | None = None) -> list[Fact]:
    vocab = vocabulary(profile)
    by_id = {c.clause_id: c for c in clauses}
    facts: list[Fact] = []
    subjects: dict[str, SubjectFact] = {}

    def subject_for(clause: Clause) -> SubjectFact:
        owner = _numbered_owner(clause, by_id)
        if owner.clause_id not in subjects:
            parent = by_id.get(owner.parent_id or "")
            subjects[owner.clause_id] = _fact(
                document, owner, "subject", owner.text.split("\n")[0][:60],
                name=owner.title or owner.clause_id, group=(parent.title if parent else ""),
                group_clause=(parent.clause_id if parent else ""),
            )
        return subjects[owner.clause_id]

    titles: dict[str, Clause] = {}
    for c in clauses:
        if c.title:
            titles.setdefault(_TITLE_END_RE.sub("", c.title), c)

    for clause in clauses:
        lines = role_assignments(clause, vocab)
        for position, line in enumerate(lines):
            # A task table's row names its item: the clause of that title when the body has one.
            item = titles.get(line.subject) if line.subject else None
            subject = subject_for(item or clause)
            name = subject.name if item or not line.subject else line.subject
            for unit, written in split_units(line.units, vocab.profile):
                facts.append(_fact(document, clause, "role", line.quote, subject=name,
                                   subject_clause=subject.clause_id, role=line.role, unit=unit, written=written,
                                   position=position))
        facts.extend(clause_targets(document, clause, by_id, subject_for, vocab, _fact))
        facts.extend(_measures(document, clause, [(r.role, r.units) for r in lines], vocab))
    with_targets = {f.subject_clause for f in facts if f.kind == "target" and not f.overview}
    with_roles = {f.subject_clause for f in facts if f.kind == "role"}
    for cid, subject in subjects.items():  # keyed by the subject's own clause ID
        subjects[cid] = replace(subject, category=("cluster" if cid in with_targets and cid in with_roles
                                                   else "measure" if cid in with_roles else "goal"))
    facts.extend(subjects.values())
    clusters = [s for s in subjects.values() if s.category == "cluster"]
    facts.extend(summary_targets(document, clauses, clusters, vocab, _fact))
    facts.extend(find_inconsistencies(facts))
    facts.extend(extract_conditions(document, clauses, vocab.profile))
    return facts


def _measures(document, clause, roles, vocab: Vocabulary) -> list[MeasureFact]:
    out = []
    responsible = [u for role, text in roles if role == "责任" for u, _ in split_units(text, vocab.profile)]
    for sentence in split_sentences(clause.text):
        if any(w in sentence for w in vocab.role_words) or not SUPPORT_RE.search(sentence):
            continue
        for piece in re.split(r"(?<=[；;])", sentence):
            if not SUPPORT_RE.search(piece):
                continue
            amount = _AMOUNT_RE.search(piece)
            recipient = ""
            m = re.search(r"对([^，,。；;]+?)[，,]", piece)
            if m:
                recipient = m.group(1)
            out.append(_fact(document, clause, "measure", piece.strip(),
                             amount=(amount.group(2) + amount.group(3)) if amount else "",
                             amount_qualifier=(amount.group(1) or "") if amount else "",
                             recipient=recipient, units=responsible))
    return out
