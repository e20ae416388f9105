"""Fixtures shared by every test package."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.stub_server import StubServer, running_stub


@pytest.fixture
def stub_server(tmp_path: Path) -> Iterator[StubServer]:
    """A real stub backend with test controls, its own database, and a fixed JWT secret."""
    with running_stub(tmp_path) as server:
        yield server
