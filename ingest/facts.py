"""Structured facts extracted at ingest (filled in by the facts work)."""
from __future__ import annotations

from core.records import Clause, Document


def extract_facts(document: Document, clauses: list[Clause]) -> list[dict]:
    return []
