"""Fixtures for the stub backend's tests: an HTTP client on a real stub server."""

from collections.abc import Iterator

import httpx
import pytest

from tests.stub_server import StubServer


@pytest.fixture
def api(stub_server: StubServer) -> Iterator[httpx.Client]:
    """A client of the stub's `/api/v1`, with its own cookie jar (one browser)."""
    with httpx.Client(base_url=f"{stub_server.base_url}/api/v1", timeout=30.0) as client:
        yield client
