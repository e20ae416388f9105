"""The start's objects are left out of the collection Streamlit makes after every run."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

from app import heap, warm
from app.auth import web


@pytest.fixture
def thawed() -> Iterator[None]:
    """This test process's own collector as it was, whatever the test froze."""
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("thawed")
def test_what_the_start_made_is_left_out_of_later_collections() -> None:
    made_at_start: list[object] = []
    heap.freeze_start_up()
    made_later: list[object] = []
    tracked = {id(item) for item in gc.get_objects()}
    assert id(made_at_start) not in tracked
    assert id(made_later) in tracked


@pytest.mark.usefixtures("thawed")
def test_the_start_s_garbage_is_freed_not_frozen() -> None:
    class Node:
        pass

    garbage = Node()
    garbage.self = garbage  # type: ignore[attr-defined]  # a cycle: only a collection frees it
    gone = weakref.ref(garbage)
    del garbage
    heap.freeze_start_up()
    assert gone() is None


def test_the_server_start_freezes_once_after_warming(monkeypatch: pytest.MonkeyPatch) -> None:
    steps: list[str] = []
    monkeypatch.setattr(web, "get_services", lambda: steps.append("services"))
    monkeypatch.setattr(warm, "warm", lambda: steps.append("warm"))
    monkeypatch.setattr(heap, "freeze_start_up", lambda: steps.append("freeze"))

    async def start_and_stop() -> None:
        async with web.with_auth()["lifespan"](None):
            steps.append("serving")

    asyncio.run(start_and_stop())
    assert steps == ["services", "warm", "freeze", "serving"]
