"""Metadata a saved web page carries about its document: title, date, issuer, 文号, validity.

- title: the page's meta ArticleTitle / og:title, the info box's 名称/标题, the article's
  <h1>, or <title> without the site name; never a file name.
- the info box many government sites put above the text ("基本信息 … 文 号：穗建规字〔2024〕5号
  实施日期：2024年03月04日 失效日期：2029年03月03日 发布机关：…"): its fields become hints
  (doc_number, issuer, date, effective, expires as ISO dates). Its lines are not part of the
  document; `web_chrome.is_info_box_line` recognises them in the extracted text.
"""
from __future__ import annotations

import re
from pathlib import Path

# Labels of the info box, by the hint they fill ("" = recognised, not kept).
BOX_LABELS: dict[str, str] = {
    "文号": "doc_number", "发文字号": "doc_number", "发文号": "doc_number",
    # 发布机构 of an open-government box is the site that posted the page, not the issuer
    "发布机关": "issuer", "发布机构": "", "发文机关": "issuer", "发文单位": "issuer",
    "制发机关": "issuer", "成文日期": "written", "发文日期": "written", "印发日期": "written",
    "发布日期": "published", "公布日期": "published", "实施日期": "effective", "生效日期": "effective",
    "施行日期": "effective", "失效日期": "expires", "废止日期": "expires", "有效期至": "expires",
    "名称": "name", "标题": "name", "文件名称": "name",
    "统一编号": "", "索引号": "", "分类": "", "主题分类": "", "主题词": "", "文件状态": "",
    "有效性": "", "时效性": "", "效力状态": "", "体裁分类": "", "组配分类": "", "信息分类": "",
    # the page's own publishing line: 发布日期：… 来源：… 字体大小：大 中 小
    "发布时间": "published", "发表时间": "published", "发表日期": "published",
    "来源": "source", "文章来源": "source", "信息来源": "source", "作者": "", "浏览次数": "", "浏览量": "",
    "点击数": "", "字体大小": "", "字号": "",
}
LABEL_RE = re.compile(
    r"(?P<label>" + "|".join(r"\s*".join(label) for label in sorted(BOX_LABELS, key=len, reverse=True))
    + r")\s*[：:]"
)
_DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fa5]{1,10}\s*[〔［\[(（]\s*\d{4}\s*[〕］\])）]\s*\d+\s*号")
_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_SITE_SUFFIX_RE = re.compile(r"\s*(?:[-_|｜—–]+)\s*[^-_|｜—–]*(?:网|政府|门户|网站|官网|平台)[^-_|｜—–]*$")
_FILE_NAME_RE = re.compile(r"\.(?:s?html?|php|aspx?|jsp|pdf|docx?)$", re.IGNORECASE)
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_SKIP = {"script", "style", "noscript", "template", "head", "title"}
_BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "table", "ul", "ol",
          "dl", "section", "article", "br", "header", "footer", "nav", "form"}
_SPACE_RE = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")
# A field shown after an icon whose title names it: <img title="发布时间"><span>2023-12-14</span>
_ICON_LABEL_RE = re.compile("|".join(label for label, key in BOX_LABELS.items() if key in ("published", "written")))


def iso_date(value: str) -> str:
    match = _DATE_RE.search(value or "")
    if not match:
        return ""
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def _page_lines(root) -> list[str]:
    """The page's visible text, a line per block (cells of a table row share a line)."""
    lines: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        line = _SPACE_RE.sub(" ", "".join(parts)).strip()
        parts.clear()
        if line:
            lines.append(line)

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "img" and _ICON_LABEL_RE.fullmatch(child.get("title") or child.get("alt") or ""):
                parts.append((child.get("title") or child.get("alt")) + "：")  # an icon labels the field
            elif isinstance(child.tag, str) and child.tag not in _SKIP:
                block = child.tag in _BLOCK
                if block:
                    flush()
                if child.tag in ("td", "th"):
                    parts.append(" ")
                walk(child)
                if block:
                    flush()
            if child.tail:
                parts.append(child.tail)

    walk(root)
    flush()
    return lines


def box_fields(line: str) -> list[tuple[str, str]] | None:
    """(label, value) pairs when the whole line is info-box fields, else None."""
    matches = list(LABEL_RE.finditer(line))
    if not matches or line[: matches[0].start()].strip():
        return None
    fields = []
    for match, after in zip(matches, matches[1:] + [None]):
        label = re.sub(r"\s+", "", match.group("label"))
        value = line[match.end(): after.start() if after else len(line)].strip(" ；;，,")
        fields.append((label, value))
    return fields


_SHOWN_KEYS = ("doc_number", "issuer", "written", "published", "effective", "expires", "source")


def byline(lines: list[str]) -> str:
    """The page's own info box and publishing line, as shown ("文号：穗府办规〔2021〕7号 实施日期：
    2021年04月16日 失效日期：2023年06月01日" or "发表时间：2026-05-29 12:07:12 信息来源：天河区教育局"):
    the fields a user sees above the text and may ask about (哪天发的、哪个部门发的、还有效吗)."""
    pieces: dict[str, str] = {}
    for line in lines:
        if len(line) > 200:
            continue
        for label, value in box_fields(line) or ():
            if BOX_LABELS[label] in _SHOWN_KEYS and value and label not in pieces:
                pieces[label] = f"{label}：{value}"
    return " ".join(pieces.values())


def _box(lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lines:
        if len(line) > 200:
            continue
        for label, value in box_fields(line) or ():
            key = BOX_LABELS[label]
            if key and value and key not in found:
                found[key] = value
    return found


def _meta(root, *names: str) -> str:
    wanted = {n.lower() for n in names}
    for tag in root.iter("meta"):
        key = (tag.get("name") or tag.get("property") or "").lower()
        if key in wanted and tag.get("content"):
            return _SPACE_RE.sub(" ", tag.get("content")).strip()
    return ""


_BREADCRUMB_RE = re.compile(r"当前位置|所在位置|您的位置|现在的位置|首页\s*[>＞›»]|[>＞›»]\s*\S+\s*[>＞›»]")


def _h1(root) -> str:
    """The first heading of the page that names something; a breadcrumb set as a heading
    ("您当前所在的位置：首页>天河动态>部门街道") names where the page sits, not what it is."""
    for h1 in root.iter("h1"):
        text = _SPACE_RE.sub(" ", h1.text_content()).strip()
        if len(_CJK_RE.findall(text)) >= 4 and not _BREADCRUMB_RE.search(text):
            return text
    return ""


def _page_title(root) -> str:
    title = root.find(".//title")
    if title is None or not title.text_content():
        return ""
    return _SITE_SUFFIX_RE.sub("", _SPACE_RE.sub(" ", title.text_content()).strip())


def _usable_title(title: str, path: Path) -> bool:
    if not title or not _CJK_RE.search(title):
        return False
    return title not in (path.name, path.stem) and not _FILE_NAME_RE.search(title)


def page_hints(root, path: Path) -> dict:
    """Hints for `ingest.documents.build_document`; `title` and `date` are always present."""
    lines = _page_lines(root)
    box = _box(lines)
    candidates = (_meta(root, "ArticleTitle", "og:title"), box.get("name", ""), _h1(root), _page_title(root))
    title = next((t for t in candidates if _usable_title(t, path)), "")
    date = iso_date(box.get("written", "")) or iso_date(_meta(root, "PubDate", "PublishDate", "firstpublishedtime"))
    hints = {"title": title, "date": date or iso_date(box.get("published", ""))}
    number = _DOC_NUMBER_RE.search(box.get("doc_number", ""))
    if number:
        hints["doc_number"] = re.sub(r"\s+", "", number.group(0))
    if box.get("issuer"):
        hints["issuer"] = re.sub(r"\s*[,，;；]\s*", "、", box["issuer"])
    for key in ("effective", "expires"):
        if iso_date(box.get(key, "")):
            hints[key] = iso_date(box[key])
    if box.get("source"):
        hints["source"] = box["source"]
    shown = byline(lines)
    if shown:
        hints["byline"] = shown
    return hints
