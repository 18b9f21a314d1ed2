"""Reading tiers and the user's figures by shape (assistant.tiers), on sentences written here."""
from __future__ import annotations

import pytest

from assistant.tiers import quantities, ranges, tier_piece, verdict

pytestmark = pytest.mark.unit

TIERED = "年营业收入1亿元（含）至5亿元的，补助30万元；5亿元以上的，补助80万元；不足1亿元的，补助10万元。"


def test_figures_are_read_with_their_units_and_years_are_not_figures():
    (tax,) = quantities("2025年我们纳税1200万元")
    assert (tax.value, tax.kind) == (12_000_000, "money")
    assert [q.kind for q in quantities("员工300人，营收1.5亿")] == ["people", "money"]


@pytest.mark.parametrize("figure, piece", [("营收1亿元", "1亿元（含）至5亿元的"), ("营收4.9亿元", "1亿元（含）至5亿元的"),
                                           ("营收5亿元", "5亿元以上的"), ("营收9000万元", "不足1亿元的")])
def test_the_tier_that_holds_the_figure_including_its_bounds(figure, piece):
    assert tier_piece(TIERED, quantities(figure)).startswith(f"年营业收入{piece}" if "含" in piece else piece)


@pytest.mark.parametrize("sentence, figure, expected", [
    ("吸纳就业超过50人的", "50人", -1), ("吸纳就业达到50人的", "50人", 1), ("吸纳就业50人以上的", "50人", 1),
    ("从业人员不足20人的", "20人", -1), ("从业人员20人以下的", "20人", 1),
    ("营业收入5亿元以上（不含）的", "5亿元", -1), ("营业收入5亿元（含）以上的", "5亿元", 1),
    ("每人补贴2000元", "3000元", 0),  # an amount with no bound is not a tier
])
def test_inclusive_and_exclusive_wording(sentence, figure, expected):
    assert verdict(sentence, quantities(figure)) == expected


def test_a_figure_of_another_kind_says_nothing_about_the_tier():
    assert verdict(TIERED, quantities("员工300人")) == 0
    assert tier_piece(TIERED, quantities("员工300人")) == ""
    assert ranges("到2025年，产业规模超过1000亿元")[0].lo == 1e11


def test_spoken_money_is_read_as_yuan():
    figures = quantities("吃一顿16块钱，家里月收入3万块")
    assert [(f.value, f.kind) for f in figures] == [(16.0, "money"), (30000.0, "money")]


def test_numbers_in_words_bound_like_digits():
    from assistant.tiers import quantities, verdict

    assert verdict("租赁期限不得超过二十年，超过部分无效。", quantities("我想一次签25年的租约")) == -1
    assert verdict("租赁期限不得超过二十年，超过部分无效。", quantities("我想签15年的租约")) == 1
    assert verdict("年满六十周岁以上的老年人可以申领。", quantities("我今年62岁")) == 1
    assert quantities("孩子今年上一年级") == ()  # 一年级 is a school year, not a span of one year


def test_a_range_written_in_words_picks_its_tier():
    figures = quantities("交失业保险满6年了能领几个月？")
    sentence = ("缴费时间一至四年的，每满一年，领取期限为一个月；"
                "四年以上的，超过四年的部分，每满半年，领取期限增加一个月。")
    assert tier_piece(sentence, figures).startswith("四年以上的")


def test_every_full_year_is_a_rate_not_a_bound():
    figures = quantities("交了3年能领几个月？")
    assert verdict("每满一年，领取期限增加一个月。", figures) == 0


def test_counted_things_by_their_measure_word_pick_their_tier():
    land = "基地面积在100亩及以 上至500亩的，给予企业100元/亩奖励；对新建面积在500亩以上的，给予企业200元/亩奖励。"
    assert tier_piece(land, quantities("新建基地600亩")) == "对新建面积在500亩以上的，给予企业200元/亩奖励。"
    assert tier_piece(land, quantities("新建基地300亩")).startswith("基地面积在100亩")
    (visits,) = quantities("组织了2.5万人次游客")
    assert (visits.value, visits.kind) == (25_000, "人次")
    assert verdict("年组织游客达到1万人次以上的", (visits,)) == 1
    assert verdict("员工达到1万人以上的", (visits,)) == 0  # people are not visits
