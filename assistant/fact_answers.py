"""Answers composed from structured facts: roles, a unit's duties, targets, lists, counts, metadata."""
from __future__ import annotations

import re
from functools import lru_cache

from core.records import Answer
from assistant.claims import ClaimBuilder
from assistant.intent import Intent
from assistant.knowledge import Entity
from prompts.templates import REFUSAL, YEAR_NOT_COVERED

ROLE_LABEL = {"牵头": "牵头单位", "配合": "配合单位", "责任": "责任单位"}


def _join(items: list[str]) -> str:
    return "、".join(dict.fromkeys(items))


def _facts(index, kind: str, doc_ids=None) -> list[dict]:
    if not doc_ids:
        return index.facts_by_kind.get(kind, [])
    by_doc = index.facts_by(kind, "doc_id")
    return [f for d in _in_order(index, doc_ids) for f in by_doc.get(d, [])]


def _in_order(index, doc_ids) -> list[str]:
    """The selected documents in corpus order."""
    if len(doc_ids) == 1:
        return list(doc_ids)
    wanted = set(doc_ids)
    return [d for d in index.documents if d in wanted]


def _keep(facts: list[dict], doc_ids) -> list[dict]:
    return [f for f in facts if f["doc_id"] in doc_ids] if doc_ids else facts


def _findings_for(index, subject_clause: str, doc_id: str, finding: str) -> list[dict]:
    return [f for f in index.facts_by("finding", "doc_id", "subject_clause").get((doc_id, subject_clause), [])
            if f["finding"] == finding]


def _subject_fact(index, entity: Entity, doc_ids) -> dict | None:
    for f in _keep(index.facts_by("subject", "name").get(entity.name, []), doc_ids):
        if not entity.doc_id or f["doc_id"] == entity.doc_id:
            return f
    return None


def _subject_facts(index, kind: str, subject: dict) -> list[dict]:
    """Facts of a kind that belong to one subject clause (its roles, its targets)."""
    return index.facts_by(kind, "doc_id", "subject_clause").get((subject["doc_id"], subject["clause_id"]), [])


def roles_answer(index, subjects: list[Entity], intent: Intent, doc_ids) -> Answer | None:
    cite = ClaimBuilder(index)
    lines, conflicts = [], []
    for entity in subjects:
        subject = _subject_fact(index, entity, doc_ids)
        if subject is None:
            continue
        roles = _subject_facts(index, "role", subject)
        if not roles:
            continue
        wanted = intent.roles or ["牵头", "配合", "责任"]
        parts = []
        for role in ("牵头", "配合", "责任"):
            units = [f["written"] for f in roles if f["role"] == role]  # as the document names them
            if units and (role in wanted or not any(f["role"] in wanted for f in roles)):
                parts.append(f"{ROLE_LABEL[role]}：{_join(units)}")
                for f in roles:
                    if f["role"] == role:
                        cite.add_fact(f)
        if not parts:
            continue
        missing = [ROLE_LABEL[r] for r in wanted if r in intent.roles and not any(f["role"] == r for f in roles)]
        line = f"{subject['name']}（{subject['clause_id']}）的{'；'.join(parts)}。"
        if missing:
            line += f"文件未为其列明{_join(missing)}。"
        for finding in _findings_for(index, subject["clause_id"], subject["doc_id"], "role_pattern"):
            line += f"注意：{finding['text']}"
            conflicts.append(finding["text"])
        lines.append(line)
    if not lines:
        return None
    return Answer("\n".join(lines), cite.claims, route="facts", conflicts=tuple(conflicts))


def clause_roles_answer(index, doc_id: str, clause_id: str, intent: Intent) -> Answer | None:
    """Who is responsible for one clause ("这一条是哪些部门负责的？"): its own note, else its article's."""
    by_clause = index.facts_by("role", "doc_id", "subject_clause")
    clause = index.clause(doc_id, clause_id)
    while clause is not None and not by_clause.get((doc_id, clause.clause_id)):
        clause = index.clause(doc_id, clause.parent_id) if clause.parent_id else None
    if clause is None:
        return None
    roles = by_clause[(doc_id, clause.clause_id)]
    wanted = [r for r in intent.roles if any(f["role"] == r for f in roles)] or ["牵头", "配合", "责任"]
    cite = ClaimBuilder(index)
    parts = []
    for role in ("牵头", "配合", "责任"):
        chosen = [f for f in roles if f["role"] == role]
        if chosen and role in wanted:
            parts.append(f"{ROLE_LABEL[role]}：{_join([f['written'] for f in chosen])}")
            for f in chosen:
                cite.add_fact(f)
    if not parts:
        return None
    name = f"{clause.clause_id}（{clause.title}）" if clause.title else clause.clause_id
    text = f"{name}的{'；'.join(parts)}。"
    findings = _findings_for(index, clause.clause_id, doc_id, "role_pattern")
    text += "".join(f"注意：{f['text']}" for f in findings)
    return Answer(text, cite.claims, route="facts", conflicts=tuple(f["text"] for f in findings))


_ARTICLE_ID = re.compile(r"第[一二三四五六七八九十百零〇]+条")


def items_answer(index, doc_id: str, clause_id: str) -> Answer | None:
    """"满足几个条件？分别是什么？": the numbered items under the clause the evidence points at,
    each by its first sentence, after the clause's own lead sentence."""
    from ingest.chunking import split_sentences

    clause = index.clause(doc_id, clause_id)
    if clause is None:
        return None
    siblings = index.clauses_of(doc_id)
    children = [c for c in siblings if c.parent_id == clause.clause_id and "·" not in c.clause_id]
    if len(children) < 2 and clause.parent_id:  # the evidence is one of the items: list them all
        clause = index.clause(doc_id, clause.parent_id)
        children = [c for c in siblings if clause and c.parent_id == clause.clause_id and "·" not in c.clause_id]
    if clause is None or not 2 <= len(children) <= 12 or not _ARTICLE_ID.fullmatch(clause.clause_id):
        return None  # only an article's own items: outline-style sections hold whole topics, not a list
    cite = ClaimBuilder(index)
    lead = next(iter(split_sentences(clause.text)), "")
    lines = [f"据{clause.clause_id}（{clause.title or clause.path[-1]}）：{lead}"] if cite.add(doc_id, clause.clause_id, lead) else []
    for child in children:
        first = next((s for s in split_sentences(child.text) if s.rstrip("。") != child.title), "")
        if first and cite.add(doc_id, child.clause_id, first):
            lines.append(f"{child.label}{first}（{child.clause_id}）")
    if len(lines) < 3:
        return None
    return Answer("\n".join(lines), cite.claims, route="extractive")


def unit_duties_answer(index, units: list[Entity], intent: Intent, doc_ids) -> Answer | None:
    cite = ClaimBuilder(index)
    lines = []
    wanted = intent.roles or ["牵头", "配合", "责任"]
    for unit in units:
        roles = [f for f in _keep(index.facts_by("role", "unit").get(unit.name, []), doc_ids) if f["role"] in wanted]
        if not roles:
            continue
        parts = []
        for role in ("牵头", "配合", "责任"):
            items = [f for f in roles if f["role"] == role]
            if not items:
                continue
            names = [f"{f['subject']}（{f['subject_clause']}）" for f in items]
            parts.append(f"作为{ROLE_LABEL[role]}共{len(dict.fromkeys(names))}个：{_join(names)}")
            for f in items:
                cite.add_fact(f)
        lines.append(f"{unit.name}" + "；".join(parts) + "。")
        if "牵头" in wanted and len(intent.roles) == 1:
            extra = [f for f in _facts(index, "finding", doc_ids) if f["finding"] == "role_pattern"
                     and any(r["unit"] == unit.name for r in index.facts_by("role", "doc_id", "subject_clause")
                             .get((f["doc_id"], f.get("subject_clause")), []))]
            for finding in extra:
                lines.append(f"注意：{finding['text']}")
    if not lines:
        return None
    return Answer("\n".join(lines), cite.claims, route="facts")


def _target_phrase(f: dict) -> str:
    year = f"到{f['year']}年，" if f.get("year") else ""
    return f"{year}{f['metric']}{f['qualifier']}{f['value']}{f['unit']}"


def target_answer(index, subjects: list[Entity], intent: Intent, doc_ids) -> Answer | None:
    cite = ClaimBuilder(index)
    lines, conflicts = [], []
    for entity in subjects:
        subject = _subject_fact(index, entity, doc_ids)
        if subject is None:
            continue
        targets = _subject_facts(index, "target", subject)
        own = [f for f in targets if not f.get("summary")]
        if entity.kind == "subtopic":
            specific = [f for f in own if f["clause_id"] == entity.clause_id]
            if not specific and not intent.asks_scale:
                continue  # the sub-topic sets no target of its own: leave it to retrieval
            own = specific or own
        summary = [f for f in targets if f.get("summary")]
        if not own and not summary:
            continue
        if intent.years and not any(f.get("year") in intent.years for f in own + summary):
            shown = "；".join(_target_phrase(f) for f in (own or summary)[:2])
            years_known = sorted({f["year"] for f in _facts(index, "target", doc_ids) if f.get("year")})
            for f in (own or summary)[:2]:
                cite.add_fact(f)
            text = YEAR_NOT_COVERED.render(year="、".join(intent.years), years="、".join(years_known) or "其他",
                                           targets=f"{subject['name']}{shown}。")
            return Answer(REFUSAL + text, cite.claims, refused=True, route="refusal")
        parts, quoted = [], set()
        for f in own:
            if f["quote"] in quoted:
                continue
            quoted.add(f["quote"])
            parts.append(f"{f['quote']}（{f['clause_id']}）")
            cite.add_fact(f)
        line = f"{subject['name']}：" + "；".join(parts) + "。" if parts else ""
        for finding in _findings_for(index, subject["clause_id"], subject["doc_id"], "target_conflict"):
            if summary:
                s = summary[0]
                cite.add_fact(s)
                line += (f"但{s['clause_id']}（总体目标）将其列为“{s['qualifier']}{s['value']}{s['unit']}”，"
                         f"两处表述不一致，均按原文列出。")
            else:
                for source in finding["sources"]:
                    cite.add(finding["doc_id"], source["clause_id"], source["quote"])
                line += f"注意：{finding['text']}均按原文列出。"
            conflicts.append(finding["text"])
        if not parts and summary:
            s = summary[0]
            cite.add_fact(s)
            line = f"{subject['name']}：{_target_phrase(s)}（{s['clause_id']}）。"
        lines.append(line)
    if not lines:
        return None
    return Answer("\n".join(lines), cite.claims, route="facts", conflicts=tuple(conflicts))


def _clusters(index, doc_ids) -> list[dict]:
    return [f for f in _facts(index, "subject", doc_ids) if f.get("category") == "cluster"]


def list_answer(index, intent: Intent, doc_ids, question: str) -> Answer | None:
    cite = ClaimBuilder(index)
    clusters = _clusters(index, doc_ids)
    if not clusters:
        return None
    if intent.group:
        clusters = [c for c in clusters if intent.group in c["group"]]
    if intent.threshold:
        value, mode = intent.threshold
        inclusive = any(w in question for w in ("达到", "不低于", "及以上", "不少于"))
        chosen = []
        for c in clusters:
            ts = [t for t in _subject_facts(index, "target", c) if t["unit"] in ("亿元", "万亿元")
                  and t["metric"] in ("产业规模", "规模", "核心产业规模", "网络零售额")]
            amount = lambda t: float(t["value"]) * (10000 if t["unit"] == "万亿元" else 1)  # noqa: E731
            if mode == "=":
                hits = [t for t in ts if amount(t) == value and not t.get("summary")]
            else:
                hits = [t for t in ts if amount(t) > value
                        or (amount(t) == value and (inclusive or t["qualifier"] in ("超过", "突破", "达到或超过")))]
            if hits:
                chosen.append((c, hits))
        if not chosen:
            return None
        items = []
        for c, hits in chosen:
            desc = "；".join(f"{t['clause_id']}：{t['metric']}{t['qualifier']}{t['value']}{t['unit']}" for t in hits)
            items.append(f"{c['name']}（{desc}）")
            for t in hits:
                cite.add_fact(t)
        text = f"共{len(items)}个产业集群：" + "、".join(items) + "。"
        return Answer(text, cite.claims, route="facts")
    names = [c["name"] for c in clusters]
    _cite_overview(index, cite, names, doc_ids)
    for c in clusters:
        cite.add(c["doc_id"], c["clause_id"], c["quote"].split("。")[0] + "。") or cite.add_fact(c)
    groups: dict[str, list[str]] = {}
    for c in clusters:
        groups.setdefault(c["group"] or "其他", []).append(c["name"])
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


def outline_answer(index, clause, doc_ids) -> Answer | None:
    """The parts of the document, or of one heading: child headings, else its lead phrases."""
    from ingest.chunking import split_sentences

    cite = ClaimBuilder(index)
    if clause is None:
        tops = [c for d in _in_order(index, doc_ids or list(index.documents)) for c in index.clauses_of(d)
                if c.parent_id is None and c.label]
        if not tops:
            return None
        items = [f"{c.label}{c.title}（{c.clause_id}）" for c in tops]
        for c in tops:
            cite.add(c.doc_id, c.clause_id, c.text.split("\n")[0]) if c.text else None
        return Answer(f"文件正文共{len(items)}个部分：" + "；".join(items) + "。", cite.claims, route="facts")
    children = [c for c in index.clauses_of(clause.doc_id) if c.parent_id == clause.clause_id
                and "·" not in c.clause_id]
    if children:
        items = [f"{c.label}{c.title}（{c.clause_id}）" for c in children]
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


def meta_answer(index, doc_ids, question: str = "") -> Answer | None:
    docs = [d for d in index.documents.values() if not doc_ids or d.doc_id in doc_ids]
    if not docs:
        return None
    from ingest.chunking import split_sentences

    if re.search(r"有效期|施行|失效|到期", question) and not any(d.validity for d in docs):
        return Answer(REFUSAL + "文件未规定有效期或施行期限。", refused=True, route="refusal")
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


_METRIC_SUFFIX = re.compile(r"(总规模|规模|产值|产量|收入|总额|额)$")


@lru_cache(maxsize=65536)
def _metric_names(metric: str) -> tuple[str, str]:
    from core.textnorm import fold
    from ingest.consistency import metric_key

    key = fold(metric_key(metric))
    return key, _METRIC_SUFFIX.sub("", key)


def metric_target_answer(index, question: str, intent: Intent, doc_ids) -> Answer | None:
    """Targets named by their metric ("数字经济规模", "货邮吞吐量") rather than by a subject."""
    from core.textnorm import fold
    from ingest.consistency import metric_key

    q = fold(question)
    matched = []
    for metric, facts in index.facts_by("target", "metric").items():  # distinct metrics, not every target
        key, stem = _metric_names(metric)
        if key in ("产业规模", "规模", "核心产业规模", "总规模"):
            continue  # generic: many subjects share it, so it names nothing
        if (len(key) >= 4 and key in q) or (len(stem) >= 3 and stem in q):
            matched.extend(f for f in _keep(facts, doc_ids) if not f.get("summary"))
    matched = index.in_corpus_order(matched)
    if not matched:
        return None
    cite = ClaimBuilder(index)
    years = sorted({f["year"] for f in matched if f.get("year")})
    if intent.years and not any(y in years for y in intent.years):
        for f in matched[:2]:
            cite.add_fact(f)
        text = YEAR_NOT_COVERED.render(year="、".join(intent.years), years="、".join(years) or "其他",
                                       targets="；".join(f["quote"] for f in matched[:2]))
        return Answer(REFUSAL + text, cite.claims, refused=True, route="refusal")
    lines, conflicts = [], []
    for f in matched:
        if cite.add_fact(f):
            lines.append(f"据{f['clause_id']}：{f['quote']}")
    keys = {metric_key(f["metric"]) for f in matched}
    for finding in _facts(index, "finding", doc_ids):
        if finding["finding"] == "target_conflict" and finding.get("metric") in keys:
            conflicts.append(finding["text"])
            lines.append(f"注意：{finding['text']}两处均按原文列出。")
    return Answer("\n".join(lines), cite.claims, route="facts", conflicts=tuple(conflicts))
