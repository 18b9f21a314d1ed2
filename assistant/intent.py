"""Intent of a (normalised) question, from the words it uses."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.profile import CorpusProfile, load_profile

LEAD_RE = re.compile(r"牵头")
COOP_RE = re.compile(r"配合|协同|协助|参与单位|配合单位")
RESP_RE = re.compile(r"责任单位|负责单位|负责部门")
ANY_ROLE_RE = re.compile(r"谁负责|哪个部门|哪些部门|哪个单位|哪些单位|找谁|主管|联系哪|哪家单位|负责|管这|职责|归哪|归谁")
TARGET_RE = re.compile(r"目标|规模|多少亿|产值|达到多少|多大|产量|产能|吞吐量|零售额|预期|要达到|发展到")
# "几个月 / 多少个工作日" ask for a length of time, not for a count of items.
_NOT_ITEMS = r"(?!月|工作日|自然日|小时|星期|礼拜|季度|年度|百分点)"
LIST_RE = re.compile(r"哪些|哪几个" + _NOT_ITEMS + r"|几个" + _NOT_ITEMS + r"|多少个" + _NOT_ITEMS + r"|列出|列举|所有|全部|一共|总共|都有|分别|清单|名单")
COUNT_RE = re.compile(r"几个" + _NOT_ITEMS + r"|多少个" + _NOT_ITEMS + r"|几家|一共|总共|共有|数量")
MEASURE_RE = re.compile(r"支持|资助|奖励|补贴|补助|资金|扶持|优惠|给多少|能拿|钱|政策|措施|待遇|基金|融资")
META_RE = re.compile(r"发文|印发|发布|哪个单位发|谁发|落款|日期|什么时候|哪一年|时间|主送|发给|文号|标题|什么文件|"
                     r"文件名|名称|施行|有效期|发文机关|印发时间|哪天|类型|文种|什么性质|字号|执行|生效")
CONSISTENCY_RE = re.compile(r"一致|矛盾|对得上|对不上|冲突|不一样|相同吗|出入")
OUTLINE_RE = re.compile(r"哪几个部分|几个部分|哪几部分|几部分|结构|目录|框架|分为|分成|哪两|几大类|哪几类|哪两类|由哪些部分|哪几条|几条|几项|分别是什么|包括哪些方面")
YEAR_RE = re.compile(r"(20\d\d)\s*年")
THRESHOLD_RE = re.compile(r"(超过|达到|不低于|高于|大于|以上|不少于|突破)?\s*(\d+(?:\.\d+)?)\s*(万亿元|亿元|亿)\s*(以上|及以上)?")
GROUP_RE = re.compile(r"制造业|服务业")


@dataclass
class Intent:
    kind: str  # injection | chitchat | roles | target | list | count | measure | meta | unit_duties | general
    roles: list[str] = field(default_factory=list)  # 牵头 / 配合 / 责任
    years: list[str] = field(default_factory=list)
    threshold: tuple[float, str] | None = None
    group: str = ""
    asks_list: bool = False
    asks_count: bool = False
    asks_scale: bool = False  # about the industry's scale target, not a detail


_PERSON_RE = re.compile(r"我|我们|我家|本人|孩子|老人|他|她")


def _own_history(question: str, year: str) -> bool:
    """"我2009年就参保了": a year the person tells of themselves, not a year the question asks about.
    Its part of the sentence names the person before the year."""
    for part in re.split(r"[，,。；;？?！!]", question):
        at = part.find(f"{year}年")
        if at >= 0:
            return bool(_PERSON_RE.search(part[:at]))
    return False


def detect(question: str, *, has_subject: bool, has_unit: bool, residual: bool = True,
           outline_title: bool = False, profile: CorpusProfile | None = None) -> Intent:
    """`profile` gives the injection and chit-chat patterns (core/data/profiles).
    `residual`: the question names something beyond clusters/units (a city, a product ...).
    `outline_title`: it names a heading of the document (保障措施, 基本原则 ...)."""
    roles = []
    if LEAD_RE.search(question):
        roles.append("牵头")
    if COOP_RE.search(question):
        roles.append("配合")
    if RESP_RE.search(question):
        roles.append("责任")
    years = [y for y in YEAR_RE.findall(question) if not _own_history(question, y)]
    asks_list = bool(LIST_RE.search(question))
    asks_count = bool(COUNT_RE.search(question))
    group_m = GROUP_RE.search(question)
    threshold = None
    m = THRESHOLD_RE.search(question)
    if m:
        value, unit = float(m.group(2)), m.group(3)
        if unit == "万亿元":
            value, unit = value * 10000, "亿元"
        threshold = (value, "亿元" if (m.group(1) or m.group(4)) else "=")
    base = dict(asks_scale=bool(re.search(r"产业规模.{0,4}(多少|多大|目标)|规模目标|发展目标|目标是多少|集群.{0,6}目标", question)), roles=roles, years=years, threshold=threshold, group=group_m.group(0) if group_m else "",
                asks_list=asks_list, asks_count=asks_count)

    profile = profile or load_profile()
    if profile.injection_re.search(question):
        return Intent("injection", **base)
    if profile.chitchat_re.search(question) and not has_subject:
        return Intent("chitchat", **base)
    any_role = roles or ANY_ROLE_RE.search(question)
    if has_unit and not has_subject and (any_role or asks_list or asks_count):
        return Intent("unit_duties", **base)
    if any_role and not (has_unit and not has_subject) and (has_subject or roles or not META_RE.search(question)):
        return Intent("roles", **base)
    if outline_title and not has_subject and (OUTLINE_RE.search(question) or asks_list or asks_count):
        return Intent("outline", **base)
    if not has_subject and OUTLINE_RE.search(question) and re.search(r"文件|意见|部分|全文", question) \
            and not residual:
        return Intent("outline", **base)
    if has_subject and TARGET_RE.search(question) and (CONSISTENCY_RE.search(question) or not MEASURE_RE.search(question)):
        return Intent("target", **base)
    if not has_subject and (asks_list or asks_count) and ("集群" in question or threshold) and not residual:
        return Intent("count" if asks_count and not asks_list else "list", **base)
    if not has_subject and META_RE.search(question) and not MEASURE_RE.search(question) and not residual:
        return Intent("meta", **base)
    if MEASURE_RE.search(question):
        return Intent("measure", **base)
    if has_subject and (years or re.search("多少亿|多大规模|规模多大", question)):
        return Intent("target", **base)
    return Intent("general", **base)
