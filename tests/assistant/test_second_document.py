"""Two documents in one corpus: the seed and a fictional article-style policy (tests/fixtures/corpus2)."""
from __future__ import annotations

import re

import pytest

from core.settings import Settings

pytestmark = pytest.mark.integration
YUNLING = "云岭省人民政府办公厅关于印发云岭省促进数字经济和先进制造业融合发展若干措施的通知"


@pytest.fixture(scope="module")
def two_docs(seed_and_fiction):
    from assistant.service import Assistant

    corpus, data = seed_and_fiction
    return Assistant(Settings(data_dir=data, corpus_dir=corpus), corpus)


def _clauses(answer):
    return {c.clause for c in answer.citations}


def test_article_clause_ids_and_title(two_docs):
    ids = {c.clause_id for c in two_docs.index.clauses}
    assert {"第二条（一）", "第五条（一）1", "第九条", "序言", "落款"} <= ids
    titles = {d.title for d in two_docs.index.documents.values()}
    assert YUNLING in titles


def test_citations_carry_the_right_document_title(two_docs):
    a = two_docs.answer("云岭省对企业研发投入的补助比例是多少？单个企业每年最多多少？")
    assert "10%" in a.text and "300万元" in a.text
    assert all(c.doc == YUNLING for c in a.citations)
    b = two_docs.answer("河南引进两院院士团队能获得多少创业资金？")
    assert "1000万元" in b.text and all("河南" in c.doc for c in b.citations)


def test_inline_roles_are_facts(two_docs):
    a = two_docs.answer("云岭省全职引进数字经济领军人才的安家补助由哪个部门牵头？")
    assert "省科技厅" in a.text and "第六条（三）1" in _clauses(a)


def test_metric_conflict_states_both_versions(two_docs):
    a = two_docs.answer("云岭省数字经济核心产业规模到2025年的目标是多少？")
    assert "5000亿元" in a.text and "6000亿元" in a.text and a.conflicts
    assert {"第二条（一）", "第四条（一）"} <= _clauses(a)


def test_document_metadata_by_name(two_docs):
    a = two_docs.answer("请问云岭省数字经济若干措施的文号？")
    assert "云政办〔2021〕7号" in a.text
    b = two_docs.answer("云岭那份数字经济措施有效期截至哪天？")
    assert "2025年12月31日" in b.text and "第九条" in _clauses(b)


def test_year_outside_the_document_is_refused(two_docs):
    a = two_docs.answer("云岭省数字经济核心产业规模2030年的目标是多少？")
    assert a.refused and "2025" in a.text


def test_colloquial_wording_outside_the_dictionary_still_finds_the_clause(two_docs):
    """'买云服务' is cut by jieba's HMM as 买云 / 服务, the document says 购买 / 云 / 服务."""
    answer = two_docs.answer("小厂买云服务能补多少？")
    assert not answer.refused
    assert "第五条（二）" in _clauses(answer) and "50%" in answer.text


def test_a_year_only_the_other_document_covers_is_refused(two_docs):
    """"河南" names the seed; 2025 appears only in the fictional document, so the seed has no such target."""
    answer = two_docs.answer("按河南那份实施意见，2025年新兴产业集群总体规模要达到多少？")
    assert answer.refused and "2025" in answer.text


def test_a_place_name_only_one_title_has_scopes_the_question(two_docs):
    doc_ids = two_docs.view.titles.named("云岭企业买云服务有补贴吗")
    assert doc_ids and "云岭" in two_docs.index.documents[doc_ids[0]].title
    assert two_docs.view.titles.named("企业买云服务有补贴吗") == ()


def test_which_units_are_responsible_for_the_clause_the_last_answer_cited(two_docs):
    """"这条措施由哪些单位负责落实？" after an answer that cited 第五条（二）: that clause's own note."""
    history = [{"role": "user", "content": "云岭企业买云服务有补贴吗？"},
               {"role": "assistant", "content": "据第五条（二）（推动企业上云用数）：对中小企业购买云服务的费用给予50%补贴。"}]
    answer = two_docs.answer("这条措施由哪些单位负责落实？", history)
    assert not answer.refused and answer.route == "facts"
    assert "省工业和信息化厅" in answer.text and "省通信管理局" in answer.text
    assert {c.clause for c in answer.citations} == {"第五条（二）"}


def test_metadata_quotes_the_date_and_validity_as_the_document_writes_them(two_docs):
    answer = two_docs.answer("云岭省那份数字经济文件的发文单位是谁？")
    closing = [c for c in answer.citations if c.clause == "落款"]
    assert closing and all(c.quote in answer.text for c in closing)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", answer.text)  # not the sidecar's ISO form


@pytest.mark.unit
def test_a_sidecar_iso_date_is_shown_as_the_closing_writes_it():
    from types import SimpleNamespace

    from assistant.compose_structure import _date_as_written

    doc = SimpleNamespace(doc_id="d", date="2024-03-28")
    closing = SimpleNamespace(text="青澜市人民政府\n2024年3月28日")
    assert _date_as_written(SimpleNamespace(clause=lambda d, c: closing), doc) == "2024年3月28日"
    assert _date_as_written(SimpleNamespace(clause=lambda d, c: None), doc) == "2024年3月28日"
