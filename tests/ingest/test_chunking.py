"""Chunking inside clauses: never across two clauses, never longer than max_chars, verbatim."""
from __future__ import annotations

import pytest

from core.records import Chunk, Clause
from core.settings import ChunkingSettings
from ingest.chunking import chunk_clause, chunk_clauses, split_sentences

pytestmark = pytest.mark.unit

SETTINGS_GRID = [(160, 30), (80, 0), (40, 10), (20, 5)]


def make_clause(text: str, clause_id: str = "一（一）") -> Clause:
    return Clause(clause_id=clause_id, doc_id="doc", label="（一）", title="", text=text, parent_id="一",
                  level=2, order=1, path=("一、总体要求", "（一）基本思路"))


@pytest.mark.parametrize("max_chars, overlap", SETTINGS_GRID)
def test_seed_chunks_stay_inside_their_clause(seed_clauses, max_chars, overlap):
    settings = ChunkingSettings(max_chars=max_chars, overlap_chars=overlap)
    by_id = {c.clause_id: c for c in seed_clauses}
    chunks = chunk_clauses(seed_clauses, settings)
    assert chunks
    for chunk in chunks:
        assert chunk.clause_id in by_id
        assert chunk.text, chunk
        assert chunk.text in by_id[chunk.clause_id].text, (chunk.clause_id, chunk.text)
        assert len(chunk.text) <= max_chars, (chunk.clause_id, len(chunk.text))


def test_every_clause_with_text_has_chunks(seed_clauses):
    chunks = chunk_clauses(seed_clauses, ChunkingSettings())
    covered = {c.clause_id for c in chunks}
    for clause in seed_clauses:
        assert (clause.clause_id in covered) == bool(clause.text.strip()), clause.clause_id


def test_chunks_cover_each_sentence_of_their_clause(seed_clauses):
    """Nothing is dropped: a short sentence sits whole in a chunk; a long one's head and tail do."""
    settings = ChunkingSettings()
    chunks = chunk_clauses(seed_clauses, settings)
    for clause in seed_clauses:
        texts = [c.text for c in chunks if c.clause_id == clause.clause_id]
        for sentence in split_sentences(clause.text):
            if len(sentence) <= settings.max_chars:
                assert any(sentence in t for t in texts), (clause.clause_id, sentence)
            else:
                assert any(t.startswith(sentence[:20]) for t in texts), (clause.clause_id, sentence)
                assert any(t.endswith(sentence[-20:]) for t in texts), (clause.clause_id, sentence)


def test_chunk_ids_are_unique_and_stable(seed_clauses):
    first = chunk_clauses(seed_clauses, ChunkingSettings())
    again = chunk_clauses(seed_clauses, ChunkingSettings())
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert len({c.chunk_id for c in first}) == len(first)


def test_chunk_carries_heading_path(seed_clauses):
    chunks = chunk_clauses(seed_clauses, ChunkingSettings())
    chunk = next(c for c in chunks if c.clause_id == "二（一）6")
    assert isinstance(chunk, Chunk)
    assert chunk.heading_path == "二、发展重点 > （一）新兴制造业产业集群 > 6.生物医药"


def test_long_sentence_is_split_at_word_boundaries():
    sentence = "，".join(["加快发展智能穿戴设备和智能家居等新型智能终端产品"] * 20) + "。"
    settings = ChunkingSettings(max_chars=60, overlap_chars=10)
    chunks = chunk_clause(make_clause(sentence), settings)
    assert len(chunks) >= len(sentence) // 60
    for chunk in chunks:
        assert len(chunk.text) <= 60
        assert chunk.text in sentence
    # joined without overlap, the pieces rebuild the sentence
    assert chunks[0].text == sentence[: len(chunks[0].text)]
    assert sentence.endswith(chunks[-1].text)
    # jieba boundaries: no piece starts inside the word 智能 / 终端
    for chunk in chunks[1:]:
        assert not chunk.text.startswith(("能", "端", "备")), chunk.text


def test_overlap_repeats_the_tail_of_the_previous_piece(seed_clauses):
    sentence = next(c for c in seed_clauses if c.clause_id == "一（一）").text.split("\n")[1]
    assert len(sentence) > 300
    chunks = chunk_clause(make_clause(sentence), ChunkingSettings(max_chars=50, overlap_chars=12))
    assert len(chunks) > 6
    for prev, nxt in zip(chunks, chunks[1:]):
        shared = next((n for n in range(min(len(prev.text), len(nxt.text)), 0, -1)
                       if prev.text.endswith(nxt.text[:n])), 0)
        assert 0 < shared <= 12, (prev.text, nxt.text)
        assert prev.text[:-shared] + nxt.text in sentence


def test_short_sentences_are_packed_together():
    text = "坚持创新驱动。坚持开放合作。坚持绿色发展。"
    chunks = chunk_clause(make_clause(text), ChunkingSettings(max_chars=160, overlap_chars=30))
    assert [c.text for c in chunks] == [text]


def test_paragraphs_are_never_merged():
    text = "第一段落的内容。\n第二段落的内容。"
    chunks = chunk_clause(make_clause(text), ChunkingSettings())
    assert [c.text for c in chunks] == ["第一段落的内容。", "第二段落的内容。"]


def test_empty_clause_has_no_chunks():
    assert chunk_clause(make_clause(""), ChunkingSettings()) == []


def test_whitespace_between_sentences_is_kept():
    text = "第一句话很短。 第二句话也很短。"
    chunks = chunk_clause(make_clause(text), ChunkingSettings())
    assert all(c.text in text for c in chunks), [c.text for c in chunks]


def test_long_sentence_with_inner_spaces_stays_verbatim():
    text = "，".join(["支持 Artificial Intelligence 与 Internet of Things 应用"] * 8) + "。"
    chunks = chunk_clause(make_clause(text), ChunkingSettings())
    assert all(c.text in text for c in chunks), [c.text for c in chunks]


def test_single_overlong_token_is_still_cut():
    text = "详见网址" + "x" * 300 + "。"
    chunks = chunk_clause(make_clause(text), ChunkingSettings(max_chars=160, overlap_chars=30))
    assert all(len(c.text) <= 160 for c in chunks), [len(c.text) for c in chunks]
