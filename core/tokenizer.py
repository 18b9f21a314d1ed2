"""The one boundary to jieba: a module-owned Tokenizer with the project user dictionary.

Never touches jieba's global tokenizer. Loaded lazily, once, behind a lock.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import tempfile
import threading
from pathlib import Path

from core.vocabulary import USERDICT, userdict_fingerprint

_lock = threading.Lock()
_tokenizer = None

# Function words and punctuation that carry no meaning for search.
STOPWORDS = frozenset(
    "的 了 和 与 及 等 是 在 对 为 有 我 你 他 它 吗 呢 吧 啊 呀 么 什么 哪些 哪个 哪 多少 几 怎么 怎样 如何 "
    "请问 一下 可以 能 能否 是否 会 要 这个 那个 这 那 其 之 由 被 把 给 从 到 按 按照 以 并 或 还 也 都 "
    "就 又 已 将 该 各 每 中 上 下 里 个 请 告诉 我们 你们 他们 文件 政策 规定 情况 方面 相关 有关 "
    "哪几 几个 哪几个 哪一个 哪一些 什么样 啥".split()
)


def get_tokenizer():
    """The project's jieba.Tokenizer, initialised on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _load_tokenizer()
    return _tokenizer


def _load_tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    cache = _freq_cache_path(jieba)
    if cache is not None and _load_freq(tok, cache):
        return tok
    if USERDICT.exists():
        tok.load_userdict(str(USERDICT))
    tok.initialize()
    if cache is not None:
        _save_freq(tok, cache)
    return tok


def _freq_cache_path(jieba) -> Path | None:
    """Where the prefix dictionary with the user words is kept between processes.

    jieba's own cache is a marshal file that takes ~0.85 s to read here; the same dict as a
    pickle takes ~0.3 s, the largest single saving in a cold start. It lives in the cache dir,
    not with an index, because it derives from installed files only: jieba's version, its
    dictionary file and our user dictionary are its key."""
    try:
        from core.settings import get_settings

        base = Path(get_settings().cache_dir)
        dict_file = Path(jieba.__file__).resolve().parent / "dict.txt"
        stat = dict_file.stat()
        key = f"{jieba.__version__}-{stat.st_size}-{int(stat.st_mtime)}-{userdict_fingerprint()}"
        return base / f"jieba-freq-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pickle"
    except Exception:  # settings invalid or jieba laid out differently: jieba's own cache only
        return None


def _load_freq(tok, path: Path) -> bool:
    try:
        if not path.is_file() or path.stat().st_uid != os.getuid():
            return False
        with path.open("rb") as fh:
            freq, total = pickle.load(fh)
    except Exception:  # truncated or stale file: rebuild it
        return False
    if not isinstance(freq, dict) or not isinstance(total, (int, float)):
        return False
    tok.FREQ, tok.total, tok.initialized = freq, total, True
    return True


def _save_freq(tok, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jieba-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((tok.FREQ, tok.total), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # read-only data dir: next start reads jieba's cache again
        logging.getLogger(__name__).debug("jieba prefix-dict cache not written", exc_info=True)


_cut_lock = threading.Lock()
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")


def cut(text: str, *, keep_space: bool = False) -> list[str]:
    """Precise-mode segmentation (jieba's Tokenizer is not documented as thread-safe).

    With keep_space the pieces join back to exactly `text`."""
    tok = get_tokenizer()
    with _cut_lock:
        words = tok.lcut(text, HMM=True)
    return words if keep_space else [w for w in words if w.strip()]


def search_terms(text: str) -> list[str]:
    """Tokens for BM25 and overlap scoring: search-mode cut, no stopwords or punctuation."""
    from core.textnorm import fold

    tok = get_tokenizer()
    with _cut_lock:
        words = tok.lcut_for_search(fold(text), HMM=True)
    return [w for w in words if _is_content(w)]


def _is_content(word: str) -> bool:
    word = word.strip()
    if not word or word in STOPWORDS:
        return False
    return any(ch.isalnum() for ch in word)


def bm25_terms(text: str) -> list[str]:
    """search_terms plus the characters of words jieba's HMM made up.

    For text outside its dictionary jieba's HMM joins characters into ad-hoc words, and it
    joins them differently in a question than in the document ("买云服务" gives 买云 / 服务,
    "购买云服务" gives 购买 / 云 / 服务). Adding the single characters of such words lets BM25
    match them; dictionary words are kept as they are."""
    tok = get_tokenizer()
    out = []
    for word in search_terms(text):
        out.append(word)
        if len(word) >= 2 and not tok.FREQ.get(word) and _HAN_WORD.fullmatch(word):
            out.extend(ch for ch in word if _is_content(ch))
    return out
