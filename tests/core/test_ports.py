"""Local servers: a free port can be bound, and a child that ignores SIGTERM is still stopped."""
from __future__ import annotations

import socket
import subprocess
import sys

from core.ports import free_port, stop_process


def test_a_free_port_can_be_bound():
    port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", port))


def test_a_child_that_ignores_terminate_is_killed():
    ignore = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(600)"
    proc = subprocess.Popen([sys.executable, "-c", ignore], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    stop_process(proc, timeout=1)
    assert proc.poll() is not None


def test_stopping_a_finished_child_is_harmless():
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    stop_process(proc)
    assert proc.returncode == 0
