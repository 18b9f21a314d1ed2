"""Hybrid search on the real index of the seed corpus, document filters on a two-document
index (seed + tests/fixtures/corpus2, FAKE hash embedder: filters are logic, not ranking
quality), and rank fusion on hand-made hits."""
from __future__ import annotations

import shutil

import pytest

from core.records import Chunk, Hit
from core.settings import PROJECT_ROOT, Settings
from retrieval.hybrid import fuse
from tests.fakes import HashEmbedder

SEED_TITLE = "河南省人民政府办公厅关于加快推进10+8新兴产业集群发展的实施意见"
SECOND = PROJECT_ROOT / "tests" / "fixtures" / "corpus2"


def in_clause(hit: Hit, clause_id: str) -> bool:
    """The hit's clause is `clause_id` or one of its named sub-clauses (二（一）6·化学创新药)."""
    return hit.chunk.clause_id == clause_id or hit.chunk.clause_id.startswith(clause_id + "·")


@pytest.mark.integration
class TestIndex:
    def test_index_holds_the_seed(self, built_index):
        _, index = built_index
        assert SEED_TITLE in {d.title for d in index.documents.values()}
        assert len(index.chunks) == index.store.count() == index.bm25.size
        assert {"二（一）6", "三（五）", "序言", "落款"} <= {c.clause_id for c in index.clauses}

    def test_clause_lookup(self, built_index):
        _, index = built_index
        doc_id = next(d.doc_id for d in index.documents.values() if d.title == SEED_TITLE)
        clause = index.clause(doc_id, "二（一）6")
        assert clause is not None and "超过4000亿元" in clause.text
        assert index.document_title(doc_id) == SEED_TITLE

    def test_hybrid_search_returns_fused_hits_with_clause_ids(self, built_index):
        settings, index = built_index
        hits = index.search("生物医药产业规模目标")
        assert 0 < len(hits) <= settings.retrieval.top_k
        known = {c.clause_id for c in index.clauses}
        for rank, hit in enumerate(hits):
            assert isinstance(hit, Hit) and isinstance(hit.chunk, Chunk)
            assert hit.source == "fused"
            assert hit.rank == rank
            assert hit.chunk.clause_id in known
        scores = [h.score for h in hits]
        assert scores == sorted(scores, reverse=True)

    @pytest.mark.parametrize("question, clause_id", [
        ("生物医药产业规模目标", "二（一）6"),
        ("引进两院院士给予多少创业资金支持", "三（五）"),
        ("到2020年18个新兴产业集群总规模", "一（四）"),
        ("新郑机场货邮吞吐量到2020年达到多少", "二（二）1"),
    ])
    def test_expected_clause_in_top_3(self, built_index, question, clause_id):
        _, index = built_index
        top = index.search(question, top_k=3)
        assert any(in_clause(h, clause_id) for h in top), [h.chunk.clause_id for h in top]

    def test_bm25_alone(self, built_index):
        _, index = built_index
        hits = index.bm25_hits("生物医药产业规模", 5)
        assert hits and all(h.source == "bm25" and h.score > 0 for h in hits)
        assert any(in_clause(h, "二（一）6") for h in hits)
        assert index.bm25_hits("的 了 吗", 5) == []  # stopwords only: nothing to match

    def test_dense_alone(self, built_index):
        _, index = built_index
        hits = index.dense_hits("生物医药产业规模", 5)
        assert len(hits) == 5 and all(h.source == "dense" for h in hits)
        assert [h.rank for h in hits] == list(range(5))
        assert any(in_clause(h, "二（一）6") for h in hits)

    def test_search_without_dense(self, built_index):
        _, index = built_index
        hits = index.search("生物医药产业规模目标", dense=False)
        assert hits and all(h.source == "fused" for h in hits)

    @pytest.mark.parametrize("question", ["生物医药产业规模目标", "院士团队创业资金", "哪些单位负责冷链物流"])
    def test_search_scoped_to_a_document_ranks_like_chroma(self, built_index, question):
        """Scoped questions rank the document's own vectors exactly; Chroma's filtered query agrees."""
        _, index = built_index
        doc_id = next(iter(index.documents))
        vector = index.embedder.embed_queries([question])[0]
        ours = index.dense_hits(question, 10, doc_ids=[doc_id])
        chroma = index.store.query(vector, 10, [doc_id])
        assert [h.chunk.chunk_id for h in ours][:5] == [cid for cid, _ in chroma][:5]
        for hit, (_, score) in zip(ours, chroma):
            assert hit.score == pytest.approx(score, abs=1e-4)
        assert index.dense_hits(question, 10, doc_ids=["no-such-doc"]) == []

    def test_open_index_is_cached(self, built_index):
        from retrieval.index import open_index

        settings, index = built_index
        assert open_index(settings) is index

    def test_built_index_env_points_get_settings_at_it(self, built_index_env):
        from core.settings import get_settings
        from retrieval.index import open_index

        settings, index = built_index_env
        assert get_settings() == settings
        assert open_index(get_settings()) is index


@pytest.fixture(scope="module")
def two_doc_index(tmp_path_factory):
    """(index, seed doc_id, second doc_id): the seed and the fictional 云岭 document, FAKE vectors."""
    from ingest.pipeline import ingest
    from retrieval.index import open_index

    root = tmp_path_factory.mktemp("two-docs")
    corpus = root / "corpus"
    corpus.mkdir()
    for path in list((PROJECT_ROOT / "corpus").glob("henan-*")) + list(SECOND.glob("yunling-*")):
        shutil.copy2(path, corpus / path.name)
    settings = Settings(data_dir=root / "data", corpus_dir=corpus)
    embedder = HashEmbedder()
    report = ingest(corpus, settings, embedder=embedder)
    assert report.documents == 2 and report.errors == [], report.as_dict()
    index = open_index(settings, corpus, embedder=embedder)
    seed = next(d.doc_id for d in index.documents.values() if d.title == SEED_TITLE)
    (other,) = set(index.documents) - {seed}
    return index, seed, other


@pytest.mark.integration
class TestDocumentFilter:
    """Two documents whose chunks both match "产业规模": the filter must actually exclude one."""

    QUESTION = "产业规模"

    def test_without_a_filter_both_documents_are_found(self, two_doc_index):
        index, seed, other = two_doc_index
        assert {h.chunk.doc_id for h in index.search(self.QUESTION, top_k=40)} == {seed, other}
        assert {h.chunk.doc_id for h in index.dense_hits(self.QUESTION, len(index.chunks))} == {seed, other}
        assert {h.chunk.doc_id for h in index.bm25_hits(self.QUESTION, len(index.chunks))} == {seed, other}

    @pytest.mark.parametrize("which", ["seed", "other"])
    def test_filter_returns_only_that_documents_chunks(self, two_doc_index, which):
        index, seed, other = two_doc_index
        wanted = seed if which == "seed" else other
        hybrid = index.search(self.QUESTION, top_k=40, doc_ids=[wanted])
        dense = index.dense_hits(self.QUESTION, len(index.chunks), doc_ids=[wanted])
        assert hybrid and dense
        assert {h.chunk.doc_id for h in hybrid} == {wanted}
        assert {h.chunk.doc_id for h in dense} == {wanted}
        # every chunk of the wanted document, and only those, is reachable through the scoped dense search
        assert {h.chunk.chunk_id for h in dense} == {c.chunk_id for c in index.chunks if c.doc_id == wanted}

    def test_unknown_document_gives_nothing(self, two_doc_index):
        index, _, _ = two_doc_index
        assert index.search(self.QUESTION, doc_ids=["no-such-doc"]) == []
        assert index.dense_hits(self.QUESTION, 10, doc_ids=["no-such-doc"]) == []

    @pytest.mark.parametrize("which", ["seed", "other"])
    def test_scoped_ranking_agrees_with_chromas_filtered_query(self, two_doc_index, which):
        index, seed, other = two_doc_index
        wanted = seed if which == "seed" else other
        vector = index.embedder.embed_queries([self.QUESTION])[0]
        ours = index.dense_hits(self.QUESTION, 10, doc_ids=[wanted])
        chroma = index.store.query(vector, 10, [wanted])
        assert [h.chunk.chunk_id for h in ours][:5] == [cid for cid, _ in chroma][:5]
        assert {h.chunk.doc_id for h in ours} == {wanted}


def chunk(cid: str) -> Chunk:
    return Chunk(chunk_id=cid, doc_id="d", clause_id=f"一（{cid}）", text=cid, heading_path="", order=0)


def hits(ids: list[str], source: str, scores: list[float] | None = None) -> list[Hit]:
    scores = scores or [1.0 / (i + 1) for i in range(len(ids))]
    return [Hit(chunk(c), s, source, i) for i, (c, s) in enumerate(zip(ids, scores))]


@pytest.mark.unit
class TestFusion:
    def test_rrf_prefers_agreement(self):
        fused = fuse([(hits(["a", "b", "c"], "bm25"), 1.0), (hits(["c", "d", "b"], "dense"), 1.0)])
        assert all(isinstance(h, Hit) and h.source == "fused" for h in fused)
        assert [h.rank for h in fused] == list(range(len(fused)))
        assert {h.chunk.chunk_id for h in fused} == {"a", "b", "c", "d"}
        assert [h.chunk.chunk_id for h in fused][:2] == ["c", "b"]
        assert fused[0].score == pytest.approx(1 / 63 + 1 / 61)

    def test_weights_shift_the_order(self):
        rankings = [(hits(["a"], "bm25"), 1.0), (hits(["b"], "dense"), 2.0)]
        assert [h.chunk.chunk_id for h in fuse(rankings)] == ["b", "a"]

    def test_weighted_scores(self):
        fused = fuse([(hits(["a", "b"], "bm25", [10.0, 5.0]), 1.0), (hits(["b", "a"], "dense", [0.9, 0.3]), 1.0)],
                     method="weighted")
        assert [h.chunk.chunk_id for h in fused] == ["b", "a"]
        assert fused[0].score == pytest.approx(0.5 + 1.0)

    def test_empty_rankings(self):
        assert fuse([]) == []
        assert fuse([([], 1.0), (hits(["a"], "dense"), 1.0)])[0].chunk.chunk_id == "a"


@pytest.mark.integration
def test_a_query_searched_again_is_embedded_once(built_index, monkeypatch):
    """An answer that searches the same query again (within other documents, for another part)
    reuses the question's embedding; a new query is embedded."""
    _, index = built_index
    calls = []
    real = index.embedder.embed_queries
    monkeypatch.setattr(index.embedder, "embed_queries", lambda texts: calls.append(list(texts)) or real(texts))
    asked, other = "两院院士团队引进后能拿到多少资助呢？", "新能源汽车集群的发展目标是怎样的呢？"
    first = index.search(asked)
    again = index.search(asked, doc_ids=list(index.documents))
    index.search(other)
    assert [h.chunk.chunk_id for h in first] == [h.chunk.chunk_id for h in again]
    assert calls == [[asked], [other]]
