"""No page or route of the started app can be framed by another origin: Streamlit's page, its
assets and health check, and the app's own routes all say so, over real HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from app.settings import AppSettings
from e2e.servers import streamlit_app
from testbed import ServerProcess
from tests.app.test_failures import closed_port_url


def started(tmp_path: Path, **settings: str) -> Iterator[ServerProcess]:
    # The headers need no backend: nothing here reaches one.
    server = streamlit_app(tmp_path, closed_port_url(), settings=settings)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def every_kind_of_answer(server: ServerProcess) -> Iterator[tuple[str, httpx.Response]]:
    """One answer of each kind the app serves: pages, an asset, Streamlit's API, the routes."""
    with httpx.Client(base_url=server.url, timeout=10) as client:
        page = client.get("/")
        yield "the page", page
        yield "a deep link", client.get("/account")
        asset = re.search(r'src="\.?/?(static/[^"]+\.js)"', page.text)
        assert asset is not None, page.text[:500]
        yield "an asset", client.get("/" + asset.group(1))
        yield "the health check", client.get("/_stcore/health")
        own = {"Origin": server.url}
        yield "a route", client.post("/api/session/refresh", json={"nonce": "n"}, headers=own)
        yield "a download", client.get("/api/session/documents/d1/content")


@pytest.fixture
def app_server(tmp_path: Path) -> Iterator[ServerProcess]:
    yield from started(tmp_path)


@pytest.fixture
def embeddable_app(tmp_path: Path) -> Iterator[ServerProcess]:
    yield from started(tmp_path, APP_FRAME_ANCESTORS="'self' https://portal.example.com")


def test_every_answer_forbids_framing_by_another_origin(app_server: ServerProcess) -> None:
    for kind, answer in every_kind_of_answer(app_server):
        policies = answer.headers.get_list("content-security-policy")
        assert "frame-ancestors 'self'" in policies, (kind, answer.status_code, policies)
        assert answer.headers.get("x-frame-options") == "SAMEORIGIN", kind


def test_a_deployment_names_who_may_embed_it(embeddable_app: ServerProcess) -> None:
    for kind, answer in every_kind_of_answer(embeddable_app):
        policies = answer.headers.get_list("content-security-policy")
        assert "frame-ancestors 'self' https://portal.example.com" in policies, (kind, policies)
        # X-Frame-Options cannot name another origin; sent, it would forbid the embedding.
        assert "x-frame-options" not in answer.headers, kind


@pytest.mark.parametrize("value", ["'self'; script-src *", "'self', *", "  "])
def test_frame_ancestors_hold_one_directive_of_sources(value: str) -> None:
    with pytest.raises(ValidationError, match="APP_FRAME_ANCESTORS"):
        AppSettings(app_frame_ancestors=value)
