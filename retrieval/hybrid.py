"""Fuse several rankings of Hits into one (reciprocal rank fusion or weighted scores)."""
from __future__ import annotations

from core.records import Hit


def fuse(rankings: list[tuple[list[Hit], float]], *, method: str = "rrf", rrf_k: int = 60) -> list[Hit]:
    scores: dict[str, float] = {}
    chunks = {}
    for hits, weight in rankings:
        if not hits:
            continue
        top = max(h.score for h in hits) or 1.0
        for rank, hit in enumerate(hits):
            cid = hit.chunk.chunk_id
            chunks[cid] = hit.chunk
            if method == "rrf":
                gain = weight / (rrf_k + rank + 1)
            else:
                gain = weight * hit.score / top
            scores[cid] = scores.get(cid, 0.0) + gain
    ordered = sorted(scores.items(), key=lambda kv: -kv[1])
    return [Hit(chunks[cid], score, "fused", rank) for rank, (cid, score) in enumerate(ordered)]
