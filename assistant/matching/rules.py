"""Predicates judged on the profile's words (not its numbers), and the rules that bind measures.

The profile is read as pieces (its text and each fact "键：值", split at commas), each with a
polarity: a piece that says 未/没有/无/不是/否/非… negates what it names. A requirement
("法定代表人未被列为失信被执行人") is met by the piece that shares most of its words when both
have the same polarity, unmet when they differ, unknown when no piece speaks of it. An
exclusion ("纳入特困人员救助供养范围的残疾人，不享受…") excludes when a piece affirms it.

After every measure is judged (`apply_groups`): of a choose-one group (就高择一) only the highest
amount stays 符合; a measure the profile says it already received is 不符合, and a higher tier of
the same article with a top-up rule (按差额补足) pays the difference.
"""
from __future__ import annotations

import re

from core.amounts import format_wan, parse_amount
from core.facts import ConditionFact, Predicate

MET, UNMET, UNKNOWN = "met", "unmet", "unknown"
_NEG_RE = re.compile(r"未|没有|没|无(?!人机|人驾驶|人航空|线|缝|锡|纺|菌|障碍|公害)|不是|不属于|不具有|不具备|不在|否|从未")
_WEAK = {"本市", "企业", "单位", "人员", "申请", "符合", "规定", "以上", "有关", "相关", "的企", "的人", "享受", "本措",
         "措施", "办法", "均在", "在本"}
_RECEIVED_RE = re.compile(r"已(?:经)?(?:领|领取|获得|获|享受|拿)了?|(?:领|拿|获得|享受)过")
_GRADE_RE = re.compile(r"([一二三四五六七八九十\d])(?:[-～~至到]\d)?级")
_CN = "一二三四五六七八九十"


def bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)} - _WEAK


def negative(piece: str) -> bool:
    value = piece.split("：", 1)[-1]
    return bool(_NEG_RE.search(value) or re.search(r"非(?!常|遗|洲|公有|全日制|营利|物质|标)", value))


def pieces(profile) -> list[str]:
    out = [p for p in (profile.region, profile.industry, *profile.qualifications) if p]
    for k, v in profile.facts.items():
        out += [f"{k}：{sub}" for sub in re.split(r"[，,。；;\n]", str(v)) if sub.strip()]
    out += [s for s in re.split(r"[，,。；;！？!?\n]", profile.text) if s.strip()]
    return out


def sentences(profile) -> list[str]:
    out = [f"{k}：{v}" for k, v in profile.facts.items()]
    return out + [s for s in re.split(r"[。；;！？!?\n]", profile.text) if s.strip()]


def _best(words: set[str], profile, weak: bool = False) -> tuple[str | None, bool]:
    """The piece that speaks of `words` and whether the evidence is strong (two or more shared pairs);
    with `weak`, one shared pair is enough to be taken as weak evidence."""
    best, score = None, 0
    for piece in pieces(profile):
        shared = len(words & bigrams(piece))
        enough = shared >= 3 or (shared >= 2 and shared >= 0.3 * len(words)) or (weak and shared >= 1)
        if enough and shared > score:
            best, score = piece, shared
    return best, score >= 2


def requirement(p: Predicate, profile) -> tuple[str, str]:
    if p.metric == "firm" and profile.entity == "individual":
        return MET, ""  # a condition on the applying firm; the person's employer is asked about elsewhere
    piece, strong = _best(bigrams(p.wording), profile, weak=True)
    if piece is None:
        return UNKNOWN, f"请确认：{p.wording}"
    same = negative(piece) == (p.value == "neg")
    if not same and not strong:  # one shared word that says the opposite: ask rather than refuse
        return UNKNOWN, f"请确认：{p.wording}"
    return (MET if same else UNMET), f"{p.wording}：画像写明“{piece[:30]}”"


def _names(item: str, piece: str) -> bool:
    """A short item is named by the piece verbatim, or (a four-character pair of words such as 住宿餐饮)
    by either half."""
    return item in piece or (len(item) == 4 and (item[:2] in piece or item[2:] in piece))


_EVENT_RE = re.compile(r"已|被|纳入|领取|享受|列为|入住|在编|失信|处罚|事故")


def exclusion(p: Predicate, fact: ConditionFact, profile) -> tuple[str, str]:
    own = bigrams(fact.quote + fact.subject)
    items = [re.sub(r"等.*$", "", i) for i in re.split(r"、|或者|以及|或", p.value) if i.strip()]
    cleared = False
    for item in items:
        words = bigrams(item) - own
        if not words:
            continue
        if len(words) <= 3:
            piece = next((x for x in pieces(profile) if _names(item, x)), None)
        else:
            piece, strong = _best(words, profile)
        if piece is None:
            continue
        if negative(piece) == negative(item):
            return UNMET, f"不享受：{p.wording[:60]}（画像：“{piece[:30]}”）"
        cleared = True
    if cleared or not _EVENT_RE.search(p.value):
        return MET, ""
    return UNKNOWN, f"是否属于以下情形（属于的不享受）：{p.value[:50]}"


def hukou(p: Predicate, profile, region_words: set[str], known_places: set[str]) -> tuple[str, str]:
    for piece in pieces(profile):
        if not re.search(r"户籍|户口", piece) or negative(piece):
            continue
        named = {m.group(1) for m in re.finditer(r"([\u4e00-\u9fff]{2})(?:省|市|区|县|老家|户籍|户口)", piece)}
        named |= {w for w in known_places if w in piece}
        if named & region_words or re.search(r"本市|本地|本区", piece):
            return MET, f"户籍：{piece[:30]}"
        if named - {"户籍", "户口", "城乡", "农村"}:
            if p.value and _permit(profile, region_words):
                return MET, "持本地居住证"
            return UNMET, f"户籍：本措施要求{p.wording}，画像为“{piece[:30]}”"
    if p.value and _permit(profile, region_words):
        return MET, "持本地居住证"
    return UNKNOWN, f"是否具有{p.wording}？"


def _permit(profile, region_words: set[str]) -> bool:
    return any("居住证" in piece and not negative(piece) for piece in pieces(profile))


def grade(p: Predicate, profile) -> tuple[str, str]:
    values = {int(v) for v in p.value.split(",") if v}
    want = bigrams(p.metric) or bigrams(p.wording)
    for piece in pieces(profile):
        for m in _GRADE_RE.finditer(piece):
            before = piece[max(0, m.start() - 8):m.start()]
            if re.search(r"[国省市区县]$", before) or not (want & bigrams(before + piece[m.end():m.end() + 4])):
                continue
            g = int(m.group(1)) if m.group(1).isdigit() else _CN.index(m.group(1)) + 1
            ok = g in values
            return (MET if ok else UNMET), f"{p.wording}：画像为{m.group(0)}，{'满足' if ok else '不满足'}"
    return UNKNOWN, f"等级是否为{p.wording}？"


def hold(p: Predicate, profile) -> tuple[str, str]:
    names = [n for n in p.value.split("|") if n]
    ps = pieces(profile)
    verdicts = []
    for name in names:
        exact = [x for x in ps if name in x]
        near = exact or [x for x in ps if name[:2] in x and "证" in x[x.find(name[:2]):]]
        if near:
            verdicts.append(not negative(near[0]))
    if any(verdicts):
        return MET, f"持有：{'、'.join(names)}"
    if verdicts:
        return UNMET, f"须持有{'或'.join(names)}，画像写明未持有"
    return UNKNOWN, f"是否持有{'或'.join(names)}？"


def received(fact: ConditionFact, profile) -> str | None:
    """The amount the profile says it already received under this measure ("已经领了20万元"), else None."""
    if not (fact.top_up or "一次性" in fact.condition_text + fact.quote):
        return None
    words = bigrams(fact.tier or fact.measure)
    for s in sentences(profile):
        m = _RECEIVED_RE.search(s)
        if not m or re.search(r"[没未]", s[max(0, m.start() - 2):m.start() + 1]):
            continue
        amounts = re.findall(r"\d+(?:\.\d+)?(?:万元|亿元|元|万)", s)
        same = not amounts or any(parse_amount(a if a.endswith("元") else a + "元") == parse_amount(fact.amount)
                                  for a in amounts)
        if same and len(words & bigrams(s)) >= max(2, len(words) // 2):
            return fact.amount or "已享受"
    return None


def _member(clause_id: str, members: tuple[str, ...]) -> str:
    return next((m for m in members if clause_id == m or clause_id.startswith(m)), "")


def apply_groups(js: list, fit: str, no: str) -> None:
    """Choose-one groups keep the highest 符合 amount; a top-up article pays the difference."""
    groups: dict[tuple, list] = {}
    for j in js:
        if j.fact.exclusive and j.status == fit:
            groups.setdefault((j.fact.doc_id, j.fact.exclusive), []).append(j)
    for group in groups.values():
        if len({_member(j.fact.clause_id, j.fact.exclusive) for j in group}) < 2:
            continue
        best = max(group, key=lambda j: parse_amount(j.amount or "") or -1.0)
        for j in group:
            if _member(j.fact.clause_id, j.fact.exclusive) != _member(best.fact.clause_id, best.fact.exclusive):
                j.status = no
                j.unmet.append(f"与{best.fact.clause_id}择一享受（就高不重复），{best.fact.clause_id}金额更高")
    for got in [j for j in js if j.received and j.fact.top_up]:
        paid = parse_amount(got.received) or 0.0
        for j in js:
            same = j.fact.doc_id == got.fact.doc_id and j is not got and j.status != no
            if same and j.fact.top_up and _article(j.fact.clause_id) == _article(got.fact.clause_id):
                full = parse_amount(j.amount or "")
                if full and full > paid:
                    j.amount = format_wan(full - paid)
                    j.met.append(f"按差额补足：{format_wan(full)}－已获{got.received}＝{j.amount}")


def _article(clause_id: str) -> str:
    m = re.match(r"((?:附件\d*·)?(?:第[一二三四五六七八九十百]+条|[一二三四五六七八九十]+))", clause_id)
    return m.group(1) if m else clause_id


_HISTORY_RE = re.compile(r"之前|此前|以前|往年|历年|最好|最高的年份|上一次")
_YEAR_AMOUNT_RE = re.compile(r"((?:19|20)\d\d)年[^\d；;，,]{0,10}?(\d+(?:\.\d+)?)\s*(亿元|亿|万元|万)")
_ANY_AMOUNT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(亿元|亿|万元|万)")


def first_time(fact: ConditionFact, profile, metric_words: set[str]) -> tuple[str, str]:
    """首次达到: unmet when an earlier year of the metric already reached this tier's lower bound."""
    tiers = [p for p in fact.predicates if p.kind == "threshold" and p.low is not None and "元" in p.unit]
    if not tiers:
        return MET, ""
    tier = min(tiers, key=lambda p: p.low)
    low = parse_amount(f"{tier.low:g}{tier.unit}")
    words = bigrams(tier.metric) | metric_words
    history: list[float] = []
    latest, said_first = 0, False
    for s in sentences(profile):
        if not words & bigrams(s):
            continue
        dated = [(int(y), parse_amount(v + (u if u.endswith("元") else u + "元"))) for y, v, u in _YEAR_AMOUNT_RE.findall(s)]
        if dated:
            latest = max(latest, max(y for y, _ in dated))
            history += [v for y, v in dated if y < max(y for y, _ in dated) and v is not None]
        h = _HISTORY_RE.search(s)
        if h:
            rest = _ANY_AMOUNT_RE.search(s, h.end())
            if rest:
                history.append(parse_amount(rest.group(1) + (rest.group(2) if rest.group(2).endswith("元")
                                                            else rest.group(2) + "元")))
        said_first = said_first or "首次" in s and not dated
    if low is not None and any(v is not None and v >= low for v in history):
        return UNMET, f"{fact.tier.strip('，, ') or tier.wording}：画像显示此前年度已达到，不是{_first_word(fact)}"
    if history or said_first:
        return MET, f"{_first_word(fact)}：此前年度未达到"
    return UNKNOWN, f"是否为{_first_word(fact)}{tier.wording}？（此前年度是否已达到）"


def _first_word(fact: ConditionFact) -> str:
    return next((p.value for p in fact.predicates if p.kind == "first"), "首次达到")
