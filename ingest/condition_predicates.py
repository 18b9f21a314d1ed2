"""Predicates about persons and households that resident measures state (ingest/conditions.py):

- grade: "残疾等级被评为一、二级", "一至四级", "1～3级待遇", "三级及以上残疾人家庭" -> the grades;
- hold: "持有在有效期限内的《中华人民共和国残疾人证》" -> the certificate the applicant must hold
  (several names in a row are alternatives);
- hukou: "具有本市户籍", "户籍居家老年人", "本市户籍或者持有本市有效居住证件" -> registered residence
  in the issuing region (a residence permit counts when the text says so).
"""
from __future__ import annotations

import re

from core.facts import Predicate
from ingest.condition_rules import cn_int

_G = r"[一二三四五六七八九十\d]"
_GRADE_RE = re.compile(rf"({_G})(?:[、,，和或]({_G}))?(?:级)?(?:[至到\-～~－]({_G}))?级(及以上|以上)?(?![别次])")
_HOLD_RE = re.compile(r"持有?(?:在?有效期(?:限)?内的)?((?:《[^》]{2,30}》)+)")
_HUKOU_RE = re.compile(r"(?:具有|为)?(本市|本省|本区|本县|[\u4e00-\u9fff]{2}市)?户籍")


def grades(text: str) -> list[Predicate]:
    out = []
    for m in _GRADE_RE.finditer(text):
        before = text[max(0, m.start() - 8):m.start()]
        if re.search(r"[国省市区县]$", before) or re.search(r"\d", before[-1:]):
            continue  # 省级, 市级: a level of government, not a grade
        a, b, c, plus = m.groups()
        first = cn_int(a)
        if first is None:
            continue
        if c and cn_int(c):
            values = list(range(first, cn_int(c) + 1))
        elif b and cn_int(b):
            values = [first, cn_int(b)]
        elif plus:
            values = list(range(1, first + 1))  # 三级及以上: grade numbers run from the most severe
        else:
            values = [first]
        context = re.split(r"[，,；;。（(]", before)[-1]
        out.append(Predicate("grade", context + m.group(0), metric=context[-6:],
                             value=",".join(str(v) for v in values)))
    return out


def holds(text: str) -> list[Predicate]:
    out = []
    for m in _HOLD_RE.finditer(text):
        names = [re.sub(r"^中华人民共和国", "", n) for n in re.findall(r"《([^》]+)》", m.group(1))]
        out.append(Predicate("hold", m.group(0), value="|".join(names)))
    return out


def hukou(text: str) -> list[Predicate]:
    m = _HUKOU_RE.search(text)
    if not m or re.search(r"非本[市省区县]户籍|户籍(?:所在|地)", text[max(0, m.start() - 2):m.end() + 3]):
        return []
    permit = bool(re.search(r"户籍或者?持有?[^。；，]{0,10}居住证", text))
    return [Predicate("hukou", m.group(0), value="居住证" if permit else "")]


def person_predicates(text: str) -> list[Predicate]:
    return grades(text) + holds(text) + hukou(text)
