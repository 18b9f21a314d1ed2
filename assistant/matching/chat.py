"""Matching in chat: a question that describes the asker's enterprise (or the asker) and asks what
it can get routes to matching; a follow-up ("那如果纳税2000万呢？") refines the same profile.

The profile is the question's text (with the earlier turns it refines), read by the same
parser as `python -m assistant match --profile` with `{"text": ...}`, so the same description
gets the same matches in both. The words that trigger the route are the corpus profile's
(`matching.chat_self_pattern`, `matching.chat_ask_pattern`).
"""
from __future__ import annotations

import re

from assistant.claims import ClaimBuilder
from assistant.followup import looks_like_followup
from assistant.matching import index_today, judgements
from assistant.matching.evaluate import FIT, MAYBE, NO, Judgement
from core.records import Answer
from core.validity import EXPIRED, validity_of
from prompts.templates import MATCH_DISCLAIMER, MATCH_NONE

_NAMED_DOC_RE = re.compile(r"这个文件|本文件|该文件|这份文件|《")
_REFINE_RE = re.compile(r"\d|如果|假如|要是|改成|换成|也是|还有")
MAX_SHOWN = 6


def _is_matching(text: str, vocab: dict) -> bool:
    own = re.search(vocab.get("chat_self_pattern") or r"(?!)", text)
    ask = re.search(vocab.get("chat_ask_pattern") or r"(?!)", text)
    return bool(own and ask and not _NAMED_DOC_RE.search(text))


def matching_text(q: str, history: list[dict] | None, corpus_profile) -> str:
    """The profile text when the question is a matching question (or refines one), else ''."""
    vocab = corpus_profile.matching
    if _is_matching(q, vocab):
        return q
    if not looks_like_followup(q) or not _REFINE_RE.search(q):
        return ""
    users = [t["content"] for t in history or [] if isinstance(t, dict) and t.get("role") == "user"
             and isinstance(t.get("content"), str)]
    for i in range(len(users) - 1, -1, -1):
        if _is_matching(users[i], vocab):
            return "；".join(users[i:] + [q])
    return ""


def _line(j: Judgement, title: str, validity: str) -> str:
    amount = f"，金额：{j.amount}" if j.amount else ""
    flag = f"（{validity}）" if validity == EXPIRED else ""
    return f"【{j.status}】《{title}》{j.fact.clause_id}「{j.fact.measure}」{amount}{flag}"


def matching_answer(view, text: str) -> Answer | None:
    """Matched measures 符合 first, with amounts and citations; for 可能符合 the deciding facts;
    when nothing applies, "没有找到符合的扶持措施" and the nearest misses. None when no measure was
    judged at all (the extracted conditions do not reach this question): the next routes answer."""
    index = view.index
    today = index_today(index)
    js, notes, _ = judgements(index, view.profile, {"text": text}, today)
    exclude = index.settings.answer.exclude_expired
    docs = index.documents
    shown = [j for j in js if j.fact.doc_id in docs
             and not (exclude and validity_of(docs[j.fact.doc_id], today).status == EXPIRED)]
    hits = [j for j in shown if j.status in (FIT, MAYBE)][:MAX_SHOWN]
    if not shown:
        return None  # no measure of the documents is about this asker: the ordinary answer steps read them
    builder = ClaimBuilder(index, kind="fact")
    lines: list[str] = []
    if hits:
        lines.append("根据您描述的情况，文件中可能适用的扶持措施如下：")
        for n, j in enumerate(hits, 1):
            doc = docs[j.fact.doc_id]
            line = f"{n}. " + _line(j, doc.title, validity_of(doc, today).status)
            lines.append(line)
            sums = [m for m in j.met if m.startswith("金额：") and "×" in m]
            if sums:
                lines.append("   计算：" + sums[0].removeprefix("金额："))
            if j.status == MAYBE:
                lines.append("   还需确认：" + "；".join(j.unknown[:2]))
            lines.append(f"   依据：“{j.fact.quote}”")
            builder.add(j.fact.doc_id, j.fact.clause_id, j.fact.quote, text=line)
    else:
        lines.append(MATCH_NONE.render())
        misses = [j for j in shown if j.status == NO][:3]
        if misses:
            lines.append("最接近的措施及不符合之处：")
        for j in misses:
            doc = docs[j.fact.doc_id]
            line = f"- 《{doc.title}》{j.fact.clause_id}「{j.fact.measure}」：{'；'.join(j.unmet[:2])}"
            lines.append(line)
            builder.add(j.fact.doc_id, j.fact.clause_id, j.fact.quote, kind="near", text=line)
    lines.extend(n for n in notes if "没有找到" not in n and "主管部门" not in n)
    lines.append(MATCH_DISCLAIMER.render())
    return Answer("\n".join(lines), claims=builder.claims, refused=False, route="facts",
                  debug={"matching_profile": text})
