"""A list asked by what it is a list of ("要准备哪些材料"): a section headed by that word
("必需材料") lists its numbered items, and a bare heading whose paragraph ends "提交下列材料："
leads the list with that sentence. The pages are written here (fictional)."""
from __future__ import annotations

import pytest

from assistant.compose_structure import asked_noun
from tests.assistant.conftest import assistant_over

GUIDE = """白鹭市退休金申领指南

一、办理对象
白鹭市参保单位、参保人
二、所需材料
（一）必需材料
1.《退休金待遇申报表》。
填报须知：申报表须由申领人本人签名。
2.《退休时间申请书》。
填报须知：不晚于退休当月提出。
3.申领人的社会保障卡。
填报须知：社会保障卡须已激活金融功能。
（二）其他情形所需材料
1.申请提前退休的，提供提前退休审批表。
2.存在重复缴费的，提供重复缴费退款申请表。
三、办理时限
承诺办结时限：10个工作日
"""

RULES = """白鹭市科技型企业认定办法

第一条 为培育科技型企业，制定本办法。
第二条 认定程序如下：
（一）企业申请
企业对照本办法进行自我评价，认为符合条件的向认定机构提出申请。申请时提交下列材料：
1.科技型企业认定申请书；
2.营业执照复印件；
3.近一个会计年度的财务会计报告。
（二）专家评审
认定机构组织专家评审。
第三条 本办法自2026年1月1日起施行。
"""


@pytest.mark.unit
@pytest.mark.parametrize("question, noun", [
    ("申领退休金要准备哪些材料？", "材料"),
    ("申请补贴有什么条件？", "条件"),
    ("补贴标准是多少？", ""),
])
def test_the_asked_noun_is_what_a_list_is_asked_of(question, noun):
    assert asked_noun(question) == noun


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-pension.txt": GUIDE, "bailu-tech.txt": RULES})


@pytest.mark.integration
def test_a_section_headed_by_the_asked_noun_lists_all_its_items(pages):
    answer = pages.answer("申领退休金必须准备哪些材料？")
    assert not answer.refused
    for paper in ("《退休金待遇申报表》", "《退休时间申请书》", "社会保障卡"):
        assert paper in answer.text
    assert {c.clause for c in answer.claims} >= {"二（一）1", "二（一）2", "二（一）3"}


@pytest.mark.integration
def test_the_paragraph_that_announces_the_items_leads_them(pages):
    answer = pages.answer("申请认定科技型企业要交哪些材料？")
    assert not answer.refused
    lines = answer.text.split("\n")
    assert lines[0].endswith("申请时提交下列材料：")
    for paper in ("认定申请书", "营业执照复印件", "财务会计报告"):
        assert paper in answer.text
    # a label names the clause by its ID once, never its title twice
    assert "（企业对照本办法进行自我评价）" not in lines[0]
