"""`python -m ingest --report` lists every consistency finding, then the JSON report line."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from core.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration


def test_report_lists_findings(built_index_env):
    proc = subprocess.run([sys.executable, "-m", "ingest", "--report"], cwd=PROJECT_ROOT, env=dict(os.environ),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    report = json.loads(lines[-1])
    assert report["added"] == 0 and report["unchanged"] == 1
    text = "\n".join(lines[:-1])
    assert "共发现 5 处" in text
    for fragment in ["生物医药", "4000亿元", "新一代智能终端", "节能环保", "高端合金材料（二（一）8）的分工行"]:
        assert fragment in text
    assert "Traceback" not in proc.stderr
