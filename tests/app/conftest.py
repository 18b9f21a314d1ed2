"""Fixtures for the app tests: the page run through AppTest on the session's built index,
and a real `streamlit run` server for the browser tests.

Every app test points POLICYQA_DATA_DIR at the index that `built_index` (tests/conftest.py)
builds once per session, so the ~15 s build happens once and the page starts warm.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT

APP_FILE = PROJECT_ROOT / "app.py"
APP_TIMEOUT = 120  # seconds for one script run (the first one loads the models)


@pytest.fixture
def app_data_dir(built_index_env) -> Path:
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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
def streamlit_server(built_index, tmp_path_factory):
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
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
