"""The build keeps long-lived objects out of full garbage collections, and pauses them in serve rebuilds."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from sodocs.core import heap


@pytest.fixture(autouse=True)
def _collector_as_it_was() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()


def test_settled_objects_are_out_of_the_collections_until_thawed() -> None:
    gc.unfreeze()
    kept = [[n] for n in range(1000)]
    heap.settle()
    assert gc.get_freeze_count() >= len(kept)
    heap.thaw()
    assert gc.get_freeze_count() == 0


def test_a_settled_cycle_is_collected_once_thawed() -> None:
    gc.collect()
    gc.unfreeze()

    class Node:
        other: object = None

    a, b = Node(), Node()
    a.other, b.other = b, a
    del a, b
    heap.settle()
    assert gc.collect() == 0  # out of sight while settled
    heap.thaw()
    assert gc.collect() >= 2


def test_the_settler_settles_every_so_many_pages() -> None:
    gc.unfreeze()
    settler = heap.Settler(every=3)
    settler.tick()
    settler.tick()
    assert gc.get_freeze_count() == 0
    settler.tick()
    assert gc.get_freeze_count() > 0


def test_pause_and_resume() -> None:
    heap.pause()
    assert not gc.isenabled()
    heap.resume()
    assert gc.isenabled()


def test_full_collections_are_counted_and_timed() -> None:
    observer = heap.full_collections()
    assert heap.full_collections() is observer
    observer.take()
    gc.collect(1)  # not a full one
    assert observer.take()[0] == 0
    gc.collect()
    gc.collect()
    count, seconds = observer.take()
    assert count == 2 and seconds > 0
    assert observer.take() == (0, 0.0)
