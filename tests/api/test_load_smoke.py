"""The locust scenario runs headless for a few seconds with 2 users against the real server.

The load test itself (`make load`, `python -m eval.load`) is not part of the default run."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from core.settings import PROJECT_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

LOCUSTFILE = PROJECT_ROOT / "eval" / "load" / "locustfile.py"


def test_locust_scenario_runs_headless_without_errors(api_server, tmp_path):
    out = tmp_path / "samples.json"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LOAD_SEED_URL": api_server.url,
           "LOAD_MULTI_URL": api_server.url, "LOAD_WAIT": "0,0.2", "LOAD_OUT": str(out)}
    result = subprocess.run([sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "-u", "2",
                             "-r", "2", "-t", "4s", "--stop-timeout", "20", "--only-summary"],
                            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    samples = json.loads(out.read_text(encoding="utf-8"))["samples"]
    assert samples and all(ok for _, _, ok, _, _ in samples)
    assert {name.split(" ", 1)[0] for name, *_ in samples} <= {"seed", "multi"}
