"""End to end: a real `streamlit run app.py` server driven by Debian's headless Chromium.

Playwright only drives the browser; it never downloads one (executable_path is the
system chromium). fonts-noto-cjk must be installed, or the screenshot shows boxes.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = PROJECT_ROOT / "artifacts"
QUESTION = "引进两院院士团队能获得多少创业资金支持？"

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    if shutil.which("fc-list") is None:
        pytest.fail("fontconfig is missing: apt-get install -y fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, streamlit_server):
    url, _ = streamlit_server
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=90_000)
    yield page
    context.close()
    assert not errors, errors


def _ask(page, question: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")


def test_chat_answer_with_citation_in_a_real_browser(page, streamlit_server):
    _ask(page, QUESTION)
    messages = page.get_by_test_id("stChatMessage")
    messages.filter(has_text="1000万元").last.wait_for(timeout=60_000)
    page.get_by_text("引用依据").first.wait_for(timeout=30_000)
    body = page.inner_text("body")
    assert "1000万元" in body
    assert "三（五）" in body
    assert "Traceback" not in body
    # The quoted sentence is highlighted inside the full clause text (markdown, not raw HTML).
    highlighted = page.locator("[data-testid='stChatMessage'] strong", has_text="1000万元")
    assert highlighted.count() >= 1
    assert "orange-background" not in body and "**" not in body
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "e2e-chat.png"), full_page=True)
    _, log_path = streamlit_server
    assert "Traceback" not in log_path.read_text(encoding="utf-8", errors="replace")


def test_citation_jumps_to_the_clause_tab(page):
    _ask(page, QUESTION)
    page.get_by_test_id("stChatMessage").filter(has_text="1000万元").last.wait_for(timeout=60_000)
    page.get_by_role("button", name="在原文中查看").first.click()
    selected = page.get_by_role("tab", selected=True)
    selected.filter(has_text="原文").wait_for(timeout=30_000)
    panel = page.get_by_role("tabpanel").filter(has_text="着力扩大开放合作")
    panel.first.wait_for(timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "e2e-source.png"), full_page=True)


def test_targets_chart_draws_in_the_browser(page):
    page.get_by_role("tab", name="发展目标").click()
    page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg").first.wait_for(
        timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "e2e-targets.png"), full_page=True)


def test_my_unit_duties_in_the_browser(page):
    page.get_by_role("tab", name="责任分工").click()
    panel = page.get_by_role("tabpanel").filter(has_text="我的单位").first
    panel.get_by_role("combobox").first.click()
    page.get_by_role("option", name="省商务厅").click()
    panel.get_by_text("省商务厅的全部职责").wait_for(timeout=30_000)
    body = page.inner_text("body")
    assert "作为牵头单位（3 项）" in body and "服务外包（二（二）4）" in body
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "e2e-roles.png"), full_page=True)


CONCURRENT_QUESTIONS = {
    "引进两院院士团队能获得多少创业资金支持？": "1000万元",
    "新一代智能终端由哪个单位牵头？": "省发展改革委",
    "高端合金材料集群2020年要做到多大？": "3000亿元",
    "省商务厅负责哪些工作？": "服务外包",
    "服务外包由哪个单位牵头？": "省商务厅",
    "上海市的人才政策是什么？": "抱歉",
    "节能环保产业集群的发展目标是什么？": "5000亿元",
    "云计算大数据由哪个单位牵头？": "省发展改革委",
    "世界一流水平团队来创业，最多资助多少？": "1亿元",
    "数字创意集群2020年规模要做到多少？": "1000亿元",
}


def test_ten_concurrent_browser_sessions(browser, streamlit_server):
    """Ten browser sessions ask at the same time; every one gets its answer and no error."""
    url, log_path = streamlit_server
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    pages = []
    try:
        for _ in CONCURRENT_QUESTIONS:
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(url, wait_until="domcontentloaded")
            pages.append(page)
        for page in pages:
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=90_000)
        for page, question in zip(pages, CONCURRENT_QUESTIONS):
            _ask(page, question)  # all ten are in flight before any answer is awaited
        for page, (question, expected) in zip(pages, CONCURRENT_QUESTIONS.items()):
            reply = page.get_by_test_id("stChatMessage").filter(has_text=expected).last
            reply.wait_for(timeout=120_000)
            body = page.inner_text("body")
            assert question in body
            assert "Traceback" not in body and "抱歉，系统暂时无法回答" not in body, question
            assert page.get_by_test_id("stException").count() == 0, question
    finally:
        context.close()
    assert not errors, errors
    assert "Traceback" not in log_path.read_text(encoding="utf-8", errors="replace")


def _pseudo(locator, which: str) -> str:
    return locator.evaluate(f"e => getComputedStyle(e, '{which}').content")


def test_upload_widget_speaks_chinese(page):
    """Streamlit's own English ("Upload", "20MB per file ...") is hidden; Chinese is shown in its place."""
    from ui import style

    zone = page.get_by_test_id("stFileUploaderDropzone").first
    zone.wait_for(timeout=30_000)
    button_text = zone.locator("button [data-testid='stMarkdownContainer'] p").first
    from playwright.sync_api import expect

    expect(button_text).to_have_css("font-size", "0px", timeout=30_000)  # "Upload", unreadable (the style may land after the widget)
    assert _pseudo(button_text, "::after") == f'"{style.BROWSE_ZH}"'
    hint = zone.get_by_test_id("stFileUploaderDropzoneInstructions").locator("span").first
    expect(hint).to_have_css("font-size", "0px", timeout=30_000)  # "20MB per file • ..."
    assert _pseudo(hint, "::before") == f'"{style.DROP_ZH}"'
    assert _pseudo(hint, "::after") == f'"{style.limits_zh()}"'
    box = zone.bounding_box()
    assert box and box["height"] > 40, "the uploader is still drawn"
    ARTIFACTS.mkdir(exist_ok=True)
    zone.screenshot(path=str(ARTIFACTS / "e2e-uploader.png"))


def test_library_page_in_a_real_browser(page, streamlit_server):
    page.get_by_role("tab", name="文件管理").click()
    panel = page.get_by_role("tabpanel").filter(has_text="检索测试").first
    panel.get_by_text("删除文件").wait_for(timeout=30_000)
    table = panel.get_by_test_id("stTable").first
    for text in ("标题", "文号", "状态", "条款数", "未注明", "默认收录", "10+8新兴产业集群"):
        table.get_by_text(text).first.wait_for(timeout=30_000)
    panel.get_by_role("textbox", name="检索内容").fill("两院院士 创业资金支持")
    panel.get_by_role("button", name="检索").click()
    hits = panel.get_by_test_id("stTable").filter(has_text="得分").first
    hits.get_by_text("三（五）").first.wait_for(timeout=60_000)
    body = page.inner_text("body")
    assert "重新入库" in body and "Traceback" not in body
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "e2e-library.png"), full_page=True)
    _, log_path = streamlit_server
    assert "Traceback" not in log_path.read_text(encoding="utf-8", errors="replace")


def test_a_reload_returns_to_the_same_conversation(page):
    """The conversation's ID is in the URL (?c=...): reloading the page shows it again, from SQLite."""
    _ask(page, QUESTION)
    page.get_by_test_id("stChatMessage").filter(has_text="1000万元").last.wait_for(timeout=60_000)
    page.wait_for_url("**?c=*", timeout=30_000)
    url = page.url
    page.reload(wait_until="domcontentloaded")
    page.get_by_test_id("stChatMessage").filter(has_text="1000万元").first.wait_for(timeout=60_000)
    assert page.url == url
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("历史对话").wait_for(timeout=30_000)
    sidebar.get_by_role("button", name=QUESTION[:10]).first.wait_for(timeout=30_000)
    page.get_by_role("button", name="新对话").click()
    page.get_by_text("您可以直接提问，或点击示例问题").wait_for(timeout=30_000)
    page.wait_for_function("() => !new URLSearchParams(location.search).has('c')", timeout=30_000)
