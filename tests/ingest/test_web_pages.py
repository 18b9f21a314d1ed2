"""Saved government web pages (tests/fixtures/web, see its README): structure, chrome, metadata."""
from __future__ import annotations

import collections
import pathlib
import subprocess
import sys

import pytest

from ingest.clause_tree import parse_clauses
from ingest.documents import build_document, strip_front_matter
from ingest.loaders import load_file

pytestmark = pytest.mark.unit

WEB = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "web"
ROOT = pathlib.Path(__file__).resolve().parents[2]


def _document(name: str):
    path = WEB / name
    text, hints = load_file(path)
    return text, hints, build_document(path, text, hints, WEB)


def _clauses(document) -> dict[str, str]:
    return {c.clause_id: c.text for c in parse_clauses(strip_front_matter(document), document.doc_id)}


def test_paragraphs_become_lines_and_articles_their_own_clauses():
    text, _, document = _document("dibao-2025-2.html")
    lines = text.split("\n")
    assert "一、社会救助标准" in lines
    assert "（一）全市城乡最低生活保障标准为每人每月1309元。" in lines
    clauses = _clauses(document)
    assert clauses["一（一）"] == "全市城乡最低生活保障标准为每人每月1309元。"
    assert "1.5倍" in clauses["一（二）"]
    assert "每人每月1309元" not in clauses["序言"]


def test_numbered_sections_of_a_notice_parse_apart():
    _, _, document = _document("housing-2024-5.html")
    clauses = _clauses(document)
    assert clauses["三（一）"].startswith("免交租金。")
    assert "49952元" in clauses["一"]
    assert "49952元" not in clauses["序言"]


def test_info_box_becomes_hints_and_one_line_the_user_can_be_quoted():
    text, hints, document = _document("housing-2024-5.html")
    assert hints["doc_number"] == "穗建规字〔2024〕5号"
    assert hints["effective"] == "2024-03-04"
    assert hints["expires"] == "2029-03-03"
    assert hints["issuer"] == "广州市住房和城乡建设局"
    assert (document.doc_number, document.effective, document.expires) == ("穗建规字〔2024〕5号", "2024-03-04", "2029-03-03")
    assert document.validity == "七、本通知自2024年3月4日起施行，有效期5年。"  # the text's own words come first
    for box in ("基本信息", "统一编号", "GZ0320240034", "文件状态"):  # the box's own furniture is gone
        assert box not in text
    # What the page shows about the document (文号, 实施日期, 失效日期, 发布机关) is one line of its
    # preamble, as shown, so that "现在还有效吗" can be answered with a verbatim quote.
    shown = "文号：穗建规字〔2024〕5号 实施日期：2024年03月04日 失效日期：2029年03月03日 发布机关：广州市住房和城乡建设局"
    assert text.split("\n")[0] == shown
    assert _clauses(document)["序言"].startswith(shown)
    _, dibao, _ = _document("dibao-2025-2.html")
    assert (dibao["doc_number"], dibao["effective"], dibao["expires"]) == ("穗民规字〔2025〕2号", "2025-06-01", "2026-06-01")


@pytest.mark.parametrize("name", ["housing-2024-5.html", "dibao-2025-2.html", "elderly-meals-2024-3.html"])
def test_site_chrome_is_gone(name):
    text, _, _ = _document(name)
    for chrome in ("市委组织部", "市林业园林局", "扫一扫", "分享到", "ICP备", "网站标识码", "版权所有", "主办",
                   "当前位置", "上一篇", "下一篇", "打印"):
        assert chrome not in text, chrome
    assert not any(line.startswith("·") for line in text.split("\n"))


def test_the_text_is_not_there_twice():
    text, _, _ = _document("elderly-meals-2024-3.html")  # its script holds an escaped second copy
    assert text.count("为进一步规范本市居家社区养老服务") == 1
    assert text.count("第三十八条") == 1
    long_lines = collections.Counter(line for line in text.split("\n") if len(line) >= 40)
    assert max(long_lines.values()) == 1


@pytest.mark.parametrize(("name", "title"), [
    ("housing-2024-5.html", "广州市住房和城乡建设局关于进一步加强户籍家庭住房保障工作的通知"),
    ("dibao-2025-2.html", "广州市民政局 广州市财政局关于印发我市2025年最低生活保障及相关社会救助标准的通知"),
    ("elderly-meals-2024-3.html", "广州市民政局 广州市财政局 广州市市场监督管理局关于印发广州市老年人助餐配餐服务管理办法的通知"),
])
def test_the_title_is_the_pages_title(name, title):
    _, hints, document = _document(name)
    assert hints["title"] == title
    assert document.title == title
    assert not document.title_supplied


def _page(tmp_path, name: str, body: str, head: str = "") -> pathlib.Path:
    page = tmp_path / name
    page.write_text(f"<html><head><meta charset='utf-8'>{head}</head><body><div>{body}</div></body></html>",
                    encoding="utf-8")
    return page


def _title(page: pathlib.Path) -> tuple[str, bool]:
    text, hints = load_file(page)
    document = build_document(page, text, hints, page.parent)
    return document.title, document.title_supplied


def test_title_derived_from_the_line_next_to_the_doc_number(tmp_path):
    body = ("<p>穗测规字〔2025〕3号</p><p>广州市测试局关于做好2025年测试补贴发放工作的通知</p>"
            "<p>各区测试局：</p><p>为做好测试补贴发放工作，现将有关事项通知如下：</p>"
            "<p>一、补贴对象</p><p>（一）本市户籍的测试人员，每人每月补贴500元。</p>")
    page = _page(tmp_path, "page_8812.html", body, head="<title>page_8812.html</title>")
    assert _title(page) == ("广州市测试局关于做好2025年测试补贴发放工作的通知", False)


def test_title_derived_from_a_line_that_names_the_kind_of_document(tmp_path):
    body = ("<p>近日，市测试局发布了新的补贴办理渠道，现整理如下，供参考。</p>"
            "<p>2025年广州市测试补贴申请指引</p><p>一、申请条件</p>"
            "<p>（一）在本市缴纳社会保险满1年，每人每月补贴500元。</p>")
    assert _title(_page(tmp_path, "saved.html", body)) == ("2025年广州市测试补贴申请指引", False)


def test_without_any_title_the_file_name_is_a_supplied_title(tmp_path):
    body = "<p>在本市缴纳社会保险满1年的人员，每人每月补贴500元，按季度发放到本人社会保障卡。</p>"
    assert _title(_page(tmp_path, "saved.html", body)) == ("saved", True)


def test_trafilatura_is_imported_only_when_a_page_is_read():
    code = ("import sys, ingest.loaders, ingest.pipeline; "
            "print('trafilatura' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.unit
def test_a_document_without_any_title_is_named_by_what_it_says_it_is(tmp_path):
    """No title line, no page title, no sidecar: 'issuer关于<purpose>的<kind>', never the file name."""
    from ingest.documents import build_document

    text = ("各区人民政府，市政府各部门：\n为规范测试补贴发放，推动测试服务业健康发展，经市政府同意，现提出如下意见。\n"
            "一、补贴标准\n每家每年不超过10万元。\n某市测试服务局\n2024年5月6日")
    path = tmp_path / "x1.txt"
    doc = build_document(path, text, {}, tmp_path)
    assert doc.title == "某市测试服务局关于推动测试服务业健康发展的意见" and doc.title_supplied


@pytest.mark.unit
def test_a_document_that_makes_itself_by_a_cited_one_is_named_by_its_own_aim(tmp_path):
    """"按照《…指导意见》要求，制定本意见": the cited title is another document's; the aim is this one's."""
    from ingest.documents import build_document

    text = ("为推动乡村旅游提质增效，按照《国务院办公厅关于促进全域旅游发展的指导意见》（国办发〔2018〕15号）要求，"
            "结合我县实际，制定本意见。\n一、景区建设\n1.新评定的景区给予奖励。")
    doc = build_document(tmp_path / "06_x.txt", text, {}, tmp_path)
    assert doc.title == "关于推动乡村旅游提质增效的意见" and doc.title_supplied


def test_a_page_saved_as_markdown_is_read_like_the_page_itself():
    """A Markdown capture of a government page: the site's navigation, QR codes, share prompt and
    footer are links and images; the policy text and its numbered steps are kept."""
    from pathlib import Path

    from ingest.loaders import load_file

    text, hints = load_file(Path(__file__).parent.parent / "fixtures" / "web" / "maternity-2025.md")
    assert hints["title"] == "本月起，这笔钱直接发放至个人！"
    assert "2025年12月1日起生育津贴由参保职工本人申请，直接发放至个人" in text
    assert "1.扫码打开穗好办APP。" in text  # a step of the procedure, not a QR-code prompt
    for chrome in ("](", "![", "关注 · 广州政府网", "快转发给需要的人", "粤ICP备", "市委统战部", "javascript"):
        assert chrome not in text, chrome


def test_a_markdown_note_stays_plain_text(tmp_path):
    from ingest.loaders import load_file

    note = tmp_path / "note.md"
    note.write_text("# 申报须知\n\n第一条 申报材料见[附件](https://example.org/a.pdf)。\n", encoding="utf-8")
    text, _ = load_file(note)
    assert "第一条 申报材料见[附件](https://example.org/a.pdf)。" in text


def test_a_heading_repeated_in_a_later_section_keeps_its_place(tmp_path):
    long = "".join(f"<p>第{i}项说明：申请人按规定提交材料后由经办机构审核办理，审核通过的予以办结。</p>" for i in range(6))
    body = ("<div><p><strong>一、什么情况可以办理转移？</strong></p><p>（一）关系转入申请</p><p>男性不满50周岁的可以转入。</p>"
            f"{long}<p><strong>二、转移材料</strong></p><p>（一）关系转入申请</p><p>1.本人有效身份证件原件。</p>"
            "<p>（二）关系转出申请</p><p>转入地出具的联系函。</p></div>")
    page = tmp_path / "transfer.html"
    page.write_text(f"<html><head><meta charset='utf-8'><title>转移问答</title></head><body>{body}</body></html>",
                    encoding="utf-8")
    text, hints = load_file(page)
    assert text.count("（一）关系转入申请") == 2
    clauses = _clauses(build_document(page, text, hints, tmp_path))
    assert "本人有效身份证件原件" in clauses["二（一）1"]
    assert "\u2060" not in text


def test_a_date_labelled_by_an_icon_is_kept_with_its_label(tmp_path):
    body = ('<ul class="attr"><li class="date"><img src="i.png" title="发布时间"><span>2023-12-14</span></li>'
            '<li class="ly"><span>来源：白鹭市医疗保障局</span></li></ul>'
            '<div class="article"><p>白鹭市参保人办理异地就医备案后，可在备案地直接结算医疗费用，无需个人垫付。</p>'
            '<p>备案申请提交后，工作人员将在2个工作日内完成审批。</p></div>')
    text, hints = load_file(_page(tmp_path, "notice.html", body, "<title>异地就医备案</title>"))
    assert text.splitlines()[0] == "发布时间：2023-12-14 来源：白鹭市医疗保障局"


def test_a_markdown_capture_keeps_the_date_shown_after_an_icon(tmp_path):
    """A Markdown capture shows the page's date after an untitled icon ("_![Image 11](…icon.png)_
    2023-12-14"): that date is when the page was published. The search box's label and the
    font-size buttons are dropped."""
    from ingest.loaders import load_file

    links = "".join(f"*   [栏目{i}](https://example.gov.cn/{i}.html)\n" for i in range(22))
    page = tmp_path / "page.md"
    page.write_text(
        "Title: 白鹭市异地就医备案指引\n\nURL Source: https://example.gov.cn/a.html\n\nMarkdown Content:\n"
        + links + "\n# 您当前所在的位置：[首页](https://example.gov.cn/)>[动态](https://example.gov.cn/d/)\n\n"
        "# 白鹭市异地就医备案指引\n\n"
        "*   _![Image 11](https://example.gov.cn/content_icon_r1_c3.png)_ 2023-12-14\n"
        "*   来源：白鹭市医疗保障局\n\n搜索\n\n**A+**大**A+**中**A+**小\n\n"
        "白鹭市参保人办理异地就医备案后，可在备案地直接结算医疗费用，无需个人垫付。\n\n"
        "步骤1：打开白鹭办APP，选择异地就医备案专栏。\n\n步骤2：填写表单信息并提交。\n",
        encoding="utf-8")
    text, hints = load_file(page)
    assert hints["title"] == "白鹭市异地就医备案指引"
    assert hints["date"] == "2023-12-14"
    assert "发布时间：2023-12-14" in text
    assert "步骤1：打开白鹭办APP" in text
    for chrome in ("搜索", "A+"):
        assert chrome not in text, chrome
