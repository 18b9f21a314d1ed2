"""Clause tree of the real seed document and of small article-style snippets (DESIGN.md section 2)."""
from __future__ import annotations

import re

import pytest

from core.textnorm import clean_document_text
from ingest.clause_tree import parse_clauses, split_closing

pytestmark = pytest.mark.unit

CN = "一二三四五六七八九十"


@pytest.fixture
def ids(seed_clauses) -> list[str]:
    return [c.clause_id for c in seed_clauses]


@pytest.fixture
def by_id(seed_clauses) -> dict:
    return {c.clause_id: c for c in seed_clauses}


def children(clauses, parent_id: str) -> list[str]:
    return [c.clause_id for c in clauses if c.parent_id == parent_id]


def test_clause_ids_are_unique(ids):
    assert len(ids) == len(set(ids))


def test_four_parts_in_order(seed_clauses):
    parts = [c.clause_id for c in seed_clauses if c.parent_id is None and c.clause_id not in ("序言", "落款")]
    assert parts == ["一", "二", "三", "四"]
    titles = {c.clause_id: c.title for c in seed_clauses if c.clause_id in parts}
    assert titles == {"一": "总体要求", "二": "发展重点", "三": "保障措施", "四": "组织实施"}


@pytest.mark.parametrize("part, count", [("一", 4), ("二", 2), ("三", 6), ("四", 3)])
def test_subsections_per_part(seed_clauses, part, count):
    assert children(seed_clauses, part) == [f"{part}（{CN[i]}）" for i in range(count)]


def test_ten_manufacturing_clusters(seed_clauses):
    assert children(seed_clauses, "二（一）") == [f"二（一）{i}" for i in range(1, 11)]


def test_eight_service_clusters(seed_clauses):
    assert children(seed_clauses, "二（二）") == [f"二（二）{i}" for i in range(1, 9)]


def test_preamble_and_closing(seed_clauses, by_id):
    assert seed_clauses[0].clause_id == "序言"
    assert seed_clauses[-1].clause_id == "落款"
    assert by_id["序言"].text.startswith("各省辖市、省直管县（市）人民政府，省人民政府各部门：")
    assert "现提出如下实施意见" in by_id["序言"].text
    assert by_id["落款"].text.split("\n") == ["河南省人民政府办公厅", "2017年3月14日"]


def test_quantities_sit_in_their_clauses(by_id):
    assert "超过4000亿元" in by_id["二（一）6"].text
    assert by_id["二（一）6"].title == "生物医药"
    assert "不低于1000万元" in by_id["三（五）"].text
    assert by_id["三（五）"].title == "着力扩大开放合作"
    assert "超过3万亿元" in by_id["一（四）"].text


def test_named_sub_paragraphs(by_id):
    sub = by_id["二（一）1·新型智能手机"]
    assert sub.parent_id == "二（一）1"
    assert sub.title == "新型智能手机"
    assert "力争全省智能手机生产能力达到4亿部" in sub.text
    for cid in ("二（一）1·新型智能终端", "二（一）1·视线互联网终端", "二（一）6·化学创新药",
                "二（一）6·高端医疗器械", "二（二）7·基因检测"):
        assert cid in by_id, cid
    # the 牵头单位 line stays with its numbered item, not with the last named paragraph
    assert "牵头单位：省发展改革委" in by_id["二（一）6"].text
    assert "牵头单位" not in by_id["二（一）6·高端医疗器械"].text


def test_parent_chain_and_levels(seed_clauses, by_id):
    for c in seed_clauses:
        if c.parent_id is not None:
            parent = by_id[c.parent_id]
            assert parent.order < c.order
            assert c.level == parent.level + 1, c.clause_id
    assert by_id["二（一）6"].path == ("二、发展重点", "（一）新兴制造业产业集群", "6.生物医药")


def test_every_clause_line_is_verbatim_in_the_document(seed_text, seed_clauses):
    doc_lines = [line for line in clean_document_text(seed_text).split("\n") if line]
    for clause in seed_clauses:
        for line in clause.text.split("\n"):
            if not line:
                continue
            # a clause line is a whole document line, or its tail after the numbering label
            assert any(d == line or d.endswith(line) for d in doc_lines), (clause.clause_id, line)


def test_no_document_text_is_lost(seed_text, seed_clauses):
    """Every line of the document lands in a clause: as a heading or as (the tail of) a text line."""
    clause_lines = {line for c in seed_clauses for line in c.text.split("\n") if line}
    headings = {c.label + c.title for c in seed_clauses}
    for line in clean_document_text(seed_text).split("\n"):
        if not line:
            continue
        label_len = len(line) - min((len(cl) for cl in clause_lines if line.endswith(cl)), default=len(line) + 99)
        assert line in headings or 0 <= label_len <= 4, line


ARTICLE_SNIPPET = """为了规范专项资金管理，制定本办法。
第一章 总则
第一条 为规范专项资金管理，提高资金使用效益，制定本办法。
第二条 专项资金支持下列事项：
（一）企业研发投入补助；
（二）高层次人才引进奖励。
第二章 附则
第三条 本办法自印发之日起施行。
"""


def test_article_style_ids():
    clauses = parse_clauses(ARTICLE_SNIPPET.strip(), "doc")
    by_id = {c.clause_id: c for c in clauses}
    assert [c.clause_id for c in clauses] == [
        "序言", "第一章", "第一条", "第二条", "第二条（一）", "第二条（二）", "第二章", "第三条",
    ]
    assert by_id["第一条"].parent_id == "第一章"
    assert by_id["第三条"].parent_id == "第二章"
    assert by_id["第二条（一）"].parent_id == "第二条"
    assert by_id["第二条（一）"].text == "企业研发投入补助；"
    assert by_id["第三条"].text == "本办法自印发之日起施行。"


def test_article_ids_do_not_repeat_the_chapter():
    text = "第三章 资金管理\n第七条 资金实行专款专用。"
    ids = [c.clause_id for c in parse_clauses(text, "doc")]
    assert "第七条" in ids
    assert not any(i.startswith("第三章第七条") for i in ids)


def test_half_width_parentheses_give_full_width_ids():
    text = "一、总体要求\n(一)基本思路\n深入贯彻新发展理念，推动高质量发展。\n(二)基本原则\n1.政府引导，市场培育。\n(1)坚持市场主导，发挥政府作用。"
    ids = [c.clause_id for c in parse_clauses(text, "doc")]
    assert "一（一）" in ids and "一（二）" in ids
    assert "一（二）1" in ids and "一（二）1（1）" in ids
    assert not any("(" in i or ")" in i for i in ids)


def test_ids_have_no_spaces_or_trailing_punctuation(ids):
    for cid in ids:
        assert not re.search(r"\s", cid), cid
        assert not re.search(r"[、.．。，：]$", cid), cid


def test_split_closing_finds_issuer_and_date():
    lines = ["正文。", "", "河南省人民政府办公厅", "", "2017年3月14日"]
    body, closing = split_closing(lines)
    assert closing == ["河南省人民政府办公厅", "2017年3月14日"]
    assert [line for line in body if line] == ["正文。"]


def test_document_without_closing_has_no_luokuan():
    clauses = parse_clauses("一、总体要求\n（一）基本思路。坚持创新驱动。", "doc")
    assert "落款" not in [c.clause_id for c in clauses]


def test_a_paragraph_after_an_articles_items_belongs_to_the_article():
    """第十三条's items list three amounts; the paragraph after them ("本条补助累计…（牵头单位：…）")
    speaks for the whole article, so its cap and its responsibility note are the article's."""
    from core.settings import PROJECT_ROOT
    from ingest.loaders import load_file

    text, _ = load_file(PROJECT_ROOT / "tests" / "fixtures" / "corpus3" / "qinglan-lowalt-2024.txt")
    clauses = {c.clause_id: c for c in parse_clauses(text, "qinglan")}
    assert "本条补助累计不超过300万元" in clauses["第十三条"].text
    assert "牵头单位" in clauses["第十三条"].text
    assert clauses["第十三条（三）"].text == "连接本市与周边城市的跨市域航线，每条补助80万元。"
    assert clauses["第十三条（三）"].parent_id == "第十三条"
