"""Where a build's time went, phase by phase, for the serve log: a writer (and the serve benchmark) sees
what a rebuild after an edit spent on settings, files, navigation, pages and publishing.

This module does not import MkDocs.
"""

from __future__ import annotations

import time


class Clock:
    """Marks the end of each phase; the first phase starts when the clock is made."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.marks: list[tuple[str, float]] = []

    def mark(self, phase: str) -> None:
        """``phase`` ended now (a phase marked twice is one phase: the times add up)."""
        self.marks.append((phase, time.perf_counter()))

    def phases(self) -> dict[str, float]:
        """Seconds per phase, in the order they first ended."""
        out: dict[str, float] = {}
        last = self.started
        for phase, at in self.marks:
            out[phase] = out.get(phase, 0.0) + at - last
            last = at
        return out

    def summary(self, collections: tuple[int, float] | None = None) -> str:
        """"1.02 s (settings 0.05 s, …)"; with ``collections`` (count, seconds), the full garbage collections
        that ran in between too."""
        phases = self.phases()
        total = sum(phases.values())
        parts = [f"{name} {seconds:.2f} s" for name, seconds in phases.items()]
        if collections is not None:
            count, seconds = collections
            parts.append(f"of it {count} full garbage collection{'' if count == 1 else 's'} {seconds:.2f} s")
        return f"{total:.2f} s (" + ", ".join(parts) + ")"
