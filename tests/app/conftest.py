"""Fixtures for the app tests: the page run through AppTest on the session's built index,
and a real `streamlit run` server for the browser tests.

Every app test points POLICYQA_DATA_DIR at the data dir that `built_index` (tests/conftest.py)
builds once per session; `app_index` adds the app's working-corpus index there (reusing the
seed's embeddings), so the build happens once and the page starts warm.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from core.ports import free_port, stop_process
from core.settings import PROJECT_ROOT

APP_FILE = PROJECT_ROOT / "app.py"
APP_TIMEOUT = 120  # seconds for one script run (the first one loads the models)


@pytest.fixture(scope="session")
def app_index(built_index):
    """The app's own index (its working corpus `<data_dir>/corpus/`, seeded from `corpus/`),
    built once per session in the shared data dir. It starts from the seed index's embedding
    cache, so it costs seconds, not a second full embedding."""
    from ui import startup

    settings, _ = built_index
    startup.build_index(settings)
    assert startup.index_ready(settings)
    return settings


@pytest.fixture
def app_data_dir(app_index, built_index_env) -> Path:
    """The shared, already built data dir, exported as POLICYQA_DATA_DIR for this test."""
    settings, _ = built_index_env
    return Path(settings.data_dir)


@pytest.fixture
def new_app(app_data_dir):
    """A factory of fresh app sessions (each AppTest is a new browser session), already run once."""
    from streamlit.testing.v1 import AppTest

    def make():
        at = AppTest.from_file(str(APP_FILE), default_timeout=APP_TIMEOUT)
        at.run()
        assert not at.exception, at.exception
        return at

    return make


@pytest.fixture
def app(new_app):
    """One fresh app session, after its first run."""
    return new_app()


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"streamlit did not become healthy at {url} within {timeout} s")


@pytest.fixture(scope="module")
def streamlit_server(built_index, app_index, tmp_path_factory):
    """`streamlit run app.py` headless on a free local port, on the built index. Always stopped."""
    settings, _ = built_index
    port = free_port()
    log_path = tmp_path_factory.mktemp("streamlit-server") / "server.log"
    env = {**os.environ, "POLICYQA_DATA_DIR": str(settings.data_dir), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "streamlit", "run", str(APP_FILE), "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false"]
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(url, proc, timeout=90)
            yield url, log_path
        finally:
            stop_process(proc)


@pytest.fixture
def fresh_data_dir(_isolated_data_dir, built_index) -> Path:
    """This test's own empty data dir (POLICYQA_DATA_DIR), for tests that change the corpus.

    The seed index's embedding cache is put where a machine that ran `python -m ingest`
    has it, so the app's first start reuses it instead of embedding the seed again.
    """
    import shutil

    from core.settings import get_settings

    settings, _ = built_index
    source = settings.index_dir(settings.corpus_dir) / "embcache.sqlite"
    fresh = get_settings()
    assert Path(fresh.data_dir) == _isolated_data_dir
    target = fresh.index_dir(fresh.corpus_dir) / "embcache.sqlite"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return _isolated_data_dir


@pytest.fixture(scope="session")
def fixture_maker():
    """tests/fixtures/formats/make_fixtures.py (the fictional policy .docx and the bad files)."""
    import importlib.util

    path = PROJECT_ROOT / "tests" / "fixtures" / "formats" / "make_fixtures.py"
    spec = importlib.util.spec_from_file_location("format_fixture_maker", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
