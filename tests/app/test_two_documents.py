"""The app with a second policy uploaded next to the seed (AppTest, real index, real model).

A user who adds one more document must still get the seed's example questions answered from
the seed: the question names a seed cluster, so the evidence scopes it, whatever else is loaded."""
from __future__ import annotations

import re

import pytest

from core.settings import PROJECT_ROOT

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SECOND = PROJECT_ROOT / "tests" / "fixtures" / "corpus3" / "qinglan-lowalt-2024.txt"
SEED_TITLE = "新兴产业集群发展的实施意见"


def _reply_text(at) -> str:
    reply = [m for m in at.chat_message if m.name == "assistant"][-1]
    return re.sub(r"\\(.)", r"\1", "\n".join(m.value for m in reply.markdown))


def test_the_seed_examples_stay_right_with_a_second_document(_isolated_data_dir):
    from streamlit.testing.v1 import AppTest

    from core.settings import get_settings
    from ui import startup, upload

    settings = get_settings()
    startup.build_index(settings)
    outcome = upload.add_files(settings, [(SECOND.name, SECOND.read_bytes())])
    assert outcome.ok and outcome.saved == [f"uploads/{SECOND.name}"]

    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=300)
    at.run()
    assert not at.exception, at.exception
    example = next(b for b in at.button if b.label == "新一代智能终端的牵头单位是谁？")
    example.click().run()
    lead = _reply_text(at)
    assert "省发展改革委" in lead and "抱歉" not in lead
    assert SEED_TITLE in lead  # two documents loaded: the answer names the one it rests on

    at.chat_input[0].set_value("智能制造装备的配合单位有哪些？").run()
    support = _reply_text(at)
    assert "抱歉" not in support
    assert "省发展改革委" in support and "科技厅" in support
    assert "青澜" not in support.split("引用依据")[0]  # nothing from the other document in the answer
