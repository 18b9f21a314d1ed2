"""An enterprise profile (DESIGN §6) read once into a typed record, or a ProfileError naming the field.

Facts found in `text` fill keys that are not given: numbers with what they measure (营收5亿,
纳税2000万, 员工300人), places, qualifications, gender and age. `text` is read up to
MAX_TEXT_CHARS; a longer one is cut and the cut is reported in the notes.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from core.amounts import fold_unit, is_money, to_wan
from core.errors import ProfileError

MAX_TEXT_CHARS = 4000
MAX_FACTS = 60
KNOWN_KEYS = ("region", "industry", "entity", "revenue_wan", "tax_wan", "employees", "founded", "qualifications",
              "facts", "text")
FIELD_NAMES = {"region": "注册地区", "industry": "行业", "entity": "主体类型", "revenue_wan": "营业收入（万元）",
               "tax_wan": "纳税额（万元）", "employees": "员工人数", "founded": "成立日期",
               "qualifications": "资质", "facts": "其他事实", "text": "文字描述"}
ENTITIES = {"enterprise": "enterprise", "individual": "individual", "organisation": "organisation",
            "organization": "organisation", "企业": "enterprise", "个人": "individual", "机构": "organisation"}
_NUMBER_KEYS = {"revenue_wan": ("营业收入营收销售收入", "万元"), "tax_wan": ("纳税税收纳税额", "万元"),
                "employees": ("员工职工从业人员人数在职职工", "人")}
_TEXT_NUMBER_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(亿元|亿|万元|万|千元|元|块钱|块|人次|人|名|家|个月|个|条|千克|公斤|%|架次|小时|"
                             r"周岁|岁|年|次|套|项)")
_DELIM_RE = re.compile(r"[，,。；;：:、！？!?\n（）()“”\"]")
_PLACE_RE = re.compile(r"([\u4e00-\u9fff]{2})(?:省|市|区|县)")
_YEAR_OF_RE = re.compile(r"(20\d\d|19\d\d)\s*[年\-/.]\s*(\d{1,2})?")


@dataclass(frozen=True)
class Number:
    context: str  # what the number measures, as the profile words it (营收, 研发投入)
    value: float  # money in 万元
    unit: str
    segment: str = ""  # the sentence piece it stands in (to tell 垂直起降场1个…500万元 from 起降点4个…50万元)


@dataclass
class Profile:
    region: str = ""
    industry: str = ""
    entity: str = ""
    qualifications: list[str] = field(default_factory=list)
    founded: date | None = None
    numbers: list[Number] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    text: str = ""
    given: dict = field(default_factory=dict)  # the keys as the user gave them (for "profile")
    notes: list[str] = field(default_factory=list)

    @property
    def blob(self) -> str:
        """Everything the profile says, as one text for word look-ups."""
        parts = [self.region, self.industry, " ".join(self.qualifications), self.text]
        parts += [f"{k}{v}" for k, v in self.facts.items()]
        parts += [n.context for n in self.numbers]
        return "\n".join(p for p in parts if p)

    def understood(self) -> dict:
        out = dict(self.given)
        out.update({"entity": self.entity or None, "region": self.region or None})
        out["numbers"] = [{"what": n.context, "value": n.value, "unit": n.unit} for n in self.numbers]
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}


def _bad(key: str, why: str) -> ProfileError:
    return ProfileError(f"bad profile field {key}: {why}",
                        message_zh=f"企业画像字段 {key}（{FIELD_NAMES.get(key, key)}）有误：{why}")


def _number(key: str, value) -> float:
    if isinstance(value, bool) or value is None:
        raise _bad(key, "必须是数字。")
    if isinstance(value, str):
        try:
            value = float(value.replace(",", "").strip())
        except ValueError:
            raise _bad(key, f"必须是数字，收到“{value[:20]}”。") from None
    if not isinstance(value, (int, float)) or math.isnan(value) or math.isinf(value):
        raise _bad(key, "必须是数字。")
    if value < 0:
        raise _bad(key, "不能为负数。")
    return float(value)


def _string(key: str, value, limit: int = 200) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _bad(key, "必须是文字。")
    return value[:limit].strip()


def _date(key: str, value) -> date:
    text = _string(key, value, 40)
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        pass
    raise _bad(key, f"应写成 YYYY-MM-DD，收到“{text[:20]}”。")


_FILLER_RE = re.compile(r"^(?:那么|那|还有|另外)?(?:如果|假如|要是|若是|若)?(?:是|改成|变成)?")
_CN_COUNT_RE = re.compile(r"([一两二三四五六七八九十])(条|个|家|人|名|项|套)")
_CN = {"一": "1", "两": "2", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
       "十": "10"}


def numbers_in(text: str, prefix: str = "") -> list[Number]:
    """Numbers with what they measure: the words before each (back to the last delimiter, without
    brackets) and the words right after it ("3000万元数字化转型贷款")."""
    text = _CN_COUNT_RE.sub(lambda m: _CN[m.group(1)] + m.group(2), re.sub(r"（[^（）]{0,12}）|\([^()]{0,12}\)", "", text))
    out = []
    for m in _TEXT_NUMBER_RE.finditer(text):
        value, unit = float(m.group(1)), m.group(2)
        if unit == "年" and (len(m.group(1)) == 4 or text[m.end():m.end() + 1] in "月底初"):
            continue
        head = _FILLER_RE.sub("", _DELIM_RE.split(text[max(0, m.start() - 16):m.start()])[-1])
        tail = _DELIM_RE.split(text[m.end():m.end() + 12])[0] if unit in ("万元", "亿元", "万", "亿", "元", "块") \
            else ""
        tail = re.sub(r"^[呢吗啊吧了的左右多]+.*$|[呢吗啊吧了]+$", "", tail)
        segment = re.split(r"[；;。\n]", text[:m.start()])[-1] + text[m.start():m.end() + 12]
        unit = {"亿": "亿元", "万": "万元", "块": "元", "块钱": "元"}.get(unit, unit)
        if is_money(unit):
            value, unit = to_wan(value, unit), "万元"
        out.append(Number((prefix + head + tail).strip(), value, fold_unit(unit), segment))
    return out


def _fact_numbers(key: str, value) -> list[Number]:
    m = re.search(r"_(万元|元|亿元|人|个|家|条|千克|%)$", key)
    name = key[:m.start()] if m else key
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        unit = m.group(1) if m else next((u for u in ("架次", "人", "家", "个", "条", "千克", "小时", "岁")
                                          if name.endswith(u)), "")
        if not unit and re.search(r"(人员|人数|员工|职工)$", name):
            unit = "人"
        v = float(value)
        if is_money(unit):
            v, unit = to_wan(v, unit), "万元"
        return [Number(name, v, fold_unit(unit), name)]
    return numbers_in(str(value), prefix=name) if isinstance(value, str) else []


def parse_profile(raw) -> Profile:
    """The profile as understood, or ProfileError naming the first field it cannot take."""
    if not isinstance(raw, dict):
        raise ProfileError("profile is not an object", message_zh="企业画像必须是一个 JSON 对象（键值对）。")
    p = Profile()
    for key in raw:
        if key not in KNOWN_KEYS:
            p.notes.append(f"未知字段“{str(key)[:40]}”已忽略。")
    p.region = _string("region", raw.get("region"))
    p.industry = _string("industry", raw.get("industry"))
    entity = raw.get("entity")
    if entity not in (None, ""):
        if not isinstance(entity, str) or entity.strip() not in ENTITIES:
            raise _bad("entity", "只能是 enterprise（企业）、individual（个人）或 organisation（机构）。")
        p.entity = ENTITIES[entity.strip()]
    for key, (context, unit) in _NUMBER_KEYS.items():
        if raw.get(key) is not None:
            p.numbers.append(Number(context, _number(key, raw[key]), unit))
    if raw.get("founded") not in (None, ""):
        p.founded = _date("founded", raw["founded"])
    quals = raw.get("qualifications")
    if isinstance(quals, str):
        quals = [quals]
    if quals is not None:
        if not isinstance(quals, list) or not all(isinstance(q, str) for q in quals):
            raise _bad("qualifications", "必须是文字列表，例如 [\"高新技术企业\"]。")
        p.qualifications = [q[:60] for q in quals[:30]]
    facts = raw.get("facts")
    if facts is not None:
        if not isinstance(facts, dict):
            raise _bad("facts", "必须是一个对象，例如 {\"研发投入_万元\": 800}。")
        for k, v in list(facts.items())[:MAX_FACTS]:
            if isinstance(v, (dict, list)):
                v = str(v)[:200]
            if isinstance(v, (int, float)) and not isinstance(v, bool) and v < 0:
                raise _bad(f"facts.{k}", "不能为负数。")
            p.facts[str(k)[:60]] = v if not isinstance(v, str) else v[:400]
            p.numbers.extend(_fact_numbers(str(k)[:60], v))
    text = raw.get("text")
    if text is not None and not isinstance(text, str):
        raise _bad("text", "必须是文字。")
    text = text or ""
    if len(text) > MAX_TEXT_CHARS:
        p.notes.append(f"文字描述过长（{len(text)}字），只读取了前{MAX_TEXT_CHARS}字。")
        text = text[:MAX_TEXT_CHARS]
    p.text = text
    p.given = {k: raw[k] for k in KNOWN_KEYS if k in raw and k != "text"}
    if text:
        p.given["text"] = text[:200] + ("……" if len(text) > 200 else "")
    given_contexts = {n.context for n in p.numbers}
    latest: dict[tuple[str, str], Number] = {}
    for n in numbers_in(text):  # a later "纳税2000万" (a follow-up) replaces an earlier "去年纳税1000万"
        for key in [k for k in latest if k[1] == n.unit and n.context and (n.context in k[0] or k[0] in n.context)
                    and k[0]]:
            del latest[key]
        latest[(n.context, n.unit)] = n
    p.numbers.extend(n for n in latest.values() if n.context not in given_contexts)
    if not p.entity:
        p.entity = _entity_from_text(p.blob)
    return p


def _entity_from_text(text: str) -> str:
    if re.search(r"我们公司|我们是|我司|本公司|企业|公司|工作室|有限|集团|厂", text):
        return "enterprise" if not re.search(r"我是|本人|个人能|个人有", text) else "individual"
    if re.search(r"我是|本人|我今年|个人", text):
        return "individual"
    return ""


def places_of(profile: Profile, vocabulary_places: dict, known: frozenset[str]) -> set[str]:
    """Place stems the profile names: with 省/市/区/县 when the stem is a known place, or a known name."""
    text = profile.region + "\n" + profile.blob
    named = set(vocabulary_places) | {n for names in vocabulary_places.values() for n in names}
    stems = {n[:2] for n in named}
    out = {m.group(1) for m in _PLACE_RE.finditer(text) if m.group(1) in known or m.group(1) in stems}
    out |= {m.group(1) for m in _PLACE_RE.finditer(profile.region)}
    out |= {n[:2] for n in named if n[:2] in text and len(n) >= 2}
    return out


def year_of(text: str) -> int | None:
    m = _YEAR_OF_RE.search(text or "")
    return int(m.group(1)) if m else None


def gender_of(profile: Profile, words: dict) -> str:
    text = profile.blob
    for gender, names in words.items():
        if any(re.search(rf"（{n}）|{n}性|性别{n}|{n}，|{n}\)|^{n}$", text) for n in names) or \
                any(f"性别{n}" in text for n in names):
            return gender
    for v in profile.facts.values():
        if isinstance(v, str) and v.strip() in words:
            return v.strip()
    return ""
