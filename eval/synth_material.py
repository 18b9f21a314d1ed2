"""Material for the synthetic corpus (eval/synth.py): what the seed document is made of.

The seed is read once for its industry clusters (lead sentence, named sub-paragraphs),
principles, measures and organisation paragraphs; the word lists here vary them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "corpus" / "henan-10plus8-2017.txt"
MANIFEST = ".synth.json"  # hidden: ingest skips dot files

Style = Literal["outline", "article"]
STYLES: tuple[Style, Style] = ("outline", "article")

# Renamed clusters: a qualifier (may be empty) + an industry; the seed's own names are in the pool too.
_QUALIFIERS = ("", "", "", "新一代", "高端", "绿色", "智能", "现代", "先进", "数字", "特色", "战略性")
_INDUSTRIES = (
    "工业互联网", "集成电路", "新型储能", "氢能与燃料电池", "北斗及卫星应用", "现代种业", "智慧康养", "信息通信",
    "网络安全", "超硬材料", "生物基材料", "轨道交通装备", "航空航天装备", "农机装备", "工业软件", "区块链",
    "量子信息", "低空经济", "新型显示", "现代物流", "文化旅游", "绿色建材", "节水装备", "康复辅具", "预制菜",
    "智能网联汽车", "动力电池", "光伏", "风电装备", "先进陶瓷", "碳纤维", "电子化学品", "生物育种", "医疗器械",
    "中医药", "智能家居", "可穿戴设备", "机器人", "数控机床", "服务外包", "会展经济", "数字创意", "跨境电商",
    "冷链物流", "绿色金融", "科技服务", "检验检测", "工业设计", "人力资源服务", "节能环保服务",
)
_GROUPS = ("新兴制造业产业集群", "新兴服务业产业集群", "先进制造业集群", "现代服务业集群", "未来产业", "优势产业集群")
_ISSUERS = ("河南省人民政府办公厅", "河南省人民政府", "河南省发展和改革委员会", "河南省工业和信息化厅", "河南省商务厅")
_ARTICLE_TITLES = ("促进办法", "若干规定", "实施细则", "管理办法")
_SYNONYMS = (("加快", "加速"), ("积极", "着力"), ("大力", "全力"), ("推动", "推进"), ("支持", "鼓励"),
             ("培育", "扶持"), ("提升", "增强"), ("建设", "打造"))
_AMOUNTS = (300, 500, 800, 1000, 1200, 1500, 2000, 2500, 3000, 4000, 5000, 8000)
_CN = "零一二三四五六七八九"

_ITEM = re.compile(r"^(\d{1,2})\.(.+?)。(.*)$")
_SECTION = re.compile(r"^（([一二三四五六七八九十]+)）(.+?)。(.*)$")
_PART = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_ROLE = re.compile(r"^(牵头单位|责任单位|配合单位)：")
_ROLE_LIST = re.compile(r"(?:牵头单位|配合单位|责任单位)：([^；。\n]*)")
# A paragraph the clause parser reads as a named sub-clause: a short heading sentence first.
_NAMED = re.compile(r"^([^，,。：:；;、（）()“”]{2,14})。(.+)$")
_HEADING_START = re.compile(r"^(第[零〇一二三四五六七八九十百]+[章条]|[零〇一二三四五六七八九十百]+[、．.]|[（(][零〇一二三四五六七八九十百\d]+[）)]|\d)")


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 23 -> 二十三 (1..99)."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN[ones]
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def is_plain(paragraph: str) -> bool:
    """True when a paragraph is body text to the clause parser: no heading, no named sub-clause."""
    return bool(paragraph) and not _NAMED.match(paragraph) and not _HEADING_START.match(paragraph)


# --- material from the seed -------------------------------------------------------------------

@dataclass(frozen=True)
class Cluster:
    name: str
    lead: str
    subs: tuple[tuple[str, str], ...]  # (name, body) of the named sub-paragraphs
    plain: tuple[str, ...]  # other body paragraphs


@dataclass(frozen=True)
class Material:
    intro: str
    thinking: str
    principles: tuple[str, ...]
    clusters: tuple[Cluster, ...]
    measures: tuple[tuple[str, str], ...]  # (title, body)
    organisation: tuple[tuple[str, str], ...]  # (title, body)
    units: tuple[str, ...]


@lru_cache(maxsize=1)
def material(seed_file: Path = SEED_FILE) -> Material:
    lines = [line.strip(" \t\u3000\u00a0") for line in seed_file.read_text(encoding="utf-8-sig").splitlines()]
    lines = [line for line in lines if line]
    part = ""
    section = ""
    intro: list[str] = []
    thinking: list[str] = []
    principles: list[str] = []
    clusters: list[dict] = []
    measures: list[list] = []
    organisation: list[tuple[str, str]] = []
    for line in lines:
        if m := _PART.match(line):
            part, section = m.group(2), ""
            continue
        if not part:
            if not line.endswith("：") or intro:
                intro.append(line)
            continue
        if m := _SECTION.match(line):
            section = m.group(2)
            if part == "保障措施":
                measures.append([section, []])
            elif part == "组织实施" and m.group(3):
                organisation.append((section, m.group(3)))
            continue
        if part == "总体要求":
            (thinking if section == "基本思路" else principles if section == "基本原则" else []).append(line)
        elif part == "发展重点":
            if m := _ITEM.match(line):
                clusters.append({"name": m.group(2), "lead": m.group(3), "subs": [], "plain": []})
            elif clusters and not _ROLE.match(line):
                named = _NAMED.match(line)
                if named:
                    clusters[-1]["subs"].append((named.group(1), named.group(2)))
                elif is_plain(line):
                    clusters[-1]["plain"].append(line)
        elif part == "保障措施" and measures and not _ROLE.match(line) and is_plain(line):
            measures[-1][1].append(line)
    units = sorted({_full_unit(u) for line in lines for m in _ROLE_LIST.finditer(line)
                    for u in m.group(1).split("、") if u and "（" not in u})
    return Material(
        intro=intro[0],
        thinking=thinking[0],
        principles=tuple(p for p in principles if is_plain(p)),
        clusters=tuple(Cluster(c["name"], c["lead"], tuple(c["subs"]), tuple(c["plain"]))
                       for c in clusters if c["subs"]),
        measures=tuple((t, "".join(body)) for t, body in measures if body),
        organisation=tuple(organisation),
        units=tuple(units),
    )


def _full_unit(unit: str) -> str:
    """科技厅 -> 省科技厅: the seed leaves out the prefix after the first unit of a list."""
    return unit if unit.startswith(("省", "河南", "郑州", "人行")) else "省" + unit
