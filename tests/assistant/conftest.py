import pytest


@pytest.fixture(scope="module")
def assistant(built_index):
    from assistant.service import Assistant

    settings, index = built_index
    return Assistant(settings, index=index)
