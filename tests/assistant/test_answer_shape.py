"""The shape of an answer on a document never seen: clause labels, the source line, and the
sentence that holds what is asked even when another clause matches the words better.

The document is written here (fictional, in this test's own words)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

POLICY = """星河市小微企业稳岗补贴办法

第一条 为稳定就业岗位，支持小微企业渡过难关，制定本办法。
第二条 本办法适用于在星河市登记注册的小微企业和个体工商户。
第三条 同时符合下列条件的小微企业，可以申请稳岗补贴：
（一）上一年度未裁员或者裁员率低于5%；
（二）按时足额缴纳失业保险费满12个月。
第四条 补贴标准为每名参保职工每年500元，单个企业每年补贴总额以10万元封顶，由失业保险基金列支。
第五条 吸纳登记失业人员就业并签订一年以上劳动合同的，按每人2000元给予一次性吸纳就业补贴。
第六条 企业提交申请后，区人力资源社会保障局在15个工作日内完成审核，审核结果公示5个工作日。
第七条 对纳税贡献突出的小微企业给予一次性奖励：年度纳税额100万元（含）至500万元的，奖励5万元；500万元（含）至2000万元的，奖励20万元；2000万元以上的，奖励50万元。
第八条 到2026年，稳岗补贴惠及职工达到10万人。
第九条 申请时间为每年3月1日至3月31日，逾期不予受理。
第十条 本办法自2024年1月1日起施行，有效期至2026年12月31日。
"""


def _assistant(tmp_path_factory, today: str):
    return assistant_over(tmp_path_factory, {"xinghe-wengang.txt": POLICY}, answer={"today": today})


@pytest.fixture(scope="module")
def in_force(tmp_path_factory):
    return _assistant(tmp_path_factory, "2025-06-01")


def test_an_untitled_article_is_labelled_by_its_id_not_a_cut_off_sentence(in_force):
    answer = in_force.answer("吸纳登记失业人员就业的补贴是多少钱？")
    assert not answer.refused and "2000元" in answer.text
    assert "据第五条：" in answer.text
    assert "据第五条（" not in answer.text  # never "据第五条（吸纳登记失业人员就业并签订一…）"


def test_every_answer_names_its_document_and_whether_it_is_in_force(in_force, tmp_path_factory):
    answer = in_force.answer("审核需要几个工作日？")
    assert "15个工作日" in answer.text
    assert answer.text.rstrip().endswith("依据：《星河市小微企业稳岗补贴办法》，现行有效（有效期至2026年12月31日）。")
    later = _assistant(tmp_path_factory, "2027-03-01").answer("审核需要几个工作日？")
    assert "已于2026年12月31日到期失效" in later.text


def test_the_amount_comes_from_the_clause_that_states_it(in_force):
    """The conditions article names the 稳岗补贴 best; the amount is in the next article."""
    answer = in_force.answer("稳岗补贴每个职工能拿多少钱？")
    assert not answer.refused
    assert "500元" in answer.text
    assert answer.citations[0].clause == "第四条"


@pytest.mark.parametrize("figure, tier", [("1200万元", "奖励20万元"), ("2600万元", "奖励50万元"),
                                          ("300万元", "奖励5万元"), ("500万元", "奖励20万元")])
def test_the_users_own_figure_picks_its_tier(in_force, figure, tier):
    answer = in_force.answer(f"我们企业去年纳税{figure}，能拿到多少奖励？")
    assert not answer.refused
    lead = answer.text.splitlines()[0]
    assert lead.startswith(f"按您所说的{figure}") and tier in lead
    assert answer.citations[0].clause == "第七条" and tier in answer.citations[0].quote
    others = {"奖励5万元", "奖励20万元", "奖励50万元"} - {tier}
    assert not any(other in answer.citations[0].quote for other in others)  # the tier alone, quoted


def test_a_validity_question_the_document_does_not_settle_is_refused(in_force):
    answered = in_force.answer("这个办法从哪天开始施行？")
    assert not answered.refused and "2024年1月1日" in answered.text
    refused = in_force.answer("这个办法施行后废止了哪个旧文件？")
    assert refused.refused and "废止" in refused.text


def test_a_single_bound_is_a_target_not_a_tier(in_force):
    answer = in_force.answer("惠及职工达到10万人是哪一年的目标？")
    assert not answer.text.startswith("按您所说的")


def test_a_second_part_answered_by_the_clause_the_first_part_cites_is_not_refused(in_force):
    answer = in_force.answer("稳岗补贴每名职工给多少钱？有没有上限？")
    assert not answer.refused
    second = answer.text.split("（2）", 1)[1]
    assert "抱歉" not in second and "10万元" in second


def test_a_deadline_stated_without_the_word_for_it_is_answered(in_force):
    """The document gives the dates; it never writes 截止. The asked type decides, not the word."""
    answer = in_force.answer("每年的申请截止到哪天？")
    assert not answer.refused and "3月31日" in answer.text


def test_a_year_the_document_does_not_cover_is_refused_with_what_it_does_state(in_force):
    answer = in_force.answer("到2030年稳岗补贴要惠及多少职工？")
    assert answer.refused and "2030" in answer.text
    assert "2026年" in answer.text  # the year the document does state, quoted
