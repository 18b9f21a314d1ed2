"""The eval output line (DESIGN.md section 3), shared by `assistant ask --json` and `eval run`."""
from __future__ import annotations

from core.records import Answer


def output_record(qid: str, question: str, answer: Answer, latency_ms: float, *, with_route: bool = False) -> dict:
    record = {
        "id": qid,
        "question": question,
        "answer": answer.text,
        "citations": [c.as_dict() for c in answer.citations],
        "refused": answer.refused,
        "latency_ms": round(latency_ms, 1),
    }
    if with_route:
        record["route"] = answer.route
    return record
