import shutil

import pytest

from core.settings import PROJECT_ROOT


def assistant_over(tmp_path_factory, files: dict[str, str], **settings):
    """An Assistant over documents written in a test: {file name: text}, in a corpus of their own."""
    from assistant.service import Assistant
    from core.settings import Settings

    corpus = tmp_path_factory.mktemp("written") / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return Assistant(Settings(data_dir=tmp_path_factory.mktemp("written-data"), corpus_dir=corpus, **settings), corpus)


@pytest.fixture(scope="module")
def seed_and_fiction(tmp_path_factory):
    """A corpus of the seed and the fictional article-style policy (tests/fixtures/corpus2), and a data dir."""
    corpus = tmp_path_factory.mktemp("two-docs") / "corpus"
    corpus.mkdir()
    fiction = PROJECT_ROOT / "tests" / "fixtures" / "corpus2"
    for path in list((PROJECT_ROOT / "corpus").glob("henan-*")) + list(fiction.glob("yunling-*")):
        shutil.copy(path, corpus)
    return corpus, tmp_path_factory.mktemp("two-docs-data")


@pytest.fixture(scope="module")
def assistant(built_index):
    from assistant.service import Assistant

    settings, index = built_index
    return Assistant(settings, index=index)


MATCHING_FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "matching"


@pytest.fixture(scope="session")
def matching_assistant(tmp_path_factory):
    """An Assistant over two fictional policies written for the matching tests (tests/fixtures/matching):
    星河市 headquarters support (tiers, a rate with a cap, a qualification; in force) and 海州市 talent
    housing (expired). Matching reads extracted facts, not retrieval, so the index uses the FAKE embedder."""
    from assistant.service import Assistant
    from core.settings import Settings
    from tests.fakes import HashEmbedder

    corpus = tmp_path_factory.mktemp("matching") / "corpus"
    shutil.copytree(MATCHING_FIXTURES, corpus)
    data = tmp_path_factory.mktemp("matching-data")
    settings = Settings(data_dir=data, corpus_dir=corpus, answer={"today": "2026-06-01"})
    return Assistant(settings, corpus, embedder=HashEmbedder())
