"""GET /healthz, at no prefix: what start-up scripts and fixtures poll."""

import httpx

from tests.stub_server import StubServer


def test_healthz_answers_ok_at_no_prefix(stub_server: StubServer) -> None:
    response = httpx.get(f"{stub_server.base_url}/healthz")

    assert response.status_code == httpx.codes.OK
    assert response.json() == {"status": "ok"}


def test_healthz_is_not_under_the_api_prefix(api: httpx.Client) -> None:
    assert api.get("/healthz").status_code == httpx.codes.NOT_FOUND
