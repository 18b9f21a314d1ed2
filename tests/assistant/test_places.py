"""A place the question names is refused only when no document covers it: a district page does not
cover another district, and a province's policy covers its cities and their districts (the
profile's region_groups). The documents are written here (fictional rules, real place names)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

DISTRICT = """天河区小学新生入学报名须知

一、报名时间：5月7日至11日。
二、报名方式：登录招生报名系统填写报名信息。
"""

PROVINCE = """广东省高校毕业生创业租金补贴办法

第一条 在本省租用场地创业的高校毕业生，每年给予最高6000元租金补贴。
"""


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"district-school.txt": DISTRICT})


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"province-rent.txt": PROVINCE})


def test_another_district_is_refused_on_a_district_page(district):
    answer = district.answer("越秀区小学报名是几号到几号？")
    assert answer.refused and "越秀区" in answer.text


def test_the_pages_own_district_is_answered(district):
    answer = district.answer("天河区小学报名是几号到几号？")
    assert not answer.refused and "5月7日至11日" in answer.text


def test_another_city_of_the_province_is_refused_where_no_document_covers_it(district):
    assert district.answer("佛山的小学报名是几号？").refused


def test_a_city_and_its_district_are_covered_by_the_provinces_policy(province):
    for question in ("我在广州租场地创业，租金补贴每年最多多少？", "我在越秀区租场地创业，租金补贴每年最多多少？"):
        answer = province.answer(question)
        assert not answer.refused, question
        assert "6000元" in answer.text


def test_a_place_beside_a_covered_one_is_context_not_the_question(district):
    answer = district.answer("我们以前住越秀区，现在搬到天河区了，小学报名是几号到几号？")
    assert not answer.refused and "5月7日至11日" in answer.text


TALENT = """天河区人才公寓申请公告

一、租金标准：人才公寓租金为每平方米每月30元。
"""
TRANSFER = """广州市养老保险关系转移问答

一、从深圳转入广州的参保人，可在广州社保经办窗口申请办理转移接续。
"""


@pytest.fixture(scope="module")
def two_places(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"talent.txt": TALENT, "transfer.txt": TRANSFER})


def test_a_place_the_answering_document_never_names_is_refused(two_places):
    answer = two_places.answer("深圳的人才公寓租金标准是每平方米多少钱？")
    assert answer.refused and "深圳" in answer.text


def test_the_answering_documents_own_place_beside_another_is_answered(two_places):
    answer = two_places.answer("我以前在深圳工作，现在在天河区，人才公寓租金每平方米多少钱？")
    assert not answer.refused and "30元" in answer.text


def test_a_city_named_with_its_suffix_is_refused_when_the_documents_only_use_the_bare_word(tmp_path_factory):
    doc = assistant_over(tmp_path_factory, {"coop.txt": """白鹭市对外合作方案

一、到2025年，对接上海合作组织国家项目不少于20个。
"""})
    answer = doc.answer("上海市到2025年对接项目的目标是多少？")
    assert answer.refused and "上海市" in answer.text

