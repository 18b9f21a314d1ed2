"""Answers on the shapes real pages take: a Q&A page whose headings are the questions, an
abbreviation the page never uses, a list its sentence announces, a follow-up about a case the
page does not name, and a question that names its document by title.

The page is written here (fictional, in this test's own words)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

FAQ = """白鹭市公共租赁住房常见问题解答

一、公共租赁住房的租金怎么交？
承租人按月缴纳租金，可通过银行代扣或者线上渠道缴纳。
二、公共租赁住房租赁补贴每月能领多少钱？
租赁补贴按家庭人数核定。目前补贴标准为每户每月800元。
三、租赁补贴能领多久？
租赁补贴的领取期限一般为3年，按一个月为一期发放，期满前3个月可以申请续期。
四、申请租赁补贴需要符合什么条件？
申请家庭同时符合下列条件的，可以申请租赁补贴：
（一）家庭成员均具有本市户籍；
（二）家庭人均月收入低于本市最低工资标准；
（三）在本市无自有住房。
五、硕士、博士到本市工作有没有安家补贴？
按博士每人5万元、硕士每人3万元、其他每人1万元的标准一次性发放。
"""


@pytest.fixture(scope="module")
def faq(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-faq.txt": FAQ})


def test_the_heading_that_asks_the_same_thing_gives_the_answer(faq):
    """Two headings share the question's words; the one that asks for an amount holds it."""
    answer = faq.answer("租赁补贴一个月能领多少钱？")
    assert not answer.refused
    assert answer.text.startswith("据二")
    assert "800元" in answer.text.splitlines()[0]


def test_an_answer_that_states_the_amount_cites_no_neighbouring_question(faq):
    answer = faq.answer("租赁补贴一个月能领多少钱？")
    assert {c.clause for c in answer.claims} == {"二"}


def test_a_duration_answers_how_long(faq):
    answer = faq.answer("租赁补贴最长可以领几年？")
    assert not answer.refused and "3年" in answer.text


def test_an_abbreviation_the_page_never_uses_is_read_as_its_full_form(faq):
    view = faq.view
    assert view.spelled_out("公租房") == "公共租赁住房"
    assert view.spelled_out("租金") == ""  # the page's own word
    assert view.spelled_out("白补") == ""  # two characters need a form the page uses three times
    answer = faq.answer("公租房的租金怎么交？")
    assert not answer.refused and answer.claims[0].clause == "一"


def test_conditions_announced_by_a_sentence_are_listed_item_by_item(faq):
    answer = faq.answer("申请租赁补贴要满足哪些条件？")
    cited = [c.clause for c in answer.claims]
    assert cited[:1] == ["四"] and {"四（一）", "四（二）", "四（三）"} <= set(cited)
    assert "无自有住房" in answer.text


def test_a_follow_up_about_a_case_the_page_does_not_name_quotes_the_rule_that_decides_it(faq):
    history = [{"role": "user", "content": "博士到白鹭市工作的安家补贴是多少？"}]
    answer = faq.answer("那本科生呢？", history)
    assert not answer.refused
    assert "没有单独列出" in answer.text and "其他每人1万元" in answer.text
    assert answer.claims[0].clause == "五"


def test_a_question_naming_the_document_by_title_is_not_refused_for_those_words(faq):
    answer = faq.answer("白鹭市公共租赁住房常见问题解答里，补贴能领多久？")
    assert not answer.refused and "3年" in answer.text


OTHER = """鹭江省人才安居办法

第一条 为吸引人才，制定本办法。
第二条 硕士、博士到本省工作的，按博士每人8万元、硕士每人3万元的标准一次性发放安家补贴。
"""


def test_compare_when_asked_answers_from_each_document_under_its_title(tmp_path_factory):
    assistant = assistant_over(tmp_path_factory, {"bailu-faq.txt": FAQ, "lujiang-rencai.txt": OTHER})
    answer = assistant.answer("博士的安家补贴是多少？两份文件说法一样吗？")
    assert not answer.refused
    compared = answer.text.split("（2）", 1)[1]
    assert "《白鹭市公共租赁住房常见问题解答》" in compared and "《鹭江省人才安居办法》" in compared
    assert "写法不同" in compared and "5万元" in compared and "8万元" in compared
    assert {c.doc for c in answer.claims} == {"白鹭市公共租赁住房常见问题解答", "鹭江省人才安居办法"}


HEDONG = """河东省人民政府关于促进新能源汽车消费的通知

一、对在本省购买新能源汽车的个人，给予每辆车5000元购车补贴。
二、购车补贴由销售企业代为申请。
"""


def test_a_question_about_one_place_is_not_answered_from_another_places_policy(tmp_path_factory):
    """白鹭市 asks; the 河东省 notice never mentions 白鹭 and the 白鹭 pages never mention 河东."""
    assistant = assistant_over(tmp_path_factory, {"bailu-faq.txt": FAQ, "hedong-car.txt": HEDONG})
    answer = assistant.answer("白鹭市买新能源汽车有购车补贴吗？")
    assert answer.refused
    assert all(c.doc != "河东省人民政府关于促进新能源汽车消费的通知" for c in answer.claims)
    own = assistant.answer("河东省买新能源汽车每辆补贴多少？")
    assert not own.refused and "5000元" in own.text
