"""The app's routes: same-origin JSON only, one-time tickets, HttpOnly cookies, and answers
that carry only a sealed outcome, never a token."""

from __future__ import annotations

import httpx
import pytest

from app.auth.binding import BINDING_COOKIE, fingerprint
from app.auth.cookies import seal_anon
from app.auth.outcomes import open_outcome
from app.auth.routes import COOKIES_PATH, LOGOUT_PATH, REFRESH_PATH
from app.services import get_services

BOUND = {BINDING_COOKIE: "this-browsers-binding-cookie"}


@pytest.fixture
def routes(app_routes: str) -> httpx.Client:
    client = httpx.Client(base_url=app_routes, headers={"Origin": app_routes}, timeout=10)
    client.cookies.update(BOUND)
    return client


def ticket(anon: str | None = None, browser: str | None = None) -> str:
    """A ticket as the session issues it: cookie values sealed inside it, bound to the browser
    (the `routes` client's binding cookie unless another is named)."""
    services = get_services()
    changes: dict[str, object] = {"clear": [], "browser": browser or fingerprint(BOUND)}
    if anon is not None:
        changes["anon"] = seal_anon(services.sealer, anon, fingerprint(BOUND))
    return services.tickets.issue(changes)


def outcome_kind(response: httpx.Response, nonce: str) -> str | None:
    outcome = open_outcome(get_services().sealer, response.json().get("outcome"), nonce)
    return outcome.kind if outcome else None


def test_a_ticket_sets_an_http_only_strict_cookie_and_answers_only_a_sealed_outcome(
    routes: httpx.Client,
) -> None:
    response = routes.post(COOKIES_PATH, json={"ticket": ticket(anon="abc"), "nonce": "n1"})
    assert response.status_code == httpx.codes.OK
    assert list(response.json()) == ["outcome"]
    assert outcome_kind(response, "n1") == "stored"
    assert outcome_kind(response, "another-nonce") is None
    [set_cookie] = response.headers.get_list("set-cookie")
    assert set_cookie.startswith("stauth_anon=")
    assert "HttpOnly" in set_cookie
    assert "samesite=strict" in set_cookie.lower()
    assert "Path=/" in set_cookie
    assert "abc" not in set_cookie  # sealed, not in clear


def test_a_ticket_is_refused_the_second_time(routes: httpx.Client) -> None:
    once = ticket(anon="abc")
    assert routes.post(COOKIES_PATH, json={"ticket": once, "nonce": "n1"}).is_success
    replay = routes.post(COOKIES_PATH, json={"ticket": once, "nonce": "n2"})
    assert replay.status_code == httpx.codes.BAD_REQUEST
    assert replay.json() == {"detail": "The ticket is invalid, expired or used."}


def test_a_forged_ticket_is_refused(routes: httpx.Client) -> None:
    response = routes.post(COOKIES_PATH, json={"ticket": "gAAAAAforged", "nonce": "n1"})
    assert response.status_code == httpx.codes.BAD_REQUEST
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize("origin", [None, "http://evil.example", "null"])
def test_a_cross_origin_or_originless_call_is_403(app_routes: str, origin: str | None) -> None:
    headers = {"Origin": origin} if origin else {}
    body = {"ticket": ticket(anon="abc"), "nonce": "n1"}
    response = httpx.post(app_routes + COOKIES_PATH, json=body, headers=headers)
    assert response.status_code == httpx.codes.FORBIDDEN
    assert "set-cookie" not in response.headers


def test_a_form_post_is_refused(routes: httpx.Client) -> None:
    response = routes.post(COOKIES_PATH, data={"ticket": ticket(), "nonce": "n1"})
    assert response.status_code == httpx.codes.UNSUPPORTED_MEDIA_TYPE


@pytest.mark.parametrize("body", [b"[]", b"{", b'{"nonce": 5}', b'{"nonce": ""}'])
def test_a_malformed_body_is_400(routes: httpx.Client, body: bytes) -> None:
    response = routes.post(REFRESH_PATH, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == httpx.codes.BAD_REQUEST
    assert isinstance(response.json()["detail"], str)


def test_a_refresh_without_a_login_cookie_reports_signed_out(routes: httpx.Client) -> None:
    response = routes.post(REFRESH_PATH, json={"nonce": "n1"})
    assert response.status_code == httpx.codes.OK
    assert outcome_kind(response, "n1") == "signed_out"


def test_a_logout_without_a_login_cookie_reports_signed_out(routes: httpx.Client) -> None:
    response = routes.post(LOGOUT_PATH, json={"nonce": "n1"})
    assert response.status_code == httpx.codes.OK
    assert outcome_kind(response, "n1") == "signed_out"


def test_deeply_nested_json_is_a_400_not_a_500(routes: httpx.Client) -> None:
    nested = b"[" * 5000 + b"]" * 5000
    response = routes.post(
        REFRESH_PATH, content=nested, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == httpx.codes.BAD_REQUEST
    assert response.json() == {"detail": "The request body is not valid JSON."}


def test_a_forwarded_host_does_not_make_a_foreign_origin_ours(app_routes: str) -> None:
    headers = {"Origin": "http://evil.example", "X-Forwarded-Host": "evil.example"}
    response = httpx.post(app_routes + REFRESH_PATH, json={"nonce": "n1"}, headers=headers)
    assert response.status_code == httpx.codes.FORBIDDEN


def test_a_tampered_login_cookie_is_cleared(routes: httpx.Client) -> None:
    routes.cookies.set("stauth_login", "not-a-sealed-value")
    response = routes.post(REFRESH_PATH, json={"nonce": "n1"})
    assert response.status_code == httpx.codes.OK
    assert 'stauth_login=""' in response.headers["set-cookie"] or (
        "Max-Age=0" in response.headers["set-cookie"]
    )


def test_a_ticket_issued_to_another_browser_is_refused(routes: httpx.Client) -> None:
    """A ticket taken from one browser's page (by an injected script) signs nobody in elsewhere."""
    services = get_services()
    changes = {"clear": [], "anon": seal_anon(services.sealer, "abc", None), "browser": "f" * 64}
    response = routes.post(
        COOKIES_PATH, json={"ticket": services.tickets.issue(changes), "nonce": "n"}
    )
    assert response.status_code == httpx.codes.BAD_REQUEST
    assert "set-cookie" not in response.headers


def test_a_ticket_redeemed_without_any_binding_cookie_is_refused(app_routes: str) -> None:
    """A client that sends no binding cookie at all (a script's own `fetch` from elsewhere, a
    bare HTTP client) is no browser the ticket was issued to."""
    with httpx.Client(base_url=app_routes, headers={"Origin": app_routes}, timeout=10) as bare:
        response = bare.post(COOKIES_PATH, json={"ticket": ticket(anon="abc"), "nonce": "n"})
    assert response.status_code == httpx.codes.BAD_REQUEST
    assert "set-cookie" not in response.headers
