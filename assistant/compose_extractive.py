"""Compose step for questions no structured fact answers: quoted sentences of the best
clauses, checked against what the question asks (an amount, a date, a procedure …).

When the evidence does not hold what is asked, the answer is a refusal that quotes the
nearest clause ("near miss"), so the user sees what the documents do say.
"""
from __future__ import annotations

import re

from assistant import compose_structure
from assistant.claims import ClaimBuilder
from assistant.asked_thing import led_by, states_money, sum_of_the_thing
from assistant.each_named import with_each_named, with_each_year, with_lead_in
from assistant.evidence import Evidence
from assistant.extractive import excerpt_head, extractive_answer
from assistant.scope import names_a_document
from assistant.word_forms import abbreviated_in, kin_in
from assistant.question import ASKED_PATTERNS, FEE_Q_RE, FREE_RE, WHICH_ORG_RE, Question, asked_words, holds_asked_type
from assistant.tiers import quantities, tier_piece, verdict
from core.records import Answer, Claim
from prompts.templates import NOT_IN_DOCUMENT, REFUSAL

_AMOUNT_RE = re.compile(r"(不低于|最高|给予|资助|奖励|补贴)[^。；]*\d+(?:\.\d+)?\s*(万元|亿元|元)|"
                        r"\d+(?:\.\d+)?\s*(万元|亿元|元)[^。；]*(资助|奖励|补贴|支持)")
# The words that ask for a procedure also state one; 资料 is what a guide calls the 材料.
# "通过…平台提交申请", "向户籍所在地镇政府提出申请", "凭本人身份证件…参保" state a procedure too.
_PROCEDURE_IN_TEXT_RE = re.compile(dict(ASKED_PATTERNS)["procedure"].pattern
                                   + r"|资料|提交|提出申请|登录|[向到在][^。；]{1,24}(?:申请|申报|申领)|[凭持][^。；]{0,16}(?:证|卡|照)"
                                   + r"|点击|搜索|扫码|发送|跳转|即可(?:办理|申请|申领)")  # an app's steps
# "要带哪些材料", "需要准备什么资料": a list of papers, answered by a sentence that names one
_MATERIALS_Q_RE = re.compile(r"(?:哪些|什么|啥)[^，。？]{0,3}[材资]料|[材资]料[^，。？]{0,6}(?:哪些|什么|清单|包括)|要?带(?:什么|哪些|啥)")
_MATERIAL_NAMED_RE = re.compile(r"证|卡|病历|发票|单据|收据|书(?!面)|(?<![代发列])表(?![示彰单达格])|照片|簿|原件|复印件|执照|合同|报告|函|清单")
_DETAILS_Q_RE = re.compile(r"具体内容|具体包括|具体规定|详细内容|具体有哪些内容|具体是什么|全文")
_TO_BE_MADE_RE = re.compile(r"(抓紧|另行|研究|尽快)?(制定|编制|出台|建立)")
_HOW_MUCH_RE = re.compile(r"多少|多大|多高|多长")
_COUNTED_RE = re.compile(r"\d|[一二两三四五六七八九十百千万亿半]+(个|家|项|条|吨|级|元|辆|部|台|年|月|日|天|周|人|名|次|岁|倍|分|成)")
# Done at once ("当场办结", "即时办理"); "（含当日）" is a day, not how long something takes.
_ON_THE_DAY = r"(?:即时|当场|当[日天])(?:办结|办理|受理|发放|到账|完成|出证|领取|审核|核发|生效|领证)|即办|立等可取"
# A date, or a duration ("最长不超过3年", "两年内", "自印发之日起").
# "具体见附件1", "第五条", "国办发〔2024〕38号" refer to other text; their numbers count nothing.
_REFERENCE_RE = re.compile(r"(?:^|\s)[0-9０-９]{1,2}[．.、]|附件\s*\d+|第[\d一二三四五六七八九十百]+[条款项章]|〔\d{4}〕\s*\d+\s*号")
_DURATION_RE = re.compile(r"(?:\d+|[一二两三四五六七八九十百半]+)\s*个?(?:工作日|自然日|天|周|星期|个月|小时)|"
                          r"(?<!月)(?:\d+|[一二两三四五六七八九十百]+)\s*日(?:内|以内|之内)|(?<![\d年])\d{1,2}\s*年|"
                          r"[一二两三四五六七八九十半]+年|期限|" + _ON_THE_DAY)
# "多少个工作日", "加几分", "几岁": the measure the question counts in must be the one the evidence
# counts in ("3年" does not answer "多少个工作日"; a date does not answer "多少天").
_MEASURE_Q_RE = re.compile(r"(?<![哪那这前头])(?:多少|几)个?(工作日|自然日|天|分(?![钟之别])|周岁|岁|人|名|小时|平方米|公里|倍|年(?!级)|月)")
_MEASURE_FAMILY = {"工作日": "工作日|日|天", "自然日": "自然日|日|天", "天": "天|日|工作日|自然日", "分": "分",
                   "岁": "周?岁", "周岁": "周?岁", "人": "人|名", "名": "名|人", "小时": "小时",
                   "平方米": "平方米|㎡", "公里": "公里|千米", "倍": "倍", "年": "年", "月": "个?月"}
_QUANTITY = r"(?<![月\d.])(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千半]+)\s*[万千百亿]?个?"  # 3.34万人
_WHEN_IN_TEXT_RE = re.compile(r"\d{4}年|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|年底|年内|月|日|\d+\s*个?(?:年|周|天|小时)|[一二两三四五六七八九十半]+个?(?:年|周|天|小时)")
_MANY_RE = re.compile(r"哪些|哪几|分别")
_CONDITIONS_RE = re.compile(r"条件|情形|要求|资格")


def near_miss(what: str, claims: tuple[Claim, ...]) -> Answer:
    near = claims[0]
    text = REFUSAL + NOT_IN_DOCUMENT.render(what=what) + f"与此相关，{near.clause}规定：{near.quote}"
    return Answer(text, (near,), refused=True, route="refusal")


def not_covered(evidence: Evidence, missing: str) -> Answer:
    """The question asks for something the documents never mention: refuse, quoting the nearest clause."""
    view, q = evidence.view, evidence.question
    near = extractive_answer(view.index, q.text, evidence.hits(q.text), threshold=0.0,
                             filler=view.profile.colloquial_words)
    if near and near.claims:
        return near_miss(f"“{missing}”相关内容", near.claims)
    return Answer(REFUSAL + NOT_IN_DOCUMENT.render(what=f"“{missing}”相关内容"), refused=True, route="refusal")


def extractive(evidence: Evidence, prefer=(), narrow: bool = True) -> Answer:
    view, q = evidence.view, evidence.question
    index, s = view.index, view.index.settings
    text, doc_ids = q.text, q.doc_ids
    years = [y for y in q.years if not _OWN_YEAR_RE.search(text.replace(f"{y}年", "\0年"))]  # the user's own past
    years_missing = [y for y in years if not view.in_documents(f"{y}年", doc_ids) and not any(
        speaks_of_year(d.text, y) for i, d in view.index.documents.items() if not doc_ids or i in doc_ids)]
    hits = evidence.hits()
    figures = quantities(text)
    many = q.intent.asks_list or bool(_MANY_RE.search(text))
    key_terms = view.residual_terms(text, [], []) if many else ()
    if many:
        hits = hits + evidence.scan(view.residual_terms(text, [], []), hits)
    hits = hits + evidence.named_sections(hits)
    term = _defined_term(text) if q.asks("definition") else ""
    if term:
        hits = hits + evidence.defining(term, hits)
    result = extractive_answer(index, q.retrieval_query, hits, focus=q.focus,
                               max_sentences=s.answer.max_sentences * (2 if many else 1),
                               threshold=s.answer.refusal_threshold, prefer=prefer, key_terms=key_terms,
                               filler=view.profile.colloquial_words, asked=q.asked,
                               generic=view.profile.generic_words, figures=figures, spelled=dict(q.spelled), whole=_with_previous(q),
                               qualifies=_asks_whether_qualifies(q))
    if (q.asks("list") or q.asks("condition")) and result is not None and result.claims:
        listed = compose_structure.items_answer(index, result.claims[0].doc_id, result.claims[0].clause,
                                                compose_structure.asked_noun(q.text) if q.asks("list") else "")
        if listed and (q.asks("list") or _CONDITIONS_RE.search(listed.claims[0].quote)):
            result = listed  # "有什么条件": the conditions the clause lists, each item cited
    if len(q.years) > 1 and result is not None and result.claims:
        result = with_each_year(index, result, q.years)
    if result is not None and result.claims:
        result = with_each_named(index, result, text)
    if result is not None and result.claims and not years_missing and len(years) == len(q.years) == 1:
        years_missing = _years_not_in_evidence(index, years, result)
    if years_missing:
        if not (result and result.claims):  # the nearest clause about the same thing, whatever its year
            result = extractive_answer(index, re.sub(r"(19|20)\d\d年?", "", q.retrieval_query), hits,
                                       focus=q.focus, threshold=0.0, filler=view.profile.colloquial_words)
        near = f"文件规定的是：{result.claims[0].quote}" if result and result.claims else ""
        return Answer(REFUSAL + NOT_IN_DOCUMENT.render(what=f"{'、'.join(years_missing)}年的相关内容") + near,
                      result.claims[:1] if result else (), refused=True, route="refusal")
    if result is None:
        return Answer(REFUSAL, refused=True, route="refusal")
    result, missing = (result, "") if many or not result.claims else _lead_about_the_question(view, q, result)
    if missing:
        retry = _from_documents_saying(evidence, prefer, missing) if narrow else None
        return retry or near_miss(f"“{missing}”的相关内容", result.claims)
    checked = _checked_against_asked(q, result)
    if checked.refused and narrow:  # another document may state what this one leaves out
        checked = _from_other_documents(evidence, prefer, result) or checked
    if not checked.refused and (q.asks("amount") or q.asks("cap")):
        checked = sum_of_the_thing(view, q, checked, near_miss)
    if not checked.refused and not many:
        checked = with_lead_in(index, checked, q.asked)
    if checked.refused or not figures:
        return checked
    return with_tier_lead(index, checked, figures, qualifies=_asks_whether_qualifies(q))


# "各按多少比例", "比例是多少": a share asked as a figure ("比例是谁来定的" asks who decides it)
_HOW_MUCH_SHARE_RE = re.compile(r"(?:多少|几)[^，。？]{0,3}(?:比例|比率|费率)|(?:比例|比率|费率)[^，。？]{0,4}(?:多少|几)")


def _asks_whether_qualifies(q: Question) -> bool:
    """"我47岁，能申请吗": whether the user qualifies, not which tier's amount applies."""
    return q.asks("eligibility") and not (q.asks("amount") or q.asks("cap") or q.asks("number"))


_QUOTED_TERM_RE = re.compile(r"[“\"「]([^”\"」]{2,20})[”\"」]")
_TERM_BEFORE_RE = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:是指|指的是|是什么意思|的定义|怎么定义|是什么)")


def _defined_term(text: str) -> str:
    """The term a definition question asks about: the quoted one, or the words before 是指."""
    m = _QUOTED_TERM_RE.search(text) or _TERM_BEFORE_RE.search(re.sub(r"^(什么是|请问)", "", text))
    return m.group(1) if m else ""


_COUNTED_TERM_RE = re.compile(r"[\d一二两三四五六七八九十百几每半]|.*\d")  # 一个月, 150分: a quantity, not a topic


def _lead_about_the_question(view, q: Question, result: Answer) -> tuple[Answer, str]:
    """"云岭省对首台（套）重大技术装备给多少奖励？" answered from the 云岭 document on software: a
    word of the question that some document uses (技术装备) but that the lead's document never says
    means the answer comes from a document about something else. A quoted sentence from a document
    that says it leads instead; when none does, that word is returned (the caller refuses).
    Within one document a word and its synonym (无人机, 无人驾驶航空器) both occur, so a clause is
    not held to the question's words."""
    from core.tokenizer import search_terms

    index = view.index
    docs = index.documents
    skip = view.profile.colloquial_words | view.profile.generic_words
    spelled = dict(q.spelled)
    asking = asked_words(q.text, tuple(kind for kind, _ in ASKED_PATTERNS))  # "多长时间" asks, it names nothing
    terms = [t for t in search_terms(q.text)
             if len(t) >= 3 and t not in skip and not _COUNTED_TERM_RE.match(t) and view.in_corpus(t)
             and not any(t in w for w in asking)]

    def says(claim, term: str) -> bool:  # read as in_corpus reads: line breaks inside words removed
        doc = docs.get(claim.doc_id)
        text = (doc.text if doc else "") + index.document_title(claim.doc_id)
        return (term in text or view.in_documents(term, (claim.doc_id,)) or spelled.get(term, "\0") in text
                or abbreviated_in(term, text) or kin_in(term, text))

    lacks = [t for t in terms if not says(result.claims[0], t)]
    lacks += _places_not_said(view, q.text, result.claims[0], says)
    if not lacks:
        return result, ""
    better = next((i for i in range(1, len(result.claims)) if all(says(result.claims[i], t) for t in lacks)), None)
    if better is None:
        return result, lacks[0]
    return led_by(result, better), ""


def _from_documents_saying(evidence: Evidence, prefer, term: str) -> Answer | None:
    """The lead's document never says a word of the question (长护险) that other documents do:
    the question is answered again from those documents only, not refused for one document's
    silence. A place is not narrowed to: a document that only mentions it is not about it."""
    view, q = evidence.view, evidence.question
    if term in view.profile.regions:
        return None
    docs = view.index.documents
    within = (q.doc_ids if q.scope.chosen else None) or list(docs)  # the user's choice, not the title's guess
    spelled = dict(q.spelled)
    places = _asked_places(view, q.text)  # they must be the new documents' too

    def says(d: str, word: str) -> bool:
        text = docs[d].text + docs[d].title
        return word in text or spelled.get(word, "\0") in text

    saying = tuple(d for d in within if d in docs and says(d, term) and all(says(d, p) for p in places))
    if not saying or len(saying) == len(within):
        return None
    return _answered_within(evidence, prefer, saying)


def _answered_within(evidence: Evidence, prefer, doc_ids: tuple[str, ...]) -> Answer | None:
    """The question answered again from these documents only (no further narrowing); None if refused."""
    import dataclasses

    q = evidence.question
    narrowed = dataclasses.replace(q, scope=dataclasses.replace(q.scope, doc_ids=doc_ids))
    answer = extractive(Evidence(evidence.view, narrowed), prefer, narrow=False)
    return None if answer.refused else answer


def _asked_places(view, text: str) -> list[str]:
    """The places the question names: the profile's (广州) or one a document's title names (白鹭 of "白鹭市…办法")."""
    from assistant.scope import TITLE_PLACE_RE

    titled = {m.group(1) for d in view.index.documents.values() for m in TITLE_PLACE_RE.finditer(d.title)}
    return [r for r in dict.fromkeys([*view.profile.regions, *sorted(titled)]) if r in text]


def _from_other_documents(evidence: Evidence, prefer, result: Answer) -> Answer | None:
    """The lead's document speaks of the thing but does not state what is asked (a sum, a date):
    the other documents are asked, when the user chose none ("诊查费能减多少" from the guide that
    says 减收1元, not the 办法 that only says 减收)."""
    view, q = evidence.view, evidence.question
    if q.scope.chosen or len(view.index.documents) < 2 or (q.scope.named and names_a_document(view.titles, q.text)):
        return None  # "河南10+8文件对…奖励多少": the user asked that document
    lead = result.claims[0].doc_id if result.claims else ""
    return _answered_within(evidence, prefer, tuple(d for d in view.index.documents if d != lead))


def _places_not_said(view, text: str, lead, says) -> list[str]:
    """"深圳的人才公寓租金…" answered from a 天河 page that never names 深圳: the place asked about,
    when the lead's document names none of the places the question names (a 广东 title covers 广州)."""
    from assistant.guards import named_above, personal

    named = _asked_places(view, text)
    title = view.index.document_title(lead.doc_id)
    covered = [r for r in named if says(lead, r) or named_above(r, title, view.profile.region_groups, depth=2)]
    if covered:
        return []  # "在佛山参保的，回广州申领": the document's own place is asked about, the other is context
    return [r for r in named if not personal(text, r)][:1]


# "2015年42岁时才第一次交社保", "我2018年就开始交了": a year of the user's own story, not one asked about
_OWN_YEAR_RE = re.compile(r"\0年[^，。？?]{0,6}(?:时|的时候|那年|那会)|我[^，。？?]{0,4}\0年|\0年[^，。？?]{0,3}(?:就|才|开始|已经)")


def _years_not_in_evidence(index, years, result: Answer) -> list[str]:
    """"2024年的标准是多少？" answered from clauses that speak of no 2024: the documents state
    that year elsewhere, not for this (the clauses and the articles above them are read)."""
    texts = []
    for c in result.claims[:1]:  # the lead answers; a later line may match on the year alone
        clause = index.clause(c.doc_id, c.clause)
        while clause is not None:
            texts.append(clause.text + " ".join(clause.path))
            clause = index.clause(clause.doc_id, clause.parent_id) if clause.parent_id else None
    said = " ".join(texts) + index.document_title(result.claims[0].doc_id)
    return [y for y in years if not speaks_of_year(said, y)]


def speaks_of_year(text: str, year: str) -> bool:
    """2026年, 2026—2028, or a dated line "…公告[ 2026-08-20 ]"; the page's own publishing date
    ("发表时间：2026-02-12") is when it was posted, not a year its rules speak of."""
    if f"{year}年" in text or f"{year}—" in text:
        return True
    return bool(re.search(rf"(?<![时日期间][：:])(?<![时日期间][：:]\s){year}-\d", text))


def _other_tier(text: str, piece: str, figures) -> bool:
    """The clause states another tier, one the user's figure falls outside."""
    return any(verdict(p, figures) < 0 for p in re.split(r"[。；;\n]", text) if p.strip() and p.strip() not in piece)


def with_tier_lead(index, result: Answer, figures, qualifies: bool = False) -> Answer:
    """Lead with the tier that holds the user's own figure, quoted on its own, then the evidence.
    Asked whether one qualifies, a quoted bound the figure falls outside leads: that condition is not met."""
    if qualifies:
        return _outside_lead(index, result, figures)
    for claim in result.claims:
        piece = tier_piece(claim.quote, figures) or (claim.quote if verdict(claim.quote, figures) > 0 else "")
        clause = index.clause(claim.doc_id, claim.clause)
        if not piece or clause is None or not _other_tier(clause.text, piece, figures):
            continue  # one bound alone ("达到1500亿元") is a target, not a tier
        cite = ClaimBuilder(index)
        head = excerpt_head(index, claim.doc_id, claim.clause).removeprefix("据")
        line = f"按您所说的{'、'.join(f.written for f in figures)}，适用{head}的这一档：{piece}"
        if not cite.add(claim.doc_id, claim.clause, piece, text=line):
            return result
        for c in result.claims:
            if c.quote != piece:
                cite.add(c.doc_id, c.clause, c.quote, kind=c.kind, text=c.text)
        rest = [x for x in result.text.split("\n") if not x.endswith(f"：{piece}")]
        return Answer("\n".join([line, *rest]), cite.claims, route=result.route, conflicts=result.conflicts,
                      debug={**result.debug, "tier": claim.clause})
    return result


def _outside_lead(index, result: Answer, figures) -> Answer:
    claim = next((c for c in result.claims if verdict(c.quote, figures) < 0), None)
    if claim is None:
        return result
    head = excerpt_head(index, claim.doc_id, claim.clause).removeprefix("据")
    line = f"按您所说的{'、'.join(f.written for f in figures)}，不在{head}规定的范围内：{claim.quote}"
    cite = ClaimBuilder(index)
    cite.add(claim.doc_id, claim.clause, claim.quote, text=line)
    for c in result.claims:
        if c is not claim:
            cite.add(c.doc_id, c.clause, c.quote, kind=c.kind, text=c.text)
    rest = [x for x in result.text.split("\n") if not x.endswith(f"：{claim.quote}")]
    return Answer("\n".join([line, *rest]), cite.claims, route=result.route, conflicts=result.conflicts,
                  debug={**result.debug, "outside": claim.clause})


def _states_money(claims, fee: bool = False) -> bool:
    """Some quoted sentence states a sum of money that is not an economy's scale; asked about a
    charge ("要收费吗"), one that says none is due ("不收费") states it too."""
    return any(states_money(c.quote) or (fee and FREE_RE.search(c.quote))
               for c in claims)


def _with_previous(q) -> str:
    """The question as asked and, for a follow-up read with the turn it continues (FollowUp.lean:
    "网上能办吗？"), that turn too: the clause that answers covers the subject named there, not
    only the few words asked now."""
    previous = q.followup.previous if q.followup and q.followup.lean else ""
    return f"{q.text} {previous}" if previous else q.text


def _checked_against_asked(q: Question, result: Answer) -> Answer:
    """The quoted evidence must hold the kind of thing the question asks for."""
    text = q.text
    quoted = " ".join(c.quote for c in result.claims)
    top_quote = result.claims[0].quote
    if _DETAILS_Q_RE.search(text) and _TO_BE_MADE_RE.search(top_quote):
        return near_miss("其具体内容（文件只要求另行制定）", result.claims)
    if _HOW_MUCH_RE.search(text) and not _COUNTED_RE.search(_REFERENCE_RE.sub("", top_quote)):
        return near_miss("具体数额", result.claims)
    measure = _MEASURE_Q_RE.search(text)
    if measure and not re.search(_QUANTITY + f"(?:{_MEASURE_FAMILY[measure.group(1)]})", quoted):
        return near_miss(f"具体的{measure.group(1).removeprefix('周')}数", result.claims)  # 工作日数, 分数, 岁数
    if q.asks("deadline") and not q.asks("duration") and not _WHEN_IN_TEXT_RE.search(top_quote):
        return near_miss("具体时间", result.claims)
    if (q.asks("ratio") and _HOW_MUCH_SHARE_RE.search(text)
            and not any(holds_asked_type(c.quote, ("ratio",)) for c in result.claims)):
        return near_miss("具体比例", result.claims)  # "各按多少比例缴纳" is not answered by who pays
    if q.asks("duration") and not _DURATION_RE.search(quoted):
        return near_miss("具体期限或天数", result.claims)  # 多少天 is not answered by a date
    # "要在多长时间内领执照才能拿资助": a time asked and stated answers, 资助/截止 name what it is about;
    # "去窗口办要收费吗" is answered by "不收费", whatever 窗口 asks.
    timed = (q.asks("deadline") or q.asks("duration")) and holds_asked_type(top_quote, ("deadline", "duration"))
    fee = bool(FEE_Q_RE.search(text))
    priced = (q.asks("amount") or q.asks("cap")) and _states_money(result.claims[:1], fee)
    names_unit = q.asks("unit") and holds_asked_type(quoted, ("unit",))  # "标准由哪个部门制定": a unit answers
    # the sum is the lead's (its clause, the items under it or the article above): a sum in a
    # sentence of an unrelated clause is another measure's
    lead = result.claims[0]
    lead_claims = [c for c in result.claims if c.doc_id == lead.doc_id
                   and (c.clause.startswith(lead.clause) or lead.clause.startswith(c.clause))]
    lead_quoted = " ".join(c.quote for c in lead_claims)
    if q.asks("amount") and not (names_unit or timed) and not _AMOUNT_RE.search(lead_quoted) and not _states_money(lead_claims, fee):
        return near_miss("具体金额或标准", result.claims)
    papers = bool(_MATERIALS_Q_RE.search(text))
    if papers and not timed and not any(_MATERIAL_NAMED_RE.search(c.quote) for c in result.claims):
        return near_miss("具体需要哪些材料", result.claims)  # "上传备案申请材料" names none of them
    # papers asked and named ("《待遇申报表》", "社会保障卡") answer how to apply
    if q.asks("procedure") and not (timed or priced or papers) and not _PROCEDURE_IN_TEXT_RE.search(quoted):
        return near_miss("具体的申报程序、材料或联系方式", result.claims)
    if q.asks("validity") and not any(holds_asked_type(c.quote, ("validity",)) for c in result.claims):
        return near_miss("施行日期、有效期或废止事项", result.claims)
    if "废止" in text and not any("废止" in c.quote for c in result.claims):  # 施行 is not 废止
        return near_miss("废止了哪些文件", result.claims)
    which = WHICH_ORG_RE.search(text)
    if which and which.group(2) not in quoted:  # asks for a named company the evidence never names
        return near_miss(f"具体是哪家{which.group(2)}", result.claims)
    return result
