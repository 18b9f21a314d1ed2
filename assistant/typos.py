"""Homophone typos mended against the corpus's own words: 幼儿圆 -> 幼儿园, 申邻 -> 申领, 饭唐 -> 饭堂.

A pinyin input method puts a character with the right sound in the wrong place. Such a typo
shows as a run of the question that the documents never contain while one of their words sounds
the same and differs from it in one character. Sounds are compared loosely, as southern speakers
type them: zh/z, ch/c, sh/s, n/l, in/ing and en/eng are one sound.

The mended word must be a dictionary word that the documents use, not a run across two words
(参保缴费 holds 保缴费). A longer run is mended when the documents use the word more often than
the typed character (a typo's character is one they hardly use: 每满一年积几分 is no typo of
一年级), or when the mended word with two neighbouring characters of the question is also in the
documents ("租赁备案" for 租赁备按). On its own a two-character homophone is too often chance ("我是"
and 我市), so a two-character run needs those neighbours ("长者饭堂" for 长者饭唐, "老年人优待卡"
for 老年人有待卡).
"""
from __future__ import annotations

import re
from functools import lru_cache

_HAN_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")
_LOOSE = ((re.compile(r"^zh"), "z"), (re.compile(r"^ch"), "c"), (re.compile(r"^sh"), "s"),
          (re.compile(r"^l"), "n"), (re.compile(r"(?<=[ie])ng$"), "n"))


@lru_cache(maxsize=20000)
def sound(char: str) -> str:
    """One character's toneless reading, loosened as above."""
    from pypinyin import lazy_pinyin

    reading = lazy_pinyin(char)[0]
    for pattern, repl in _LOOSE:
        reading = pattern.sub(repl, reading)
    return reading


def _key(word: str) -> tuple[str, ...]:
    return tuple(sound(ch) for ch in word)


class Homophones:
    """The corpus's words of 2-4 characters, by how they sound. Built once per index."""

    def __init__(self, words, in_corpus, corpus_count, function_words=frozenset()):
        self._in_corpus = in_corpus
        self._count = corpus_count
        self._function = function_words  # "老人想去长者饭堂": 去 is a word of its own, not a typo of 区
        self._by_sound: dict[tuple[str, ...], list[str]] = {}
        for word in words:
            if 2 <= len(word) <= 4 and _HAN_RUN_RE.fullmatch(word):
                self._by_sound.setdefault(_key(word), []).append(word)

    def mend(self, text: str) -> str:
        """The question with each homophone typo replaced by the documents' word."""
        for run in _HAN_RUN_RE.finditer(text):
            fixed = self._mend_run(run.group(0))
            if fixed != run.group(0):
                text = text[:run.start()] + fixed + text[run.end():]
        return text

    def _mend_run(self, run: str) -> str:
        """The typo is a character that stands alone in the run's segmentation (幼儿|圆), or one
        of a segment that the documents never use: a run of the documents' words (积分|直接)
        holds none."""
        from core.tokenizer import STOPWORDS, get_tokenizer

        at = 0
        for token in list(get_tokenizer().cut(run, HMM=False)):
            if len(token) == 1 and token not in STOPWORDS and token not in self._function and _HAN_RUN_RE.fullmatch(token):
                run = self._mend_at(run, at) or run
            elif 2 <= len(token) <= 4 and not self._in_corpus(token):
                run = next((fixed for j in range(len(token))
                            if (fixed := self._mend_piece(run, at, token, j))), run)
            at += len(token)
        return run

    def _mend_piece(self, run: str, i: int, piece: str, typo: int) -> str:
        word = self._word_for(run, i, piece, typo)
        return run[:i] + word + run[i + len(piece):] if word else ""

    def _mend_at(self, run: str, at: int) -> str:
        """The run with its character at `at` replaced, or "" when no word of the documents fits."""
        for size in (4, 3, 2):
            for i in range(max(0, at - size + 1), min(at, len(run) - size) + 1):
                piece = run[i:i + size]
                word = self._word_for(run, i, piece, at - i)
                if word:
                    return run[:i] + word + run[i + size:]
        return ""

    def _word_for(self, run: str, i: int, piece: str, typo: int) -> str:
        candidates = [w for w in self._by_sound.get(_key(piece), ())
                      if w[typo] != piece[typo] and w[:typo] == piece[:typo] and w[typo + 1:] == piece[typo + 1:]]
        if not candidates or self._in_corpus(piece):
            return ""
        from core.tokenizer import get_tokenizer

        freq = get_tokenizer().FREQ
        typed = self._count(piece[typo])
        before, after = run[max(0, i - 2):i], run[i + len(piece):i + len(piece) + 2]

        def in_context(w: str) -> bool:  # "租赁备按" -> 租赁备案, a run the documents have
            return (len(before) == 2 and self._in_corpus(before + w)) or (len(after) == 2 and self._in_corpus(w + after))

        candidates = [w for w in candidates if freq.get(w) and self._count(w) >= 2]
        if len(piece) == 2:
            candidates = [w for w in candidates if in_context(w)]
        else:
            candidates = [w for w in candidates if self._count(w) > typed or in_context(w)]
        return max(candidates, key=self._count) if candidates else ""
