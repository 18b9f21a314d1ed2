"""A figure in a table row answers with its row, read with the column names above it: "职工医保的
哮喘门特每月最多报多少" is the 哮喘 row's 职工医保 cell, not a sentence elsewhere that states some
other cap, and not the neighbouring rows.

The page is written here (fictional, in this test's own words)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

PAGE = """<html><head><meta charset="utf-8"><title>白鹭市门诊慢性病支付标准的通知</title></head><body>
<h1>白鹭市门诊慢性病支付标准的通知</h1>
<p>一、门诊慢性病的最高支付限额按附件执行，当月有效，不滚存。</p>
<p>二、罕见病用药按不高于每人每年80000元的标准纳入支付范围。</p>
<p>附件</p>
<p>白鹭市门诊慢性病最高支付限额</p>
<table>
<tr><td>序号</td><td>病种名称</td><td>职工医保</td><td>居民医保</td></tr>
<tr><td>1</td><td>支气管哮喘</td><td>180元/月</td><td>60元/月</td></tr>
<tr><td>2</td><td>慢性胃炎</td><td>120元/月</td><td>40元/月</td></tr>
<tr><td>3</td><td>类风湿关节炎</td><td>300元/月</td><td>150元/月</td></tr>
</table>
</body></html>
"""


@pytest.fixture(scope="module")
def bailu(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-chronic.html": PAGE})


def test_a_table_cell_answers_with_its_row_and_the_column_names(bailu):
    answer = bailu.answer("职工医保的支气管哮喘门诊慢性病，每个月最多能报多少？")
    assert not answer.refused
    first = answer.text.splitlines()[0]
    assert "支气管哮喘" in first and "180元/月" in first
    assert "职工医保" in first  # the column names are shown with the row
    assert answer.claims[0].quote.count("｜") >= 3  # the row itself is what is quoted


def test_the_neighbouring_rows_are_other_cases(bailu):
    answer = bailu.answer("类风湿关节炎门诊慢性病居民医保每月限额多少？")
    assert not answer.refused
    assert "150元/月" in answer.text
    assert "慢性胃炎" not in answer.text and "支气管哮喘" not in answer.text


def test_a_header_is_the_short_lines_at_the_top_of_the_table():
    from assistant.tables import table_header

    text = ("附件\n序号｜工作事项｜牵头单位\n"
            "｜推广长期处方服务，各社区卫生服务中心均应提供长期处方｜市卫生健康委\n"
            "2｜开展上门服务｜各区政府")
    # a row without figures is a row, not a second header line
    assert table_header(text, "2｜开展上门服务｜各区政府") == "序号｜工作事项｜牵头单位"
    assert table_header(text, "｜推广长期处方服务，各社区卫生服务中心均应提供长期处方｜市卫生健康委") == "序号｜工作事项｜牵头单位"


PLAN = """<html><head><meta charset="utf-8"><title>白鹭市社区护理服务实施方案</title></head><body>
<h1>白鹭市社区护理服务实施方案</h1>
<p>一、主要任务</p>
<p>（一）推行长期处方。经社区医生评估，患慢性病的签约居民单次处方用药量最长可放宽至12周。</p>
<p>（二）开展上门护理。服务对象主要包含80岁以上卧床的老年人和重度残疾人。</p>
<p>附件</p>
<p>白鹭市社区护理服务任务分工表</p>
<table>
<tr><td>序号</td><td>工作事项</td><td>主要内容</td><td>牵头单位</td></tr>
<tr><td>1</td><td>推行长期处方</td><td>经社区医生评估，患慢性病的签约居民单次处方用药量最长可放宽至12周。</td><td>市卫生健康局</td></tr>
<tr><td>2</td><td>开展上门护理</td><td>服务对象主要包含80岁以上卧床的老年人和重度残疾人。</td><td>各区政府</td></tr>
</table>
</body></html>
"""


def test_a_task_table_restating_the_body_cites_the_body(tmp_path_factory):
    plan = assistant_over(tmp_path_factory, {"bailu-nursing-plan.html": PLAN})
    answer = plan.answer("签约居民有慢性病，一次最多能开多长时间的药？")
    assert not answer.refused
    assert "12周" in answer.text.splitlines()[0]
    assert answer.claims[0].clause == "一（一）"
