"""The 政策匹配 tab (ui/pages/match.py) through AppTest on the seed corpus: the form, the
result table, the clause card of a row, the CSV, and a bad profile's Chinese message."""
from __future__ import annotations

from html import unescape

import pytest

from ui.pages.match import profile_from_form, rows_of

pytestmark = pytest.mark.integration
TAB = 4  # 问答, 原文, 责任分工, 发展目标, 政策匹配


def _submit(at):
    form = at.tabs[TAB]
    next(b for b in form.button if "开始匹配" in b.label).click()
    at.run()
    assert not at.exception, at.exception


def test_the_form_matches_and_the_row_opens_its_clause(app):
    tab = app.tabs[TAB]
    next(w for w in tab.text_input if w.key == "match_region").set_value("河南省郑州市")
    next(w for w in tab.text_area if w.key == "match_text").set_value("我们准备引进一个中国工程院院士团队落户郑州。")
    _submit(app)
    tab = app.tabs[TAB]
    assert tab.dataframe, "a result table"
    table = tab.dataframe[0].value
    assert "三（五）" in list(table["条款"]) and "1000万元" in list(table["金额"])
    assert "Traceback" not in "".join(m.value for m in tab.markdown)
    card = unescape("\n".join(m.value for m in tab.markdown))
    assert "两院院士" in card and "1000万元" in card  # the clause card of the chosen row
    assert any(b.label.startswith("下载匹配结果") for b in tab.get("download_button"))


def test_a_bad_number_in_free_text_is_not_a_crash_and_nothing_found_says_so(app):
    tab = app.tabs[TAB]
    next(w for w in tab.text_input if w.key == "match_region").set_value("四川省成都市")
    next(w for w in tab.text_area if w.key == "match_text").set_value("我们在成都开火锅店。" * 3)
    _submit(app)
    tab = app.tabs[TAB]
    text = "\n".join(e.value for e in tab.info) + "\n".join(c.value for c in tab.caption)
    assert "没有找到符合的扶持措施" in text


def test_profile_from_form_keeps_only_filled_fields():
    profile = profile_from_form({"region": " 郑州 ", "industry": "", "entity": "个人", "revenue_wan": None,
                                 "tax_wan": 20.0, "employees": None, "qualifications": [], "text": ""})
    assert profile == {"region": "郑州", "entity": "individual", "tax_wan": 20.0}


def test_rows_carry_document_clause_measure_status_amount_conditions():
    result = {"matches": [{"doc": "某文件", "clause": "第二条", "measure": "奖励", "status": "可能符合", "amount": None,
                           "met": ["地区：某市"], "unmet": [], "unknown": ["是否为高新技术企业？"],
                           "validity": "现行有效", "quote": "对……给予奖励"}], "notes": []}
    [row] = rows_of(result)
    assert row["状态"] == "可能符合" and row["金额"] == "" and "？是否为高新技术企业？" in row["条件"]
