"""The README's commands as make would run them (`make -n`: printed, not run): everything goes
through the virtual environment .venv, and `make app` binds 127.0.0.1 unless HOST/PORT say otherwise."""
from __future__ import annotations

import subprocess

import pytest

from core.settings import PROJECT_ROOT

pytestmark = pytest.mark.unit


def dry_run(*args: str) -> str:
    proc = subprocess.run(["make", "-n", "--no-print-directory", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_make_app_binds_localhost_by_default_through_the_venv():
    out = dry_run("app")
    assert ".venv/bin/python -m streamlit run app.py" in out
    assert "--server.address 127.0.0.1 --server.port 8501" in out


def test_make_app_host_and_port_are_variables():
    out = dry_run("app", "HOST=0.0.0.0", "PORT=9123")
    assert "--server.address 0.0.0.0 --server.port 9123" in out


def test_a_fresh_checkout_creates_the_venv_and_installs_into_it(tmp_path):
    out = dry_run("python-deps", f"VENV={tmp_path / 'venv'}")
    assert f"python3 -m venv {tmp_path / 'venv'}" in out
    assert f"{tmp_path / 'venv'}/bin/python -m pip install -q -r requirements.txt" in out
    assert "\npip install" not in out and "sudo pip" not in out


def test_lint_runs_the_venv_tools():
    out = dry_run("lint")
    assert ".venv/bin/lint-imports --no-cache" in out and ".venv/bin/python -m ruff check ." in out
