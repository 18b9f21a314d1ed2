"""load_file: every supported format yields one paragraph per line; bad files get a Chinese reason."""
from __future__ import annotations

import pathlib

import pytest

from core.errors import CorpusError
from ingest import loaders
from ingest.documents import build_document
from ingest.formats.pdf import rejoin_lines
from ingest.loaders import MAX_BYTES, SUPPORTED, load_file

pytestmark = pytest.mark.unit


def _reason(path) -> CorpusError:
    with pytest.raises(CorpusError) as info:
        load_file(path)
    return info.value


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


# --- plain text ------------------------------------------------------------------------

def test_supported_suffixes():
    assert set(SUPPORTED) == {".txt", ".md", ".docx", ".pdf", ".html", ".htm"}
    assert MAX_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize("name", ["utf8.txt", "utf8_bom.txt", "gbk.txt"])
def test_text_encodings_decode_to_the_same_text(format_files, fixture_maker, name):
    original = fixture_maker.corpus_snippet(fixture_maker.DEFAULT_CORPUS_FILE)
    text, hints = load_file(format_files[name])
    assert text == original
    assert not text.startswith("\ufeff")
    assert "一、总体要求" in text
    assert hints == {}


def test_gb18030_markdown_keeps_characters_outside_gbk(format_files):
    text, _ = load_file(format_files["gb18030.md"])
    assert "𠀀（扩展字符）" in text
    assert "各省辖市、省直管县（市）人民政府" in text


def test_utf16_with_bom_is_read(format_files, fixture_maker):
    text, _ = load_file(format_files["utf16.txt"])
    assert text == fixture_maker.TEXT_SAMPLE


def test_binary_renamed_txt_is_refused(format_files):
    error = _reason(format_files["binary.txt"])
    assert error.message_zh == "文件不是文本（含二进制内容），无法解析。"


def test_control_characters_without_nul_are_refused(format_files):
    assert "二进制" in _reason(format_files["control.txt"]).message_zh


def test_empty_file(format_files):
    assert _reason(format_files["empty.txt"]).message_zh == "文件为空。"


def test_whitespace_only_file(format_files):
    assert _reason(format_files["blank.txt"]).message_zh == "文件没有文字内容。"


def test_oversized_file_is_refused_without_reading(format_files, monkeypatch):
    big = format_files["big.txt"]
    assert big.stat().st_size == 50 * 1024 * 1024

    def no_reading(*args, **kwargs):
        raise AssertionError("an oversized file must not be opened")

    monkeypatch.setattr(pathlib.Path, "open", no_reading)
    monkeypatch.setattr(pathlib.Path, "read_bytes", no_reading)
    error = _reason(big)  # the monkeypatches above fail the test if any byte is read
    assert error.message_zh == "文件过大（50 MB），上限为 20 MB。"


def test_unsupported_suffix(format_files):
    error = _reason(format_files["notes.rtf"])
    assert error.message_zh.startswith("不支持的文件类型：.rtf")


def test_old_word_format_says_what_to_do(format_files):
    assert ".docx" in _reason(format_files["old.doc"]).message_zh


def test_missing_file_is_a_corpus_error(tmp_path):
    assert "无法读取文件" in _reason(tmp_path / "gone.txt").message_zh


# --- Word -------------------------------------------------------------------------------

def test_docx_paragraphs_in_order_with_numbering_text(format_files, fixture_maker):
    text, hints = load_file(format_files["policy.docx"])
    lines = _lines(text)
    expected = fixture_maker.DOCX_LINES
    assert lines[: len(expected)] == expected  # numbering typed as text survives as is
    assert "本文件为测试用虚构文件" in text
    assert "（责任单位：省科技厅、省财政厅）" in lines
    assert hints == {}


def test_docx_tables_are_read_in_place(format_files, fixture_maker):
    lines = _lines(load_file(format_files["policy.docx"])[0])
    start = len(fixture_maker.DOCX_LINES)
    rows = ["｜".join(row) for row in fixture_maker.DOCX_TABLE]
    assert lines[start: start + len(rows)] == rows
    assert lines[start + len(rows):] == fixture_maker.DOCX_AFTER_TABLE


@pytest.mark.parametrize("name", ["corrupt.docx", "truncated.docx", "broken_xml.docx", "plain_zip.docx"])
def test_corrupt_docx(format_files, name):
    error = _reason(format_files[name])
    assert error.message_zh == "Word 文件已损坏，无法打开。"
    assert error.__cause__ is not None  # the library's own error is kept for the log


def test_other_office_package_renamed_docx(format_files):
    assert _reason(format_files["spreadsheet.docx"]).message_zh == "文件不是 Word 文档（.docx），无法打开。"


# --- PDF --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["policy.pdf", "empty_password.pdf"])
def test_pdf_text_layer_with_wrapped_lines_rejoined(format_files, fixture_maker, name):
    text, _ = load_file(format_files[name])
    lines = _lines(text)
    for sentence in fixture_maker.PDF_JOINED_SENTENCES:  # includes one broken across a page
        assert sentence in lines
    for heading in ("关于推进测试产业发展的实施意见", "一、总体要求", "二、重点任务",
                    "1.智能测试装备产业规模达到1000亿元；", "（责任单位：省科技厅、省财政厅）"):
        assert heading in lines
    # a line ending in "，" still stops before a numbered item
    assert "（二）发展目标。到2025年，测试产业规模超过4000亿元，" in lines
    assert not any("— 1 —" in line or "— 2 —" in line for line in lines)  # page numbers dropped


def test_pdf_without_text_layer(format_files):
    assert _reason(format_files["scanned.pdf"]).message_zh == "PDF 无文本层，无法解析（可能是扫描件）。"


def test_pdf_with_password(format_files):
    assert _reason(format_files["encrypted.pdf"]).message_zh == "PDF 已加密，无法解析。"


@pytest.mark.parametrize("name", ["truncated.pdf", "garbage.pdf"])
def test_corrupt_pdf(format_files, name):
    error = _reason(format_files[name])
    assert error.message_zh == "PDF 文件已损坏，无法解析。"
    assert error.__cause__ is not None


@pytest.mark.parametrize(
    "pages, expected",
    [
        # a full line without a sentence end continues; a short one (a heading) does not
        (["一、总体要求\n坚持创新驱动发展，聚焦重点领\n域，加快发展。"], "一、总体要求\n坚持创新驱动发展，聚焦重点领域，加快发展。"),
        # a line starting with a year is not a numbered item
        (["到2025年，测试产业规模超过\n2000亿元。"], "到2025年，测试产业规模超过2000亿元。"),
        # numbering labels always start a new paragraph
        (["第一条 本办法所称测试产业是\n第二条 本办法适用于全省。"], "第一条 本办法所称测试产业是\n第二条 本办法适用于全省。"),
        (["（一）建设平台，支持龙头企业\n（1）省级平台给予奖励；"], "（一）建设平台，支持龙头企业\n（1）省级平台给予奖励；"),
        # a sentence end behind a closing quote ends the paragraph
        (["提出“加快发展。”\n二是强化保障。"], "提出“加快发展。”\n二是强化保障。"),
        # a responsibility note stands on its own line, before and after
        (["支持龙头企业牵头组建创新联合体，开展关键共性技\n（责任单位：省科技厅、省财政厅、省发展改革委）\n各地要加强组织保障。"],
         "支持龙头企业牵头组建创新联合体，开展关键共性技\n（责任单位：省科技厅、省财政厅、省发展改革委）\n各地要加强组织保障。"),
        # Latin words are joined with a space
        (["The policy supports new\nindustries."], "The policy supports new industries."),
        # a paragraph runs on over a page break; the page number line goes
        (["总体要求是坚持创新驱动发\n- 3 -", "展。"], "总体要求是坚持创新驱动发展。"),
    ],
)
def test_rejoin_lines(pages, expected):
    assert rejoin_lines(pages) == expected


# --- web pages --------------------------------------------------------------------------

def test_html_article_body_without_site_chrome(format_files, fixture_maker):
    text, hints = load_file(format_files["article.html"])
    lines = _lines(text)
    assert lines[: len(fixture_maker.HTML_ARTICLE)] == fixture_maker.HTML_ARTICLE  # one paragraph per line
    rows = ["｜".join(row) for row in fixture_maker.HTML_TABLE]  # a table row is one line
    assert lines[len(fixture_maker.HTML_ARTICLE): -2] == rows
    assert lines[-2:] == ["某省人民政府", "2024年3月15日"]  # <br> splits lines
    for chrome in fixture_maker.HTML_CHROME:
        assert chrome not in text
    assert hints == {"title": fixture_maker.HTML_TITLE, "date": "2024-03-15"}


def test_legacy_gbk_page_without_known_container(format_files, fixture_maker):
    text, hints = load_file(format_files["legacy.htm"])
    assert _lines(text) == fixture_maker.HTML_ARTICLE
    for chrome in ("网站首页", "政务公开", "栏目导航", "版权所有"):
        assert chrome not in text
    assert hints["title"] == fixture_maker.HTML_TITLE  # from <title>, site name removed
    assert hints["date"] == ""


def test_html_hints_reach_the_document(format_files, fixture_maker):
    path = format_files["article.html"]
    text, hints = load_file(path)
    document = build_document(path, text, hints, path.parent)
    assert document.title == fixture_maker.HTML_TITLE
    assert document.date == "2024-03-15"


def test_html_source_line_breaks_inside_a_paragraph(tmp_path):
    page = tmp_path / "wrapped.html"
    page.write_text(
        "<html><body><div id='zoom'>\n<p>&nbsp;&nbsp;推动我省新兴产业发展，到2025\n    年产业规模超过\n"
        "    4000亿元，支持 AI\n    chips 研发。</p></div></body></html>",
        encoding="utf-8",
    )
    text, _ = load_file(page)
    assert text == "推动我省新兴产业发展，到2025年产业规模超过4000亿元，支持 AI chips 研发。"


def test_html_without_article_text(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><div class='nav'>首页</div><script>x()</script></body></html>", encoding="utf-8")
    assert _reason(page).message_zh == "网页中没有找到正文。"


# --- nothing escapes ----------------------------------------------------------------------

def test_an_unexpected_parser_failure_becomes_a_corpus_error(format_files, monkeypatch):
    def crash(path):
        raise ZeroDivisionError("parser bug")

    monkeypatch.setitem(loaders._READERS, ".pdf", crash)
    error = _reason(format_files["policy.pdf"])
    assert error.message_zh == "文件解析失败（PDF 格式异常）。"
    assert isinstance(error.__cause__, ZeroDivisionError)


@pytest.mark.parametrize("text, title", [
    ("白鹭市劳动争议网上申请流程\n\n1.先扫二维码\n2.提交申请\n", "白鹭市劳动争议网上申请流程"),
    ("2025年3月1日\n\n1.先扫二维码\n", "note"),  # a date names nothing
    ("各区人民政府：\n\n现将有关事项通知如下。\n", "note"),  # a salutation names nothing
    ("白鹭市劳动争议网上申请流程\n1.先扫二维码\n", "note"),  # not a line standing alone
])
def test_a_plain_text_is_titled_by_its_opening_line_standing_alone(tmp_path, text, title):
    path = tmp_path / "note.txt"
    path.write_text(text, encoding="utf-8")
    assert build_document(path, text, {}, tmp_path).title == title


def test_page_marks_of_a_pdf_saved_as_text_are_dropped(tmp_path):
    """A scanned PDF converted to text keeps "===PAGE 3===" and "- 3 -" lines; they are no
    part of any clause, while a sentence that speaks of a page stays."""
    path = tmp_path / "notice.txt"
    path.write_text("白鹭市招生细则\n===PAGE 1===\n\n===PAGE 2===\n一、报名时间为5月7日至11日。\n- 2 -\n"
                    "第2页 共3页\n二、材料见第3页的附表。\n", encoding="utf-8")
    text, _ = load_file(path)
    assert "PAGE" not in text and "- 2 -" not in text and "共3页" not in text
    assert "一、报名时间为5月7日至11日。" in text and "二、材料见第3页的附表。" in text
