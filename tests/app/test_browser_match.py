"""End to end: the 政策匹配 tab in a real headless Chromium (see tests/app/test_browser.py)."""
from __future__ import annotations

import pytest

from tests.app.test_browser import ARTIFACTS, browser, page  # noqa: F401  (the same browser fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_match_table_renders_with_chinese_text_in_a_real_browser(page, streamlit_server):  # noqa: F811
    page.get_by_role("tab", name="政策匹配").click()
    page.get_by_label("所在地区").fill("河南省郑州市")
    page.get_by_label("补充说明（可选）").fill("我们准备引进一个中国工程院院士团队落户郑州，能享受哪些扶持？")
    page.get_by_role("button", name="开始匹配").click()
    grid = page.locator("[data-testid='stDataFrame']:visible")
    grid.first.wait_for(timeout=60_000)
    cells = grid.first.locator("[role='gridcell'], td")  # the grid's accessible cells behind its canvas
    cells.filter(has_text="三（五）").first.wait_for(timeout=30_000, state="attached")
    grid_text = " ".join(cells.all_text_contents())
    assert "着力扩大开放合作" in grid_text and "1000万元" in grid_text
    body = page.inner_text("body")
    assert "两院院士" in body  # the clause card under the table
    assert "Traceback" not in body
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "e2e-match.png"), full_page=True)
    _, log_path = streamlit_server
    assert "Traceback" not in log_path.read_text(encoding="utf-8", errors="replace")
