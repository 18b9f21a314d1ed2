"""`python -m assistant match --profile P.json [--corpus DIR] [--json]` (DESIGN §6)."""
from __future__ import annotations

import json
import shutil

import pytest

from assistant.__main__ import main
from core.settings import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "matching"


def _profile(tmp_path, data) -> str:
    path = tmp_path / "p.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.mark.unit
@pytest.mark.parametrize("data, words", [
    ("{not json", "不是有效的 JSON"),
    ({"tax_wan": "两千万"}, "tax_wan"),
    ({"employees": -1}, "不能为负数"),
])
def test_a_bad_profile_file_is_a_chinese_message_and_exit_1(tmp_path, capsys, data, words):
    assert main(["match", "--profile", _profile(tmp_path, data)]) == 1
    captured = capsys.readouterr()
    assert words in captured.err and "Traceback" not in captured.err and captured.out == ""


@pytest.mark.integration
def test_json_output_is_one_match_object(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    profile = {"region": "星河市", "tax_wan": 3500, "text": "我们是总部企业。", "colour": "蓝"}
    assert main(["match", "--profile", _profile(tmp_path, profile), "--corpus", str(corpus), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"profile", "matches", "notes"}
    first = result["matches"][0]
    assert {"doc", "clause", "measure", "status", "amount", "met", "unmet", "unknown", "validity", "quote"} <= set(first)
    assert first["status"] == "符合" and first["clause"] == "第三条" and first["amount"] == "500万元"
    assert any("colour" in n for n in result["notes"])
    assert main(["match", "--profile", _profile(tmp_path, profile), "--corpus", str(corpus)]) == 0
    text = capsys.readouterr().out
    assert "【符合】" in text and "第三条" in text and "原文：" in text
