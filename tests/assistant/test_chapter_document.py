"""A chapter-style 办法 (tests/fixtures/corpus3, fictional): articles with numbered items."""
from __future__ import annotations

import shutil

import pytest

from core.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.integration

FICTION = PROJECT_ROOT / "tests" / "fixtures" / "corpus3"


@pytest.fixture(scope="module")
def qinglan(tmp_path_factory):
    from assistant.service import Assistant

    corpus = tmp_path_factory.mktemp("qinglan") / "corpus"
    corpus.mkdir()
    for path in FICTION.glob("qinglan-*"):
        shutil.copy(path, corpus)
    settings = Settings(data_dir=tmp_path_factory.mktemp("qinglan-data"), corpus_dir=corpus)
    return Assistant(settings, corpus)


def test_asking_for_the_items_lists_every_item_of_the_article(qinglan):
    answer = qinglan.answer("开通低空航线的补助分哪几类？")
    clauses = {c.clause for c in answer.citations}
    assert {"第十三条（一）", "第十三条（二）", "第十三条（三）"} <= clauses
    assert all(amount in answer.text for amount in ("20万元", "50万元", "80万元"))


def test_whether_one_may_apply_is_not_a_procedure_question(qinglan):
    """"还能申请吗" asks about eligibility, which the document states; "怎么申请" asks how, which it does not."""
    answer = qinglan.answer("发生过较大飞行安全事故的企业还能申请补贴吗？")
    assert not answer.refused and "近三年内" in answer.text
    how = qinglan.answer("适航取证奖励去哪个窗口申请？")
    assert how.refused


def test_the_note_after_an_articles_items_gives_the_articles_units(qinglan):
    answer = qinglan.answer("开通低空航线补助由哪个部门牵头？")
    assert "市交通运输局" in answer.text


def test_two_years_in_one_question_get_both_years(qinglan):
    answer = qinglan.answer("到2025年要引进培育多少家低空企业？到2027年呢？")
    assert "100家" in answer.text and "200家" in answer.text  # one sentence for each year, from 第四条（二）
    assert "第四条（二）" in {c.clause for c in answer.citations}
