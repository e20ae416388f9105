"""An address that is no page answers 404 with a page saying so, over real HTTP from the
started app, at the root and under a path prefix; every page, asset and route still answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.navigation import addresses
from e2e.servers import streamlit_app
from testbed import ServerProcess
from tests.app.test_failures import closed_port_url

PREFIX = "/tools/auth"


@pytest.fixture(scope="module", params=["", PREFIX], ids=["at the root", "under a prefix"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServerProcess, str]]:
    workdir: Path = tmp_path_factory.mktemp("app")
    # Nothing here reaches a backend.
    server = streamlit_app(workdir, closed_port_url(), base_path=request.param)
    try:
        server.start()
        yield server, request.param
    finally:
        server.stop()


@pytest.mark.parametrize("path", ["/no-such-page", "/acount", "/account/settings", "/home/x/y"])
def test_an_address_that_is_no_page_says_so_with_a_way_back(
    served: tuple[ServerProcess, str], path: str
) -> None:
    server, prefix = served
    answer = httpx.get(server.url + prefix + path, timeout=10)
    assert answer.status_code == 404
    assert "<h1>Page not found</h1>" in answer.text
    assert f'<a href="{prefix}/">Go to the start page</a>' in answer.text
    assert path.strip("/") not in answer.text  # the address is not echoed into the page
    assert "frame-ancestors 'self'" in answer.headers["content-security-policy"]


def test_every_page_asset_and_route_still_answers(served: tuple[ServerProcess, str]) -> None:
    server, prefix = served
    with httpx.Client(base_url=server.url + prefix, timeout=10) as client:
        for page in ["/", *(f"/{address}" for address in sorted(addresses()))]:
            assert client.get(page).status_code == 200, page
        root = client.get("/")
        asset = re.search(r'src="\.?/?(static/[^"]+\.js)"', root.text)
        assert asset is not None
        assert client.get("/" + asset.group(1)).status_code == 200
        assert client.get("/_stcore/health").status_code == 200
        assert client.get("/favicon.png").status_code == 200
        refresh = client.post("/api/session/refresh", json={"nonce": "n"})
        assert refresh.status_code != 404
