"""store.history: conversations and their turns survive a new store on the same file; delete removes them."""
from __future__ import annotations

import threading

import pytest

from store.history import HistoryStore, new_conversation_id, title_for

pytestmark = pytest.mark.unit

QUESTION = {"role": "user", "content": "引进两院院士团队能获得多少创业资金支持？", "kind": "answer"}
ANSWER = {"role": "assistant", "content": "给予最高1000万元的创业资金支持。", "kind": "answer",
          "citations": [{"doc": "某文件", "clause": "三（五）", "quote": "1000万元的创业资金支持", "doc_id": "d1",
                         "kind": "quote", "text": ""}]}


def test_turns_come_back_in_order_from_a_new_store(tmp_path):
    cid = new_conversation_id()
    HistoryStore.for_data_dir(tmp_path).append(cid, [QUESTION, ANSWER], title=title_for(QUESTION["content"]))
    HistoryStore.for_data_dir(tmp_path).append(cid, [{"role": "user", "content": "那具体是哪一条？"}])
    again = HistoryStore.for_data_dir(tmp_path)  # as after a restart
    turns = again.turns(cid)
    assert [t["content"] for t in turns] == [QUESTION["content"], ANSWER["content"], "那具体是哪一条？"]
    assert turns[1]["citations"][0]["clause"] == "三（五）"
    [conversation] = again.conversations()
    assert conversation.conversation_id == cid and conversation.turns == 3
    assert conversation.title == QUESTION["content"]


def test_list_is_most_recent_first_and_delete_removes_one(tmp_path):
    store = HistoryStore.for_data_dir(tmp_path)
    first, second = new_conversation_id(), new_conversation_id()
    store.append(first, [QUESTION], title="第一次")
    store.append(second, [QUESTION], title="第二次")
    assert [c.title for c in store.conversations()] == ["第二次", "第一次"]
    assert store.delete(second)
    assert [c.title for c in store.conversations()] == ["第一次"]
    assert store.turns(second) is None
    assert store.turns(first)
    assert not store.delete(second)


def test_unknown_conversation_and_missing_file(tmp_path):
    store = HistoryStore.for_data_dir(tmp_path / "nothing-yet")
    assert store.turns("abc") is None
    assert store.conversations() == []
    assert not store.delete("abc")
    assert not (tmp_path / "nothing-yet").exists(), "reading creates no file"


def test_long_question_title_is_cut():
    title = title_for("请问" * 40)
    assert title.endswith("……") and len(title) == 32


def test_concurrent_appends_keep_every_turn(tmp_path):
    store = HistoryStore.for_data_dir(tmp_path)
    cid = new_conversation_id()

    def add(i: int) -> None:
        store.append(cid, [{"role": "user", "content": f"问题{i}"}])

    threads = [threading.Thread(target=add, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(t["content"] for t in store.turns(cid)) == sorted(f"问题{i}" for i in range(8))
