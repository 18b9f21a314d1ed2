"""ui.conversations: a chat turn goes into the history store as plain data and comes back equal."""
from __future__ import annotations

import pytest

from core.records import Claim
from store.history import HistoryStore, new_conversation_id
from ui import chat, conversations

pytestmark = pytest.mark.unit


def test_a_turn_with_citations_round_trips_through_the_store(tmp_path):
    claim = Claim("某文件", "三（五）", "给予1000万元的创业资金支持", doc_id="d1", kind="fact", text="1000万元")
    turns = [chat.user_turn("引进两院院士团队能获得多少创业资金支持？", 500),
             chat.Turn("assistant", "给予1000万元。", "answer", "引进两院院士团队能获得多少创业资金支持？", (claim,),
                       ("前后不一致",), "说明", "facts")]
    store = HistoryStore.for_data_dir(tmp_path)
    cid = new_conversation_id()
    store.append(cid, [conversations.turn_to_dict(t) for t in turns], title="t")
    back = [conversations.turn_from_dict(d) for d in HistoryStore.for_data_dir(tmp_path).turns(cid)]
    assert back == turns
    assert back[1].citations[0].kind == "fact" and back[1].citations[0].text == "1000万元"
    assert chat.history_for(back) == chat.history_for(turns)
