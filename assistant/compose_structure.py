"""Answers composed from the document's structure and metadata: an article's items, the
clusters (lists, counts, thresholds), the outline of a document or heading, and metadata."""
from __future__ import annotations

import re

from assistant.claims import ClaimBuilder
from assistant.extractive import excerpt_head
from assistant.fact_answers import _facts, _in_order, _subject_facts
from assistant.intent import Intent
from core.facts import SubjectFact
from core.records import Answer
from prompts.templates import REFUSAL

_ARTICLE_ID = re.compile(r"第[一二三四五六七八九十百零〇]+条")
# "失业人员同时符合下列条件的，可以领取…：" announces the items under it.
_ANNOUNCES_LIST_RE = re.compile(r"(下列|以下|如下|包括|分为|分别)[^。]{0,40}[：:]$")


def items_answer(index, doc_id: str, clause_id: str, asked_noun: str = "") -> Answer | None:
    """"满足几个条件？分别是什么？": the numbered items under the clause the evidence points at,
    each by its first sentence, after the clause's own lead sentence. `asked_noun`: what the
    question asks a list of ("哪些材料": 材料); a section headed by it ("必需材料") lists its items."""
    from ingest.chunking import split_sentences

    clause = index.clause(doc_id, clause_id)
    if clause is None:
        return None
    siblings = index.clauses_of(doc_id)
    children = [c for c in siblings if c.parent_id == clause.clause_id and "·" not in c.clause_id]
    if len(children) < 2:
        inline = _inline_items(index, clause)
        if inline is not None:
            return inline
    if len(children) < 2 and clause.parent_id:  # the evidence is one of the items: list them all
        clause = index.clause(doc_id, clause.parent_id)
        children = [c for c in siblings if clause and c.parent_id == clause.clause_id and "·" not in c.clause_id]
    # a Q&A heading's question is its title, not its lead; a sentence announcing the items is
    own = [x for x in split_sentences(clause.text) if x.rstrip("。？?") != clause.title.rstrip("？?")] if clause else []
    lead = next((x for x in reversed(own) if _ANNOUNCES_LIST_RE.search(x)), own[0] if own else "")
    lead_id = clause.clause_id if clause else ""
    if clause is not None and not lead:  # "（一）企业申请" over a paragraph that ends "提交下列材料："
        lead_id, lead = _announcing_paragraph(siblings, clause)
    if clause is None or not 2 <= len(children) <= 12 or not (
            _ARTICLE_ID.fullmatch(clause.clause_id) or _ANNOUNCES_LIST_RE.search(lead)
            or (asked_noun and asked_noun in clause.title)):
        return None  # an article's own items, or items a sentence announces; outline sections hold whole topics
    cite = ClaimBuilder(index)
    lines = [f"{excerpt_head(index, doc_id, lead_id)}：{lead}"] if cite.add(doc_id, lead_id, lead) else []
    for child in children:
        first = next((s for s in split_sentences(child.text) if s.rstrip("。") != child.title), "")
        if first and cite.add(doc_id, child.clause_id, first):
            named = f"{child.title}：" if child.title and child.title not in first else ""  # "自主供给服务模式。由政府出资…"
            lines.append(f"{child.label}{named}{first}（{child.clause_id}）")
    if len(lines) < 3:
        return None
    return Answer("\n".join(lines), cite.claims, route="extractive")


# Items written inline in one paragraph: "需要具备以下基本条件：（一）在本市就业；（二）年龄在45周岁以下；…"
_INLINE_MARK_RE = re.compile(r"（[一二三四五六七八九十]{1,3}）|（\d{1,2}）|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮]")
_INLINE_ANNOUNCE_RE = re.compile(r"(下列|以下|如下|包括|分为|分别|条件|材料|情形)[^。；]{0,40}[：:]\s*$")


def _announcing_paragraph(siblings, clause) -> tuple[str, str]:
    """The unnumbered paragraph under a bare heading that announces the items after it
    ("……申请时提交下列材料："): (its clause ID, that sentence), or the clause's own ID and ""."""
    from ingest.chunking import split_sentences

    paragraphs = [c for c in siblings if c.parent_id == clause.clause_id and "·" in c.clause_id]
    sentences = split_sentences(paragraphs[-1].text) if paragraphs else []
    if sentences and _ANNOUNCES_LIST_RE.search(sentences[-1]):
        return paragraphs[-1].clause_id, sentences[-1]
    return clause.clause_id, ""


# "要交哪些材料", "有什么条件", "分为哪几类": the thing of which a list is asked
_ASKED_NOUN_RE = re.compile(r"(?:哪些|哪几[类种项个]?|什么|何种)([\u4e00-\u9fff]{2})")


def asked_noun(question: str) -> str:
    """What the question asks a list of ("需要准备哪些材料": 材料), or ""."""
    m = _ASKED_NOUN_RE.search(question)
    return m.group(1) if m else ""


def _inline_items(index, clause) -> Answer | None:
    """The items a sentence announces and lists in the same paragraph, each quoted and cited."""
    for paragraph in clause.text.split("\n"):
        marks = list(_INLINE_MARK_RE.finditer(paragraph))
        if len(marks) < 2 or not _INLINE_ANNOUNCE_RE.search(paragraph[:marks[0].start()]):
            continue
        cite = ClaimBuilder(index)
        head = paragraph[:marks[0].start()].strip()
        lines = [f"{excerpt_head(index, clause.doc_id, clause.clause_id)}：{head}"] if cite.add(
            clause.doc_id, clause.clause_id, head) else []
        for mark, following in zip(marks, marks[1:] + [None]):
            item = paragraph[mark.end():following.start() if following else len(paragraph)]
            item = re.split(r"(?<=[。])", item, maxsplit=1)[0].strip() if following is None else item.strip()
            if item and cite.add(clause.doc_id, clause.clause_id, item):
                lines.append(f"{mark.group(0)}{item}")
        if len(lines) >= 3:
            return Answer("\n".join(lines), cite.claims, route="extractive")
    return None


def _clusters(index, doc_ids) -> list[SubjectFact]:
    return [f for f in _facts(index, "subject", doc_ids) if f.category == "cluster"]


def list_answer(index, intent: Intent, doc_ids, question: str) -> Answer | None:
    cite = ClaimBuilder(index)
    clusters = _clusters(index, doc_ids)
    if not clusters:
        return None
    if intent.group:
        clusters = [c for c in clusters if intent.group in c.group]
    if intent.threshold:
        value, mode = intent.threshold
        inclusive = any(w in question for w in ("达到", "不低于", "及以上", "不少于"))
        chosen = []
        for c in clusters:
            ts = [t for t in _subject_facts(index, "target", c) if t.unit in ("亿元", "万亿元")
                  and t.metric in ("产业规模", "规模", "核心产业规模", "网络零售额")]
            amount = lambda t: float(t.value) * (10000 if t.unit == "万亿元" else 1)  # noqa: E731
            if mode == "=":
                hits = [t for t in ts if amount(t) == value and not t.summary]
            else:
                hits = [t for t in ts if amount(t) > value
                        or (amount(t) == value and (inclusive or t.qualifier in ("超过", "突破", "达到或超过")))]
            if hits:
                chosen.append((c, hits))
        if not chosen:
            return None
        items = []
        for c, hits in chosen:
            desc = "；".join(f"{t.clause_id}：{t.metric}{t.figure}" for t in hits)
            items.append(f"{c.name}（{desc}）")
            for t in hits:
                cite.add_fact(t)
        text = f"共{len(items)}个产业集群：" + "、".join(items) + "。"
        return Answer(text, cite.claims, route="facts")
    names = [c.name for c in clusters]
    _cite_overview(index, cite, names, doc_ids)
    for c in clusters:
        cite.add(c.doc_id, c.clause_id, c.quote.split("。")[0] + "。") or cite.add_fact(c)
    groups: dict[str, list[str]] = {}
    for c in clusters:
        groups.setdefault(c.group or "其他", []).append(c.name)
    detail = "；".join(f"{g}{len(v)}个：{'、'.join(v)}" for g, v in groups.items())
    text = f"共{len(names)}个产业集群。{detail}。"
    return Answer(text, cite.claims, route="facts")


def _cite_overview(index, cite: ClaimBuilder, names: list[str], doc_ids) -> None:
    """Cite the sentence that enumerates the listed items, when the document has one."""
    from ingest.chunking import split_sentences

    best, best_count = None, 0
    for clause in (c for d in _in_order(index, doc_ids or list(index.documents)) for c in index.clauses_of(d)):
        for sentence in split_sentences(clause.text):
            count = sum(1 for n in names if n[:4] in sentence)
            if count > best_count:
                best, best_count = (clause, sentence), count
    if best and best_count >= max(2, len(names) * 0.6):
        cite.add(best[0].doc_id, best[0].clause_id, best[1])


def _named(clause) -> str:
    """An item's heading, or for an untitled item its whole first sentence (never a cut-off one)."""
    from ingest.chunking import split_sentences

    if clause.title:
        return clause.title
    return next(iter(split_sentences(clause.text)), "").rstrip("；;。")


def outline_answer(index, clause, doc_ids) -> Answer | None:
    """The parts of the document, or of one heading: child headings, else its lead phrases."""
    from ingest.chunking import split_sentences

    cite = ClaimBuilder(index)
    if clause is None:
        tops = [c for d in _in_order(index, doc_ids or list(index.documents)) for c in index.clauses_of(d)
                if c.parent_id is None and c.label]
        if not tops:
            return None
        items = [f"{c.label}{_named(c)}（{c.clause_id}）" for c in tops]
        for c in tops:
            cite.add(c.doc_id, c.clause_id, c.text.split("\n")[0]) if c.text else None
        return Answer(f"文件正文共{len(items)}个部分：" + "；".join(items) + "。", cite.claims, route="facts")
    children = [c for c in index.clauses_of(clause.doc_id) if c.parent_id == clause.clause_id
                and "·" not in c.clause_id]
    if children:
        items = [f"{c.label}{_named(c)}（{c.clause_id}）" for c in children]
        _cite_overview(index, cite, [c.title for c in children if c.title], [clause.doc_id])
        for c in children:
            cite.add(c.doc_id, c.clause_id, c.text.split("\n")[0])
        return Answer(f"“{clause.title}”共{len(items)}个：" + "；".join(items) + "。", cite.claims, route="facts")
    heads = []
    for paragraph in clause.text.split("\n")[1:] or clause.text.split("\n"):
        first = (split_sentences(paragraph) or [""])[0]
        if 2 <= len(first) <= 16:
            heads.append(first.rstrip("。"))
            cite.add(clause.doc_id, clause.clause_id, first)
    if not heads:
        return None
    return Answer(f"“{clause.title}”（{clause.clause_id}）共{len(heads)}个方面：" + "；".join(heads) + "。", cite.claims,
                  route="facts")


def _date_as_written(index, doc) -> str:
    """The date as the 落款 writes it (2024年3月28日), not as a sidecar may give it (2024-03-28)."""
    closing = index.clause(doc.doc_id, "落款")
    written = re.search(r"\d{4}年\d{1,2}月\d{1,2}日", closing.text) if closing else None
    if written:
        return written.group(0)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", doc.date)
    return f"{iso.group(1)}年{int(iso.group(2))}月{int(iso.group(3))}日" if iso else doc.date


def _byline(text: str) -> str:
    """The preamble's info-box line ("文号：… 实施日期：…", "发表时间：… 信息来源：…"), if it has one."""
    from ingest.formats.web_meta import BOX_LABELS, box_fields

    for line in text.split("\n")[:3]:
        fields = box_fields(line.strip())
        if fields and all(BOX_LABELS[label] for label, _ in fields):
            return line.strip()
    return ""


def meta_answer(index, doc_ids, question: str = "") -> Answer | None:
    docs = [d for d in index.documents.values() if not doc_ids or d.doc_id in doc_ids]
    if not docs:
        return None
    from ingest.chunking import split_sentences

    if re.search(r"有效期|施行|失效|到期", question) and not any(d.validity for d in docs):
        return None  # no validity line was read at ingest: the text's own 施行 clause, if any, answers
    if re.search(r"文号|字号", question) and not any(d.doc_number for d in docs):
        return Answer(REFUSAL + "文件未载明发文字号。", refused=True, route="refusal")
    cite = ClaimBuilder(index)
    lines = []
    for d in docs:
        parts = [f"《{d.title}》" + ("（标题为整理者所拟，原文无标题行）" if d.title_supplied else "")]
        if d.issuer:
            parts.append(f"发文单位：{d.issuer}")
            cite.add(d.doc_id, "落款", d.issuer)
        if d.date:
            date = _date_as_written(index, d)
            parts.append(f"成文日期：{date}")
            cite.add(d.doc_id, "落款", date)
        if d.doc_number:
            parts.append(f"文号：{d.doc_number}")
        preamble = index.clause(d.doc_id, "序言")
        shown = _byline(preamble.text) if preamble else ""
        if shown:  # the page's own 发表时间/信息来源 line, quoted as shown
            parts.append(shown)
            cite.add(d.doc_id, "序言", shown)
        if preamble and preamble.text.split("\n")[0].endswith(("：", ":")):
            addressees = preamble.text.split("\n")[0]
            parts.append(f"主送：{addressees.rstrip('：:')}")
            cite.add(d.doc_id, "序言", addressees)
        if d.validity:
            parts.append(f"施行：{d.validity}")
            for c in index.clauses_of(d.doc_id):
                if d.validity in c.text:
                    cite.add(d.doc_id, c.clause_id, d.validity)
                    break
        kind = next((w for w in ("实施意见", "意见", "办法", "通知", "规定", "方案", "细则", "决定") if w in d.title), "")
        if kind:
            parts.append(f"文件类型：{kind}")
            preamble_text = preamble.text if preamble else ""
            for sentence in split_sentences(preamble_text):
                if kind in sentence:
                    cite.add(d.doc_id, "序言", sentence)
        lines.append("；".join(parts) + "。")
    return Answer("\n".join(lines), cite.claims, route="facts")
