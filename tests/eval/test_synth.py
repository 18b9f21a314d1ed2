"""The synthetic scale corpus: deterministic, both styles, and every document parses into
the number of clauses it declares (counted from how it was built, not by the parser)."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from core.settings import Settings
from eval import synth
from ingest.loaders import corpus_files
from ingest.pipeline import parse_file

pytestmark = pytest.mark.unit


def _bytes(tmp_path, name, n, seed):
    out = tmp_path / name
    synth.write_corpus(out, n, seed)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_same_seed_same_bytes(tmp_path):
    assert _bytes(tmp_path, "a", 12, seed=7) == _bytes(tmp_path, "b", 12, seed=7)


def test_different_seeds_differ():
    a = [d.text for d in synth.generate_corpus(6, seed=1)]
    b = [d.text for d in synth.generate_corpus(6, seed=2)]
    assert all(x != y for x, y in zip(a, b))


def test_documents_within_a_corpus_differ():
    texts = [d.text for d in synth.generate_corpus(20, seed=0)]
    assert len(set(texts)) == len(texts)


def test_larger_corpus_extends_smaller():
    """Document i depends on (seed, i) only: a fixed question list stays valid at every N."""
    small, large = synth.generate_corpus(5, seed=3), synth.generate_corpus(15, seed=3)
    assert [d.text for d in small] == [d.text for d in large[:5]]
    assert synth.scale_questions(seed=3, docs=5) == synth.scale_questions(seed=3, docs=5)


def test_both_styles_occur():
    styles = Counter(d.style for d in synth.generate_corpus(10, seed=0))
    assert styles["outline"] >= 1 and styles["article"] >= 1


@pytest.mark.parametrize("seed", [0, 11])
def test_each_document_parses_into_declared_clauses(tmp_path, seed):
    docs = synth.write_corpus(tmp_path, 12, seed)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path)
    for doc in docs:
        parsed = parse_file(tmp_path / doc.name, tmp_path, settings)
        assert len(parsed.clauses) == doc.expected_clauses, (doc.name, doc.style)
        assert parsed.document.title == doc.title  # the title line is front matter, not a clause
        if doc.style == "article":
            assert any(c.clause_id.startswith("第") and c.clause_id.endswith("条") for c in parsed.clauses)
        else:
            assert any(c.clause_id == "二（一）1" for c in parsed.clauses)


def test_outline_style_looks_like_the_seed():
    doc = next(d for d in synth.generate_corpus(4, seed=0) if d.style == "outline")
    assert "一、总体要求" in doc.text and "（一）" in doc.text
    assert "\n1." in doc.text and "牵头单位：" in doc.text and "；配合单位：" in doc.text


def test_article_style_has_chapters_and_inline_units():
    docs = [d for d in synth.generate_corpus(12, seed=0) if d.style == "article"]
    assert docs and all("第一章" in d.text and "第一条" in d.text for d in docs)
    assert any("（责任单位：" in d.text for d in docs)


def test_sidecar_declares_the_count_and_ingest_skips_the_manifest(tmp_path):
    docs = synth.write_corpus(tmp_path, 3, seed=0)
    for doc in docs:
        sidecar = json.loads((tmp_path / doc.name.replace(".txt", ".meta.json")).read_text(encoding="utf-8"))
        assert sidecar["synth"]["expected_clauses"] == doc.expected_clauses
    assert [p.name for p in corpus_files(tmp_path)] == [d.name for d in docs]


def test_scale_questions_name_generated_clusters():
    docs = synth.generate_corpus(5, seed=0)
    questions = synth.scale_questions(seed=0, docs=5)
    assert len(questions) >= 10 and len({q["id"] for q in questions}) == len(questions)
    names = {n for d in docs for n in d.clusters}
    assert any(any(n in q["question"] for n in names) for q in questions)


def test_chinese_numbers():
    assert [synth.cn_number(n) for n in (1, 10, 11, 20, 23, 99)] == ["一", "十", "十一", "二十", "二十三", "九十九"]
