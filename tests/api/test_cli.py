"""`python -m api` refuses, in Chinese and before it binds, what it cannot serve."""
from __future__ import annotations

import subprocess
import sys

import pytest

from core.settings import PROJECT_ROOT

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("make", [lambda d: d / "missing", lambda d: d], ids=["missing-dir", "empty-dir"])
def test_a_corpus_without_files_is_a_chinese_error(tmp_path, make):
    result = subprocess.run([sys.executable, "-m", "api", "--corpus", str(make(tmp_path)), "--port", "1"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "语料目录" in result.stderr and "Traceback" not in result.stderr
