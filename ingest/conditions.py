"""Support measures as checkable data (core.facts.ConditionFact), extracted at ingest.

A measure is a sentence piece that gives support (the profile's `matching.support_words`)
with an amount, a rate or a per-item sum. Its conditions come from the text before the
support verb, the clause's title, the clause's own children when they state conditions
(not amounts), and the parent's lead-in when the parent introduces a list of tiers
("按下列标准给予一次性奖励："). Every predicate keeps its wording; the fact keeps the clause
ID and the verbatim piece. General rules only: nothing here names a document.
"""
from __future__ import annotations

import re

from core.amounts import is_money, to_wan
from core.facts import ConditionFact, Predicate
from core.profile import CorpusProfile
from core.records import Clause, Document, content_id
from ingest.chunking import split_sentences
from ingest.condition_predicates import person_predicates
from ingest.condition_region import document_region
from ingest.condition_rules import apply_rules

_NUM = r"(\d+(?:\.\d+)?)"
_UNITS = r"(万亿元|亿元|万元|元|千克|公斤|吨|人次|人|家|个月|个|条|架次|小时|%|年|周岁|岁|平方米|亩|套)"
_LOW_PRE = {"不低于": True, "不少于": True, "达到": True, "满": True, "在": True, "超过": False, "高于": False,
            "大于": False, "多于": False}
_HIGH_PRE = {"不超过": True, "不高于": True, "不足": False, "低于": False, "少于": False, "未满": False, "不满": False}
_THRESHOLD_RE = re.compile(
    rf"(不低于|不少于|不超过|不高于|未满|不满|不足|低于|少于|高于|大于|多于|超过|达到|满|在)?{_NUM}{_UNITS}"
    r"(（含(?:本数)?[\d%人元万]*）|\(含\)|（不含(?:本数)?）)?(及以上|或以上|以上|以下|以内|内)?(（含(?:本数)?[\d%人元万]*）|（不含(?:本数)?）)?")
_RANGE_RE = re.compile(rf"{_NUM}\s*(?P<u1>万亿元|亿元|万元|元)?(?:（含(?:本数)?）)?\s*[至到\-—~－～]\s*{_NUM}\s*{_UNITS}"
                       r"(（含本数）)?")
_RATE_RE = re.compile(r"按(?:照)?([^，,。；;：]{1,40}?)的(\d+(?:\.\d+)?)%")
_FRACTION_RE = re.compile(r"([\u4e00-\u9fff]{2,14}?)的([二三四五六七八九十])分之([一二三四五六七八九])")
_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九十")}
_BARE_RATE_RE = re.compile(r"给予(?:年化)?(\d+(?:\.\d+)?)(?:%|个百分点)(?:的)?")
_CATEGORY_RE = re.compile(r"(?:按)?([\u4e00-\u9fff]{1,4}?)(?:每人|每个|每项)?(\d+(?:\.\d+)?)(万元|元)(?=[，、；;。]|$)")
_INCREMENT_RE = re.compile(r"每增加1(?:人|个|家)(?:给予)?(\d+(?:\.\d+)?)(万元|元)")
_PER_BASE_RE = re.compile(r"按(?:照)?([^，,。；;]+?)[，,]?每(?:架次|小时|人|个|条)")
_PER_RE = re.compile(r"每(架次|小时|人|个|条|型号|项目|户|家|套)[\u4e00-\u9fff]{0,6}?(\d+(?:\.\d+)?)(万元|亿元|元)")
_SLASH_PER_RE = re.compile(r"(\d+(?:\.\d+)?)(万元|元)/(人|个|架次|小时|户)")
_CAP_RE = re.compile(r"(?:最高|不超过|最多)(?:不超过)?(\d+(?:\.\d+)?)(万亿元|亿元|万元|元)")
_FIXED_RE = re.compile(r"(不低于|最高|不超过|最多)?(?:可补贴|可给予|给予|奖励|补助|补贴|资助|支持)?(\d+(?:\.\d+)?)(万亿元|亿元|万元|元)")
_PER_WORD_RE = re.compile(r"每(个|条|人|型号|项目|户|家|套)")
_RESPECTIVELY_RE = re.compile(r"分别给予(?:最高)?((?:\d+(?:\.\d+)?(?:万亿元|亿元|万元|元)、?)+)")
_SPLIT_LIST_RE = re.compile(r"、|和|及")


def _vocab(profile: CorpusProfile) -> dict:
    return profile.matching


def thresholds(text: str) -> list[Predicate]:
    """Numeric conditions with their bounds read as the text writes them:
    以上/不低于/达到/满/（含） include the number, 超过/高于 do not; 以下/以内/不超过 include it,
    不足/低于 do not; "25千克以上、不超过150千克" is one range on one metric."""
    out: list[Predicate] = []
    for m in _RANGE_RE.finditer(text):
        unit, low = m.group(4), float(m.group(1))
        if m.group("u1") and m.group("u1") != unit and is_money(unit):  # 5000万元（含）至1亿元
            low = to_wan(low, m.group("u1")) / to_wan(1, unit)
        out.append(Predicate("threshold", m.group(0), metric=_metric_before(text, m.start()), unit=unit,
                             low=low, high=float(m.group(3))))
    covered = [(m.start(), m.end()) for m in _RANGE_RE.finditer(text)]
    for m in _THRESHOLD_RE.finditer(text):
        if any(s <= m.start() < e for s, e in covered):
            continue
        pre, value, unit, inc1, post, inc2 = m.groups()
        inclusive_mark = inc1 or inc2 or ""
        if not pre and not post:
            continue  # a bare number is not a condition
        if unit == "年" and re.match(r"20\d\d$", value):
            continue
        metric = _metric_before(text, m.start())
        if not metric and out and out[-1].unit == unit and m.start() - _end_of(text, out[-1]) < 4:
            metric = out[-1].metric  # "25千克以上、不超过150千克"
        v = float(value)
        low = high = None
        low_inc = high_inc = True
        if text[m.start() - 1:m.start()] in "（(" and text[m.end():m.end() + 3] in ("的企业", "的单位"):
            continue  # （超过100人的企业达到5%）: a variant for a sub-group, not a condition on everyone
        if post in ("以下", "以内", "内"):
            high, high_inc = v, _HIGH_PRE.get(pre, True)
        elif pre in _LOW_PRE or post in ("以上", "及以上", "或以上"):
            low, low_inc = v, _LOW_PRE.get(pre, True)
        elif pre in _HIGH_PRE:
            high, high_inc = v, _HIGH_PRE.get(pre, True)
        else:
            continue
        if "不含" in inclusive_mark:
            low_inc = high_inc = False
        elif "含" in inclusive_mark:
            low_inc = high_inc = True
        if out and out[-1].metric == metric and out[-1].unit == unit and m.start() - _end_of(text, out[-1]) < 4:
            prev = out.pop()  # merge into a range
            low = prev.low if low is None else low
            high = prev.high if high is None else high
            low_inc = prev.low_inclusive if prev.low is not None else low_inc
            high_inc = prev.high_inclusive if prev.high is not None else high_inc
            wording = prev.wording + text[_end_of(text, prev):m.end()]
        else:
            wording = (metric + m.group(0)) if metric and metric not in m.group(0) else m.group(0)
        out.append(Predicate("threshold", wording, metric=metric, unit=unit, low=low, low_inclusive=low_inc,
                             high=high, high_inclusive=high_inc))
    return out


def _end_of(text: str, p: Predicate) -> int:
    i = text.find(p.wording[-12:])
    return i + min(12, len(p.wording)) if i >= 0 else -99


def _metric_before(text: str, at: int) -> str:
    """The words naming what a number measures: back to the last delimiter, without brackets."""
    head = text[max(0, at - 24):at]
    head = re.sub(r"（[^（）]*）|\([^()]*\)", "", head)
    head = re.split(r"[，,。；;：:、\n]|且|并|或者|或|其中|对|的(?=[\u4e00-\u9fff]{2,}$)", head)[-1]
    return head.strip(" 的在")


def _qualifications(text: str, vocab: dict) -> list[Predicate]:
    aliases = vocab.get("qualification_aliases", {})
    found: list[str] = []
    for word in vocab.get("qualifications", []):
        i = text.find(word)
        if i >= 0 and text[max(0, i - 14):i + len(word) + 14].count("、") >= 2 and "之一" not in text:
            continue  # one of several forms listed (小微企业、个体工商户、社会组织…), not a requirement
        if i >= 0:
            name = aliases.get(word, word)
            if name not in found and not any(name in f for f in found):
                found.append(name)
    return [Predicate("qualification", name, value=name) for name in found]


def _times(text: str, vocab: dict) -> list[Predicate]:
    return [Predicate("time", word, value=word) for word in vocab.get("time_words", {}) if word in text]


def _entity(text: str, vocab: dict) -> list[Predicate]:
    """Whom the measure is for, by the head of its subject (the words after the last 的 of its
    first line): a person (毕业生, 研究生) or a firm; neither or both give no predicate."""
    first = text.strip().split("\n")[0]
    to = re.search(r"(?:^|[，,；;])对", first)
    if to:  # 对…的X: X is whom it is for
        head = re.split(r"[，,；;]", first[to.end():])[0]
        head = head[head.rfind("的") + 1:] if "的" in head else head
    else:  # 用人单位组织…: the actor opens the sentence, up to its verb
        head = re.split(r"[，,；;]|为|按|可享受|享受|可申请|申请|接受|提供|参加", first[:24])[0][:16] or first[:6]
        head = head[head.rfind("的") + 1:] if "的" in head[:-1] else head
    person = any(w in head for w in vocab.get("individual_words", []))
    firm = any(w in head for w in vocab.get("enterprise_words", []))
    if person == firm:
        return []
    kind = "individual" if person else "enterprise"
    return [Predicate("entity", "个人" if person else "企业或单位", value=kind)]


_LOCAL_RE = re.compile(r"在本(?:市|省|区|县)(?:行政区域内)?(?:依法)?([\u4e00-\u9fff]{0,3}?)(取得|考取|注册|登记|创办|就业)")


def _local(text: str) -> list[Predicate]:
    """在本市取得…执照: an act that must have happened in the issuing region."""
    out = []
    for m in _LOCAL_RE.finditer(text):
        if m.group(2) in ("取得", "考取"):
            out.append(Predicate("local", m.group(0) + text[m.end():m.end() + 16].split("的")[0], value=m.group(2)))
    return out[:1]


def predicates_of(text: str, vocab: dict, who: str | None = None) -> list[Predicate]:
    """`who`: the words that say whom the measure is for (its 对… phrase or its sentence's opening);
    empty when the measure does not say, which gives no entity predicate."""
    preds = thresholds(text) + _qualifications(text, vocab) + _times(text, vocab) + person_predicates(text)
    preds += _entity(text if who is None else who, vocab)
    return preds + _local(text)


def _amounts(action: str, zone: str) -> dict:
    """fixed amount, rate x base, per-item sum and cap, as the action part writes them."""
    out: dict = {"amount": "", "amount_qualifier": "", "rate": None, "base": "", "cap": "", "per": "",
                 "categories": (), "increment": ""}
    piece = zone + action
    rate = _RATE_RE.search(action)
    fraction = _FRACTION_RE.search(action) if not rate else None
    if fraction:  # 补贴标准为每人每次就餐费用的四分之一，最高不超过3元
        out["rate"] = round(_CN_DIGIT[fraction.group(3)] / _CN_DIGIT[fraction.group(2)] * 100, 4)
        out["base"] = re.sub(r"^(?:.*?为)?(?:每人|每次|每户)*", "", fraction.group(1))
        cap = _CAP_RE.search(action, fraction.end())
        out["cap"] = (cap.group(1) + cap.group(2)) if cap else ""
        return out
    bare = _BARE_RATE_RE.search(action) if not rate else None
    per = _PER_RE.search(piece) or _SLASH_PER_RE.search(piece)
    cats = [(m.group(1), m.group(2) + m.group(3)) for m in _CATEGORY_RE.finditer(action)]
    labels = [c[0] for c in cats]
    if len(cats) >= 2 and len(set(labels)) == len(labels) and all(re.search(r"奖|博士|硕士|本科|其他|级", x)
                                                                  for x in labels):
        out["categories"] = tuple(cats)
        out["amount"] = cats[0][1]
        return out
    after = 0
    if rate:
        out["rate"], out["base"], after = float(rate.group(2)), rate.group(1), rate.end()
    elif bare:
        out["rate"], out["base"], after = float(bare.group(1)), zone.strip("，, 对"), bare.end()
    elif per:
        if per.re is _PER_RE:
            out["per"], out["amount"] = per.group(1), per.group(2) + per.group(3)
        else:
            out["per"], out["amount"] = per.group(3), per.group(1) + per.group(2)
        based = _PER_BASE_RE.search(piece)
        out["base"] = based.group(1) if based else _metric_before(piece, per.start())
        if len(out["base"].strip("按照")) < 3:  # "根据两年共接收就业见习人员的数量，按200元/人"
            out["base"] = (re.split(r"[，,；;]", piece[:per.start()].rstrip("按照，, "))[-1:] or [zone])[0]
        increment = _INCREMENT_RE.search(piece)
        out["increment"] = (increment.group(1) + increment.group(2)) if increment else ""
        after = max(0, per.end() - len(zone))
    if out["rate"] is not None or out["per"]:
        cap = _CAP_RE.search(action, after)
        out["cap"] = (cap.group(1) + cap.group(2)) if cap else ""
        return out
    fixed = _FIXED_RE.search(action)
    if fixed:
        out["amount"], out["amount_qualifier"] = fixed.group(2) + fixed.group(3), fixed.group(1) or ""
    pw = _PER_WORD_RE.search(action)
    out["per"] = pw.group(1) if pw else ""
    return out


def _action_start(piece: str, vocab: dict) -> int:
    """Where the support part begins: 按照…的N% or the first support word, else the first amount."""
    starts = [m.start() for m in (_RATE_RE.search(piece), re.search(r"(?:可|省|市|区)?给予|分别给予", piece)) if m]
    for word in vocab.get("support_words", []) + vocab.get("benefit_words", []):
        i = piece.find(word)
        if i >= 0:
            starts.append(i)
    amount = re.search(r"\d+(?:\.\d+)?(?:万亿元|亿元|万元|元)", piece)
    if amount and not starts:
        starts.append(amount.start())
    return min(starts) if starts else 0


def _is_measure(piece: str, vocab: dict) -> bool:
    if "享受" in piece and any(w in piece for w in vocab.get("benefit_words", [])) and \
            not any(w in piece for w in vocab.get("not_support_words", [])):
        return True  # 持优待凭证乘坐公共汽车享受半价优惠: a benefit in kind, without an amount
    if not any(w in piece for w in vocab.get("support_words", [])):
        return False
    if any(w in piece for w in vocab.get("not_support_words", [])):
        return False
    if any(w in piece for w in vocab.get("cap_rule_words", [])) and "对" not in piece:
        return False  # 同一企业每年获得本条奖励累计不超过2000万元: a cap on the others
    return bool(re.search(r"\d+(?:\.\d+)?\s*(?:万亿元|亿元|万元|元)|\d+(?:\.\d+)?%|按规定", piece))


def _pieces(text: str) -> list[str]:
    """Sentence pieces (split at 。 and ；); "…每增加1人给予3000元" stays with the tier before it."""
    out: list[str] = []
    for sentence in split_sentences(text):
        for piece in (p.strip() for p in re.split(r"(?<=[；;])", sentence)):
            if piece and out and _INCREMENT_RE.search(piece) and re.search(r"每人|每个|每家", out[-1]):
                out[-1] += piece
            elif piece:
                out.append(piece)
    return out


def extract_conditions(document: Document, clauses: list[Clause], profile: CorpusProfile) -> list[ConditionFact]:
    vocab = _vocab(profile)
    if not vocab:
        return []
    region, places = document_region(document, profile)
    no_stacking = any(w in document.text for w in ("不重复", "就高", "从优"))
    children: dict[str, list[Clause]] = {}
    for c in clauses:
        children.setdefault(c.parent_id or "", []).append(c)
    by_id = {c.clause_id: c for c in clauses}
    measures_in = {c.clause_id: [p for p in _pieces(c.text) if _is_measure(p, vocab)] for c in clauses}
    out: list[ConditionFact] = []
    for clause in clauses:
        kids = children.get(clause.clause_id, [])
        kid_text = "\n".join(_descendant_text(k, children) for k in kids
                             if not measures_in.get(k.clause_id))
        either = bool(re.search(r"之一|以下类型|下列情形之一", clause.text))
        lead = _lead_in(by_id.get(clause.parent_id or ""), measures_in, vocab)
        lead_rate = _RATE_RE.search(by_id[clause.parent_id].text) if lead and clause.parent_id in by_id else None
        tiers_below = any(measures_in.get(k.clause_id) for k in kids)
        context, earlier = "", ""
        for piece in _pieces(clause.text):
            if piece not in measures_in[clause.clause_id]:
                context += piece if len(context) < 400 else ""  # a sentence of conditions the measures after it share
                earlier += piece
                continue
            if tiers_below and re.search(r"[：:]\s*$", piece):
                continue  # "按…的30%给予补助：" introduces the tiers below; they are the measures
            zone = piece[:_action_start(piece, vocab)]
            shared = earlier if ("对" not in zone and len(zone) < 12) else context  # "每年最高6000元": the one before's
            out.extend(_measure_facts(document, clause, piece, lead, lead_rate, kid_text + "\n" + shared, either,
                                      kids, region, places, no_stacking, vocab))
            earlier += piece
    out = _rehome(out, document, clauses, children, measures_in, (region, places, no_stacking), vocab)
    return apply_rules(out, clauses, vocab, thresholds, lambda text: thresholds(text) + person_predicates(text))


def _common(a: str, b: str) -> int:
    """Length of the longest common substring."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _rehome(facts: list[ConditionFact], document, clauses, children, measures_in, where, vocab) -> list[ConditionFact]:
    """A page that answers "X有哪些申请条件？" in one clause and "X最高可以申请多少？" in another:
    the measures of X are judged at the conditions clause, on its conditions, with the amount's source."""
    region, places, no_stacking = where
    for cond in clauses:
        if measures_in.get(cond.clause_id) or not children.get(cond.clause_id) or \
                not re.search(r"条件|申请对象|资格", cond.title or cond.text.split("\n")[0]):
            continue
        conditions = _descendant_text(cond, children)
        title = cond.title or cond.text.split("\n")[0]
        siblings = {c.clause_id for c in children.get(cond.parent_id or "", [])}
        titled = {c.clause_id: c.title for c in clauses if c.clause_id in siblings and c.title}
        moved = [f for f in facts if f.doc_id == document.doc_id and f.clause_id in titled
                 and not f.amount_source and _common(re.sub(r"[？?].*", "", title), titled[f.clause_id]) >= 4]
        for f in moved:
            facts.remove(f)
            text = "\n".join((f.subject, conditions))
            key = content_id(document.doc_id, cond.clause_id, "condition", f.quote, f.subject, length=16)
            facts.append(ConditionFact(
                fact_id=key, doc_id=document.doc_id, clause_id=cond.clause_id, quote=cond.text.strip(),
                measure=f.measure.rstrip("？?"), subject=f.subject, region=region, places=places,
                predicates=tuple(predicates_of(text, vocab)), condition_text=text, amount=f.amount,
                amount_qualifier=f.amount_qualifier, rate=f.rate, base=f.base, cap=f.cap, per=f.per,
                categories=f.categories, increment=f.increment, no_stacking=no_stacking,
                amount_source=f"{f.clause_id}：{f.quote}"))
    return facts


def _descendant_text(clause: Clause, children: dict[str, list[Clause]]) -> str:
    return "\n".join([clause.text] + [_descendant_text(k, children) for k in children.get(clause.clause_id, [])])


def _lead_in(parent: Clause | None, measures_in: dict, vocab: dict) -> str:
    """A parent's conditions that its tier children inherit (the text before its support verb)."""
    if parent is None:
        return ""
    text = parent.text.split("\n")[0]
    if not re.search(r"[：:]\s*$", text) and "下列" not in text:
        return ""
    return text[:_action_start(text, vocab)] if _action_start(text, vocab) else text.rstrip("：:")


def _measure_facts(document, clause, piece, lead, base_rate, kid_text, either, kids, region, places,
                   no_stacking, vocab) -> list[ConditionFact]:
    start = _action_start(piece, vocab)
    zone, action = piece[:start], piece[start:]
    subjects, amounts = [zone], [None]
    resp = _RESPECTIVELY_RE.search(action)
    if resp:  # 对A、B，分别给予200万元、100万元奖励
        written = re.findall(r"\d+(?:\.\d+)?(?:万亿元|亿元|万元|元)", resp.group(1))
        names = [n for n in _SPLIT_LIST_RE.split(re.sub(r"^.*?(?:对|的)(?=[^的]*$)", "", zone.strip("，, "))) if n]
        if len(names) == len(written) > 1:
            prefix = zone[:zone.find(names[0])] if names[0] in zone else ""
            subjects, amounts = [prefix + n for n in names], written
    facts = []
    for subject, written in zip(subjects, amounts):
        data = _amounts(action, subject)
        if written:
            data.update(amount=written, amount_qualifier=("最高" if "最高" in action[:6] else ""))
        if data["rate"] is None and base_rate:  # the parent's 按…的30% applies to each tier
            data.update(rate=float(base_rate.group(2)), base=base_rate.group(1),
                        cap=data["cap"] or (data["amount"] if data["amount"] else ""), amount="")
        condition_text = "\n".join(t for t in (lead, subject, kid_text) if t.strip())
        who = lead or subject.strip("，, ") or kid_text.strip().split("\n")[-1]
        preds = predicates_of(condition_text, vocab, who)
        if data["increment"]:  # 招用3人以下…每增加1人: the tiers are the arithmetic, not conditions
            preds = [p for p in preds if not (p.kind == "threshold" and p.unit == data["per"])]
        if either and kids:
            preds.append(Predicate("term", "（以下条件之一）" + "；".join(k.text[:40] for k in kids[:6]),
                                   value="either"))
        name = clause.title or (subject.strip("，, 对")[:24] or clause.clause_id)
        key = content_id(document.doc_id, clause.clause_id, "condition", piece, subject, length=16)
        facts.append(ConditionFact(
            fact_id=key, doc_id=document.doc_id, clause_id=clause.clause_id, quote=piece,
            measure=name, subject=(lead + subject).strip("，, "), tier=(subject if lead else ""),
            region=region, places=places,
            predicates=tuple(preds), condition_text=condition_text, no_stacking=no_stacking, **data))
    return facts
