"""Verification of LLM text before anyone sees it.

The model was given a fixed set of clauses (`Evidence`). Its reply passes only if:

- it carries no HTML tags, markdown images or links, and no sign of having obeyed an
  injected instruction (talking about its rules or system prompt, quoting them);
- it cites clause IDs in the fixed format 【二（一）6】, at least one, and only IDs
  that were supplied;
- every number with a unit (亿元, 万元, 万亿元, 万辆, 亿部, 万吨, 家, %, 个 ...) occurs in
  a cited clause (or in the structured facts the offline answer was built from);
- every unit name (…厅/…委/…办/…局) occurs in a supplied clause or fact;
- it keeps the hard facts of the offline answer it replaces (`key_items`: numbers with
  units, dates, unit names, the items of listed enumerations) and covers each sentence an
  extractive answer quoted (`excerpt_sentences`), so that a fluent rewrite is never less
  complete than the offline answer.

`verify` checks a whole reply; `check_prefix` checks the completed sentences of a
streaming reply, so that a sentence is shown only after it passed the checks that can be
made before the reply is complete.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.textnorm import fold
from prompts.llm import CITATION_CLOSE, CITATION_OPEN, SYSTEM_RULES
from prompts.templates import REFUSAL


@dataclass(frozen=True)
class EvidenceClause:
    doc_id: str
    doc_title: str
    clause_id: str
    text: str
    key: str = ""  # the opaque key the model cites (c1 … cN); the clause ID is for display

    @property
    def citable(self) -> str:
        return self.key or self.clause_id


@dataclass(frozen=True)
class Evidence:
    """What the model is given: full text of the clauses the offline answer cited, and the
    offline answer itself (as structured facts for fact routes, as excerpts otherwise)."""

    clauses: tuple[EvidenceClause, ...] = ()
    facts: str = ""  # fact routes: the offline answer, built from structured facts
    excerpts: str = ""  # extractive route: the offline answer, sentences quoted from the clauses

    @property
    def ids(self) -> tuple[str, ...]:
        """What the model may cite: each clause's opaque key (its clause ID when it has none)."""
        return tuple(dict.fromkeys(c.citable for c in self.clauses))

    def text_of(self, ids) -> str:
        wanted = set(ids)
        return "\n".join(c.text for c in self.clauses if c.citable in wanted)

    def sources(self, ids) -> set[tuple[str, str]]:
        """(doc_id, clause_id) of the cited keys."""
        wanted = set(ids)
        return {(c.doc_id, c.clause_id) for c in self.clauses if c.citable in wanted}

    def display(self, text: str) -> str:
        """The reply as the user reads it: cited keys replaced by the clauses' own IDs (【c1】 -> 【二（一）6】)."""
        labels = {c.key: c.clause_id for c in self.clauses if c.key}
        if not labels:
            return text

        def relabel(m: re.Match) -> str:
            parts = [labels.get(normalize_clause_id(p), p) for p in _ID_SPLIT_RE.split(m.group(1)) if p]
            return CITATION_OPEN + "、".join(dict.fromkeys(parts)) + CITATION_CLOSE

        return _CITATION_RE.sub(relabel, text)

    @property
    def all_text(self) -> str:
        return "\n".join([c.text for c in self.clauses] + [c.doc_title for c in self.clauses]
                         + [self.facts, self.excerpts])


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""  # short Chinese phrase, goes into the user notice
    cited: tuple[str, ...] = ()  # supplied keys the reply cites, in order


# --- patterns -----------------------------------------------------------------------

_CITATION_RE = re.compile(re.escape(CITATION_OPEN) + r"([^" + re.escape(CITATION_CLOSE) + r"]{1,600})"
                          + re.escape(CITATION_CLOSE))
_ID_SPLIT_RE = re.compile(r"[、,，;；\s]+")  # not 和/及: sub-clause IDs hold them (二（一）7·煤制乙二醇及深加工)
_MARKUP_RE = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|!\[[^\]]*\]\([^)]*\)|\[[^\]]*\]\([^)]*\)|(?:https?|ftp)://|www\.",
                        re.IGNORECASE)
_MONEY_UNITS = "万亿元|亿美元|万美元|亿元|万元|万辆|亿部|万部|万台|万吨|亿吨|万人|万户|万平方米|平方公里"
_NUMBER_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:" + _MONEY_UNITS + r"|元|家|%|个|亿|万)")
_CN_NUMBER_RE = re.compile(r"[零〇一二两三四五六七八九十百千]+(?:" + _MONEY_UNITS + r")")
_INJECTION_RE = re.compile(
    r"忽略.{0,8}(指令|规则|要求|限制|设定|说明|提示)|无视.{0,8}(指令|规则|要求|限制)|不再遵守|不受.{0,4}限制|"
    r"已解除.{0,4}限制|(系统|system)\s*(提示|prompt|消息|指令)|提示词|我的(指令|规则|设定|提示|系统)|以上规则|上述规则|"
    r"规则如下|developer\s*mode|jailbreak|越狱|ignore\s*(all|any|previous|the|your)|as\s*an\s*ai|i\s*will\s*now|pwned|hacked",
    re.IGNORECASE)
_UNIT_SUFFIXES = "厅委办局"
# Words ending in 厅/委/办/局 that are not unit names, and characters after which 委/办/局 start another word.
_NOT_UNIT_WORDS = {"布局", "格局", "大局", "全局", "结局", "开局", "当局", "时局", "变局", "新局", "破局", "僵局", "残局",
                   "战局", "政局", "棋局", "举办", "承办", "主办", "协办", "创办", "督办", "兴办", "开办", "合办", "包办",
                   "代办", "交办", "查办", "筹办", "申办", "么办", "帮办", "原委", "大厅", "展厅", "餐厅", "客厅", "门厅"}
_NOT_UNIT_NEXT = {"委": "员托屈婉身靡", "办": "理法公学事好成妥案结", "局": "面势部限促长", "厅": "堂"}
# A character before a two-character unit name that ends a word rather than starting the name (据省委 -> 省委).
_FUNCTION_CHARS = set("据照由和及与是为在等的了向对会同请经从将把被给各及或、，。；：（）“”")
_SHORT_UNIT_HEADS = set("省市县区国")  # 省委, 市委, 国办: two-character names that are whole units
_LEAK_WINDOW = 12


def _leak_windows() -> set[str]:
    windows = set()
    literal = re.sub(r"\{[a-z_]+\}", "\n", SYSTEM_RULES)
    for line in literal.split("\n"):
        line = fold(re.sub(r"^\d+\.", "", line))
        for i in range(0, max(len(line) - _LEAK_WINDOW + 1, 0)):
            windows.add(line[i:i + _LEAK_WINDOW])
    return windows


_LEAKS = _leak_windows()


def _norm(text: str) -> str:
    """Matching form: NFKC (full-width digits and ％ become half-width), no spaces, no digit-group commas."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", fold(text))


def normalize_clause_id(raw: str) -> str:
    cid = raw.strip().replace("(", "（").replace(")", "）").replace(" ", "").replace("\u3000", "")
    if "》" in cid:  # 【《标题》二（一）6】
        cid = cid.rsplit("》", 1)[1]
    return cid.strip("。.，,：:")


def cited_ids(text: str, supplied: tuple[str, ...] = ()) -> list[str]:
    """Clause IDs in 【…】 brackets, in order of first appearance. One bracket may hold several,
    separated by 、 or commas; a bracket that is one supplied ID as a whole is not split."""
    out = []
    for inner in _CITATION_RE.findall(text):
        whole = normalize_clause_id(inner)
        parts = [whole] if whole in supplied else [normalize_clause_id(p) for p in _ID_SPLIT_RE.split(inner)]
        for cid in parts:
            if cid and cid not in out:
                out.append(cid)
    return out


def _resolve(cid: str, evidence: Evidence) -> list[str]:
    """Supplied keys a cited token stands for: a key itself; or, when the model wrote a clause ID
    instead of a key, the clauses with that ID or its ·sub-clauses (二（一）1 -> 二（一）1·新型智能手机)."""
    supplied = evidence.ids
    if cid in supplied:
        return [cid]
    return list(dict.fromkeys(c.citable for c in evidence.clauses
                              if c.clause_id == cid or c.clause_id.startswith(cid + "·")))


def _markup(text: str) -> str:
    m = _MARKUP_RE.search(text)
    return f"含有HTML标签、图片或链接“{m.group(0)[:20]}”" if m else ""


def _injection(text: str, evidence: Evidence) -> str:
    folded = fold(text)
    m = _INJECTION_RE.search(folded)
    if m and m.group(0) not in _norm(evidence.all_text):
        return "回答疑似执行了文件或问题中的注入指令"
    if any(w in folded for w in _LEAKS):
        return "回答泄露了系统说明"
    return ""


def _unit_names(text: str, evidence: Evidence) -> str:
    known = _norm(evidence.all_text)
    t = _norm(text)
    for i, ch in enumerate(t):
        if ch not in _UNIT_SUFFIXES or i < 1:
            continue
        nxt = t[i + 1] if i + 1 < len(t) else ""
        if nxt and nxt in _NOT_UNIT_NEXT.get(ch, ""):
            continue
        two, three = t[i - 1:i + 1], t[max(i - 2, 0):i + 1]
        if two in _NOT_UNIT_WORDS or not re.fullmatch(r"[\u4e00-\u9fff]+", two):
            continue
        if len(three) == 3 and re.fullmatch(r"[\u4e00-\u9fff]{3}", three) and three[0] not in _FUNCTION_CHARS:
            if three in known or (two[0] in _SHORT_UNIT_HEADS and two in known):  # 落实省委 vs 贯彻落实省委
                continue
            return f"单位名称“{three}”不在所给条款中"
        if two not in known:
            return f"单位名称“{two}”不在所给条款中"
    return ""


def _numbers(text: str, allowed_text: str, where: str) -> str:
    allowed = _norm(allowed_text)
    t = _norm(text)
    for m in _NUMBER_RE.finditer(t):
        if not re.search(r"(?<![\d.])" + re.escape(m.group(0)), allowed):
            return f"数字“{m.group(0)}”在{where}中找不到"
    for m in _CN_NUMBER_RE.finditer(t):
        if m.group(0) not in allowed:
            return f"数字“{m.group(0)}”在{where}中找不到"
    return ""


def _citations(text: str, evidence: Evidence) -> tuple[str, list[str]]:
    supplied = evidence.ids
    resolved: list[str] = []
    for cid in cited_ids(text, supplied):
        ids = _resolve(cid, evidence)
        if not ids:
            return f"引用了未提供的条款“{cid}”", []
        resolved.extend(i for i in ids if i not in resolved)
    return "", resolved


MIN_SENTENCE_COVERAGE = 0.5  # share of an excerpt sentence's character bigrams a rewrite must keep
_EXCERPT_LINE_RE = re.compile(r"^据[^：:]{1,60}?[：:](.+)$")
_EXCERPT_HEAD_RE = re.compile(r"^据(\S+?)（([^（）]+)）[：:]")
_DATE_RE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_PIECE_SPLIT_RE = re.compile(r"[，。；：！？\n,;:]")
# A trailing clause ID in parentheses, in the matching form (NFKC: half-width parentheses): 生物医药(二(一)6)
_ID_PAREN_RE = re.compile(r"\([一二三四五六七八九十\d()·第条序言落款]+[^()]*(?:\([^()]*\)[^()]*)*\)$")


def key_items(base_text: str, route: str) -> list[str]:
    """The hard facts an answer replacing `base_text` must keep."""
    items: list[str] = []

    def add(item: str):
        item = item.strip(" “”\"'")
        if item and item not in items:
            items.append(item)

    norm = _norm(base_text)
    for m in _NUMBER_RE.finditer(norm):
        add(m.group(0))
    for m in _DATE_RE.finditer(norm):
        add(m.group(0))
    for line in base_text.split("\n"):  # extractive: the subject an excerpt is about (据二（一）3（智能制造装备）：)
        m = _EXCERPT_HEAD_RE.match(line.strip())
        if m and re.search(r"\d|·", m.group(1)):  # a cluster or sub-topic, not a section heading
            add(m.group(2))
    for piece in _PIECE_SPLIT_RE.split(norm):
        for part in piece.split("、"):
            part = _ID_PAREN_RE.sub("", part).strip()
            if 2 < len(part) <= 12 and part[-1] in _UNIT_SUFFIXES and re.fullmatch(r"[\u4e00-\u9fff()]+", part):
                add(part)  # a unit name as the offline answer writes it: 省科技厅
        if route == "facts" and "、" in piece:
            for part in piece.split("、"):
                part = _ID_PAREN_RE.sub("", part).strip()
                if 2 <= len(part) <= 16:
                    add(part)
    return items


def _bigrams(text: str) -> set[str]:
    cjk = re.sub(r"[^\u4e00-\u9fff\dA-Za-z]", "", text)
    return {cjk[i:i + 2] for i in range(len(cjk) - 1)}


def excerpt_sentences(base_text: str) -> list[str]:
    """The quoted sentences of an extractive answer ("据二（一）6（生物医药）：……" lines)."""
    out = []
    for line in base_text.split("\n"):
        m = _EXCERPT_LINE_RE.match(line.strip())
        if m:
            out.append(m.group(1).strip())
    return out


def _missing(text: str, required, sentences=()) -> str:
    t = _norm(text)
    for item in required:
        if _norm(item) not in t:
            return f"遗漏了原答案中的“{item}”"
    have = _bigrams(t)
    for sentence in sentences:
        grams = _bigrams(_norm(sentence))
        if grams and len(grams & have) / len(grams) < MIN_SENTENCE_COVERAGE:
            return f"遗漏了原文摘录“{sentence[:16]}……”的要点"
    return ""


def is_refusal(text: str) -> bool:
    return REFUSAL in text or fold(REFUSAL.rstrip("。")) in fold(text)


def check_prefix(text: str, evidence: Evidence) -> str:
    """Checks that hold for completed sentences of a reply still streaming. '' when they pass."""
    if is_refusal(text):
        return "模型认为所给条款不足以回答"
    reason = _markup(text) or _injection(text, evidence)
    if reason:
        return reason
    reason, _ = _citations(text, evidence)
    return (reason or _numbers(text, evidence.all_text, "所给条款") or _unit_names(text, evidence))


def verify(text: str, evidence: Evidence, required=(), sentences=()) -> Verdict:
    """The full check of a complete reply. `required`: `key_items` of the answer it replaces;
    `sentences`: its quoted sentences, each of which the reply must cover."""
    text = text.strip()
    if not text:
        return Verdict(False, "回答为空")
    if is_refusal(text):
        return Verdict(False, "模型认为所给条款不足以回答")
    reason = _markup(text) or _injection(text, evidence)
    if reason:
        return Verdict(False, reason)
    reason, cited = _citations(text, evidence)
    if reason:
        return Verdict(False, reason)
    if not cited:
        return Verdict(False, f"未按{CITATION_OPEN}条款编号{CITATION_CLOSE}标注出处")
    reason = (_numbers(text, evidence.text_of(cited) + "\n" + evidence.facts, "所引条款")
              or _unit_names(text, evidence) or _missing(text, required, sentences))
    if reason:
        return Verdict(False, reason)
    return Verdict(True, cited=tuple(cited))


# --- the offline verify step -------------------------------------------------------------

def verified_claims(index, answer):
    """The last step of every answer: each claim's quote must be verbatim text of its clause.

    Claims are built through `assistant.claims.ClaimBuilder`, which already refuses any
    other quote; this step holds that line for every route, whatever composed the answer."""
    kept = tuple(c for c in answer.claims if _verbatim(index, c))
    if len(kept) == len(answer.claims):
        return answer
    import dataclasses

    return dataclasses.replace(answer, claims=kept)


def _verbatim(index, claim) -> bool:
    clause = index.clause(claim.doc_id, claim.clause) if claim.doc_id else None
    if clause is None:  # a claim without its document: look the clause up by ID in any document
        return any(claim.quote in c.text for c in index.clauses if c.clause_id == claim.clause)
    return bool(claim.quote) and claim.quote in clause.text
