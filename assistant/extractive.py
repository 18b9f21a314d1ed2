"""Extractive answers: the sentences of the best clauses that answer the question, quoted verbatim."""
from __future__ import annotations

import re
import weakref

from core.records import Answer, Hit
from core.textnorm import chinese_numeral, fold
from core.tokenizer import search_terms
from ingest.chunking import split_sentences
from assistant.claims import ClaimBuilder
from assistant.question import (asked_types, asked_words, heading_names_asked, holds_asked_type, names_a_kind,
                                states_free)
from assistant.tables import body_home, row_holds, table_header
from assistant.tiers import verdict


def excerpt_head(index, doc_id: str, clause_id: str) -> str:
    """"据第五条（申请条件）" — the clause ID and its own title; an untitled clause shows its ID
    alone, never the start of its first sentence."""
    clause = index.clause(doc_id, clause_id)
    title = clause.title if clause else ""
    named = title and title != clause_id and not clause_id.endswith("·" + title)  # "四·申请条件" names itself
    return f"据{clause_id}（{title}）" if named else f"据{clause_id}"


_COUNTED_RE = re.compile(r"([一二两三四五六七八九十]{1,3})([\u4e00-\u9fff])")


def _has(term: str, folded: str, spelled: dict[str, str]) -> bool:
    """The term, or the documents' full form of it (公租房: 公共租赁住房), is in the text; a counted
    term in either numerals ("两件" and "2件")."""
    if term in folded or (term in spelled and spelled[term] in folded):
        return True
    m = _COUNTED_RE.fullmatch(term)
    n = chinese_numeral(m.group(1)) if m else None
    return n is not None and f"{n}{m.group(2)}" in folded


def _overlap(terms: list[str], text: str, spelled: dict[str, str] | None = None) -> float:
    folded = fold(text)
    return sum(len(t) for t in terms if _has(t, folded, spelled or {}))


def coverage(terms: list[str], text: str, spelled: dict[str, str] | None = None) -> float:
    """Share of the question's content (weighted by term length) found in the text."""
    total = sum(len(t) for t in set(terms))
    if not total:
        return 0.0
    folded = fold(text)
    return sum(len(t) for t in set(terms) if _has(t, folded, spelled or {})) / total


_QA_MATCH = 0.5  # of the question's words in a Q&A heading, for that heading to be the question asked
_QA_MARGIN = 0.2  # over the next heading's share


def _question_heading_asked(index, clause_rank, terms, spelled):
    """The clause under the Q&A heading ("申请积分制入户需要具备哪些基本条件？") that holds clearly
    more of the user's question than any other heading; None when no heading stands out."""
    shares = []
    for doc_id, clause_id in clause_rank:
        clause = index.clause(doc_id, clause_id)
        if clause is not None and clause.title.rstrip().endswith(("？", "?")):
            shares.append((coverage(terms, clause.title, spelled), (doc_id, clause_id)))
    shares.sort(key=lambda t: -t[0])
    if not shares or shares[0][0] < _QA_MATCH:
        return None
    if len(shares) > 1 and shares[0][0] - shares[1][0] < _QA_MARGIN:
        return None
    return shares[0][1]


def _family(index, doc_id: str, clause_id: str) -> set[str]:
    """The clause and the clauses above it (siblings are other measures: their amounts are not this one's)."""
    clause = index.clause(doc_id, clause_id)
    family = {clause_id}
    parent = clause.parent_id if clause else None
    while parent:
        family.add(parent)
        above = index.clause(doc_id, parent)
        parent = above.parent_id if above else None
    return family


def _asked_in_family(index, scored, top, asked) -> tuple[str, str, str] | None:
    """The best-scored sentence of the top one's clause or the clauses above it that holds what is asked."""
    doc_id, clause_id, _ = top
    family = _family(index, doc_id, clause_id)
    return next(((d, c, sentence) for s, _, d, c, sentence in scored
                 if s > 0 and d == doc_id and c in family and holds_asked_type(sentence, asked)), None)


_KINDS_Q_RE = re.compile(r"(?:哪|几)(?:几|些)?(?:个|大)?(类|种|项|档|级|方面|部分|情形|种情况)")
_HEADING_CREDIT = 0.3  # share of the heading's match with the question that each sentence under it gets
_QUESTION_HEADING_CREDIT = 1.0  # a Q&A page's heading is the question its body answers


def _asks_as_heading(path: tuple[str, ...], asked: tuple[str, ...]) -> bool:
    """A Q&A heading above the clause asks what the user asks ("…能领到多少钱？" for an amount)."""
    specific = set(asked) - {"number", "other"}
    return bool(specific) and any(h.rstrip().endswith(("？", "?")) and specific & set(asked_types(h)) for h in path)


def _lead_ins(index, clause) -> tuple[bool, ...]:
    """For each heading of the clause's path, whether that clause's text is a lead-in its items
    complete ("2.个人缴费费率：")."""
    chain, c = [], clause
    while c is not None:
        chain.insert(0, c)
        c = index.clause(c.doc_id, c.parent_id) if c.parent_id else None
    if len(chain) != len(clause.path):
        return (False,) * len(clause.path)
    return tuple(c is not clause and c.text.rstrip().endswith(("：", ":")) for c in chain)


def _heading_credit(terms: list[str], path: tuple[str, ...], spelled: dict[str, str],
                    lead_ins: tuple[bool, ...] = ()) -> float:
    """What the headings above a sentence share with the question; a heading that is itself a
    question ("二、失业保险金能领到多少钱？") or a lead-in its items complete ("2.个人缴费费率：")
    speaks for them in full."""
    lead_ins = lead_ins or (False,) * len(path)
    return sum((_QUESTION_HEADING_CREDIT if h.rstrip().endswith(("？", "?")) or lead else _HEADING_CREDIT)
               * _overlap(terms, h, spelled) for h, lead in zip(path, lead_ins))
_GUIDES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # index -> {doc_id: is a guide}
_GUIDE_SHARE = 0.4  # of a document's top sections, named by a kind of thing, for it to be a service guide


def is_guide(index, doc_id: str) -> bool:
    """A service guide (办事指南): most top sections are named by a kind of thing (办理对象, 受理条件,
    所需材料, 办理时限, 收费标准), so its sections answer by their names. A policy's articles do not."""
    memo = _GUIDES.setdefault(index, {})
    if doc_id not in memo:
        tops = [c for c in index.clauses_of(doc_id) if not c.parent_id and c.clause_id not in ("序言", "落款")
                and not c.clause_id.startswith("附件")]
        named = sum(1 for c in tops if names_a_kind(c.title or ""))
        memo[doc_id] = named >= 3 and named >= _GUIDE_SHARE * len(tops)
    return memo[doc_id]


# The kinds whose asking words name nothing ("多长时间", "什么时候", "一共几个", "最高多少"), unlike
# "能申请…吗" or "补贴多少", whose words are the question's subject too.
_PURE_ASKS = ("duration", "deadline", "number", "count", "cap")


_PARENTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # index -> {doc_id: clause IDs with items}


def _bare_item(index, clause) -> bool:
    """A clause whose whole text is its title and that has no items under it ("6.选择申请人数、仲裁机构"):
    a step of a list, not a heading; its one line is what it says."""
    if clause.text.strip().rstrip("。") != clause.title:
        return False
    memo = _PARENTS.setdefault(index, {})
    if clause.doc_id not in memo:
        memo[clause.doc_id] = {c.parent_id for c in index.clauses_of(clause.doc_id) if c.parent_id}
    return clause.clause_id not in memo[clause.doc_id]


_ASKED_BOOST = 1.5
_TIER_FACTOR = {1: 1.6, 0: 1.0, -1: 0.5}  # the user's figure inside / outside a sentence's range
# "我47岁，能申请吗": a bound the figure falls outside is the condition the user fails, as relevant as one it meets.
_CONDITION_FACTOR = {1: 1.6, 0: 1.0, -1: 1.6}


_SEGMENT_RE = re.compile(r"[，,；;：:]")


def _asking_sentence_terms(text: str, filler: frozenset[str]) -> list[str]:
    """The words of the question's last segment, the one that asks ("有中介说交几千块钱就能帮我办，
    办入户要交费吗？": 办入户要交费吗), when the question tells a story before it; else []."""
    from core.tokenizer import search_terms

    pieces = [p for p in _SEGMENT_RE.split(text) if p.strip("？?。 ")]
    return [t for t in search_terms(pieces[-1]) if t not in filler] if len(pieces) >= 2 else []


def extractive_answer(index, question: str, hits: list[Hit], *, focus: str = "", max_sentences: int = 3,
                      threshold: float = 0.35, prefer=(), key_terms=(), filler: frozenset[str] = frozenset(),
                      asked: tuple[str, ...] = (), generic: frozenset[str] = frozenset(),
                      figures: tuple = (), spelled: dict[str, str] | None = None, whole: str = "",
                      qualifies: bool = False) -> Answer | None:
    """None when the evidence is too weak (the caller refuses). `filler`: colloquial words that
    carry no content (the profile's). `asked`: what the question asks for (an amount, a time
    limit, a unit …): a sentence that holds it ranks above one that only shares words.
    `generic`: words that name nothing in particular (企业, 集群 …): they earn no heading credit.
    `figures`: the user's own quantities (assistant.tiers): a sentence whose range holds them ranks
    above one whose range excludes them, unless the question asks whether the user `qualifies`: then any
    bound on the figure is the condition in question. `spelled`: abbreviations of the question and the documents'
    full forms of them (Question.spelled), either of which counts as the term. `whole`: the question
    as asked, with the words that named its document, for the share of it the clause covers."""
    spelled = spelled or {}
    asked = tuple(a for a in asked if a not in ("number", "other")) or asked  # "多少钱" asks an amount, not any figure
    terms = [t for t in search_terms(question) if t not in filler]
    focus_terms = [t for t in search_terms(focus) if t not in filler] if focus else terms
    whole_terms = [t for t in search_terms(whole) if t not in filler] if whole else terms
    tail_terms = _asking_sentence_terms(focus or question, filler)
    tail_cov: dict[tuple[str, str], float] = {}  # (doc, clause) -> share of the asking part it covers
    if not hits or not terms:
        return None
    heading_terms = [t for t in focus_terms if t not in generic]
    kinds = _KINDS_Q_RE.search(question)
    counted = re.compile(rf"[一二两三四五六七八九十\d]+(?:个|大)?{kinds.group(1)}") if kinds else None
    clause_rank: dict[tuple[str, str], float] = {}
    for hit in hits:
        key = (hit.chunk.doc_id, hit.chunk.clause_id)
        clause_rank.setdefault(key, hit.score)
    for (doc_id, clause_id), score in list(clause_rank.items()):
        clause = index.clause(doc_id, clause_id)
        if clause is not None and clause.text.rstrip().endswith(("：", ":")):  # a lead-in: its items answer
            for child in index.clauses_of(doc_id):
                if child.parent_id == clause_id:
                    clause_rank.setdefault((doc_id, child.clause_id), score)
    top_score = max(clause_rank.values())
    asking = asked_words(question, asked)  # "多久": what a section named 办理时限 answers
    asking_len = sum(len(w) for w in asking)
    # "多长时间", "什么时候" ask for a kind of thing; the clause that answers need not say them
    only_asking = asked_words(question, tuple(a for a in asked if a in _PURE_ASKS))
    asking_terms = {t for t in focus_terms + whole_terms if any(t in w for w in only_asking)}
    scored = []
    asked_here = _question_heading_asked(index, clause_rank, focus_terms, spelled)
    for (doc_id, clause_id), score in clause_rank.items():
        clause = index.clause(doc_id, clause_id)
        if clause is None:
            continue
        named = is_guide(index, doc_id) and heading_names_asked(clause.path, asked, question)  # "办理时限", asked "多久"
        # the words that ask for what the heading names are the heading's words too
        context = " ".join(clause.path) + clause.text + (" " + " ".join(asking) if named else "")
        # The words that named the document are left out of the focus, but they are the
        # question's too: "青澜市低空经济政策什么时候施行" is about the document it names.
        # an asking word counts for a clause that says it ("最高不超过"), never against one that does not
        said = fold(context)
        focus_cov = [t for t in focus_terms if t not in asking_terms or t in said] or focus_terms
        whole_cov = [t for t in whole_terms if t not in asking_terms or t in said] or whole_terms
        clause_cov = max(coverage(focus_cov, context, spelled),
                         coverage(whole_cov, index.document_title(doc_id) + context, spelled))
        if len(tail_terms) >= 2:
            tail_cov[(doc_id, clause_id)] = coverage(
                [t for t in tail_terms if t not in asking_terms or t in said] or tail_terms, context, spelled)
        boost = 1.5 if any(clause_id == p or clause_id.startswith(p + "·") for p in prefer if p) else 1.0
        answers_heading = (doc_id, clause_id) == asked_here  # under the Q&A heading that asks what the user asks
        if answers_heading:
            boost *= _ASKED_BOOST
        heading = _heading_credit(heading_terms, clause.path, spelled, _lead_ins(index, clause))  # "补贴标准：1万元" under its measure
        same_ask = _asks_as_heading(clause.path, asked) or named
        # "多久" meets "办理时限"; and a guide's sections are all about its title's service
        named_credit = (asking_len + _overlap(heading_terms, index.document_title(doc_id), spelled)) if named else 0
        bare_item = _bare_item(index, clause)  # "6.选择申请人数、仲裁机构": the step is its own content
        for sentence in split_sentences(clause.text):
            free = "amount" in asked and states_free(sentence, question)  # "不收费" under 收费标准
            if (sentence.rstrip("。") == clause.title and not bare_item) or (len(sentence) <= 4 and not (
                    holds_asked_type(sentence, asked) or free)):
                continue  # a bare heading answers nothing ("不收费" under 收费标准 does)
            header = table_header(clause.text, sentence)  # a table row is read with its column names
            s = (_overlap(focus_terms, sentence, spelled) + 0.5 * _overlap(terms, sentence, spelled) + heading
                 + _overlap(heading_terms, header, spelled) + named_credit) * boost
            if asked and (holds_asked_type(sentence, asked) or row_holds(sentence, header, asked) or free or answers_heading):
                s *= _ASKED_BOOST * (_ASKED_BOOST if same_ask else 1.0) * (_ASKED_BOOST if named else 1.0)
            if key_terms and any(t in fold(sentence) for t in key_terms):
                s *= 1.5
            if any(ch.isdigit() for ch in sentence) and any(w in question for w in ("多少", "几", "金额", "目标")):
                s *= 1.2
            if figures:
                s *= (_CONDITION_FACTOR if qualifies else _TIER_FACTOR)[verdict(sentence, figures)]
            if counted and counted.search(sentence):  # "分成哪几类" and "分为以下三类"
                s *= _ASKED_BOOST
            home = body_home(index, doc_id, sentence) if "｜" in clause.text else ""
            if home:  # a task table restating the body: the body's clause is cited for it
                said = max(sentence.split("｜"), key=len).strip()
                scored.append((s * (0.6 + 0.4 * score / top_score), clause_cov, doc_id, home, said))
                continue
            scored.append((s * (0.6 + 0.4 * score / top_score), clause_cov, doc_id, clause_id, sentence))
    if not scored:
        return None
    scored.sort(key=lambda t: -t[0])
    # The lead comes from a clause that covers the question enough: a sentence that scores
    # higher in a clause about something else does not make the evidence too weak.
    best = next((x for x in scored if x[1] >= threshold), None)
    if best is None:  # a story before the question dilutes it: the asking part alone may be covered
        best = next((x for x in scored if tail_cov.get((x[2], x[3]), 0.0) >= threshold), None)
    if best is None or best[0] <= 0:
        return None
    scored.remove(best)
    scored.insert(0, best)
    cite = ClaimBuilder(index)
    chosen, coverages = [], []
    for s, cov, doc_id, clause_id, sentence in scored:
        if len(chosen) >= max_sentences:
            break
        keyed = key_terms and any(t in fold(sentence) for t in key_terms)
        if s < 0.5 * best[0] and not (keyed and s > 0):
            continue
        if sentence in (c[2] for c in chosen):
            continue
        row = next((c[2] for c in chosen if c[:2] == (doc_id, clause_id) and "｜" in c[2]), "") if "｜" in sentence else ""
        if row and _overlap(focus_terms, sentence, spelled) < _overlap(focus_terms, row, spelled):
            continue  # another row of the table the lead row is from: another case (糖尿病 for 高血压)
        if cite.add(doc_id, clause_id, sentence):
            chosen.append((doc_id, clause_id, sentence))
            coverages.append(cov)
    if not chosen:
        return None
    if asked and not any(holds_asked_type(c[2], asked) for c in chosen):
        found = _asked_in_family(index, scored, chosen[0], asked)
        if found and cite.add(*found):  # the right clause, but its answer is a line of its article
            chosen.append(found)
            coverages.append(coverages[0])  # the same subject: the top clause's own article
        else:  # another clause of the evidence holds what is asked, about the question nearly as much
            near = _asked_elsewhere(scored, best, asked, threshold)
            if near and cite.add(*near[1:]):
                chosen.insert(0, near[1:])
                coverages.insert(0, near[0])
                claims = cite.claims
                claims = (claims[-1],) + claims[:-1]
                chosen, claims = chosen[:max_sentences], claims[:max_sentences]
                if not key_terms:
                    chosen, claims = _focused(index, chosen, claims, asked)
                return _compose(index, chosen, claims, best)
    claims = cite.claims
    # Lead with the sentence that holds what is asked, if it is about the question as much as the top
    # one, or if the top one holds nothing of what is asked and it is at least half as much about the question.
    top_holds = bool(asked) and holds_asked_type(chosen[0][2], asked)
    lead = next((i for i, c in enumerate(chosen) if asked and holds_asked_type(c[2], asked)
                 and (coverages[i] >= coverages[0] or (not top_holds and coverages[i] >= 0.5 * coverages[0]))), 0)
    if lead:  # lead with the sentence that holds what is asked (the amount, the time limit …)
        chosen = [chosen[lead]] + chosen[:lead] + chosen[lead + 1:]
        claims = (claims[lead],) + claims[:lead] + claims[lead + 1:]
    chosen, claims = _with_lead_clause_rest(index, cite, chosen, claims, asked, max_sentences)
    if not key_terms:
        chosen, claims = _focused(index, chosen, claims, asked)
    return _compose(index, chosen, claims, best)


def _with_lead_clause_rest(index, cite, chosen, claims, asked, max_sentences):
    """When the lead states what is asked, the other sentences of its clause that state such a thing
    come right after it ("处5万元以上20万元以下的罚款；情节严重的，处20万元以上100万元以下的罚款"):
    the rest of the same rule before another clause's."""
    specific = tuple(set(asked) - {"number", "other"})
    doc_id, clause_id, lead = chosen[0]
    clause = index.clause(doc_id, clause_id)
    if not specific or clause is None or not holds_asked_type(lead, specific):
        return chosen, claims
    taken = {c[2]: (c, claim) for c, claim in zip(chosen[1:], claims[1:]) if c[:2] == (doc_id, clause_id)}
    rest = []
    for sentence in split_sentences(clause.text):
        if sentence in taken:  # already chosen: it keeps its place in the clause's order
            rest.append(taken[sentence])
        elif sentence != lead and sentence.rstrip("。") != clause.title and holds_asked_type(sentence, specific):
            claim = cite.add(doc_id, clause_id, sentence)
            if claim is not None:
                rest.append(((doc_id, clause_id, sentence), claim))
    if len(rest) == len(taken):
        return chosen, claims
    others = [(c, claim) for c, claim in zip(chosen[1:], claims[1:]) if c[2] not in taken]
    merged = ([(chosen[0], claims[0])] + rest + others)[:max(max_sentences, 1 + len(rest))]
    return [m[0] for m in merged], tuple(m[1] for m in merged)


def _focused(index, chosen, claims, asked):
    """When the lead states what is asked (an amount, a time limit …), a sentence of another
    clause stays only if it states such a thing too: neighbouring clauses are other measures."""
    lead = chosen[0]
    lead_family = _family(index, lead[0], lead[1])
    specific = tuple(set(asked) - {"number", "other"})
    answered = bool(specific) and holds_asked_type(lead[2], specific)
    keep = [0]
    for i, (d, c, sentence) in enumerate(chosen[1:], 1):
        related = d == lead[0] and (c in lead_family or lead[1] in _family(index, d, c))
        if related:
            keep.append(i)
        elif answered:  # the lead states what is asked: another clause adds only another such statement
            if holds_asked_type(sentence, specific):
                keep.append(i)
        else:  # nothing tells which sentence answers: the evidence stays as it was chosen
            keep.append(i)
    return [chosen[i] for i in keep], tuple(claims[i] for i in keep)


def _line(index, doc_id: str, clause_id: str, sentence: str) -> str:
    clause = index.clause(doc_id, clause_id)
    header = table_header(clause.text, sentence) if clause else ""
    columns = f"（表头：{header}）" if header else ""
    return f"{excerpt_head(index, doc_id, clause_id)}{columns}：{sentence}"


def _compose(index, chosen, claims, best) -> Answer:
    parts = [_line(index, doc_id, clause_id, sentence) for doc_id, clause_id, sentence in chosen]
    return Answer("\n".join(parts), claims, route="extractive", debug={"coverage": best[1]})


_ELSEWHERE_SHARE = 0.5  # of the best sentence's score, for a sentence elsewhere that holds what is asked


def _asked_elsewhere(scored, best, asked, threshold):
    """(coverage, doc, clause, sentence): the best sentence of any clause in the evidence that holds
    what is asked, when it matches the question at least half as well and its clause is on topic."""
    return next(((cov, d, c, sentence) for s, cov, d, c, sentence in scored
                 if s >= _ELSEWHERE_SHARE * best[0] and cov >= threshold and holds_asked_type(sentence, asked)),
                None)
