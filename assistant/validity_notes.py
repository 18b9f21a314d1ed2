"""Every answer states the documents it rests on and their validity on the day it is asked,
one line per document: 现行有效, 未注明, or a warning when it has expired or is not yet in force."""
from __future__ import annotations

import dataclasses
from datetime import date

from core.records import Answer
from core.validity import validity_of


def with_validity(index, answer: Answer, today: date) -> Answer:
    if answer.refused or not answer.claims:
        return answer
    notes = []
    for doc_id in dict.fromkeys(c.doc_id for c in answer.claims if c.doc_id):
        doc = index.documents.get(doc_id)
        note = validity_of(doc, today).source_line(doc.title) if doc else ""
        if note and note not in notes:
            notes.append(note)
    if not notes:
        return answer
    return dataclasses.replace(answer, text=answer.text + "\n" + "\n".join(notes),
                               debug={**answer.debug, "validity_notes": len(notes)})
