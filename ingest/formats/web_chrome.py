"""Site chrome that survives main-text extraction, dropped by the shape of a line.

General rules, no site names:
- link lists: three or more short lines in a row that are mostly link text (navigation,
  "· 市委组织部" department lists), or short lines that open with a list bullet;
- share / print / font-size / "扫一扫在手机打开当前页" / "上一篇" lines and footers (主办, 承办,
  网站标识码, ICP备, 版权所有 ...): short lines holding such words and no sentence;
- "关注 · 广州政府网"-style lines: a few short words joined by middle dots;
- the page's info box ("基本信息", lines made only of "文号：… 实施日期：…" fields) and a page's
  own publishing line ("发布日期：… 来源：… 字体：大 中 小");
- a block of text repeated whole (the same run of paragraphs a second time).
A line that opens with a numbering label (附件 1. …, （一）…) is never taken for a link list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.formats.web_meta import box_fields

_CHROME_WORDS = (
    "扫一扫在手机打开当前页", "扫一扫在手机上查看", "在手机打开当前页", "分享到", "分享至", "打印本页", "打印此页",
    "【打印】", "【关闭】", "关闭窗口", "返回顶部", "回到顶部", "我要纠错", "浏览次数", "阅读次数", "访问量",
    "字体：", "字号：", "字体大小", "【字体", "收藏本页", "加入收藏", "设为首页", "上一篇", "下一篇", "上一条",
    "下一条", "无障碍", "长者模式", "适老化", "微信扫一扫", "用微信扫描", "打开当前页",
    "当前位置：", "您的位置：", "您现在的位置", "当前位置:",
)
_FONT_BUTTONS_RE = re.compile(r"^(?=.*A\s*\+)[\sA+＋大中小*_]+$")  # "**A+**大**A+**中**A+**小"
# a share prompt ("快转发给需要的人！", "扫码进入"): chrome even when it ends like a sentence
_SHARE_PROMPTS = ("快转发", "转发给需要", "转给需要", "扫码进入", "扫码打开", "扫码关注", "长按识别")
_SHARE_CHARS = 30
# a tool button's label, or a navigation heading
_TOOL_WORDS = ("打印", "分享", "收藏", "关闭", "扫一扫", "下载", "纠错", "导航", "首页", "搜索")
_TOOL_CHARS = 8
_FOOTER_WORDS = (
    "主办单位", "主办：", "承办单位", "承办：", "协办：", "网站标识码", "ICP备", "ICP证", "公网安备", "版权所有",
    "Copyright", "copyright", "©", "网站地图", "联系我们", "技术支持：", "建议使用", "分辨率",
)
_BULLETS = "·•▪●◆◇■□▶►"
_LABEL_RE = re.compile(
    r"^(?:第[零〇一二三四五六七八九十百\d]+[章节条款部分]|[零〇一二三四五六七八九十百]+[、．.]"
    r"|[（(][零〇一二三四五六七八九十百\d]{1,3}[）)]|\d{1,2}[.．、]|[１-９][．.、]|[①-⑳]|附件|附表)"
)
_SENTENCE_END = "。；;！？!?"
_WORD_RE = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")
_DOTTED_RE = re.compile(r"^[^。，；：:｜]{1,12}(?:\s*[·•|]\s*[^。，；：:·•|｜]{1,12}){1,6}$")
_BOX_HEADINGS = {"基本信息", "文件信息", "索引信息", "信息索引", "相关附件", "相关新闻", "相关阅读", "相关链接",
                 "相关文章", "相关推荐"}
_SHORT = 25
_RUN = 3
_REPEAT_RUN = 3
_REPEAT_CHARS = 200


@dataclass(frozen=True)
class Line:
    """One extracted line and the share of its characters that are link text."""

    text: str
    link_share: float = 0.0


def _is_list_item(line: Line) -> bool:
    text = line.text
    if len(text) > _SHORT or _LABEL_RE.match(text) or text[-1] in _SENTENCE_END:
        return False
    return line.link_share >= 0.5 or text[0] in _BULLETS


def _is_chrome_line(text: str) -> bool:
    if text in _BOX_HEADINGS or not _WORD_RE.search(text) or _FONT_BUTTONS_RE.match(text):
        return True  # ")" left of a script link holds no word
    if len(text) <= 200 and box_fields(text) is not None:
        return True
    if len(text) <= _SHARE_CHARS and not _LABEL_RE.match(text) and any(w in text for w in _SHARE_PROMPTS):
        return True
    sentence = text.rstrip("”’」』）)")[-1:] in _SENTENCE_END
    if len(text) <= _TOOL_CHARS and not sentence and any(w in text for w in _TOOL_WORDS):
        return True
    if len(text) <= 80 and not sentence and any(w in text for w in _CHROME_WORDS):
        return True
    if len(text) <= 160 and not sentence and any(w in text for w in _FOOTER_WORDS):
        return True
    return len(text) <= 40 and not _LABEL_RE.match(text) and bool(_DOTTED_RE.match(text))


def _drop_link_runs(lines: list[Line]) -> list[Line]:
    keep = [True] * len(lines)
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and _is_list_item(lines[end]):
            end += 1
        if end - start >= _RUN or (end > start and lines[start].text[0] in _BULLETS and end - start >= 2):
            keep[start:end] = [False] * (end - start)
        start = max(end, start + 1)
    return [line for line, kept in zip(lines, keep) if kept]


def _drop_repeated_blocks(texts: list[str]) -> list[str]:
    """A run of paragraphs that repeats an earlier run whole (a second copy of the text) goes."""
    seen: dict[tuple[str, ...], int] = {}
    out: list[str] = []
    i = 0
    while i < len(texts):
        window = tuple(texts[i: i + _REPEAT_RUN])
        if len(window) == _REPEAT_RUN and window in seen and sum(map(len, window)) >= _REPEAT_CHARS:
            first = seen[window]
            j = 0
            while i + j < len(texts) and first + j < i and texts[first + j] == texts[i + j]:
                j += 1
            i += j
            continue
        if len(window) == _REPEAT_RUN:
            seen.setdefault(window, i)
        out.append(texts[i])
        i += 1
    return out


def drop_chrome(lines: list[Line]) -> list[str]:
    kept = [line for line in _drop_link_runs(lines) if not _is_chrome_line(line.text)]
    return _drop_repeated_blocks([line.text for line in kept])
