"""The serve log's account of where a rebuild's time went."""

from __future__ import annotations

import time

import pytest

from sodocs.site import phases


def test_each_phase_runs_from_the_end_of_the_one_before(monkeypatch: pytest.MonkeyPatch) -> None:
    now = iter([10.0, 10.25, 11.0, 11.5, 11.75])
    monkeypatch.setattr(time, "perf_counter", lambda: next(now))
    clock = phases.Clock()
    clock.mark("settings")
    clock.mark("pages")
    clock.mark("settings")  # marked twice: one phase, the times add up
    clock.mark("publishing")
    assert clock.phases() == {"settings": 0.75, "pages": 0.75, "publishing": 0.25}
    assert clock.summary() == "1.75 s (settings 0.75 s, pages 0.75 s, publishing 0.25 s)"
    assert clock.summary((1, 0.2)).endswith("publishing 0.25 s, of it 1 full garbage collection 0.20 s)")
    assert clock.summary((3, 0.5)).endswith("of it 3 full garbage collections 0.50 s)")
