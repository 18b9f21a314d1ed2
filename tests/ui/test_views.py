"""View models: escaping, citation cards, the responsibility matrix, targets, exports, the chat boundary."""
from __future__ import annotations

import csv
import io

import pytest

from core.errors import IndexBusyError
from core.records import Answer, Citation, Clause
from core.settings import Settings
from ui import chat, views
from ui.citations import citation_cards, find_span, missing_quotes, split_quotes
from ui.text import md_escape, md_highlight, md_paragraphs

TALENT_QUOTE = "对引进落户的两院院士、“千人计划”专家等高层次人才及其团队，省给予不低于1000万元的创业资金支持；"


# ---------------------------------------------------------------- markdown safety (unit)

@pytest.mark.unit
@pytest.mark.parametrize("raw", [
    ":red[注入]", "**粗体**", "[链接](http://example.com)", "<script>alert(1)</script>", "$x^2$",
    ":material/home: 图标", "# 标题", "1. 列表", "`代码`", "a_b_c", "> 引用",
])
def test_md_escape_leaves_no_markdown_syntax(raw):
    escaped = md_escape(raw)
    import re

    assert re.sub(r"\\(.)", r"\1", escaped) == raw  # nothing lost
    assert not re.search(r"(?<!\\)[\[\]*:<>`$#_]", escaped)  # every special character escaped


@pytest.mark.unit
def test_md_escape_keeps_chinese_as_is():
    assert md_escape("省给予不低于1000万元的创业资金支持；") == "省给予不低于1000万元的创业资金支持；"
    assert md_escape("6.生物医药") == "6\\.生物医药"


@pytest.mark.unit
def test_md_highlight_marks_only_the_quote_and_escapes_it():
    out = md_highlight((("前文：", False), ("引用*句]", True), ("后文", False)))
    assert out == "前文\\：:orange-background[**引用\\*句\\]**]后文".replace("\\：", "：")


@pytest.mark.unit
def test_md_highlight_keeps_paragraphs_and_never_spans_them():
    out = md_highlight((("第一段\n第二段", False), ("引用甲\n引用乙", True), ("尾", False)))
    assert out.split("\n\n") == ["第一段", "第二段:orange-background[**引用甲**]", ":orange-background[**引用乙**]尾"]


@pytest.mark.unit
def test_md_paragraphs():
    assert md_paragraphs("甲\n\n乙*\n") == "甲\n\n乙\\*"
    assert md_paragraphs("    缩进") == "缩进"  # four spaces would make a code block


# ---------------------------------------------------------------- citation cards (unit)

@pytest.mark.unit
def test_split_quotes_before_quote_after():
    segments, found = split_quotes("甲乙丙丁戊", ["丙丁"])
    assert found and segments == (("甲乙", False), ("丙丁", True), ("戊", False))


@pytest.mark.unit
def test_split_quotes_merges_overlaps_and_reports_missing():
    segments, found = split_quotes("一二三四五六", ["二三", "三四", "不存在"])
    assert not found
    assert segments == (("一", False), ("二三四", True), ("五六", False))


@pytest.mark.unit
def test_find_span_ignores_whitespace_differences():
    assert find_span("牵头单位：省发展改革委；\n配合单位：省科技厅", "省发展改革委；配合单位") == (5, 17)
    assert find_span("abc", "") is None


class _TinyIndex:
    def __init__(self, clauses, title="测试文件"):
        self.documents = {"d1": type("Doc", (), {"title": title})()}
        self.clauses = clauses
        self._by_key = {(c.doc_id, c.clause_id): c for c in clauses}

    def clause(self, doc_id, clause_id):
        return self._by_key.get((doc_id, clause_id))

    def document_title(self, doc_id):
        return self.documents[doc_id].title if doc_id in self.documents else ""


@pytest.mark.unit
def test_citation_cards_group_quotes_of_one_clause_and_resolve_titles():
    clause = Clause("三（五）", "d1", "（五）", "开放合作", "开放合作。甲句。乙句。丙句。", "三", 2, 5,
                    ("三、保障措施", "（五）开放合作"))
    index = _TinyIndex([clause])
    cards = citation_cards(index, [Citation("测试文件", "三（五）", "甲句。"), Citation("测试文件", "三（五）", "丙句。"),
                                   Citation("测试文件", "九", "不在索引里")])
    assert len(cards) == 2
    card = cards[0]
    assert (card.doc_id, card.clause_id, card.title) == ("d1", "三（五）", "开放合作")
    assert card.heading_path == "三、保障措施 > （五）开放合作"
    assert card.before == "开放合作。" and card.quote == "甲句。" and card.after == ""
    assert [t for t, quoted in card.segments if quoted] == ["甲句。", "丙句。"]
    assert card.key == "d1|三（五）" and card.label == "三（五）　开放合作"
    assert not missing_quotes(card)
    assert not cards[1].found and cards[1].segments == (("不在索引里", True),)


# ---------------------------------------------------------------- on the real index (integration)

@pytest.fixture(scope="module")
def index(built_index):
    return built_index[1]


@pytest.mark.integration
def test_talent_citation_card_highlights_the_quote(index):
    cards = citation_cards(index, [Citation("", "三（五）", TALENT_QUOTE)])
    (card,) = cards
    assert card.found and card.quote == TALENT_QUOTE
    assert card.before.startswith("着力扩大开放合作")
    assert card.after.startswith("对引进世界一流水平")
    assert card.doc_title.startswith("河南省人民政府办公厅")
    assert "三、保障措施" in card.heading_path
    assert card.before + card.quote + card.after == index.clause(card.doc_id, "三（五）").text


@pytest.mark.integration
def test_matrix_has_every_subject_with_roles(index):
    rows = views.responsibility_matrix(index)
    assert len(rows) >= 24
    first = rows[0]
    assert first["条目"] == "新一代智能终端" and first["条款"] == "二（一）1"
    assert first["牵头单位"] == "省发展改革委"
    assert first["配合单位"] == "省工业和信息化委、省科技厅、省商务厅"
    odd = next(r for r in rows if r["条目"] == "高端合金材料")
    assert odd["责任单位"] == "省工业和信息化委" and "省发展改革委" in odd["牵头单位"]
    assert odd["备注"].startswith(views.CONFLICT_MARK)
    measures = [r for r in rows if r["条款"].startswith("三")]
    assert measures and all(r["责任单位"] for r in measures)


@pytest.mark.integration
def test_matrix_filtered_by_unit(index):
    rows = views.responsibility_matrix(index, "省商务厅")
    names = [r["条目"] for r in rows]
    assert "服务外包" in names and "数字创意" not in names
    assert views.responsibility_matrix(index, views.ALL_UNITS) == views.responsibility_matrix(index)


@pytest.mark.integration
def test_units_busiest_first(index):
    units = views.units(index)
    assert units[0] == "省发展改革委"
    assert "省商务厅" in units and len(units) == len(set(units))


@pytest.mark.integration
def test_unit_duties_grouped_by_role(index):
    duties = views.unit_duties(index, "省商务厅")
    assert list(duties) == ["牵头", "配合", "责任"]
    assert [d.subject for d in duties["牵头"]] == ["服务外包", "专业服务业", "跨境电子商务及网络零售"]
    assert [d.clause_id for d in duties["牵头"]] == ["二（二）4", "二（二）5", "二（二）6"]
    assert len(duties["配合"]) == 10
    assert [d.clause_id for d in duties["责任"]] == ["三（一）", "三（四）", "三（五）"]
    duty = duties["配合"][0]
    assert duty.written.endswith("商务厅") and "商务厅" in duty.quote
    rows = views.duties_rows(duties, index)
    assert len(rows) == 16 and rows[0]["角色"] == "牵头单位"
    assert views.unit_duties(index, "不存在的单位") == {}


@pytest.mark.integration
def test_targets_rows_mark_conflicts(index):
    rows = views.targets_rows(index)
    assert len(rows) >= 18
    assert len({r["集群"] for r in rows} - {"全部集群"}) == 18
    bio = [r for r in rows if r["集群"] == "生物医药"]
    assert [(r["目标"], r["出处"], r["条款"]) for r in bio] == [
        ("超过4000亿元", "分项条款", "二（一）6"), ("超过3000亿元", "总体目标", "一（四）")]
    assert all(r["一致性"] == f"{views.CONFLICT_MARK} 数值不一致" for r in bio)
    wording = [r for r in rows if r["集群"] == "新一代智能终端" and r["指标"] == "产业规模"]
    assert all("表述不一致" in r["一致性"] for r in wording)
    phones = next(r for r in rows if r["单位"] == "亿部")
    assert phones["一致性"] == "" and phones["数值"] == 4.0
    assert not any(r["一致性"] for r in rows if r["集群"] == "电子核心基础部件")


@pytest.mark.integration
def test_each_chart_has_one_unit(index):
    groups = views.chart_groups(views.targets_rows(index), views.subject_label(index))
    assert [unit for _, unit, _ in groups][0] == "亿元"  # the largest group first
    assert len({unit for _, unit, _ in groups}) == len(groups)
    for _, unit, points in groups:
        assert {p["单位"] for p in points} == {unit}
    points = groups[0][2]
    assert "全部集群" not in {p["集群"] for p in points}
    bio = [p for p in points if p["集群"] == "生物医药" and p["指标"] == "产业规模"]
    assert {p["数值"] for p in bio} == {4000.0, 3000.0} and all(p["标记"] for p in bio)
    # Eighteen clusters share the metric 产业规模: a point is named by its cluster and the metric.
    assert views.names_in_order(points)[0] == "新一代智能终端：产业规模"
    assert "网络零售额" in views.names_in_order(points)  # a metric of one cluster only: its own name


@pytest.mark.unit
def test_csv_has_bom_header_and_chinese():
    data = views.to_csv([{"条目": "服务外包", "条款": "二（二）4", "数值": None}])
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [{"条目": "服务外包", "条款": "二（二）4", "数值": ""}]
    assert views.to_csv([]) == "\ufeff".encode("utf-8")


# ---------------------------------------------------------------- chat boundary and export (unit)

class _FakeAssistant:
    def __init__(self, result=None, error=None):
        self.settings = Settings()
        self.result, self.error, self.calls = result, error, []

    def answer(self, question, history=None, *, doc_ids=None):
        self.calls.append((question, history))
        if self.error:
            raise self.error
        return self.result


@pytest.mark.unit
def test_respond_turns_answers_and_refusals_into_turns():
    cite = Citation("文件", "三（五）", TALENT_QUOTE)
    fake = _FakeAssistant(Answer("据三（五）：……1000万元", (cite,), conflicts=("甲与乙不一致",)))
    turn = chat.respond(fake, "问题", [{"role": "user", "content": "之前"}])
    assert turn.kind == "answer" and turn.citations == (cite,) and turn.conflicts == ("甲与乙不一致",)
    assert fake.calls == [("问题", [{"role": "user", "content": "之前"}])]
    refused = chat.respond(_FakeAssistant(Answer("抱歉……", refused=True, route="refusal")), "问题", [])
    assert refused.kind == "refusal" and refused.refused


@pytest.mark.unit
def test_respond_shows_project_errors_in_chinese_and_hides_others(caplog):
    turn = chat.respond(_FakeAssistant(error=IndexBusyError("locked")), "问题", [])
    assert turn.kind == "error" and turn.content == IndexBusyError.message_zh
    with caplog.at_level("ERROR", logger="policyqa.app"):
        turn = chat.respond(_FakeAssistant(error=RuntimeError("secret internals")), "问题", [])
    assert turn.kind == "error" and turn.content == chat.INTERNAL_ERROR
    assert "secret" not in turn.content
    assert any("unexpected error" in r.message for r in caplog.records)


@pytest.mark.unit
def test_respond_rejects_over_long_questions_before_answering():
    fake = _FakeAssistant(Answer("不该被调用"))
    turn = chat.respond(fake, "长" * 501, [])
    assert turn.kind == "too_long" and "问题过长（501 字）" in turn.content and "500" in turn.content
    assert fake.calls == []
    assert chat.too_long_message("短", 500) is None


@pytest.mark.unit
def test_history_leaves_out_failed_turns():
    turns = [chat.user_turn("甲", 500), chat.Turn("assistant", "答甲"),
             chat.user_turn("长" * 600, 500), chat.Turn("assistant", "过长", "too_long"),
             chat.user_turn("乙", 500), chat.Turn("assistant", "出错了", "error")]
    assert chat.history_for(turns) == [{"role": "user", "content": "甲"}, {"role": "assistant", "content": "答甲"},
                                       {"role": "user", "content": "乙"}]


@pytest.mark.unit
def test_conversation_markdown_has_questions_answers_and_citations():
    cite = Citation("河南省文件", "三（五）", TALENT_QUOTE)
    turns = [chat.user_turn("引进院士团队有多少支持？", 500),
             chat.Turn("assistant", "不低于1000万元", citations=(cite,), conflicts=("两处不一致",)),
             chat.user_turn("上海呢？", 500), chat.Turn("assistant", "抱歉……", "refusal")]
    md = chat.conversation_markdown(turns)
    assert md.startswith("# 政策问答记录")
    assert "## 问题 1" in md and "> 引进院士团队有多少支持？" in md
    assert "不低于1000万元" in md
    assert f"- 《河南省文件》 三（五）：“{TALENT_QUOTE}”" in md
    assert "两处不一致" in md and "## 问题 2" in md and "回答（未找到依据）" in md


@pytest.mark.unit
def test_display_question_cuts_very_long_text():
    assert chat.display_question("短") == "短"
    assert chat.display_question("长" * 400).endswith("……（共 400 字）")
