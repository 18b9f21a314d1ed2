"""Fixtures for the ingest tests: format fixture files generated once per session."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_MAKER = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "make_fixtures.py"


def _load_maker():
    spec = importlib.util.spec_from_file_location("format_fixture_maker", _MAKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def fixture_maker():
    """The fixture-writing module (its constants are the expected texts)."""
    return _load_maker()


@pytest.fixture(scope="session")
def format_files(tmp_path_factory, fixture_maker) -> dict[str, Path]:
    """Every format fixture, written into a session temp dir (the 50 MB file is sparse)."""
    return fixture_maker.make_all(tmp_path_factory.mktemp("formats"))
