"""The streaming chat boundary, the document scope of the views, and upload file names (unit)."""
from __future__ import annotations

import pytest

from core.errors import IndexBusyError
from core.facts import RoleFact, SubjectFact, TargetFact
from core.records import Answer, Citation, Clause
from core.settings import Settings
from prompts.llm import UNAVAILABLE_NOTICE
from ui import chat, upload, views

pytestmark = pytest.mark.unit

CITE = Citation("文件", "三（五）", "省给予不低于1000万元的创业资金支持；", doc_id="d1")
BASE = Answer("据三（五）：省给予不低于1000万元的创业资金支持；", (CITE,), route="extractive")
FINAL = Answer("根据文件规定，省给予不低于1000万元的创业资金支持【三（五）】。", (CITE,), route="llm")


class _Assistant:
    settings = Settings()


@pytest.fixture
def scripted_stream(monkeypatch):
    """Replace assistant.llm.stream_answer with a list of items (an Exception item is raised)."""
    import assistant.llm as llm

    calls = []

    def use(items):
        def fake(assistant, question, history=None, *, doc_ids=None):
            calls.append((question, history, doc_ids))
            for item in items:
                if isinstance(item, Exception):
                    raise item
                yield item
        monkeypatch.setattr(llm, "stream_answer", fake)
        return calls
    return use


# ---------------------------------------------------------------- respond_stream

def test_stream_yields_cards_turn_then_deltas_then_final(scripted_stream):
    calls = scripted_stream([BASE, "根据文件规定，", "省给予不低于1000万元的创业资金支持【三（五）】。", FINAL])
    items = list(chat.respond_stream(_Assistant(), "问题", [], ["d1"]))
    assert isinstance(items[0], chat.Turn) and items[0].citations == (CITE,) and items[0].route == "extractive"
    assert items[1:3] == ["根据文件规定，", "省给予不低于1000万元的创业资金支持【三（五）】。"]
    assert chat.final_turn(items).route == "llm" and chat.final_turn(items).content == FINAL.text
    assert calls == [("问题", [], ["d1"])]


def test_stream_with_fallback_ends_with_offline_text_and_notice(scripted_stream):
    fallback = Answer(BASE.text, BASE.citations, route="extractive", notice=UNAVAILABLE_NOTICE)
    scripted_stream([BASE, fallback])
    final = chat.final_turn(chat.respond_stream(_Assistant(), "问题", []))
    assert final.content == BASE.text and final.notice == UNAVAILABLE_NOTICE and final.kind == "answer"


def test_stream_failure_before_the_offline_answer_is_a_chinese_error(scripted_stream, caplog):
    scripted_stream([IndexBusyError("locked")])
    items = list(chat.respond_stream(_Assistant(), "问题", []))
    assert len(items) == 1 and items[0].kind == "error" and items[0].content == IndexBusyError.message_zh
    scripted_stream([RuntimeError("secret internals")])
    with caplog.at_level("ERROR", logger="policyqa.app"):
        items = list(chat.respond_stream(_Assistant(), "问题", []))
    assert items[0].kind == "error" and items[0].content == chat.INTERNAL_ERROR and "secret" not in items[0].content


def test_stream_failure_after_the_offline_answer_keeps_it_with_a_notice(scripted_stream):
    scripted_stream([BASE, "根据文件规定，", RuntimeError("boom")])
    items = list(chat.respond_stream(_Assistant(), "问题", []))
    final = chat.final_turn(items)
    assert final.content == BASE.text and final.notice == UNAVAILABLE_NOTICE and final.citations == (CITE,)
    assert final.turn_id != items[0].turn_id


def test_stream_refuses_over_long_questions_before_asking(scripted_stream):
    calls = scripted_stream([BASE])
    items = list(chat.respond_stream(_Assistant(), "长" * 501, []))
    assert len(items) == 1 and items[0].kind == "too_long" and calls == []


def test_respond_passes_the_scope():
    class Fake:
        settings = Settings()

        def answer(self, question, history=None, *, doc_ids=None):
            self.doc_ids = doc_ids
            return BASE

    fake = Fake()
    chat.respond(fake, "问题", [], ["d2"])
    assert fake.doc_ids == ["d2"]
    chat.respond(fake, "问题", [])
    assert fake.doc_ids is None


# ---------------------------------------------------------------- document scope of the views

class _Doc:
    def __init__(self, title):
        self.title = title


class _Index:
    def __init__(self):
        self.documents = {"d1": _Doc("甲文件"), "d2": _Doc("乙文件")}
        self.clauses = [Clause("一", "d1", "一、", "总则", "甲", None, 1, 0),
                        Clause("第一条", "d2", "第一条", "", "乙", None, 1, 0)]
        self.facts = [RoleFact(fact_id="r1", doc_id="d1", unit="省科技厅", written="省科技厅", role="牵头",
                               subject_clause="一", clause_id="一", subject="甲", quote="牵头单位：省科技厅", position=0),
                      RoleFact(fact_id="r2", doc_id="d2", unit="省财政厅", written="省财政厅", role="责任",
                               subject_clause="第一条", clause_id="第一条", subject="乙", quote="（责任单位：省财政厅）",
                               position=1)]

    def document_title(self, doc_id):
        doc = self.documents.get(doc_id)
        return doc.title if doc else ""

    def clause(self, doc_id, clause_id):
        return next((c for c in self.clauses if (c.doc_id, c.clause_id) == (doc_id, clause_id)), None)


def test_scope_options_and_labels():
    index = _Index()
    assert views.scope_options(index) == ["", "d1", "d2"]
    assert [views.scope_label(index, d) for d in views.scope_options(index)] == [views.ALL_DOCS, "《甲文件》", "《乙文件》"]


def test_scoped_index_keeps_only_the_chosen_documents():
    index = _Index()
    assert views.scoped(index, None) is index and views.scoped(index, []) is index
    one = views.scoped(index, ["d2"])
    assert list(one.documents) == ["d2"] and [c.doc_id for c in one.clauses] == ["d2"]
    assert views.units(one) == ["省财政厅"]
    assert [(r["条目"], r["条款"]) for r in views.responsibility_matrix(one)] == [("乙", "第一条")]
    assert "文件" not in views.responsibility_matrix(one)[0]  # one document: no 文件 column
    assert "文件" in views.responsibility_matrix(index)[0]
    assert one.document_title("d1") == "甲文件" and one.clause("d1", "一") is not None  # lookups still global


# ---------------------------------------------------------------- upload names

@pytest.mark.parametrize("name, expected", [
    ("政策.docx", "政策.docx"),
    ("C:\\Users\\me\\文件.pdf", "文件.pdf"),
    ("../../etc/passwd.txt", "passwd.txt"),
    (".hidden.txt", "hidden.txt"),
    ("README.md", "上传-README.md"),
    ("readme.txt", "上传-readme.txt"),
    ("政策.meta.json", "政策-meta.json"),
    ("a:b*c?.txt", "a_b_c_.txt"),
    ("", "上传文件"),
    (".txt", "txt"),
])
def test_safe_name(name, expected):
    assert upload.safe_name(name) == expected


def test_safe_name_is_something_the_ingest_reads():
    for name in ("README.md", ".x.txt", "a.meta.json", "x" * 500 + ".txt"):
        safe = upload.safe_name(name)
        assert len(safe) <= 120 and not safe.startswith(".")
        assert safe.lower() not in ("readme.md", "readme.txt") and not safe.endswith(".meta.json")


def test_outcome_ok_and_dict():
    assert upload.UploadOutcome().ok
    failed = upload.UploadOutcome(message="另一个入库任务正在运行，请稍后再试。")
    assert not failed.ok and failed.as_dict()["message"]


def test_targets_list_an_overview_sentence_once():
    """A summary sentence split per cluster is not listed again undivided; an overview target
    no summary covers (an article-style 第二条) is kept, as an overall goal."""
    index = _Index()
    quote = "到2020年，甲集群超过500亿元。"
    target = {"doc_id": "d1", "clause_id": "一", "quote": quote, "qualifier": "超过", "value": "500", "year": "2020"}
    index.facts = [
        SubjectFact(fact_id="s1", doc_id="d1", clause_id="一", quote="发展目标。", name="发展目标", category="goal"),
        TargetFact(fact_id="t1", **target, subject="发展目标", subject_clause="一", metric="甲集群", unit="亿元",
                   overview=True),
        TargetFact(fact_id="t2", **target, subject="甲集群", subject_clause="一", metric="产业规模", unit="亿元",
                   summary=True),
        SubjectFact(fact_id="s2", doc_id="d2", clause_id="第一条", quote="总则。", name="总则", category="goal"),
        TargetFact(fact_id="t3", **{**target, "doc_id": "d2", "clause_id": "第一条", "quote": "到2025年，产业规模超过100亿元。",
                                    "value": "100"}, subject="总则", subject_clause="第一条", metric="产业规模",
                   unit="亿元", overview=True),
    ]
    rows = views.targets_rows(index)
    label = views.subject_label(index)  # "条目": neither title is about clusters
    assert label == "条目"
    assert [(r[label], r["目标"], r["出处"]) for r in rows] == [("甲集群", "超过500亿元", "总体目标"),
                                                               ("总则", "超过100亿元", "总体目标")]
