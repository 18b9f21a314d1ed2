"""Upload and delete behind the bearer token, on a real uvicorn process (see conftest.py)."""
from __future__ import annotations

import base64

import httpx
import pytest

from tests.api.test_endpoints import chinese_detail
from tests.conftest import SEED_FILE

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

# A made-up document for this test only.
UPLOAD_NAME = "星河市数字文创扶持办法.txt"
UPLOAD_TEXT = """星河市数字文创产业扶持办法

第一条 为促进星河市数字文创产业发展，制定本办法。
第二条 本办法适用于在星河市注册的数字文创企业。
第三条 对新认定的星河市数字文创示范企业，一次性给予68万元奖励。
第四条 本办法由星河市文化广电局负责解释。
"""


def _upload_body(name: str, data: bytes) -> dict:
    return {"files": [{"name": name, "content_base64": base64.b64encode(data).decode()}]}


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _files(client) -> set[str]:
    return {row["file"] for row in client.get("/v1/documents").json()}


def test_upload_then_delete_changes_the_documents_and_the_answers(client, api_server):
    body = _upload_body(UPLOAD_NAME, UPLOAD_TEXT.encode("utf-8"))
    uploaded = client.post("/v1/documents", json=body, headers=_auth(api_server.token))
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["saved"] == [f"uploads/{UPLOAD_NAME}"]
    assert f"uploads/{UPLOAD_NAME}" in _files(client)
    assert client.get("/healthz").json()["documents"] == 2

    line = client.post("/v1/ask", json={"question": "星河市数字文创示范企业能拿到多少奖励？"}).json()
    assert "68万元" in line["answer"]
    assert any(c["clause"] == "第三条" for c in line["citations"])

    deleted = client.delete(f"/v1/documents/uploads/{UPLOAD_NAME}", headers=_auth(api_server.token))
    assert deleted.status_code == 200, deleted.text
    assert _files(client) == {SEED_FILE.name}
    assert client.get("/healthz").json()["documents"] == 1


def test_upload_and_delete_need_the_right_token(client, api_server):
    body = _upload_body("x.txt", "第一条 测试。".encode())
    for headers in ({}, _auth("wrong-token"), {"Authorization": api_server.token}):
        response = client.post("/v1/documents", json=body, headers=headers)
        assert response.status_code == 401
        assert "令牌" in chinese_detail(response)
        response = client.delete(f"/v1/documents/{SEED_FILE.name}", headers=headers)
        assert response.status_code == 401
    assert _files(client) == {SEED_FILE.name}


def test_without_a_configured_token_the_corpus_cannot_be_changed(api_server_no_token):
    with httpx.Client(base_url=api_server_no_token.url, timeout=60) as c:
        body = _upload_body("x.txt", "第一条 测试。".encode())
        for headers in ({}, _auth("anything"), {"Authorization": "Bearer"}):
            response = c.post("/v1/documents", json=body, headers=headers)
            assert response.status_code == 403
            assert "POLICYQA_API__TOKEN" in chinese_detail(response)
            assert c.delete("/v1/documents/uploads/x.txt", headers=headers).status_code == 403
        assert c.get("/v1/documents").status_code == 200  # reading stays open


def test_only_uploaded_files_can_be_deleted(client, api_server):
    seed = client.delete(f"/v1/documents/{SEED_FILE.name}", headers=_auth(api_server.token))
    assert seed.status_code == 404
    chinese_detail(seed)
    outside = client.delete("/v1/documents/uploads/../henan-10plus8-2017.txt", headers=_auth(api_server.token))
    assert outside.status_code == 404
    assert SEED_FILE.name in _files(client)


def test_bad_uploads_are_refused_in_chinese(client, api_server):
    headers = _auth(api_server.token)
    bad_base64 = client.post("/v1/documents", json={"files": [{"name": "a.txt", "content_base64": "%%%"}]},
                             headers=headers)
    assert bad_base64.status_code == 422 and "base64" in chinese_detail(bad_base64)
    empty = client.post("/v1/documents", json=_upload_body("空文件.txt", b""), headers=headers)
    assert empty.status_code == 422
    assert "空文件.txt" in chinese_detail(empty)
    no_files = client.post("/v1/documents", json={"files": []}, headers=headers)
    assert no_files.status_code == 422
    chinese_detail(no_files)
    assert _files(client) == {SEED_FILE.name}
