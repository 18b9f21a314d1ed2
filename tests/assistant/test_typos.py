"""A question typed with a pinyin input method may hold a character of the right sound in the
wrong place. The documents' own word of the same sound is put back, and only when the typed run
is nowhere in the documents. The documents here are written in this test's own words."""
from __future__ import annotations

import pytest

from assistant.typos import Homophones
from tests.assistant.conftest import assistant_over

CORPUS = ("本市户籍老年人可到街道申领养老服务补贴，申领补贴不收费。幼儿园和托儿所由区教育局备案，托儿所按月收费，幼儿园不得收取赞助费。"
          "长者饭堂提供午餐，长者饭堂由街道管理。我市居民。参保缴费。")
WORDS = ["申领", "养老", "服务", "补贴", "幼儿园", "托儿所", "教育局", "饭堂", "长者", "我市", "居民", "缴费", "参保"]


def mender():
    return Homophones(WORDS, lambda s: s in CORPUS, CORPUS.count)


def test_a_same_sounding_character_is_put_back():
    assert mender().mend("幼儿圆可以收赞助费吗") == "幼儿园可以收赞助费吗"
    assert mender().mend("托儿锁归哪个部门管") == "托儿所归哪个部门管"
    assert mender().mend("去街道申领养老服务补帖") == "去街道申领养老服务补贴"  # 补贴 beside its neighbours


def test_southern_sounds_count_as_one_sound():
    # ling typed as lin
    assert mender().mend("申邻补贴要钱吗") == "申领补贴要钱吗"


def test_a_two_character_word_needs_its_neighbour_in_the_documents():
    assert mender().mend("长者饭唐几点开") == "长者饭堂几点开"
    # 我是 sounds like the documents' 我市, but "我市香" is nowhere in them
    assert mender().mend("我是香港人") == "我是香港人"
    # 保教费 is a word the documents lack; 缴费 sounds like its end, and 参保缴费 holds "保缴费"
    assert mender().mend("保教费多少") == "保教费多少"


def test_a_word_of_its_own_is_no_typo():
    corpus = CORPUS + "各区长者饭堂由区民政局指导。"
    mend = Homophones(WORDS + ["区长"], lambda s: s in corpus, corpus.count, frozenset({"去"})).mend
    assert mend("老人想去长者饭堂吃饭") == "老人想去长者饭堂吃饭"


def test_words_the_documents_use_are_left_alone():
    assert mender().mend("本市户籍老年人申领补贴") == "本市户籍老年人申领补贴"


def test_two_different_characters_are_not_a_typo():
    assert mender().mend("托尔锁") == "托尔锁"


GUIDE = """白鹭市高龄老人营养补贴申领办法

第一条 本市户籍年满80周岁的老年人，可申领高龄老人营养补贴，每人每月200元。
第二条 申领人向户籍所在地街道办事处提出申请，由区民政局审核。
"""


@pytest.mark.integration
def test_a_typed_question_is_answered_from_the_documents_word(tmp_path_factory):
    assistant = assistant_over(tmp_path_factory, {"bailu-nutrition.txt": GUIDE})
    answer = assistant.answer("高龄老人营养补帖每个月有多少钱？")
    assert not answer.refused
    assert "200元" in answer.text
    assert answer.claims[0].clause == "第一条"
