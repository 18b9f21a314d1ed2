"""Questions typed with English words: a word glossed in Chinese is read as its gloss, and common
English words of public services are read as the Chinese the documents use."""
from __future__ import annotations

from assistant.normalize import normalize_question


def test_an_english_phrase_glossed_in_brackets_is_read_as_the_gloss():
    assert normalize_question("个体户想走simple deregistration（简易注销）吗") == "个体户想走简易注销吗"


def test_everyday_english_words_become_the_documents_chinese():
    text = normalize_question("foreigner能在网上apply社保卡吗？要去bank吗？")
    assert "外国人" in text and "申请" in text and "银行" in text
    assert not any(ch.isascii() and ch.isalpha() for ch in text)


def test_an_english_word_inside_a_longer_word_is_left_alone():
    assert "申请" not in normalize_question("我用的是applypie平台")
