"""Validity in answers, expired documents left out on request, refusals under 文件范围, and
sentences chosen by what is asked: on the seed plus a fictional article-style policy that
is in force until 2025-12-31 (tests/fixtures/corpus2), and on a small synthetic policy."""
from __future__ import annotations

import pytest

from core.settings import AnswerSettings, Settings

pytestmark = pytest.mark.integration


def _assistant(seed_and_fiction, **answer):
    from assistant.service import Assistant

    corpus, data = seed_and_fiction
    return Assistant(Settings(data_dir=data, corpus_dir=corpus, answer=AnswerSettings(**answer)), corpus)


QUESTION = "云岭省对首版次工业软件产品怎么奖励？"


def test_an_answer_from_an_expired_document_says_so(seed_and_fiction):
    after = _assistant(seed_and_fiction, today="2026-03-01").answer(QUESTION)
    assert not after.refused and "已于2025年12月31日到期失效" in after.text
    before = _assistant(seed_and_fiction, today="2025-06-01").answer(QUESTION)
    assert not before.refused and "失效" not in before.text


def test_expired_documents_can_be_left_out(seed_and_fiction):
    """A question that names no document is answered from the documents still in force."""
    unnamed = "首版次工业软件产品怎么奖励？"
    kept = _assistant(seed_and_fiction, today="2026-03-01", exclude_expired=True)
    answer = kept.answer(unnamed)
    assert all("云岭" not in c.doc for c in answer.claims)
    live = _assistant(seed_and_fiction, today="2025-06-01", exclude_expired=True).answer(unnamed)
    assert any("云岭" in c.doc for c in live.claims)
    named = kept.answer(QUESTION)  # naming the document asks about it, in force or not
    assert any("云岭" in c.doc for c in named.claims) and "失效" in named.text


def test_a_refusal_under_a_chosen_document_points_to_the_other(seed_and_fiction):
    a = _assistant(seed_and_fiction, today="2025-06-01")
    henan = next(d for d, doc in a.index.documents.items() if "河南" in doc.title)
    answer = a.answer(QUESTION, doc_ids=[henan])
    assert answer.refused and "本次只在所选文件" in answer.text and "云岭" in answer.text.split("本次只在所选文件")[1]


SYNTHETIC = """某市促进测试服务业发展办法
第一条 为促进测试服务业发展，制定本办法。
第二条 首次认定奖励。
（一）对首次获得市级测试服务示范机构认定的单位给予一次性奖励。
（二）申请单位应当在认定之日起6个月内提出申请。
奖励标准为每家30万元。
第三条 申请材料由市测试服务促进中心受理，受理后15个工作日内完成审核。
某市测试服务促进局
2024年3月1日
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from assistant.service import Assistant

    corpus = tmp_path_factory.mktemp("syn") / "corpus"
    corpus.mkdir()
    (corpus / "test-service.txt").write_text(SYNTHETIC, encoding="utf-8")
    settings = Settings(data_dir=tmp_path_factory.mktemp("syn-data"), corpus_dir=corpus, profile="default")
    return Assistant(settings, corpus)


def test_an_amount_question_quotes_the_sentence_with_the_amount(synthetic):
    answer = synthetic.answer("首次认定示范机构的奖励是多少钱？")
    assert not answer.refused and "30万元" in answer.claims[0].quote


def test_a_time_limit_question_quotes_the_time_limit(synthetic):
    answer = synthetic.answer("交了申请材料以后多长时间审核完？")
    assert not answer.refused and "15个工作日" in answer.text
