"""Two questions in one message are answered one after the other, each under its own question."""
from __future__ import annotations

import pytest

from assistant.compound import merge, split_questions
from core.records import Answer, Citation


@pytest.mark.unit
@pytest.mark.parametrize("question, parts", [
    ("这份文件是哪天印发的？由哪个机关负责解释？", ["这份文件是哪天印发的？", "由哪个机关负责解释？"]),
    ("商务厅配合了哪些集群？列一下", None),  # "列一下" only continues the first question
    ("重点任务一共有几项？分别是什么？", None),
    ("生物医药产业的目标是多少？", None),
    ("一问是什么？二问是什么？三问是什么？四问是什么？", None),  # more than three: not split
])
def test_split_questions(question, parts):
    assert split_questions(question) == (parts or [question])


@pytest.mark.unit
def test_merge_keeps_each_answer_under_its_question_and_cites_once():
    c1 = Citation(doc="文", clause="序言", quote="甲", doc_id="d")
    c2 = Citation(doc="文", clause="落款", quote="乙", doc_id="d")
    merged = merge(["问一？", "问二？"], [Answer("答一", (c1,), route="facts"), Answer("答二", (c1, c2))])
    assert merged.text == "（1）问一？\n答一\n\n（2）问二？\n答二"
    assert merged.citations == (c1, c2) and not merged.refused and merged.route == "facts"
    refused = merge(["问一？", "问二？"], [Answer("抱歉。", refused=True, route="refusal")] * 2)
    assert refused.refused and refused.text == "抱歉。"


@pytest.mark.integration
def test_a_message_with_a_measure_and_its_lead_unit(assistant):
    """Two different things asked at once: both get answered, each with its own evidence."""
    a = assistant.answer("引进两院院士能拿多少启动资金？新一代智能终端由哪个单位牵头？")
    assert not a.refused
    assert "（1）" in a.text and "（2）" in a.text
    assert "1000万元" in a.text and "省发展改革委" in a.text
    clauses = {c.clause for c in a.citations}
    assert "三（五）" in clauses and "二（一）1" in clauses


def test_a_remark_after_the_question_is_not_a_second_question():
    from assistant.compound import split_questions

    assert split_questions("这项补贴到2026年的标准是多少？我看网上说法好像不一样。") == [
        "这项补贴到2026年的标准是多少？我看网上说法好像不一样。"]
    assert len(split_questions("这项补贴的标准是多少？需要去哪里申请？")) == 2
