"""/healthz, /v1/ask, /v1/match, /v1/documents on a real uvicorn process (see conftest.py)."""
from __future__ import annotations

import re

import httpx
import pytest

from tests.conftest import SEED_FILE

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

SEED_TITLE = "河南省人民政府办公厅关于加快推进10+8新兴产业集群发展的实施意见"
TALENT_QUESTION = "引进两院院士有什么资金支持？"  # the one question the issue requires
_CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese_detail(response: httpx.Response) -> str:
    """The response is JSON with a Chinese `detail` and no traceback; returns the detail."""
    body = response.json()
    detail = body["detail"]
    assert isinstance(detail, str) and _CJK.search(detail), body
    assert "Traceback" not in response.text and 'File "' not in response.text
    return detail


def test_healthz_counts_the_open_index(client):
    assert client.get("/healthz").json() == {"status": "ok", "documents": 1}


def test_binds_loopback_by_default(api_server):
    assert f"Uvicorn running on {api_server.url}" in api_server.log()


def test_ask_gives_one_eval_line_with_the_amount_and_its_clause(client):
    line = client.post("/v1/ask", json={"id": "q1", "question": TALENT_QUESTION, "history": []}).json()
    assert set(line) >= {"id", "question", "answer", "citations", "refused", "latency_ms"}
    assert line["id"] == "q1" and line["question"] == TALENT_QUESTION and line["refused"] is False
    assert "1000万元" in line["answer"]
    seed_text = SEED_FILE.read_text(encoding="utf-8")
    assert any(c["clause"] == "三（五）" and c["doc"] == SEED_TITLE for c in line["citations"])
    assert all(c["quote"] and c["quote"] in seed_text for c in line["citations"])


def test_ask_within_a_chosen_document_and_an_unknown_one(client):
    ok = client.post("/v1/ask", json={"question": TALENT_QUESTION, "docs": [SEED_TITLE]})
    assert ok.status_code == 200 and "1000万元" in ok.json()["answer"]
    unknown = client.post("/v1/ask", json={"question": TALENT_QUESTION, "docs": ["不存在的文件"]})
    assert unknown.status_code == 422 and "不存在的文件" in chinese_detail(unknown)


def test_ask_refuses_what_the_documents_do_not_cover(client):
    line = client.post("/v1/ask", json={"question": "明天郑州会下雨吗？"}).json()
    assert line["refused"] is True and _CJK.search(line["answer"])


def test_documents_lists_the_seed_with_its_clause_count(client):
    rows = client.get("/v1/documents").json()
    seed = next(r for r in rows if r["file"] == SEED_FILE.name)
    assert seed["doc"] == SEED_TITLE
    assert seed["status"] in ("现行有效", "已失效", "尚未生效", "未注明")
    assert seed["clauses"] > 50


def test_match_returns_the_match_object(client):
    profile = {"region": "河南省郑州市", "industry": "新能源汽车零部件", "entity": "enterprise",
               "revenue_wan": 50000, "facts": {"拟引进人才": "两院院士团队"}}
    result = client.post("/v1/match", json=profile)
    assert result.status_code == 200
    body = result.json()
    assert isinstance(body["profile"], dict) and isinstance(body["matches"], list) and isinstance(body["notes"], list)
    for match in body["matches"]:
        assert {"doc", "clause", "measure", "status", "amount", "met", "unmet", "unknown", "validity",
                "quote"} <= set(match)
        assert match["status"] in ("符合", "可能符合", "不符合")
    statuses = [m["status"] for m in body["matches"]]
    assert statuses == sorted(statuses, key=lambda s: s != "符合")


def test_match_needs_a_json_object(client):
    response = client.post("/v1/match", json=["不是画像"])
    assert response.status_code == 422
    chinese_detail(response)


@pytest.mark.parametrize("body, status, words", [
    (b'{"question": "\xe4\xbd\xa0', 422, "JSON"),  # cut off mid-string
    (b'{}', 422, "question"),
    (b'{"question": 12}', 422, "question"),
    (b'{"question": "   "}', 422, "问题"),
    (b'{"question": "x", "history": "not a list"}', 422, "history"),
    (b'{"question": "x", "history": [{"role": "robot", "content": "hi"}]}', 422, "role"),
], ids=["bad-json", "missing-question", "number-question", "blank-question", "history-not-list", "bad-role"])
def test_bad_ask_requests_get_a_chinese_4xx(client, body, status, words):
    response = client.post("/v1/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    assert words in chinese_detail(response)


def test_a_question_over_the_length_limit_is_rejected_with_the_limit(client):
    response = client.post("/v1/ask", json={"question": "企业" * 400})
    assert response.status_code == 422
    assert "500" in chinese_detail(response)


def test_a_body_over_the_size_limit_is_rejected_before_parsing(client):
    response = client.post("/v1/ask", json={"question": "长" * 300_000})
    assert response.status_code == 413
    chinese_detail(response)


def test_unknown_path_and_wrong_method_are_chinese(client):
    missing = client.get("/v1/nothing-here")
    assert missing.status_code == 404 and "/v1/nothing-here" in chinese_detail(missing)
    wrong = client.get("/v1/ask")
    assert wrong.status_code == 405
    chinese_detail(wrong)
