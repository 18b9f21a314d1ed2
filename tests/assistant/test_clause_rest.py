"""The rest of the lead's rule comes with it in the clause's own order, and a bare "怎么处理？"
after a part that names its subject is answered from that part's clause.

The documents are written here (fictional, in this test's own words)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

HOSPITAL = """白鹭市居民医保待遇问答

各位网友好，这里是白鹭市政务访谈。待遇标准方面，辖区内住院待遇：乡镇卫生院起付标准100元，报销比例90%；一级医疗机构起付标准200元，报销比例85%；二级医疗机构起付标准450元，报销比例72%；三级医疗机构起付标准800元，报销比例60%。异地住院待遇：省内起付标准900元，报销比例55%；跨省起付标准1400元，报销比例45%。特困人员住院报销比例提高5%。

一、学生入学
适龄儿童的父母无正当理由不送子女入学的，由区教育局给予批评教育，责令限期改正。
"""


@pytest.fixture(scope="module")
def hospital(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"hospital.txt": HOSPITAL})


def test_every_tier_of_the_rule_is_quoted_in_its_order(hospital):
    answer = hospital.answer("我在二级医院住院，起付线多少，能报多少比例？")
    assert not answer.refused
    assert "450元" in answer.text and "72%" in answer.text  # the user's own level is never cut off
    rest = [line for line in answer.text.split("\n") if "医疗机构" in line and "二级" not in line]
    assert rest == sorted(rest, key=lambda line: HOSPITAL.index(line.split("：")[-1]))  # the others in the clause's own order


def test_how_it_is_handled_is_answered_from_the_part_before(hospital):
    answer = hospital.answer("家长没有正当理由不送孩子上学，由谁来管？怎么处理？")
    second = answer.text.split("（2）")[1]
    assert "抱歉" not in second
    assert "批评教育" in second
