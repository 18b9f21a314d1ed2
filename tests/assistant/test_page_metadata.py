""""这篇文章是哪天发布的？哪个单位发的？" asks about the page itself: it is answered from the page's
own publishing line, quoted as shown, not refused for words no rule of the page uses. The page is
written here (fictional, in this test's own words)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

PAGE = """<html><head><meta charset="utf-8"><title>白鹭市租赁备案攻略</title></head><body>
<div class="attr"><span class="date">发表时间：<b>2023-07-27 09:46:26</b></span>
<span class="ly">信息来源：<b>白鹭区住建局</b></span></div>
<div class="article"><p>一、什么是房屋租赁登记备案？</p><p>房屋租赁当事人应当在租赁合同订立后30日内办理登记备案。</p>
<p>二、可以网上办理吗？</p><p>可以，登录白鹭市住房租赁平台即可在线办理。</p></div>
</body></html>"""


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-rental-guide.html": PAGE})


def test_when_and_by_whom_the_page_was_published(page):
    answer = page.answer("这篇攻略是哪个部门、什么时候发布的？")
    assert not answer.refused
    assert "2023-07-27" in answer.text and "白鹭区住建局" in answer.text
    assert any(c.clause == "序言" and "白鹭区住建局" in c.quote for c in answer.claims)


def test_each_part_of_a_two_part_question_about_the_page(page):
    answer = page.answer("这篇文章是哪天发布的？发布单位是哪个？")
    assert not answer.refused
    assert "抱歉" not in answer.text
    assert answer.text.count("白鹭区住建局") >= 1


def test_a_page_that_shows_no_metadata_is_refused_not_answered_with_its_file_name(tmp_path_factory):
    pages = "".join(f"===PAGE {i}===\n\n" for i in range(1, 6))  # a scan's text: page marks, one caption
    scanned = assistant_over(tmp_path_factory, {"bailu-scan.txt": pages + "附图：报名流程示意图\n"})
    answer = scanned.answer("这份招生细则是哪个部门发的？从哪天开始执行？")
    assert answer.refused
    assert "bailu-scan" not in answer.text
