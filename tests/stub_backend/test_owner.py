"""Whose documents: the Bearer token's user, else the `anon_session` cookie's session, else a
fresh anonymous session whose cookie comes back on the response, whatever its status."""

import httpx

from tests.stub_backend.helpers import ANON_COOKIE, bearer, register, upload


def test_a_caller_without_cookie_gets_one_even_on_a_404(api: httpx.Client) -> None:
    response = api.get(f"/documents/{'0' * 32}")

    assert response.status_code == httpx.codes.NOT_FOUND
    assert ANON_COOKIE in response.cookies
    # The cookie names a stored session: the next request is recognised, not given a new one.
    assert "set-cookie" not in api.get("/session").headers


def test_a_bearer_caller_gets_no_anonymous_session(api: httpx.Client) -> None:
    token = register(api)["access_token"]

    response = api.get("/documents", headers=bearer(token))

    assert response.json() == {"items": [], "owner": "user"}
    assert "set-cookie" not in response.headers


def test_the_cookie_names_the_owner_when_there_is_no_token(api: httpx.Client) -> None:
    document = upload(api)

    listing = api.get("/documents").json()

    assert listing == {"items": [document], "owner": "anonymous"}


def test_the_default_upload_limit_is_10_mib(api: httpx.Client) -> None:
    limit = 10 * 1024 * 1024

    at_limit = api.post("/documents", files={"file": ("a.bin", b"x" * limit, "text/plain")})
    over = api.post("/documents", files={"file": ("b.bin", b"x" * (limit + 1), "text/plain")})

    assert at_limit.status_code == httpx.codes.CREATED
    assert over.status_code == httpx.codes.REQUEST_ENTITY_TOO_LARGE
