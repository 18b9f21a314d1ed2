"""A short second question leans on the first ("…每年要做什么？不做会怎么样？"): when it finds no
evidence of its own, it is answered from the clause the other part cites, by the sentence that
states what it asks (here a consequence). The page is written here (fictional)."""
from __future__ import annotations

import pytest

from assistant.question import asked_types, holds_asked_type
from tests.assistant.conftest import assistant_over

PAGE = """白鹭市退休人员服务指南

一、离退休人员每年须办理一次基本养老金领取资格认证，可通过白鹭人社APP刷脸办理。逾期未认证的，暂停发放基本养老金。
二、养老金每月15日发放至本人社会保障卡。
三、委托他人代办的，需提供委托书和代办人身份证。
"""


@pytest.mark.unit
@pytest.mark.parametrize("question, asks", [
    ("不认证会怎么样？", True),
    ("逾期办理有什么后果？", True),
    ("养老金每月几号发？", False),
])
def test_a_consequence_is_an_asked_type(question, asks):
    assert ("consequence" in asked_types(question)) is asks


@pytest.mark.unit
def test_a_sentence_states_a_consequence_by_its_shape():
    assert holds_asked_type("逾期未认证的，暂停发放基本养老金。", ("consequence",))
    assert holds_asked_type("超出部分由本人自理。", ("consequence",))
    assert not holds_asked_type("养老金每月15日发放至本人社会保障卡。", ("consequence",))


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-retire.txt": PAGE})


@pytest.mark.integration
def test_the_second_part_is_answered_from_the_first_parts_clause(guide):
    answer = guide.answer("退休以后每年要做什么？不做会怎么样？")
    assert not answer.refused
    second = answer.text.split("（2）", 1)[1]
    assert "暂停发放基本养老金" in second and "抱歉" not in second


@pytest.mark.integration
def test_a_refused_part_reads_the_clauses_the_other_parts_cite(guide):
    from assistant.compound import from_other_parts

    first = guide.answer("退休以后每年要做什么？")
    found = from_other_parts(guide.index, "不做会怎么样？", [first], guide.view.profile.colloquial_words)
    assert found is not None and "暂停发放基本养老金" in found.text
    assert found.claims[0].clause == first.claims[0].clause == "一"


@pytest.mark.integration
def test_a_part_that_names_its_own_subject_is_not_answered_from_the_other(guide):
    from assistant.compound import from_other_parts

    first = guide.answer("退休以后每年要做什么？")
    assert from_other_parts(guide.index, "异地居住人员的医疗费用报销比例是多少？", [first]) is None


QA_PAGE = """白鹭市创业贷款常见问题

一、创业贷款申请对象有哪几类？
答：申请对象分为个人借款人和小微企业借款人。
二、创业贷款有哪些申请渠道？
答：申请人可在白鹭市政务服务网（网址：https://zwfw.bailu.example）搜索“创业贷款”提出申请。
三、创业贷款的利率是多少？
答：贷款利率按贷款合同签订日的贷款市场报价利率执行。
"""


@pytest.fixture(scope="module")
def qa_page(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-loan-qa.txt": QA_PAGE})


@pytest.mark.integration
def test_a_few_words_after_a_question_are_read_with_its_subject(qa_page):
    """"网上能办吗？" names nothing the page says; with the part before it, it asks about the
    loan's channels, and the page's answer on its channels is quoted, not refused."""
    answer = qa_page.answer("创业贷款在哪里申请？网上能办吗？")
    second = answer.text.split("（2）", 1)[1]
    assert "抱歉" not in second
    assert "政务服务网" in second.split("\n")[1]


@pytest.mark.integration
def test_a_follow_up_turn_is_read_with_the_turn_before_it(qa_page):
    first = qa_page.answer("创业贷款在哪里申请？")
    history = [{"role": "user", "content": "创业贷款在哪里申请？"},
               {"role": "assistant", "content": first.text, "answer": first}]
    answer = qa_page.answer("网上能办吗？", history)
    assert not answer.refused
    assert any(c.clause == "二" for c in answer.claims)
