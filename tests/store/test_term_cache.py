"""The BM25 term cache: the same terms as tokenizing directly, and a second build tokenizes only new text."""
from __future__ import annotations

import pytest

from core.tokenizer import bm25_terms
from ingest.pipeline import ingest
from core.settings import Settings
from store.term_cache import TermCache

pytestmark = pytest.mark.unit

TEXTS = ["对引进落户的两院院士给予1000万元创业资金支持。", "购买云服务给予补贴", "对引进落户的两院院士给予1000万元创业资金支持。"]


def test_cached_terms_equal_direct_terms_and_are_reused(tmp_path):
    calls = []

    def counting(text):
        calls.append(text)
        return bm25_terms(text)

    cache = TermCache(tmp_path / "terms.sqlite")
    first = cache.terms(TEXTS, counting)
    assert first == [bm25_terms(t) for t in TEXTS]
    assert len(calls) == 2 and cache.misses == 2  # the repeated text is tokenized once
    cache.close()

    cache = TermCache(tmp_path / "terms.sqlite")  # reopened: from disk
    assert cache.terms(TEXTS + ["新的一段"], counting) == first + [bm25_terms("新的一段")]
    assert calls[2:] == ["新的一段"] and cache.misses == 1
    cache.close()


@pytest.mark.integration
def test_reingest_tokenizes_only_the_changed_file(tmp_path, fake_embedder, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"d{i}.txt").write_text(f"测试{i}市若干措施\n\n一、支持方向\n（一）研发补助。对企业研发投入给予补助{i}00万元。\n",
                                          encoding="utf-8")
    ingest(corpus, Settings(), embedder=fake_embedder)
    (corpus / "d1.txt").write_text("测试1市若干措施\n\n一、支持方向\n（一）人才引进。给予安家补贴。\n", encoding="utf-8")
    seen = []
    real_terms = TermCache.terms

    def spy(self, texts, fn):
        out = real_terms(self, texts, fn)
        seen.append(self.misses)
        return out

    monkeypatch.setattr(TermCache, "terms", spy)
    report = ingest(corpus, Settings(), embedder=fake_embedder)
    assert report.updated == 1
    assert seen and 0 < seen[0] < report.chunks
