"""Drafting styles beyond 一、（一）1.: wrappers, attachments, Q&A, guides, steps, deep items."""
from __future__ import annotations

import pytest

from core.settings import PROJECT_ROOT
from ingest.chunking import split_sentences
from ingest.clause_tree import parse_clauses

pytestmark = pytest.mark.unit

STYLES = PROJECT_ROOT / "tests" / "fixtures" / "styles"


def parse(text: str) -> dict:
    clauses = parse_clauses(text.strip(), "doc")
    ids = [c.clause_id for c in clauses]
    assert len(ids) == len(set(ids)), ids
    return {c.clause_id: c for c in clauses}


DEEP = """第一章 总则
第一条 为规范补助资金管理，制定本办法。
第二条 补助分为以下几类：
（一）场地补助。
（二）设备补助，包括：
1.购置补助；
2.租赁补助，分为：
（1）短期租赁；
（2）长期租赁，具体为：
①一年期；
②三年期。
3.维修补助。
第三条 本办法自发布之日起施行。
"""


def test_deep_items_chain_their_labels():
    by_id = parse(DEEP)
    assert by_id["第二条（二）2（2）②"].text == "三年期。"
    assert by_id["第二条（二）2（2）②"].parent_id == "第二条（二）2（2）"
    assert by_id["第二条（二）3"].parent_id == "第二条（二）"
    assert by_id["第三条"].parent_id == "第一章"


def test_labels_restart_inside_an_article():
    text = "第四条 申请人应当满足：\n一、年满十八周岁；\n二、无不良记录。\n第五条 申请材料包括：\n一、申请表；\n二、身份证明。"
    by_id = parse(text)
    assert by_id["第四条一"].parent_id == "第四条"
    assert by_id["第五条二"].text == "身份证明。"


WRAPPER = """各区财政局，市直各单位：
现将《示范市创业扶持办法》印发给你们，请认真贯彻执行。
示范市人力资源局
2023年5月6日
示范市创业扶持办法
第一章 总则
第一条 为扶持创业，制定本办法。
第二章 扶持标准
第五条 首次创业的，给予一次性补贴5000元。
第六条 本办法自印发之日起施行。
附件2
创业补贴申请表填写说明
一、申请人姓名应与身份证一致。
二、联系电话填写手机号码。
"""


def test_wrapper_is_preamble_and_the_attached_measures_give_the_ids():
    by_id = parse(WRAPPER)
    assert "印发给你们" in by_id["序言"].text
    assert "示范市创业扶持办法" in by_id["序言"].text  # the 办法's title line comes before its first heading
    assert by_id["落款"].text.split("\n") == ["示范市人力资源局", "2023年5月6日"]
    assert by_id["第五条"].text == "首次创业的，给予一次性补贴5000元。"
    assert by_id["第五条"].parent_id == "第二章"


def test_a_second_attachment_gets_its_own_prefix():
    by_id = parse(WRAPPER)
    assert by_id["附件2"].title == ""
    assert "创业补贴申请表填写说明" in by_id["附件2"].text
    assert by_id["附件2·一"].text == "申请人姓名应与身份证一致。"
    assert by_id["附件2·一"].parent_id == "附件2"
    assert by_id["第六条"].text == "本办法自印发之日起施行。"  # not overwritten by the attachment


def test_attachment_after_a_body_numbered_with_the_same_labels():
    text = ("一、总体要求\n坚持就业优先。\n二、工作措施\n加强就业服务。\n附件：服务事项清单\n附件\n服务事项清单\n"
            "一、求职登记\n二、职业指导")
    by_id = parse(text)
    assert by_id["一"].text.startswith("总体要求")
    assert by_id["附件"].title == "服务事项清单"
    assert by_id["附件·一"].text == "求职登记"
    assert by_id["附件·二"].parent_id == "附件"


def test_attachment_list_before_the_closing_is_one_clause():
    text = "一、标准\n补贴每月300元。\n二、本通知自发布之日起施行。\n附件：\n1.补贴标准表\n2.申请表\n示范市民政局\n2024年1月2日"
    by_id = parse(text)
    assert by_id["附件"].text.split("\n") == ["附件：", "1.补贴标准表", "2.申请表"]
    assert "二1" not in by_id and "附件·1" not in by_id
    assert by_id["落款"].text.split("\n") == ["示范市民政局", "2024年1月2日"]


QA = """一、申请住房补贴需要满足什么条件，家庭收入和财产又有哪些具体要求？
申请家庭应同时符合下列条件：
（一）家庭成员均具有本市户籍；
（二）家庭人均收入低于规定标准。
二、补贴能领多久？
补贴按年核定，每年复核一次。
"""


def test_question_headings_hold_their_answers():
    by_id = parse(QA)
    assert by_id["一"].title == "申请住房补贴需要满足什么条件，家庭收入和财产又有哪些具体要求？"
    assert "申请家庭应同时符合下列条件" in by_id["一"].text
    assert by_id["一（二）"].parent_id == "一"
    assert by_id["二"].text.split("\n")[-1] == "补贴按年核定，每年复核一次。"


def test_numbered_questions_starting_with_a_year():
    text = "1.2024年度补贴名额有多少个？\n答：全年共1000个。\n2.2024年度何时开始申报？\n答：每年3月开始。"
    by_id = parse(text)
    assert by_id["1"].title == "2024年度补贴名额有多少个？"
    assert by_id["2"].text.endswith("答：每年3月开始。")


def test_question_answer_pairs():
    text = "三、常见问答\n问：可以委托他人办理吗？\n答：可以，需提供委托书。\n问：办理要多久？\n答：5个工作日。"
    by_id = parse(text)
    assert by_id["三·问1"].title == "可以委托他人办理吗？"
    assert by_id["三·问1"].text == "问：可以委托他人办理吗？\n答：可以，需提供委托书。"
    assert by_id["三·问2"].parent_id == "三"
    top = parse("问：在哪里办理？\n答：各区政务服务中心。")
    assert top["问1"].text.endswith("各区政务服务中心。")


def test_guide_headings_and_steps():
    text = ("01 什么是电子证照？\n电子证照是纸质证照的电子版本。\n02 怎么申领？\n第一步：登录小程序\n"
            "打开小程序并实名认证。\n第二步：提交申请\n（一）填写信息。\n（二）上传照片。")
    by_id = parse(text)
    assert by_id["01"].title == "什么是电子证照？"
    assert by_id["01"].text.endswith("电子证照是纸质证照的电子版本。")
    assert by_id["02第一步"].parent_id == "02"
    assert by_id["02第一步"].text.endswith("打开小程序并实名认证。")
    assert by_id["02第二步（二）"].text == "上传照片。"


def test_numbered_steps_in_words_and_in_english():
    text = ("办理指引\n步骤1：打开APP，选择“居住登记”。\n步骤 2：填写表单并上传材料。\n"
            "Step3：提交后等待3个工作日审核。")
    by_id = parse(text)
    assert by_id["步骤1"].text.startswith("打开APP")
    assert by_id["步骤2"].text.startswith("填写表单")
    assert "3个工作日" in by_id["Step3"].text


def test_a_heading_between_two_lists_starts_the_second_at_the_top():
    text = ("步骤1：在线填写申请。\n步骤2：点击提交，5个工作日内审批。\n温馨提示\n"
            "（1）备案后可直接结算。\n（2）结算遇到问题请拨打12345。")
    by_id = parse(text)
    assert by_id["（2）"].text.endswith("请拨打12345。")
    assert "步骤2（1）" not in by_id
    # without a heading in between, the sub-items stay under the step
    nested = parse("步骤1：在线填写申请。\n（1）填写姓名。\n（2）填写住址。")
    assert nested["步骤1（2）"].parent_id == "步骤1"


def test_an_item_may_start_with_a_year_word():
    by_id = parse("白云山门票优待\n1.进入景区时持卡享受优待。\n2.年满60周岁未满65周岁者半价。\n3.年满65周岁者免费。")
    assert by_id["2"].text.startswith("年满60周岁")
    assert by_id["3"].text.startswith("年满65周岁")
    assert "2" not in by_id["1"].text.split("\n")[-1][:1]


def test_preamble_and_closing_around_numbered_text():
    text = "为做好相关工作，通知如下：\n一、加强领导\n各区要落实责任。\n示范市人民政府\n2022年9月1日"
    by_id = parse(text)
    assert by_id["序言"].text == "为做好相关工作，通知如下："
    assert by_id["落款"].text == "示范市人民政府\n2022年9月1日"


def test_yi_shi_er_shi_items_are_separate_sentences():
    text = "二、主要任务\n围绕目标，一是完善政策体系，二是优化服务流程，三是强化督导考核。"
    by_id = parse(text)
    assert "二是优化服务流程" in by_id["二"].text  # the list stays in its clause
    sentences = split_sentences(by_id["二"].text)
    assert "二是优化服务流程，" in sentences
    assert sentences[-1] == "三是强化督导考核。"
    assert "".join(sentences).replace("\n", "") == by_id["二"].text.replace("\n", "")


def test_real_wrapper_with_articles_and_an_attachment():
    text = (STYLES / "gz-jianxi-banfa-2019.txt").read_text(encoding="utf-8")
    by_id = parse(text)
    assert "印发" in by_id["序言"].text
    assert by_id["落款"].text.endswith("2019年10月9日")
    assert by_id["第五条"].parent_id == "第二章"
    assert by_id["第五条（五）"].parent_id == "第五条"
    assert "有效期5年" in by_id["第二十三条"].text
    assert by_id["附件"].title == "广州市就业见习基地申请程序"
    assert by_id["附件·一（一）"].title == "初核机构"
    assert "一" not in by_id  # the attachment's 一 does not land in the body


def test_real_question_and_answer_page():
    text = (STYLES / "gz-shiye-qa-2025.txt").read_text(encoding="utf-8")
    by_id = parse(text)
    assert by_id["一"].title == "领取失业保险金需要符合什么条件？"
    assert by_id["一（二）4（5）"].parent_id == "一（二）4"
    assert "最低工资标准的百分之九十" in by_id["二"].text
    assert by_id["七（五）"].parent_id == "七"
    assert "序言" not in by_id


def test_a_paragraph_after_the_last_item_of_a_list_belongs_to_the_article():
    """Items end with ；, the last with 。: the paragraph after it is the article speaking again."""
    from ingest.clause_tree import parse_clauses

    text = ("第六条 申请人应同时符合以下条件：\n（一）在本市稳定就业；\n（二）年龄在45周岁以下；\n"
            "（三）近5年内未受过刑事处罚。\n申请人按积分从高到低排名，分值相同时按参保时长排名。\n第七条 本办法自公布之日起施行。")
    clauses = {c.clause_id: c for c in parse_clauses(text, "d")}
    assert clauses["第六条（三）"].text == "近5年内未受过刑事处罚。"
    assert clauses["第六条（三）"].title == ""  # a one-sentence item is content, not a heading
    assert "分值相同时" in clauses["第六条"].text


def test_a_heading_items_own_sub_heading_does_not_end_the_list():
    text = ("1.一次性创业资助\n补贴条件：\n（1）登记注册满6个月。\n（2）连续3个月缴纳社会保险费。\n"
            "2.创业租金补贴\n补贴条件：\n（1）租赁场地用于经营。")
    by_id = parse(text)
    assert by_id["1（2）"].text.startswith("连续3个月")
    assert by_id["2（1）"].parent_id == "2"


# Text taken from a PDF: 一、 and （一） headings hold continuously numbered articles written
# in Arabic digits, some spaced by the line breaks ("第 1 0 条"), and "二 、" spaced before its mark.
ARTICLES_IN_PARTS = """一、政策支持
第 1 条 设立产业发展引导资金，列入县财政预算。
二 、支持范围
(一)投资奖励
第 2 条 对新上工业项目，固定资产投资1000万元以上的，给予企业奖励。
第 3 条 投资1亿元以上的为重大项目。
(二)科技创新
第9条 对初次认定的高新技术企业，给予企业20万元奖励。
第 1 0 条 对牵头制定国家标准的，给予企业50万元奖励。
三、组织保障
第 1 1 条 县商务局负责新建项目相关工作。
"""


def test_articles_numbered_inside_parts_keep_their_own_ids():
    by_id = parse(ARTICLES_IN_PARTS)
    assert [i for i in by_id if i.startswith("第")] == ["第1条", "第2条", "第3条", "第9条", "第10条", "第11条"]
    assert "二（一）" in by_id and "二（二）" in by_id  # "二 、" is still part 二
    assert by_id["第10条"].text.startswith("对牵头制定国家标准的")


def test_the_parts_above_an_article_are_its_headings():
    by_id = parse(ARTICLES_IN_PARTS)
    assert by_id["第3条"].parent_id == "二（一）"
    assert any("投资奖励" in h for h in by_id["第3条"].path)
    assert any("科技创新" in h for h in by_id["第9条"].path)
    assert by_id["第11条"].parent_id == "三"


def test_an_article_style_document_still_nests_its_own_parts():
    by_id = parse("第一条 补助分为：\n一、场地补助。\n二、设备补助。\n第二条 本办法自发布之日起施行。")
    assert "第一条一" in by_id and "第一条二" in by_id
    assert by_id["第二条"].parent_id is None


NEWS_WITH_SUBHEADS = """发布时间：2025-01-01 来源：白鹭日报
1月1日起，白鹭医保有不少新变化。
参保待遇
家庭共济范围扩大
职工医保个人账户可用于支付近亲属的医疗费用。
连续参保有激励
连续参保满4年的，每多参保1年，大病保险最高支付限额提高3000元。
"""


def test_a_page_without_numbering_is_cut_at_its_subheads():
    by_id = parse(NEWS_WITH_SUBHEADS)
    assert list(by_id) == ["序言", "家庭共济范围扩大", "连续参保有激励"]
    assert "3000元" in by_id["连续参保有激励"].text
    assert by_id["连续参保有激励"].path == ("参保待遇", "连续参保有激励")  # the group heading is in the path
    assert "1月1日起" in by_id["序言"].text


def test_one_short_line_does_not_cut_a_page():
    by_id = parse("发布时间：2025-01-01\n温馨提示\n参保人可在网上办理。\n办理后即时生效。")
    assert list(by_id) == ["序言"]
