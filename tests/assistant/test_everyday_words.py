"""A resident says 老婆 where the documents say 配偶: the question is read with the documents' word
when they never use the everyday one (the profile's everyday_words), and a Q&A heading that holds
clearly more of the question than any other leads. The page is written here (fictional)."""
from __future__ import annotations

import pytest

from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

RULES = """白鹭市积分入户办法

第一条 通过积分入户的人员，其配偶、未成年子女可同时随迁入户本市。
第二条 积分入户申请人应当在本市连续缴纳社会保险满4年。
第三条 申请人按积分从高到低排名，积分相同的，按缴纳社会保险时长排名。
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"bailu-points.txt": RULES})


def test_an_everyday_word_is_read_as_the_documents_word(rules):
    answer = rules.answer("我积分入户以后，老婆能一起迁过来吗？")
    assert not answer.refused
    assert answer.claims[0].clause == "第一条"


def test_the_everyday_word_is_kept_when_the_documents_use_it(tmp_path_factory):
    from assistant.corpus_view import CorpusView

    plain = assistant_over(tmp_path_factory, {"bailu-plain.txt": "白鹭市家庭须知\n\n第一条 老婆和孩子可随迁。\n"})
    view: CorpusView = plain.view
    assert view.everyday_forms("老婆能随迁吗") == ()


QA = """白鹭市人才落户热点问答

1.申请人才落户需要具备哪些基本条件？
答：年龄在40周岁以下，具有本科以上学历。
2.人才落户申请流程是怎样的？
答：申请人才落户的，满足要求后登录白鹭人才落户系统提交申请，基本信息须真实。
3.人才落户材料的截止时间？
答：材料计算时间截至2025年9月30日。
"""


def test_the_qa_heading_that_asks_the_question_leads(tmp_path_factory):
    qa = assistant_over(tmp_path_factory, {"bailu-talent-hot.txt": QA})
    answer = qa.answer("申请人才落户要满足哪些基本条件？")
    assert not answer.refused
    assert answer.claims[0].clause == "1"
    assert "40周岁以下" in answer.text
