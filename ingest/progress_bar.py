"""The command line's progress: one tqdm bar per ingest phase, on stderr (stdout keeps the JSON line)."""
from __future__ import annotations

import sys
from typing import TextIO

from ingest.progress import Step


class PhaseBars:
    """An `on_step` listener for `ingest()`: opens a bar when a phase starts, closes it when the
    next one starts. The rate is in the phase's unit: 文件/s while reading, 块/s while embedding."""

    def __init__(self, stream: TextIO | None = None, *, disable: bool = False):
        self._stream = stream or sys.stderr
        self._disable = disable
        self._phase: str | None = None
        self._bar = None

    def __call__(self, step: Step) -> None:
        from tqdm import tqdm

        if step.phase != self._phase:
            self.close()
            self._phase = step.phase
            self._bar = tqdm(total=step.total, desc=step.label, unit=step.unit, file=self._stream,
                             disable=self._disable, dynamic_ncols=True, mininterval=0.5, leave=True)
        bar = self._bar
        if step.total != bar.total:  # a phase learns its size late (cache hits leave fewer chunks to embed)
            bar.total = step.total
        if step.done > bar.n:
            bar.update(step.done - bar.n)
        if step.item:
            bar.set_postfix_str(step.item, refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> "PhaseBars":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
