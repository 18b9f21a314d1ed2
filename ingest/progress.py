"""Ingest progress: phases with done/total counts, for the command line's bars and the app's bar.

Two kinds of listener, both optional:

- `progress(message, fraction)`: the app's callback (Streamlit `st.progress`), unchanged since
  before phases existed. It gets a Chinese message ("计算向量 320/1480 块") and the overall
  fraction 0..1, and the last call is always `("完成", 1.0)`.
- `on_step(Step)`: the structured form, with the phase, its counts and its unit. The command
  line draws one tqdm bar per phase from it (ingest/progress_bar.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class Step:
    """One report from inside a phase: `done` of `total` units are finished."""

    phase: str  # read | derive | embed | write
    label: str  # the phase's Chinese name
    unit: str  # what is counted: 文件 or 块
    done: int
    total: int
    item: str = ""  # the file being worked on, when there is one

    @property
    def message(self) -> str:
        text = f"{self.label} {self.done}/{self.total} {self.unit}"
        return f"{text}：{self.item}" if self.item else text


StepListener = Callable[[Step], None]

# phase -> (Chinese name, unit, share of the overall fraction where it starts, where it ends).
# Embedding dominates ingest time (docs/bench/bench.md: ~85 % of a build), so it gets most of the bar.
PHASES: dict[str, tuple[str, str, float, float]] = {
    "read": ("读取解析", "文件", 0.00, 0.10),
    "derive": ("分块与事实", "文件", 0.10, 0.15),
    "embed": ("计算向量", "块", 0.15, 0.90),
    "write": ("写入索引", "块", 0.90, 1.00),
}


class Reporter:
    """Fans one report out to both listeners; a phase with nothing to do still reports 0/0 once."""

    def __init__(self, progress: Progress | None = None, on_step: StepListener | None = None):
        self._progress = progress
        self._on_step = on_step

    def step(self, phase: str, done: int, total: int, item: str = "") -> None:
        label, unit, start, end = PHASES[phase]
        event = Step(phase, label, unit, done, total, item)
        if self._on_step is not None:
            self._on_step(event)
        if self._progress is not None:
            share = done / total if total else 1.0
            self._progress(event.message, start + (end - start) * min(max(share, 0.0), 1.0))

    def finished(self) -> None:
        if self._progress is not None:
            self._progress("完成", 1.0)
