"""Things a question names side by side ("A和B呢") each get the sentence that states them; a
document's own spelling of a word the question shortens (个体户, 医药费) or counts in other numerals
(两件, 2件) still says it. The documents are written here (fictional)."""
from __future__ import annotations

import pytest

from assistant.word_forms import abbreviated_in, kin_in
from assistant.extractive import coverage
from tests.assistant.conftest import assistant_over

pytestmark = pytest.mark.integration

TRAINING = """白鹭市创业培训补贴办法

第三条 参加免费创业培训并取得合格证书的，给予培训机构创业培训补贴：创业意识培训每人最高补贴300元；创办企业培训每人最高补贴1200元；网络创业培训每人最高补贴2000元；特色创业实训每人最高补贴2800元。
第四条 补贴由市人力资源社会保障局审核发放。
第五条 创办企业的高校毕业生可报名参加免费的企业经营者能力提升培训，按每人10000元标准向承办机构支付培训补助。
"""


@pytest.fixture(scope="module")
def training(tmp_path_factory):
    return assistant_over(tmp_path_factory, {"training.txt": TRAINING})


def test_each_thing_named_side_by_side_gets_its_sentence(training):
    history = [{"role": "user", "content": "参加创业意识培训，每人最高补贴多少钱？"}]
    answer = training.answer("那创办企业培训、网络创业培训和特色创业实训呢？", history)
    assert not answer.refused
    assert "1200元" in answer.text and "2000元" in answer.text and "2800元" in answer.text


@pytest.mark.unit
def test_a_shortened_word_is_said_by_its_full_form():
    assert abbreviated_in("个体户", "个体工商户按照简易程序办理注销登记")
    assert not abbreviated_in("个体户", "个人所得税按户申报")  # characters too far apart


@pytest.mark.unit
def test_a_kin_word_with_the_same_head_says_the_thing():
    assert kin_in("医药费", "跨市就医的医疗费用直接结算")
    assert not kin_in("医药费", "药品目录按季度调整")


@pytest.mark.unit
def test_counted_words_match_in_either_numerals():
    assert coverage(["两件", "辅具"], "辅具不得超过2件") == 1.0
    assert coverage(["三件"], "辅具不得超过2件") == 0.0
