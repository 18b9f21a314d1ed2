"""`python -m eval retrieval`: retrieval alone, scored against the gold set's expected clauses."""
from __future__ import annotations

import pytest

from eval.__main__ import GOLD
from eval.retrieval_check import _in_clauses, score_retrieval


@pytest.mark.unit
def test_a_sub_paragraph_counts_for_its_clause():
    assert _in_clauses("二（一）6·1", ["二（一）6"])
    assert _in_clauses("二（一）6", ["二（一）6"])
    assert not _in_clauses("二（一）61", ["二（一）6"])


@pytest.mark.integration
def test_hit_rates_on_the_seed(built_index):
    _, index = built_index
    score = score_retrieval(index, GOLD, k=5)
    assert score.items > 100  # single-turn gold items that expect clauses
    # a regression guard for chunking and embedding changes: the figures README quotes
    assert score.hybrid >= 0.9 and score.dense >= 0.85 and score.bm25 >= 0.85
    assert score_retrieval(index, GOLD, k=1).hybrid < score.hybrid  # k means something
