"""The jieba boundary: the prefix-dict cache changes nothing but load time."""
from __future__ import annotations

import pytest

from core import tokenizer

pytestmark = pytest.mark.unit

SAMPLES = [
    "哪些集群由省发展改革委牵头？",
    "对院士团队给予不低于1000万元的启动资金支持",
    "到2020年，智能终端产业集群规模达到5000亿元",
    "郑州航空港经济综合实验区管委会负责",
]


def _fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("POLICYQA_CACHE_DIR", str(tmp_path))
    from core.settings import get_settings

    get_settings.cache_clear()
    return tokenizer._load_tokenizer()


def test_cached_tokenizer_cuts_exactly_like_a_freshly_built_one(monkeypatch, tmp_path):
    built = _fresh(monkeypatch, tmp_path)  # no cache yet: built from jieba + user dict, then saved
    caches = list(tmp_path.glob("jieba-freq-*.pickle"))
    assert len(caches) == 1
    loaded = _fresh(monkeypatch, tmp_path)  # from the cache
    assert loaded.FREQ is not built.FREQ
    for text in SAMPLES:
        assert loaded.lcut(text) == built.lcut(text)
        assert loaded.lcut_for_search(text) == built.lcut_for_search(text)
    # user dictionary words survive the cache
    assert "新兴产业集群" in loaded.lcut("发展新兴产业集群")


def test_a_corrupt_cache_is_rebuilt_not_trusted(monkeypatch, tmp_path):
    _fresh(monkeypatch, tmp_path)
    cache = next(tmp_path.glob("jieba-freq-*.pickle"))
    cache.write_bytes(b"\x80\x05 not a pickle")
    tok = _fresh(monkeypatch, tmp_path)
    assert len(tok.FREQ) > 100_000 and "新兴产业集群" in tok.FREQ
    assert cache.stat().st_size > 1_000_000  # rewritten with the real dictionary


def test_bm25_terms_split_words_the_hmm_made_up():
    from core.tokenizer import bm25_terms, search_terms

    question = bm25_terms("小厂买云服务能补多少？")
    assert "云" in question and "云" in bm25_terms("对中小企业购买云服务的费用给予50%补贴")
    # dictionary words stay whole and are not split into characters
    assert bm25_terms("生物医药产业") == search_terms("生物医药产业")
