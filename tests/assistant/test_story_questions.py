"""Questions that tell a story before they ask ("听朋友说……，办理企业登记要交钱吗？"): the
clause that answers covers the asking part, not the story, and is quoted instead of refused;
a verb phrase before 公司 ("现在能当公司的法定代表人") names no trade the page lacks.
The page is written here (fictional)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

RULES = """白鹭市企业登记管理办法

第一条 为规范企业登记，制定本办法。
第二条 有下列情形之一的，不得担任公司的法定代表人：
（一）无民事行为能力；
（二）因贪污、挪用财产被判处刑罚，执行期满未逾5年；
（三）个人所负数额较大的债务到期未清偿。
第三条 在办理企业登记过程中，登记机关不得收取任何费用。
第四条 本办法自2026年1月1日起施行。
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-registration.txt": RULES})


@pytest.mark.integration
def test_the_asking_part_of_a_long_question_finds_its_clause(rules):
    answer = rules.answer("听朋友说找人帮忙要花好几千块钱，办理企业登记要交钱吗？")
    assert not answer.refused
    assert answer.claims[0].clause == "第三条" and "不得收取任何费用" in answer.text


@pytest.mark.integration
def test_a_verb_before_the_company_is_not_taken_for_a_trade(rules):
    answer = rules.answer("我朋友前几年因为挪用财产被判过刑，去年底刑满释放，现在能当公司的法定代表人吗？")
    assert not answer.refused
    assert any(c.clause == "第二条（二）" for c in answer.claims)


@pytest.mark.integration
def test_a_trade_the_page_never_names_is_still_refused(rules):
    answer = rules.answer("比特币挖矿企业能享受什么优惠？")
    assert answer.refused and "比特币挖矿" in answer.text


ACCOUNTS = """白鹭市养老保险关系转移问答

一、什么是临时缴费账户？
临时缴费账户指2010年1月1日后外省户籍男性年满50周岁、女性年满40周岁在本省首次参保缴费的账户。
二、省内流动就业要办转移吗？
自2021年4月1日起，参保人在省内流动就业的，不再办理省内转移接续手续。
"""


@pytest.fixture(scope="module")
def accounts(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-pension-transfer.txt": ACCOUNTS})


@pytest.mark.integration
def test_a_year_of_the_users_own_story_is_not_a_year_asked_about(accounts):
    answer = accounts.answer("我是外省户籍的女职工，2015年42岁时才第一次在本省交社保，这种算临时缴费账户吗？")
    assert not answer.refused
    assert answer.claims[0].clause == "一"


@pytest.mark.integration
def test_a_year_asked_about_that_no_clause_states_is_still_refused(accounts):
    answer = accounts.answer("2019年的转移政策是怎样的？")
    assert answer.refused and "2019年" in answer.text
