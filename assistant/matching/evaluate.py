"""One measure (ConditionFact) judged on one profile: each predicate met, unmet or unknown.

A condition the profile does not state is unknown, never assumed: the measure is then
可能符合 and the unknown line is the question to ask. Region: a profile registered in a
place the document does not cover is 不符合. Amounts: see assistant/matching/amounts.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from assistant.matching.amounts import compute_amount
from assistant.matching.numbers import best_number
from assistant.matching import rules
from assistant.matching.profile import Profile, gender_of, year_of
from core.amounts import fold_unit, is_money, to_wan
from core.facts import ConditionFact, Predicate
from core.tokenizer import cut

MET, UNMET, UNKNOWN = "met", "unmet", "unknown"
FIT, MAYBE, NO = "符合", "可能符合", "不符合"


@dataclass
class Judgement:
    fact: ConditionFact
    status: str
    relevance: float
    hits: int = 0  # how many of the subject's words the profile touches
    amount: str | None = None
    met: list[str] = field(default_factory=list)
    unmet: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    received: str | None = None  # the profile says it already received this measure (that amount)


def _value_in(p: Predicate, value: float) -> bool:
    low_ok = p.low is None or (value >= p.low if p.low_inclusive else value > p.low)
    high_ok = p.high is None or (value <= p.high if p.high_inclusive else value < p.high)
    return low_ok and high_ok


def _bounds(p: Predicate) -> tuple[float | None, float | None]:
    if is_money(p.unit):
        return (None if p.low is None else to_wan(p.low, p.unit), None if p.high is None else to_wan(p.high, p.unit))
    return p.low, p.high


def _threshold(p: Predicate, profile: Profile, vocab: dict, today: date) -> tuple[str, str]:
    low, high = _bounds(p)
    scaled = Predicate(p.kind, p.wording, p.metric, p.unit, low, p.low_inclusive, high, p.high_inclusive)
    unit = fold_unit(p.unit)
    value, said = _special_value(p, unit, profile, vocab, today)
    if value is None and said == "skip":
        return MET, ""
    if value is None:
        n = best_number(p.metric, "万元" if is_money(unit) else unit, profile.numbers, vocab.get("metric_aliases", {}))
        if n is None:
            return UNKNOWN, f"{p.wording}：画像未说明{p.metric or '相关数值'}"
        value, said = n.value, f"{n.context}{_num(n.value)}{n.unit}"
    ok = _value_in(scaled, value)
    return (MET if ok else UNMET), f"{p.wording}：{said}，{'满足' if ok else '不满足'}"


def _special_value(p: Predicate, unit: str, profile: Profile, vocab: dict, today: date):
    """Age, years since graduation, the firm's age in years or months."""
    metric = p.metric
    ratio = re.search(r"([\u4e00-\u9fff]{2,8}?)占([\u4e00-\u9fff]{2,8}?)(?:的)?比(?:例|重)", metric)
    if unit == "%" and ratio:  # 研发投入占营业收入比例: the profile's two numbers
        aliases = vocab.get("metric_aliases", {})
        part = best_number(ratio.group(1), "万元", profile.numbers, aliases)
        whole = best_number(ratio.group(2), "万元", profile.numbers, aliases)
        if part and whole and whole.value and part is not whole:
            share = round(part.value / whole.value * 100, 6)
            return share, f"{_num(part.value)}万元÷{_num(whole.value)}万元={share:.2f}%"
        return None, ""
    if unit == "岁":
        gender = gender_of(profile, vocab.get("gender_words", {}))
        for g, words in vocab.get("gender_words", {}).items():
            if any(w in metric for w in words) and gender and gender != g:
                return None, "skip"
        ages = [n for n in profile.numbers if n.unit == "岁" or "年龄" in n.context]
        return (ages[0].value, f"年龄{_num(ages[0].value)}岁") if ages else (None, "")
    if unit in ("年", "个月") and re.search(r"毕业", metric):
        year = _year_near(profile, "毕业")
        if year is None:
            return None, ""
        span = today.year - year
        return (span if unit == "年" else span * 12), f"{year}年毕业"
    if unit in ("年", "个月") and re.search(r"注册|登记|成立|创办|设立", metric):
        start = profile.founded
        year = start.year if start else _year_near(profile, "注册|登记|成立|创办")
        if year is None:
            return None, ""
        months = (today.year - year) * 12 + (today.month - (start.month if start else 6))
        return (months / 12 if unit == "年" else months), f"{year}年登记注册"
    return None, ""


def _year_near(profile: Profile, words: str) -> int | None:
    for k, v in profile.facts.items():
        if re.search(words, k + str(v)):
            y = year_of(str(v)) or year_of(k)
            if y:
                return y
    m = re.search(rf"((?:19|20)\d\d)年[^，。；]{{0,12}}?(?:{words})", profile.text)
    return int(m.group(1)) if m else None


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _qualification(p: Predicate, blob: str, vocab: dict) -> bool:
    aliases = [a for a, name in vocab.get("qualification_aliases", {}).items() if name == p.value]
    return any(w in blob for w in [p.value, *aliases])


def _time(p: Predicate, blob: str, vocab: dict) -> bool:
    words = vocab.get("time_words", {}).get(p.value, [p.value])
    return any(w in blob for w in words) or bool(re.search(r"今年|刚|20(2[4-9])年.{0,8}(认定|获批|落户|建)", blob))


_ASIDE_RE = re.compile(r"符合(?:以下|下列)[^，。；]*|可申请|可享受|可按规定|按规定")


def core_subject(fact: ConditionFact) -> str:
    """Who or what the measure supports: after the last 对 of its subject, else its last two phrases;
    a tier's own words when it is one of several tiers."""
    subject = _ASIDE_RE.sub("", fact.tier or fact.subject)
    if "对" in subject:
        return subject[subject.rfind("对") + 1:]
    return "，".join([part for part in re.split(r"[，,]", subject) if part.strip()][-2:])


_ELSEWHERE_RE = re.compile(r"外地|外省|异地|省外|市外|非本[市省区]|非[\u4e00-\u9fff]{2}[市省区县]|省城|其他城市")


def _local(p: Predicate, profile: Profile, fact: ConditionFact) -> tuple[str, str]:
    """在本市取得/注册/就业: the profile says it happened elsewhere, here, or does not say."""
    act = p.value
    for sentence in re.split(r"[。；;\n]", profile.blob):
        if act[:1] in sentence or act in sentence:
            if _ELSEWHERE_RE.search(sentence) and not (fact.region and fact.region[:2] in sentence
                                                       and not re.search(r"非" + fact.region[:2], sentence)):
                return UNMET, f"{p.wording}：画像写明在外地"
    here = fact.region[:2] if fact.region else "本市"
    if re.search(rf"(?:在|于){here}[^。；]{{0,12}}{act[:1]}", profile.blob):
        return MET, f"{p.wording}：画像写明在{fact.region}"
    return UNKNOWN, f"{p.wording}：请确认是否在{fact.region or '本地'}"


def relevance(fact: ConditionFact, blob: str, vocab: dict) -> tuple[float, int]:
    """(share, count) of the measure's core subject words (and its title) the profile touches."""
    generic = set(vocab.get("generic_words", []))
    words = {w for w in cut(fact.measure + "，" + core_subject(fact)) if len(w) >= 2 and w not in generic
             and not re.search(r"\d", w)}
    if not words and fact.condition_text:  # "补贴标准为…": the sentence before it names the measure
        words = {w for w in cut(fact.condition_text[:60]) if len(w) >= 2 and w not in generic
                 and not re.search(r"\d", w)}
    if not words:
        return 0.0, 0
    hits = sum(1 for w in words if w in blob or (len(w) >= 4 and (w[:2] in blob or w[-2:] in blob)))
    return hits / len(words), hits


def _defined(fact: ConditionFact, profile: Profile, vocab: dict, today: date, j: Judgement) -> None:
    """A qualification the document defines by numbers (所称中小企业，是指从业人员1000人以下或者营业收入
    4亿元以下): held when the profile names it, else judged on the definition's thresholds."""
    groups: dict[str, list[Predicate]] = {}
    for p in fact.predicates:
        if p.kind == "threshold" and p.value.startswith("def:"):
            groups.setdefault(p.value, []).append(p)
    for key, preds in groups.items():
        _, name, mode = key.split(":")
        if _qualification(Predicate("qualification", name, value=name), profile.blob, vocab):
            j.met.append(f"资质：{name}")
            continue
        results = [_threshold(p, profile, vocab, today) for p in preds]
        states = [r[0] for r in results]
        if mode == "any":
            state = MET if MET in states else UNMET if all(x == UNMET for x in states) else UNKNOWN
        else:
            state = UNMET if UNMET in states else MET if all(x == MET for x in states) else UNKNOWN
        line = f"{name}（文件所称：{'或'.join(p.wording for p in preds)}）：" + "；".join(r[1] for r in results)
        {MET: j.met, UNMET: j.unmet, UNKNOWN: j.unknown}[state].append(line)


_WORD_KINDS = ("requirement", "exclusion", "hukou", "grade", "hold", "first")


def _worded(p: Predicate, fact: ConditionFact, profile: Profile, vocab: dict, region_words: set[str]):
    if p.kind == "requirement":
        return rules.requirement(p, profile)
    if p.kind == "exclusion":
        return rules.exclusion(p, fact, profile)
    if p.kind == "hukou":
        known = {n[:2] for k, names in vocab.get("places", {}).items() for n in (k, *names)}
        return rules.hukou(p, profile, region_words, known)
    if p.kind == "grade":
        return rules.grade(p, profile)
    if p.kind == "hold":
        return rules.hold(p, profile)
    aliases = vocab.get("metric_aliases", {})
    words = {b for k, v in aliases.items() for b in rules.bigrams(" ".join([k, *v]))
             if any(t.metric and (k in t.metric or any(a in t.metric for a in v)) for t in fact.predicates)}
    return rules.first_time(fact, profile, words)


def judge(fact: ConditionFact, profile: Profile, places: set[str], vocab: dict, today: date,
          region_words: set[str]) -> Judgement:
    blob = profile.blob
    share, hits = relevance(fact, blob, vocab)
    j = Judgement(fact, FIT, share, hits)
    if places & region_words:
        j.met.append(f"地区：{fact.region}")
    elif places:
        j.unmet.append(f"地区：本政策适用于{fact.region or '发文地区'}，画像所在地为{profile.region or '、'.join(sorted(places))}")
    else:
        j.unknown.append(f"注册地是否在{fact.region or '发文地区'}？")
    either = any(p.kind == "term" and p.value == "either" for p in fact.predicates)
    alternatives: list[tuple[str, str]] = []
    _defined(fact, profile, vocab, today, j)
    for p in fact.predicates:
        if p.kind == "threshold" and p.value.startswith("def:"):
            continue
        if p.kind == "threshold":
            state, line = _threshold(p, profile, vocab, today)
            if either and state != MET:
                alternatives.append((state, line))
                continue
            {MET: j.met, UNMET: j.unmet, UNKNOWN: j.unknown}[state].append(line) if line else None
        elif p.kind == "qualification":
            if _qualification(p, blob, vocab):
                j.met.append(f"资质：{p.value}")
            elif either:
                alternatives.append((UNKNOWN, f"是否属于{p.value}？"))
            else:
                j.unknown.append(f"是否为{p.value}？")
        elif p.kind == "time":
            (j.met if _time(p, blob, vocab) else j.unknown).append(
                f"{p.value}：画像{'已说明' if _time(p, blob, vocab) else '未说明，请确认是否' + p.value}")
        elif p.kind == "local":
            state, line = _local(p, profile, fact)
            {MET: j.met, UNMET: j.unmet, UNKNOWN: j.unknown}[state].append(line)
        elif p.kind == "entity" and profile.entity and profile.entity != p.value and \
                not (profile.entity == "organisation" and p.value == "enterprise"):
            j.unmet.append(f"对象：本措施面向{p.wording}")
        elif p.kind in _WORD_KINDS:
            state, line = _worded(p, fact, profile, vocab, region_words)
            if line:
                {MET: j.met, UNMET: j.unmet, UNKNOWN: j.unknown}[state].append(line)
    if either and alternatives and not any(line.startswith("资质") for line in j.met):
        j.unknown.append("以下条件之一是否具备：" + "；".join(line for _, line in alternatives[:3]))
    if share < 0.34 and hits < 2:
        j.unknown.append(f"是否属于本措施的支持对象：{core_subject(fact)[:40]}")
    if fact.tier:  # the tier's lead-in (对本市企业研制的…取得型号合格证的) must be touched too
        lead = fact.subject[:len(fact.subject) - len(fact.tier)] if fact.subject.endswith(fact.tier) else ""
        lead_share, _ = relevance(ConditionFact(fact_id="", doc_id="", clause_id="", quote="", measure="",
                                                subject=lead), blob, vocab) if lead else (1.0, 0)
        if lead_share < 0.34:
            j.unknown.append(f"是否符合：{lead.strip('，, ：:')[:40]}")
    j.received = rules.received(fact, profile)
    if j.received:
        j.unmet.append(f"画像写明已享受本项（{j.received}），不重复享受")
    j.status = NO if j.unmet else MAYBE if j.unknown else FIT
    amount, lines, missing = compute_amount(fact, profile, vocab)
    j.amount = amount
    j.met.extend(lines)
    if fact.amount_source and amount:
        j.met.append(f"金额依据{fact.amount_source}")
    if missing:  # the amount needs a number the profile lacks; the conditions are judged already
        j.unknown.append(missing)
    return j
