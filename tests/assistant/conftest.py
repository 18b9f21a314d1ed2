import shutil

import pytest

from core.settings import PROJECT_ROOT


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
