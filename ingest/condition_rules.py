"""Document-wide rules that bind measures in other clauses (ingest/conditions.py calls `apply_rules`).

Chinese policy texts state some conditions once for many measures:

- a general-conditions list: "申请本措施第五条至第十二条支持的企业，应当同时符合以下条件：（一）…";
  "本措施适用于…企业" — each item becomes a `requirement` predicate of the measures in its scope;
- exclusions: "X的，不享受本条补贴" / "X不适用本措施第二至七条" / "X不享受残疾人两项补贴" —
  an `exclusion` predicate (the profile must not be X) of the measures in scope;
- waivers: "申请本条支持的，不受第一条第（一）项关于独立法人资格的限制" drop that requirement;
- choose-one groups: "同时符合第五条、第六条的，按就高原则择一享受" / "不得同时按本条第（一）项和第（二）项申请";
- top-ups: "已按本条第（三）项获得奖励的…，按差额补足" (the higher tier pays the difference);
- first-time thresholds: "首次达到以下规模" (`first` predicate).

Scope is read from the wording: 本项 (the clause), 本条 (its article), 第X条至第Y条 / 第X至Y条 /
第X条、第Y条, 第X章, 本措施/本办法 (every article), a measure named by its words (or by a
"以下简称" alias), else the article the sentence stands in. General shapes only: nothing names a document.
"""
from __future__ import annotations

import dataclasses
import re

from core.facts import ConditionFact, Predicate
from core.records import Clause

_CN = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = r"[一二三四五六七八九十百零〇两]+"
_ARTICLE_RE = re.compile(rf"^((?:附件\d*·)?(?:第{_CN_NUM}条|{_CN_NUM}(?=（|\d|$|·)))")
_WHOLE = r"本(?:措施|办法|细则|规定|通知|政策|实施办法|方案)"
_NEG_VERB_RE = re.compile(r"不享受|不适用|不予受理|不予支持|不得单独申请|不得申请|不重复享受|不能享受|不属于本")
_EXCLUSIVE_RE = re.compile(r"择一|就高|从优|不得同时|不同时享受|择高")
_TOP_UP_RE = re.compile(r"差额补足|补足差额|按差额")
_REQ_LEAD_RE = re.compile(r"(?:申请|享受)[^。；：]{0,60}?(?:应当|应|须|需|必须)(?:同时)?(?:符合|具备|满足)(?:以下|下列)")
_APPLIES_RE = re.compile(rf"{_WHOLE}适用于([^。；]+)")
_WAIVER_RE = re.compile(r"不受[^。；]{0,30}?关于([^。；]{2,16}?)的限制")
_ALIAS_RE = re.compile(r"([\u4e00-\u9fff、和及]{4,60})（以下简称“?([\u4e00-\u9fff]{2,16})”?）")
_FIRST_RE = re.compile(r"首次(?:达到|超过|突破|进入|认定)")


def cn_int(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 12 -> 12."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN and c not in "十百" for c in text):
        return None
    if "十" not in text:
        return _CN.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0)


def _int_cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def article_of(clause_id: str) -> str:
    m = _ARTICLE_RE.match(clause_id or "")
    return m.group(1) if m else clause_id


def _article_id(n: int, styled: bool) -> str:
    return f"第{_int_cn(n)}条" if styled else _int_cn(n)


def scope_of(text: str, clause: Clause, styled: bool, chapters: dict[str, set[str]]) -> set[str] | None | str:
    """The article IDs a sentence's rule covers; None for the whole document; "" when it names none."""
    own = article_of(clause.clause_id)
    m = re.search(rf"第?({_CN_NUM}|\d+)条?(?:至|到|—|－|-|～)第?({_CN_NUM}|\d+)条", text)
    if m and cn_int(m.group(1)) and cn_int(m.group(2)):
        return {_article_id(n, styled) for n in range(cn_int(m.group(1)), cn_int(m.group(2)) + 1)}
    chapter = re.search(rf"第({_CN_NUM})章", text)
    if chapter and chapter.group(0) in chapters:
        return set(chapters[chapter.group(0)])
    listed = [cn_int(x) for x in re.findall(rf"第({_CN_NUM}|\d+)条(?!第（)", text)]
    if listed and all(listed) and not re.search(r"本条第（", text):
        return {_article_id(n, styled) for n in listed}
    if re.search(r"本项", text):
        return {clause.clause_id}
    if re.search(r"本条", text):
        return {own}
    if re.search(_WHOLE, text):
        return None
    return ""


def _pieces(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"(?<=[。；;])|\n", text) if p.strip()]


def _aliases(text: str) -> dict[str, list[str]]:
    out = {}
    for m in _ALIAS_RE.finditer(text):
        names = [n for n in re.split(r"和|、|及", re.sub(r"^.*?(?:完善|规范|我市|本市)", "", m.group(1))) if len(n) >= 4]
        out[m.group(2)] = names or [m.group(1)]
    return out


def _in_scope(fact: ConditionFact, scope, named: list[str]) -> bool:
    if named:
        text = fact.measure + fact.subject + fact.condition_text + fact.quote
        return any(n in text for n in named)
    if scope is None:
        return True
    return any(fact.clause_id == s or fact.clause_id.startswith(s) and fact.clause_id[len(s):][:1] in "（·0123456789"
               or article_of(fact.clause_id) == s for s in scope)


def _is_individual(fact: ConditionFact) -> bool:
    return any(p.kind == "entity" and p.value == "individual" for p in fact.predicates)


def _requirement_items(text: str) -> list[str]:
    """The checkable parts of a condition item, split at commas ("在本市登记注册，具有独立法人资格")."""
    text = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*", "", text.strip()).rstrip("；;。")
    parts = [p.strip() for p in re.split(r"[，,；;]", text) if len(p.strip()) >= 4]
    return [p for p in parts if not re.match(r"以及|并且?在上述", p) and not re.search(r"\d", p)]


def _rules(clauses: list[Clause], children: dict[str, list[Clause]], styled: bool, chapters) -> list[dict]:
    rules: list[dict] = []
    for clause in clauses:
        lead = clause.text.split("\n")[0]
        kids = children.get(clause.clause_id, [])
        if kids and _REQ_LEAD_RE.search(lead) and re.search(r"[：:]\s*$", lead):
            head = re.split(r"[，,]", lead)[0]  # "申请本措施支持的企业和机构，除符合本条第（一）项规定外": the first phrase
            scope = scope_of(head, clause, styled, chapters)
            firm = bool(re.search(r"企业|机构|单位", lead[:lead.find("符合") if "符合" in lead else 40]))
            items = [i for k in kids if not re.search(r"（以下简称|^享受", k.text)
                     for i in _requirement_items(k.text.split("\n")[0])]
            rules.append({"kind": "requirement", "scope": None if scope == "" else scope, "items": items,
                          "firm": firm, "own": article_of(clause.clause_id)})
        for piece in _pieces(clause.text):
            applies = _APPLIES_RE.search(piece)
            if applies:
                items = _requirement_items(re.sub(r"（含[^）]*）", "", applies.group(1)))
                rules.append({"kind": "requirement", "scope": None, "items": items, "firm": True, "own": ""})
            verb = _NEG_VERB_RE.search(piece)
            if verb and not re.search(r"同时|重复申请|\d", piece[:verb.start()]) and verb.start() >= 4:
                subject = re.sub(r"^(?:对|凡|其中|但)", "", piece[:verb.start()]).strip("，, ")
                target = piece[verb.end():]
                named_words = re.split(r"[，,。；;]", target)[0]
                scope = scope_of(named_words, clause, styled, chapters)
                rules.append({"kind": "exclusion", "scope": scope, "target": named_words, "subject": subject,
                              "wording": piece, "own": article_of(clause.clause_id), "clause": clause.clause_id})
            waiver = _WAIVER_RE.search(piece)
            if waiver:
                scope = scope_of(piece[:waiver.start()], clause, styled, chapters)
                rules.append({"kind": "waiver", "scope": scope or {article_of(clause.clause_id)},
                              "key": waiver.group(1)})
            if _EXCLUSIVE_RE.search(piece) and not waiver:
                members = _members(piece, clause, styled)
                if len(members) >= 2:
                    rules.append({"kind": "exclusive", "members": members})
            if _TOP_UP_RE.search(piece):
                rules.append({"kind": "top_up", "scope": {article_of(clause.clause_id)}})
    return rules


def _members(piece: str, clause: Clause, styled: bool) -> tuple[str, ...]:
    own = article_of(clause.clause_id)
    items = re.findall(r"第（([一二三四五六七八九十]+)）项", piece)
    if len(items) >= 2 and "本条" in piece:
        return tuple(f"{own}（{i}）" for i in items)
    arts = [cn_int(x) for x in re.findall(rf"第({_CN_NUM})条", piece)]
    if len(arts) >= 2 and all(arts):
        return tuple(_article_id(n, styled) for n in arts)
    return ()


_DEFINED_RE = re.compile(r"所称([\u4e00-\u9fff“”]{2,12}?)，是指([^。；]+)")


def _definitions(clauses: list[Clause], thresholds_of) -> dict[str, tuple[str, list[Predicate]]]:
    """所称中小企业，是指从业人员1000人以下或者营业收入4亿元以下的工业企业 -> its thresholds."""
    out = {}
    for c in clauses:
        for m in _DEFINED_RE.finditer(c.text):
            preds = thresholds_of(m.group(2))
            if preds:
                out[m.group(1).strip("“”")] = ("any" if re.search(r"或者|或", m.group(2)) else "all", preds)
    return out


def _defined(preds: list[Predicate], definitions: dict) -> list[Predicate]:
    out = []
    for p in preds:
        name = next((n for n in definitions if p.kind == "qualification" and (p.value in n or n in p.value)), None)
        if name is None:
            out.append(p)
            continue
        mode, thresholds = definitions[name]
        out += [dataclasses.replace(t, value=f"def:{p.value}:{mode}") for t in thresholds]
    return out


_SHARED_RE = re.compile(rf"^(.{{4,80}}?)[，,]?(?:可以|可)?享受{_WHOLE}(?:所)?规定的")


def apply_rules(facts: list[ConditionFact], clauses: list[Clause], vocab: dict,
                thresholds_of=lambda text: [], predicates_of=lambda text: []) -> list[ConditionFact]:
    """The facts with the document-wide rules that cover them added as predicates and fields."""
    if not facts:
        return facts
    children: dict[str, list[Clause]] = {}
    for c in clauses:
        children.setdefault(c.parent_id or "", []).append(c)
    styled = any(re.match(r"第.+条", c.clause_id) for c in clauses)
    chapters: dict[str, set[str]] = {}
    for c in clauses:
        if re.fullmatch(rf"第{_CN_NUM}章", c.parent_id or ""):
            chapters.setdefault(c.parent_id, set()).add(article_of(c.clause_id))
    aliases = _aliases("\n".join(c.text for c in clauses))
    rules = _rules(clauses, children, styled, chapters)
    definitions = _definitions(clauses, thresholds_of)
    shared = [(c.clause_id, m.group(1)) for c in clauses for piece in _pieces(c.text)
              for m in [_SHARED_RE.search(piece)] if m]  # 年满60周岁…的公民，享受本办法规定的优待
    out = []
    for fact in facts:
        preds = _defined(list(fact.predicates), definitions)
        waived = [r["key"] for r in rules if r["kind"] == "waiver" and _in_scope(fact, r["scope"], [])]
        for r in rules:
            if r["kind"] == "requirement" and _in_scope(fact, r["scope"], []) \
                    and article_of(fact.clause_id) != r["own"] and not (r["firm"] and _is_individual(fact)):
                preds += [Predicate("requirement", item, metric="firm" if r["firm"] else "",
                                    value="neg" if _negative(item) else "pos")
                          for item in r["items"] if not any(w in item for w in waived)]
            elif r["kind"] == "exclusion":
                named = [] if r["scope"] != "" else _named(r["target"], aliases)
                scope = {r["own"]} if r["scope"] == "" and not named else r["scope"]
                if _in_scope(fact, scope, named):
                    preds.append(Predicate("exclusion", r["wording"], metric=r["target"][:30], value=r["subject"]))
        for clause_id, text in shared:
            if clause_id != fact.clause_id:
                preds += predicates_of(text)
        first = _FIRST_RE.search(fact.condition_text)
        if first:
            preds.append(Predicate("first", first.group(0), value=first.group(0)))
        exclusive = next((r["members"] for r in rules if r["kind"] == "exclusive"
                          and any(_in_scope(fact, {m}, []) for m in r["members"])), ())
        top_up = any(r["kind"] == "top_up" and _in_scope(fact, r["scope"], []) for r in rules)
        out.append(dataclasses.replace(fact, predicates=tuple(_unique(preds)), exclusive=exclusive, top_up=top_up))
    return out


def _named(target: str, aliases: dict[str, list[str]]) -> list[str]:
    """The measure names an exclusion's target words give ("残疾人两项补贴" -> its two full names)."""
    target = re.sub(r"^(?:本市|我市|市|区)?(?:其他)?", "", target).strip()
    for alias, names in aliases.items():
        if alias in target:
            return names
    return [target] if len(target) >= 4 else []


def _negative(text: str) -> bool:
    return bool(re.search(r"未|没有|无(?!人机|人驾驶|锡)|不[是属得在]|非(?=[\u4e00-\u9fff])", text))


def _unique(preds: list[Predicate]) -> list[Predicate]:
    seen, out = set(), []
    for p in preds:
        if (p.kind, p.wording) not in seen:
            seen.add((p.kind, p.wording))
            out.append(p)
    return out
