"""answer(question, history) -> Answer: the one function the app, the CLI and eval call."""
from __future__ import annotations

import json
import re
import threading
from functools import lru_cache
from pathlib import Path

from core.records import Answer, Citation
from core.settings import Settings, get_settings
from assistant import compound, fact_answers
from assistant.extractive import extractive_answer
from assistant.followup import looks_like_followup, previous_user_questions
from assistant.intent import META_RE, Intent, detect
from assistant.knowledge import KnowledgeBase
from assistant.normalize import normalize_question
from prompts.templates import (EMPTY_QUESTION, NOT_IN_DOCUMENT, REFUSAL, REFUSAL_INJECTION, REFUSAL_OFF_TOPIC,
                               TOO_LONG)

_REGIONS = Path(__file__).resolve().parent.parent / "core" / "data" / "regions.json"
_AMOUNT_Q_RE = re.compile(r"多少钱|多少万|多少资金|金额|多少元|给多少|奖励多少|补贴多少|资助多少|标准是|额度|多少补贴|多少奖励|"
                          r"多少资助|拿到多少|拿多少|能拿|补多少")
# What asks for a procedure: "能申请吗" asks whether one qualifies, "怎么申请" asks how.
_PROCEDURE_RE = re.compile(r"怎么申|如何申|去哪|哪里申|在哪申|找谁申|申请流程|申报流程|申请时间|申报时间|申请程序|申报程序|"
                           r"受理|材料|流程|手续|截止|期限|电话|地址|网址|邮箱|窗口|办理|怎么报|如何报|需要提交|联系人")
_WHICH_ORG_RE = re.compile(r"(哪家|哪一家|哪个|什么)[\u4e00-\u9fff]{0,8}?(公司|银行|机构|事务所|医院|高校)")
_AMOUNT_RE = re.compile(r"(不低于|最高|给予|资助|奖励|补贴)[^。；]*\d+(?:\.\d+)?\s*(万元|亿元|元)|\d+(?:\.\d+)?\s*(万元|亿元|元)[^。；]*(资助|奖励|补贴|支持)")


@lru_cache(maxsize=1)
def _regions() -> list[str]:
    return json.loads(_REGIONS.read_text(encoding="utf-8"))["regions"]


class Assistant:
    """Holds the opened index and knowledge base for one corpus; thread-safe to share."""

    def __init__(self, settings: Settings | None = None, corpus_dir: Path | None = None, *, index=None,
                 embedder=None, progress=None):
        self.settings = settings or get_settings()
        self.corpus_dir = corpus_dir
        self._index = index
        self._embedder = embedder
        self._progress = progress
        self._kb: KnowledgeBase | None = None
        self._lock = threading.Lock()

    @property
    def index(self):
        if self._index is None:
            with self._lock:
                if self._index is None:
                    from assistant.index_factory import open_or_build

                    self._index = open_or_build(self.settings, self.corpus_dir, embedder=self._embedder,
                                                progress=self._progress)
        return self._index

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = KnowledgeBase(self.index.facts, self.index.clauses)
        return self._kb

    def in_corpus(self, text: str) -> bool:
        """Whether a string occurs anywhere in the documents (memoised: the corpus can be large)."""
        cache = self.__dict__.setdefault("_in_corpus", {})
        if text not in cache:
            cache[text] = text in self.corpus_text()
        return cache[text]

    def _in_documents(self, text: str, doc_ids) -> bool:
        """Whether the selected documents (all, when none is selected) say this."""
        if not doc_ids:
            return self.in_corpus(text)
        docs = self.index.documents
        return any(text in docs[d].text for d in doc_ids if d in docs)

    def corpus_text(self) -> str:
        if not hasattr(self, "_corpus_text"):
            self._corpus_text = "\n".join(d.text for d in self.index.documents.values())
        return self._corpus_text

    def answer(self, question: str, history: list[dict] | None = None, *, doc_ids: list[str] | None = None) -> Answer:
        limit = self.settings.answer.max_question_chars
        if not isinstance(question, str) or not question.strip():
            return Answer(EMPTY_QUESTION, refused=True, route="refusal")
        if len(question) > limit:
            return Answer(TOO_LONG.render(length=len(question), limit=limit), refused=True, route="refusal")
        q = normalize_question(question)
        if not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", q):
            return Answer(EMPTY_QUESTION, refused=True, route="refusal")
        named = not doc_ids
        doc_ids = doc_ids or self._documents_named(q)
        parts = compound.split_questions(q)
        if len(parts) == 1:
            result = self._answer_one(q, history, doc_ids, named)
        else:  # each part in turn, the earlier parts as history
            answers, turns = [], list(history or [])
            for part in parts:
                answers.append(self._answer_one(part, turns, doc_ids or self._documents_named(part), named))
                turns += [{"role": "user", "content": part}, {"role": "assistant", "content": answers[-1].text}]
            result = compound.merge(parts, answers)
        if self.settings.llm.enabled and not result.refused:  # optional LLM layer, verified (assistant/llm.py)
            from assistant import llm

            result = llm.rewrite(question, result, llm.gather_evidence(self.index, result), self.settings)
        return result

    def _answer_one(self, q: str, history: list[dict] | None, doc_ids: list[str] | None,
                    named: bool = False) -> Answer:
        kb = self.kb
        subjects, units = kb.link(q)
        intent = self._detect(q, subjects, units)
        retrieval_q = focus = self._without_title(q, doc_ids) if named and doc_ids else q
        if not subjects and not units and _ROLE_Q_RE.search(q) and looks_like_followup(q) and not any(
                any(kb.link(prev)) for prev in previous_user_questions(history)):  # else the usual follow-up
            cited = self._last_cited_clause(history, doc_ids)  # "这一条是哪些部门负责的？"
            if cited:
                answer = fact_answers.clause_roles_answer(self.index, *cited, intent)
                if answer is not None:
                    return answer
        prevs = previous_user_questions(history)
        if prevs and intent.kind not in ("injection", "chitchat") and (
                (not subjects and not units) or intent.kind == "general") and looks_like_followup(q):
            for prev in prevs:
                ps, pu = kb.link(prev)
                if not subjects and not units and (ps or pu):
                    subjects, units = ps, pu
                prev_intent = self._detect(prev, subjects or ps, units or pu)
                intent = self._detect(q, subjects, units)
                own_content = [t for t in self.residual_terms(q, subjects, units) if t not in ("那", "呢", "它", "其", "还有")]
                if intent.kind == "general" and not own_content:
                    merged = self._detect(prev + " " + q, subjects, units)
                    if merged.kind != "general" or prev_intent.kind != "general":
                        intent = merged if merged.kind != "general" else prev_intent
                        intent.years = intent.years or detect(q, has_subject=True, has_unit=False).years
                retrieval_q = q + " " + prev
                if subjects or units or intent.kind != "general":
                    break
        return self._route(q, retrieval_q, focus, subjects, units, intent, doc_ids)

    def _documents_named(self, q: str) -> list[str] | None:
        """A question that names one document (by 文号 or distinctive title words) is answered from it alone."""
        memo = self.__dict__.setdefault("_named_memo", {})
        if q not in memo:
            if len(memo) > 256:
                memo.clear()
            memo[q] = self._find_named_document(q)
        return memo[q]

    def _find_named_document(self, q: str) -> list[str] | None:
        table = self._title_table()
        if table is None:
            return None
        numbers, words = table
        for number, doc_id in numbers.items():
            if number in q:
                return [doc_id]
        scores: dict[str, int] = {}
        for term, doc_ids in words.items():  # distinct title words: grows with the vocabulary, not the corpus
            if term in q:
                weight = len(term) * (2 if len(doc_ids) == 1 else 1)  # a word only one title has names it
                for doc_id in doc_ids:
                    scores[doc_id] = scores.get(doc_id, 0) + weight
        ranked = sorted(((score, doc_id) for doc_id, score in scores.items()), reverse=True) + [(0, ""), (0, "")]
        if ranked[0][0] >= 4 and ranked[0][0] > ranked[1][0]:
            return [ranked[0][1]]
        return None

    def _last_cited_clause(self, history, doc_ids) -> tuple[str, str] | None:
        """The clause the previous answer cited first, found by its ID in that answer's text."""
        last = next((t.get("content") for t in reversed(history or []) if isinstance(t, dict)
                     and t.get("role") == "assistant" and isinstance(t.get("content"), str)), "")
        if not last:
            return None
        if not doc_ids:
            for prev in previous_user_questions(history):
                doc_ids = self._documents_named(prev)
                if doc_ids:
                    break
        docs = list(doc_ids) if doc_ids else list(self.index.documents)
        best = None  # (position, -length, doc order, doc_id, clause_id)
        for order, doc_id in enumerate(docs):
            for clause in self.index.clauses_of(doc_id):
                at = last.find(clause.clause_id)
                if at >= 0 and clause.clause_id not in ("序言", "落款"):
                    key = (at, -len(clause.clause_id), order, doc_id, clause.clause_id)
                    best = min(best, key) if best else key
        return (best[3], best[4]) if best else None

    def _without_title(self, q: str, doc_ids) -> str:
        """A question that names its document by title words ("青澜低空办法里…"): those words chose the
        document; as search words they would only find the preamble that repeats the title."""
        table = self._title_table()
        if table is None:
            return q
        wanted = set(doc_ids)
        stripped = q
        for term in sorted((t for t, ds in table[1].items() if wanted & set(ds)), key=len, reverse=True):
            stripped = stripped.replace(term, " ")
        return stripped if re.search(r"[\u4e00-\u9fff]{2}", stripped) else q

    def _title_table(self):
        """文号 -> document, and distinctive title word -> documents; built once per index."""
        if "_titles" not in self.__dict__:
            docs = list(self.index.documents.values())
            table = None
            if len(docs) >= 2:
                generic = {"关于", "印发", "通知", "人民政府", "人民", "民政", "办公", "办公厅", "政府", "省", "实施", "意见", "若干", "措施", "发展",
                           "加快", "推进", "促进", "的"}
                numbers = {d.doc_number: d.doc_id for d in docs if d.doc_number}
                words: dict[str, list[str]] = {}
                for d in docs:
                    for t in _with_place_stems(self._doc_title_terms(d)):
                        if len(t) >= 2 and t not in generic:
                            words.setdefault(t, []).append(d.doc_id)
                table = (numbers, words)
            self._titles = table
        return self._titles

    def residual_terms(self, q: str, subjects, units) -> list[str]:
        """Content words beyond the linked entities and generic list/cluster words."""
        from core.tokenizer import search_terms
        from ingest.units import alias_table

        q = META_RE.sub(" ", q)
        generic = set(alias_table()["generic_words"]) | set(alias_table()["colloquial_words"]) | self._title_terms()
        surfaces = "".join(s for e in list(subjects) + list(units) for s in e.surface)
        return [t for t in search_terms(q) if t not in generic and t not in surfaces and not re.fullmatch(r"[\d.]+", t)
                and not re.search(r"目标|超过|达到|亿|牵头|配合|责任|单位|部门|制造|服务|规模|以上|突破|不低于", t)
                and not META_RE.search(t) and t not in ("哪天", "哪年", "一年", "年", "谁", "发", "给", "开始", "什么时候")]

    def _doc_title_terms(self, doc) -> set[str]:
        cache = self.__dict__.setdefault("_doc_terms", {})
        if doc.doc_id not in cache:
            from core.tokenizer import search_terms

            cache[doc.doc_id] = set(search_terms(doc.title))
        return cache[doc.doc_id]

    def _title_terms(self) -> set[str]:
        """Words of document titles: naming a document is not asking about something else."""
        if not hasattr(self, "_title_term_set"):
            from core.tokenizer import search_terms

            self._title_term_set = _with_place_stems(
                {t for d in self.index.documents.values() for t in self._doc_title_terms(d)})
        return self._title_term_set

    def outline_clause(self, q: str):
        """The clause a question names by ID (第二章) or by its heading (保障措施), if any."""
        if "_headings" not in self.__dict__:
            by_id, by_start = {}, {}
            for c in self.index.clauses:
                by_id.setdefault(c.clause_id, c)
                if c.title and len(c.title) >= 4 and "·" not in c.clause_id:
                    by_start.setdefault(c.title[:2], []).append(c)
            self._headings = (by_id, by_start)
        by_id, by_start = self._headings
        named = re.findall(r"第[一二三四五六七八九十百]+[章条]", q)
        if named and named[0] in by_id:
            return by_id[named[0]]
        best = None
        for i in range(len(q) - 1):
            for c in by_start.get(q[i:i + 2], ()):
                if q.startswith(c.title, i) and (best is None or len(c.title) > len(best.title)):
                    best = c
        return best

    def _detect(self, q, subjects, units) -> Intent:
        """Intent words must not come from inside an entity's name (强化财政金融支持 is not a 支持 question)."""
        stripped = q
        named = self._documents_named(q) or []
        for doc_id in named:  # "…若干措施的文号" is not a question about 措施
            title = self.index.documents[doc_id].title
            for size in range(len(title), 3, -1):
                spans = {title[i:i + size] for i in range(len(title) - size + 1)}
                hit = next((span for span in spans if span in stripped), None)
                if hit:
                    stripped = stripped.replace(hit, "＿")
                    break
        for e in list(subjects) + list(units):
            for surface in e.surface:
                if len(surface) >= 4:
                    stripped = stripped.replace(surface, "＿")
        return detect(stripped, has_subject=bool(subjects), has_unit=bool(units),
                      residual=bool(self.residual_terms(q, subjects, units)),
                      outline_title=self.outline_clause(q) is not None)

    def _uncovered(self, q: str, doc_ids=None) -> str:
        from ingest.units import alias_table

        for word in alias_table()["uncovered_attributes"]:
            if word in q and not self._in_documents(word, doc_ids):
                return word
        return ""

    def _unknown_trade(self, q: str, doc_ids=None) -> str:
        """'比特币挖矿企业能享受什么优惠？': the trade the question is about occurs nowhere in the documents.

        The words right before 企业/产业/行业/公司/项目 name it; ownership and size words
        (民营、中小 …) qualify a firm rather than name a trade, and are not checked."""
        from core.tokenizer import STOPWORDS, cut
        from ingest.units import alias_table

        table = alias_table()
        skip = set(table["generic_words"]) | set(table["colloquial_words"]) | _FIRM_QUALIFIERS | STOPWORDS
        words = cut(q)
        for i, word in enumerate(words):
            head = next((h for h in _TRADE_HEADS if word.endswith(h)), "")
            if not head:
                continue
            named = [word[: -len(head)]] if len(word) > len(head) else []
            before = words[max(0, i - 4):i]
            if not named and before and before[-1] == "的" and len(before) >= 2 and before[-2] not in skip:
                before = before[:-1]  # 做跨境电商直播的企业: the trade is what they 做
            for prev in ([] if named else reversed(before[-3:])):
                if prev in skip or _QUANTIFIER.fullmatch(prev) or not re.fullmatch(r"[\u4e00-\u9fff]+", prev):
                    break  # 新兴产业, 一家企业, 做光伏的企业: the run of words before the head ends here
                named.insert(0, prev)
            content = [w for w in named if len(w) >= 2]  # 大企业: a lone character names no trade
            if content and not any(w in skip or self._in_documents(w, doc_ids) for w in content):
                return "".join(named)
        return ""

    def _subjects_by_retrieval(self, q: str, doc_ids):
        """'做石墨烯的企业找哪个部门': find the clause, then the subject it belongs to."""
        from assistant.knowledge import Entity

        by_doc = self.index.facts_by("subject", "doc_id")
        query = " ".join(self.residual_terms(q, [], [])) or q
        for hit in self.index.search(query, doc_ids=doc_ids)[:3]:
            cid = hit.chunk.clause_id
            for f in by_doc.get(hit.chunk.doc_id, []):
                if cid == f["clause_id"] or cid.startswith(f["clause_id"] + "·"):
                    return [Entity("subject", f["name"], f["doc_id"], f["clause_id"])]
        return []

    def _route(self, q, retrieval_q, focus, subjects, units, intent: Intent, doc_ids) -> Answer:
        index = self.index
        if intent.kind == "injection":
            return Answer(REFUSAL_INJECTION, refused=True, route="refusal")
        if intent.kind == "chitchat":
            return Answer(REFUSAL_OFF_TOPIC, refused=True, route="refusal")
        other = self._other_region(q)
        if other:
            return Answer(REFUSAL + NOT_IN_DOCUMENT.render(what=f"{other}的相关内容（已收录文件为："
                                                          f"{'、'.join(d.title for d in index.documents.values())}）"),
                          refused=True, route="refusal")
        missing = self._uncovered(q, doc_ids) or self._unknown_trade(q, doc_ids)
        if missing:
            hits = index.search(q, doc_ids=doc_ids)
            near = extractive_answer(index, q, hits, threshold=0.0)
            if near and near.citations:
                return _near_miss(f"“{missing}”相关内容", near.citations)
            return Answer(REFUSAL + NOT_IN_DOCUMENT.render(what=f"“{missing}”相关内容"), refused=True, route="refusal")
        result = None
        if intent.kind == "roles" and not subjects:
            subjects = self._subjects_by_retrieval(retrieval_q, doc_ids)
        if intent.kind == "unit_duties":
            result = fact_answers.unit_duties_answer(index, units, intent, doc_ids)
        elif intent.kind == "roles":
            result = fact_answers.roles_answer(index, subjects, intent, doc_ids)
        elif intent.kind == "target":
            result = fact_answers.target_answer(index, subjects, intent, doc_ids)
        elif intent.kind in ("list", "count"):
            result = fact_answers.list_answer(index, intent, doc_ids, q)
        elif intent.kind == "meta":
            result = fact_answers.meta_answer(index, doc_ids, q)
        elif intent.kind == "outline":
            result = fact_answers.outline_answer(index, self.outline_clause(q), doc_ids)
        if result is None and intent.kind in ("target", "general", "measure") and re.search(r"目标|多少|多大|达到", q):
            result = fact_answers.metric_target_answer(index, q, intent, doc_ids)
        if result is not None:
            if len(intent.years) > 1 and not result.refused and result.citations:
                result = _with_each_year(index, result, intent.years)
            return result
        prefer = [e.clause_id for e in subjects]
        return self._extractive(q, retrieval_q, focus, intent, doc_ids, prefer)

    def _other_region(self, q: str) -> str:
        for region in _regions():
            if region not in q:
                continue
            if not self.in_corpus(region):
                return region
            for suffix in ("省", "市"):
                if region + suffix in q and not self.in_corpus(region + suffix):
                    return region + suffix
        return ""

    def _extractive(self, q, retrieval_q, focus, intent: Intent, doc_ids, prefer=()) -> Answer:
        index = self.index
        s = self.settings
        years_missing = [y for y in intent.years if not self._in_documents(f"{y}年", doc_ids)]
        hits = index.search(retrieval_q, doc_ids=doc_ids)
        many = intent.asks_list or bool(re.search(r"哪些|哪几|分别", q))
        asks_items = bool(re.search(r"哪些|哪几|分别|几类|几种|几个条件|各补|各奖|各给", q))
        if many:
            hits = hits + self._scan(self.residual_terms(q, [], []), doc_ids, hits)
        result = extractive_answer(index, retrieval_q, hits, focus=focus,
                                   max_sentences=s.answer.max_sentences * (2 if many else 1),
                                   threshold=s.answer.refusal_threshold, prefer=prefer,
                                   key_terms=self.residual_terms(q, [], []) if many else ())
        if asks_items and result is not None and result.citations:
            listed = fact_answers.items_answer(index, result.citations[0].doc_id, result.citations[0].clause)
            result = listed or result
        if len(intent.years) > 1 and result is not None and result.citations:
            result = _with_each_year(index, result, intent.years)
        if years_missing:
            near = f"文件规定的是：{result.citations[0].quote}" if result and result.citations else ""
            return Answer(REFUSAL + NOT_IN_DOCUMENT.render(what=f"{'、'.join(years_missing)}年的相关内容") + near,
                          result.citations[:1] if result else (), refused=True, route="refusal")
        if result is None:
            return Answer(REFUSAL, refused=True, route="refusal")
        quoted = " ".join(c.quote for c in result.citations)
        top_quote = result.citations[0].quote
        if re.search(r"具体内容|具体包括|具体规定|详细内容|具体有哪些内容|具体是什么|全文", q) and \
                re.search(r"(抓紧|另行|研究|尽快)?(制定|编制|出台|建立)", top_quote):
            return _near_miss("其具体内容（文件只要求另行制定）", result.citations)
        if re.search(r"多少|多大|多高|多长", q) and not re.search(r"\d|[一二两三四五六七八九十百千万亿]+(个|家|项|条|吨|级|元|辆|部|台)", top_quote):
            return _near_miss("具体数额", result.citations)
        if re.search(r"哪一年|哪年|什么时候|何时|哪天|截至何时", q) and not re.search(r"\d{4}年|年底|年内|月|日", top_quote):
            return _near_miss("具体时间", result.citations)
        if _AMOUNT_Q_RE.search(q) and not _AMOUNT_RE.search(quoted):
            return _near_miss("具体金额或标准", result.citations)
        if _PROCEDURE_RE.search(q) and not _PROCEDURE_RE.search(quoted):
            return _near_miss("具体的申报程序、材料或联系方式", result.citations)
        which = _WHICH_ORG_RE.search(q)
        if which and which.group(2) not in quoted:  # asks for a named company the evidence never names
            return _near_miss(f"具体是哪家{which.group(2)}", result.citations)
        return result


    def _scan(self, terms: list[str], doc_ids, hits) -> list:
        """Whole-document scan for a list question's key term (a city, a product): every clause that has it."""
        from core.records import Hit

        terms = [t for t in terms if len(t) >= 2]
        if not terms:
            return []
        term = max(terms, key=len)
        seen = {h.chunk.chunk_id for h in hits}
        low = min((h.score for h in hits), default=0.0)
        return [Hit(c, low, "bm25", 0) for c in self.index.chunks
                if term in c.text and c.chunk_id not in seen and (not doc_ids or c.doc_id in doc_ids)]


def _with_place_stems(terms: set[str]) -> set[str]:
    """Title words plus the bare names of places in them: 青澜市 -> 青澜, 云岭省 -> 云岭."""
    return set(terms) | {t[:-1] for t in terms if len(t) >= 3 and t[-1] in "省市县区"}


def _with_each_year(index, result: Answer, years: list[str]) -> Answer:
    """"到2025年…？到2027年呢？": a year the answer left out, stated in a clause it cites, is added."""
    from assistant.evidence import CitationBuilder
    from ingest.chunking import split_sentences

    missing = [y for y in years if f"{y}年" not in result.text]
    if not missing:
        return result
    cite = CitationBuilder(index)
    for c in result.citations:
        cite.add(c.doc_id, c.clause, c.quote)
    lines = [result.text]
    for year in missing:
        for c in dict.fromkeys((c.doc_id, c.clause) for c in result.citations):
            clause = index.clause(*c)
            sentence = next((x for x in split_sentences(clause.text) if f"{year}年" in x), "") if clause else ""
            if sentence and cite.add(c[0], c[1], sentence):
                lines.append(f"据{c[1]}：{sentence}")
                break
    return Answer("\n".join(lines), cite.citations, route=result.route, conflicts=result.conflicts)


_ROLE_Q_RE = re.compile(r"部门|单位|负责|牵头|配合|谁管|找谁")
_TRADE_HEADS = ("企业", "产业", "行业", "公司", "项目")
_QUANTIFIER = re.compile(r"[一二两三几每某各这那此该本个][个家类种所些位批]?")
_FIRM_QUALIFIERS = frozenset("做 搞 从事 经营 干 开 民营 外资 国有 中小 小微 大型 中型 小型 龙头 骨干 新办 新设 初创 本地 省内 省外 外地 这类 那类 这些 "
                             "那些 相关 一般 普通 所有 全部 其他 各类".split())


def _near_miss(what: str, citations: tuple[Citation, ...]) -> Answer:
    near = citations[0]
    text = REFUSAL + NOT_IN_DOCUMENT.render(what=what) + f"与此相关，{near.clause}规定：{near.quote}"
    return Answer(text, (near,), refused=True, route="refusal")


_assistants: dict[tuple, Assistant] = {}
_assistants_lock = threading.Lock()


def get_assistant(settings: Settings | None = None, corpus_dir: Path | None = None) -> Assistant:
    settings = settings or get_settings()
    key = (settings.model_dump_json(), str(Path(corpus_dir).resolve()) if corpus_dir else "")
    with _assistants_lock:
        if key not in _assistants:
            _assistants[key] = Assistant(settings, corpus_dir)
        return _assistants[key]


def answer(question: str, history: list[dict] | None = None, *, settings: Settings | None = None,
           corpus_dir: Path | None = None, doc_ids: list[str] | None = None) -> Answer:
    return get_assistant(settings, corpus_dir).answer(question, history, doc_ids=doc_ids)
