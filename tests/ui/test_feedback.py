"""Feedback: append-only JSONL in the data dir, read back after a restart, exported as eval candidates."""
from __future__ import annotations

import json
import threading

import pytest

from core.settings import Settings
from ui.feedback import FILE_NAME, THUMBS_DOWN, THUMBS_UP, FeedbackEntry, FeedbackStore

pytestmark = pytest.mark.unit

CITATION = {"doc": "河南省文件", "clause": "三（五）", "quote": "省给予不低于1000万元的创业资金支持；"}


def _entry(**changes) -> FeedbackEntry:
    values = dict(question="引进两院院士团队能获得多少创业资金支持？", answer="据三（五）：……不低于1000万元……",
                  rating=THUMBS_UP, citations=[CITATION], comment="", route="extractive")
    values.update(changes)
    return FeedbackEntry(**values)


def test_store_lives_in_the_data_dir(tmp_path):
    store = FeedbackStore.for_settings(Settings(data_dir=tmp_path / "data"))
    assert store.path == tmp_path / "data" / FILE_NAME
    assert store.load() == []  # no file yet
    store.append(_entry())
    assert store.path.exists()


def test_append_and_reload_after_restart(tmp_path):
    path = tmp_path / FILE_NAME
    FeedbackStore(path).append(_entry(comment="很有用"))
    FeedbackStore(path).append(_entry(rating=THUMBS_DOWN, comment="缺少申报流程"))
    reloaded = FeedbackStore(path).load()  # a new object, as after a restart
    assert [(e.rating, e.comment) for e in reloaded] == [(THUMBS_UP, "很有用"), (THUMBS_DOWN, "缺少申报流程")]
    first = reloaded[0]
    assert first.question.startswith("引进两院院士") and first.citations == [CITATION] and first.time


def test_lines_are_only_appended(tmp_path):
    path = tmp_path / FILE_NAME
    store = FeedbackStore(path)
    store.append(_entry(comment="一"))
    before = path.read_bytes()
    store.append(_entry(comment="二"))
    after = path.read_bytes()
    assert after.startswith(before)
    records = [json.loads(line) for line in after.decode("utf-8").splitlines()]
    assert [r["comment"] for r in records] == ["一", "二"]
    assert set(records[0]) >= {"question", "answer", "citations", "rating", "comment", "time"}
    assert "👍" in after.decode("utf-8")  # stored readable, not \\u-escaped


def test_damaged_lines_are_skipped(tmp_path, caplog):
    path = tmp_path / FILE_NAME
    store = FeedbackStore(path)
    store.append(_entry(comment="好"))
    with path.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n\n")
        fh.write(json.dumps({"question": "q", "answer": "a", "rating": "bad"}) + "\n")
    store.append(_entry(comment="也好"))
    with caplog.at_level("WARNING", logger="policyqa.feedback"):
        entries = store.load()
    assert [e.comment for e in entries] == ["好", "也好"]
    assert len([r for r in caplog.records if "damaged" in r.getMessage()]) == 2


def test_rating_must_be_a_thumb():
    with pytest.raises(ValueError):
        _entry(rating="5")


def test_concurrent_appends_keep_every_line_whole(tmp_path):
    path = tmp_path / FILE_NAME
    stores = [FeedbackStore(path) for _ in range(4)]

    def write(n: int) -> None:
        for i in range(25):
            stores[n % 4].append(_entry(comment=f"会话{n}-{i}", answer="长答案" * 200))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    entries = FeedbackStore(path).load()
    assert len(entries) == 200
    assert len({e.comment for e in entries}) == 200


def test_summary_counts(tmp_path):
    store = FeedbackStore(tmp_path / FILE_NAME)
    store.append(_entry())
    store.append(_entry(rating=THUMBS_DOWN))
    store.append(_entry())
    assert store.summary() == {"total": 3, THUMBS_UP: 2, THUMBS_DOWN: 1}


def test_export_eval_candidates_in_the_gold_shape(tmp_path):
    store = FeedbackStore(tmp_path / FILE_NAME)
    assert store.export_eval_candidates() == ""
    history = [{"role": "user", "content": "新一代智能终端由哪个单位牵头？"}, {"role": "assistant", "content": "省发展改革委"}]
    store.append(_entry(history=history))
    store.append(_entry(rating=THUMBS_DOWN, comment="漏了1亿元那句", refused=False))
    lines = store.export_eval_candidates().splitlines()
    assert len(lines) == 2
    good, bad = (json.loads(line) for line in lines)
    assert good["id"] == "fb-0001" and good["category"] == "feedback"
    assert good["question"].startswith("引进两院院士")
    assert good["history"] == [history[0]]  # user turns only, as the eval contract allows
    assert good["expect"] == {"refused": False, "must_include": [], "clauses": ["三（五）"]}
    assert "confirmed" in good["tags"]
    assert bad["expect"] == {} and "needs_review" in bad["tags"]
    assert bad["feedback"]["comment"] == "漏了1亿元那句" and bad["feedback"]["rating"] == THUMBS_DOWN
