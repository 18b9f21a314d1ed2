"""Retrieval alone, before any answer composition: hit@k of BM25, dense and hybrid search.

`python -m eval retrieval [--k 5]`: for every single-turn gold item that expects clauses,
whether one of the top k chunks lies in an expected clause (or one of its sub-paragraphs).
Questions are normalised first, as the assistant does. Items that the assistant answers from
facts (metadata, lists) count too, so the rates are a floor for retrieval, not answer accuracy.
Used to compare embedding models and chunking settings on the same footing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RetrievalScore:
    items: int
    bm25: float
    dense: float
    hybrid: float

    def as_dict(self) -> dict:
        return {"items": self.items, "bm25": self.bm25, "dense": self.dense, "hybrid": self.hybrid}


def _in_clauses(clause_id: str, expected: list[str]) -> bool:
    return any(clause_id == e or clause_id.startswith(e + "·") for e in expected)


def score_retrieval(index, gold_path: Path, k: int = 5) -> RetrievalScore:
    from assistant.normalize import normalize_question
    from eval.runner import read_gold

    gold, _ = read_gold(gold_path)
    items = [q for q in gold if not q.history and isinstance(q.raw.get("expect"), dict)
             and q.raw["expect"].get("clauses") and not q.raw["expect"].get("refused")]
    hits = {"bm25": 0, "dense": 0, "hybrid": 0}
    for q in items:
        expected = q.raw["expect"]["clauses"]
        question = normalize_question(q.question)  # what the assistant searches with (简体, 中文术语)
        ranked = {
            "bm25": index.bm25_hits(question, k),
            "dense": index.dense_hits(question, k),
            "hybrid": index.search(question, top_k=k),
        }
        for name, found in ranked.items():
            if any(_in_clauses(h.chunk.clause_id, expected) for h in found[:k]):
                hits[name] += 1
    n = len(items) or 1
    return RetrievalScore(len(items), *(round(hits[name] / n, 3) for name in ("bm25", "dense", "hybrid")))


def main(args, say) -> int:
    from core.settings import get_settings
    from assistant.index_factory import open_or_build

    settings = get_settings()
    index = open_or_build(settings, settings.corpus_dir, progress=lambda message, _fraction: say(message))
    score = score_retrieval(index, args.gold, args.k)
    print(f"检索命中率（前 {args.k} 名含期望条款；{score.items} 道单轮有条款题）")
    print(f"嵌入模型：{index.embedder.name}；分块：{settings.chunking.model_dump()}")
    print(f"BM25 {score.bm25:.3f}  向量 {score.dense:.3f}  混合 {score.hybrid:.3f}")
    return 0
