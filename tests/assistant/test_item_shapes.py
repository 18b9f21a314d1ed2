"""Answers that live in an article's items: a rate by age band under a lead-in, a term defined
by 以下简称 in an item nobody retrieves, a list counted by its classifier (分为以下三类), and a
duration threshold read against the user's own 3年半.

The document is written here (fictional, in this test's own words)."""
from __future__ import annotations

import pytest

from assistant.tiers import quantities, verdict
from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

POLICY = """青禾市居民护理保险办法

第一条 为保障失能居民的基本护理需求，制定本办法。
第二条 护理保险缴费标准如下：
（一）单位缴费费率为0.2%。
（二）个人缴费费率：
1.未满30周岁的参保人不缴费；
2.满30周岁至未满50周岁的参保人为0.05%；
3.满50周岁的参保人为0.1%。
第三条 享受护理待遇的人员应当符合下列条件：
（一）经评估失能等级为1至3级的参保人（以下简称失能参保人），失能状态持续6个月以上；
（二）在本市连续参保满2年。
第四条 护理待遇分为以下三类：
（一）居家上门护理；
（二）机构集中护理；
（三）辅助器具租赁。
第五条 失能参保人入住定点机构的，护理费用按80%的比例支付。
第六条 失能参保人居家护理的，护理费用按90%的比例支付。
第七条 失能评估结论作出后，经办机构于每月10日前结算护理费用。
第八条 本办法自2024年3月1日起施行。
"""


@pytest.fixture(scope="module")
def qinghe(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"qinghe-care.txt": POLICY})


def test_the_age_band_under_a_lead_in_answers_the_users_age(qinghe):
    answer = qinghe.answer("我今年42岁，护理保险个人缴费费率是多少？")
    assert not answer.refused
    assert answer.claims[0].clause == "第二条（二）2"
    assert "0.05%" in answer.text.splitlines()[0]


def test_a_term_defined_in_an_item_is_found_for_what_is_it_questions(qinghe):
    answer = qinghe.answer("办法里说的“失能参保人”是指什么人？")
    assert not answer.refused
    assert answer.claims[0].clause == "第三条（一）"
    assert "1至3级" in answer.text


def test_a_list_asked_by_its_classifier_comes_from_the_clause_that_counts_it(qinghe):
    answer = qinghe.answer("护理待遇分成哪几类？")
    cited = [c.clause for c in answer.claims]
    assert cited[0] == "第四条" and "辅助器具租赁" in answer.text


def test_half_years_and_age_bands_are_read_with_their_bounds():
    assert verdict("在本市连续参保满2年", quantities("我参保了1年半")) == -1
    assert verdict("在本市连续参保满2年", quantities("我参保了2年半")) == 1
    band = "满30周岁至未满50周岁的参保人为0.05%"
    assert verdict(band, quantities("今年50岁")) == -1  # 未满 leaves 50 out
    assert verdict(band, quantities("今年30岁")) == 1
    assert verdict("2025年以上的规划", quantities("参保3年")) == 0  # a year is not a duration


def test_how_many_days_is_not_answered_by_a_date(qinghe):
    answer = qinghe.answer("失能评估结论作出后多少个工作日内结算护理费用？")
    assert answer.refused and "第七条" in answer.text  # quotes what the page does say


def test_a_year_the_evidence_does_not_speak_of_is_refused_even_if_the_page_names_it_elsewhere(qinghe):
    answer = qinghe.answer("2024年的单位缴费费率是多少？")
    assert answer.refused and "2024年" in answer.text
    assert "0.2%" in answer.text  # and says what the page states


def test_the_title_words_of_a_question_about_the_document_itself_pick_no_sentence(qinghe):
    answer = qinghe.answer("这个青禾市居民护理保险办法从什么时候开始施行？")
    assert not answer.refused
    assert answer.claims[0].clause == "第八条" and "2024年3月1日" in answer.text


LEAD_IN = """白鹭市长者饭堂管理办法

第十条 长者饭堂运营机构出现下列情形的，民政部门应当终止合作：
（一）擅自关停；
（二）连续3个月没有老年人就餐；
（三）拒不整改的。
第十一条 长者饭堂每日供餐不少于一次。
"""


def test_an_item_is_quoted_under_the_sentence_that_introduces_it(tmp_path_factory):
    from tests.assistant.conftest import assistant_over

    canteen = assistant_over(tmp_path_factory, {"canteen.txt": LEAD_IN})
    answer = canteen.answer("长者饭堂连续3个月没有老年人就餐，运营机构会怎么样？")
    assert not answer.refused
    assert "终止合作" in answer.text
    assert {"第十条", "第十条（二）"} <= {c.clause for c in answer.claims}
