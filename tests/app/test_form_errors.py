"""Every form shows its own failures: the Log in form's on Log in, Create account's on Create
account, whatever the backend answers (a refusal, an outage, a 5xx, a body that does not fit,
a token the app cannot read)."""

from __future__ import annotations

from collections.abc import Iterator

import jwt
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver
from tests.app.test_failures import point_app_at
from tests.loopback import serving

UNREADABLE_TOKEN = jwt.encode({"sub": "a@example.com"}, "k" * 32, algorithm="HS256")
ANSWERS: dict[str, tuple[int, object]] = {
    "a token without the required claims": (
        200,
        {"access_token": UNREADABLE_TOKEN, "refresh_token": "r"},
    ),
    "a body without the access token": (200, {"refresh_token": "r"}),
    "a server error": (500, {"detail": "Traceback (most recent call last)"}),
    "a refusal as a list": (
        422,
        {"detail": [{"msg": "value is not a valid email address: It must have an @-sign."}]},
    ),
}
EXPECTED = {
    "a token without the required claims": "The server sent a token the app cannot read",
    "a body without the access token": "The app is not set up for this server's sign-in",
    "a server error": "The server had a problem (HTTP 500).",
    "a refusal as a list": "That email address is not valid. It must have an @-sign.",
}


def odd_backend(status: int, body: object, headers: dict[str, str] | None = None) -> Starlette:
    async def answer(_: Request) -> Response:
        return JSONResponse(body, status_code=status, headers=headers)

    async def healthy(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/healthz", healthy),
            Route("/api/v1/auth/{path:path}", answer, methods=["POST"]),
        ]
    )


@pytest.fixture(params=sorted(ANSWERS))
def odd_answer(
    request: pytest.FixtureRequest, app_env: object, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    status, body = ANSWERS[request.param]
    with serving(odd_backend(status, body), name="odd-backend", health_path="/healthz") as url:
        point_app_at(monkeypatch, url)
        yield request.param


def only_error(tab: AppDriver) -> str:
    [error] = tab.texts("error")
    return error


def test_the_login_form_shows_what_went_wrong(tab: AppDriver, odd_answer: str) -> None:
    tab.log_in("a@example.com", PASSWORD)
    assert tab.title == "Log in"
    assert only_error(tab).startswith(EXPECTED[odd_answer])


def test_the_register_form_shows_what_went_wrong(tab: AppDriver, odd_answer: str) -> None:
    tab.go_to("register").register("a@example.com", PASSWORD)
    assert tab.title == "Create account"
    assert only_error(tab).startswith(EXPECTED[odd_answer])


@pytest.mark.parametrize(("retry_after", "wait"), [("1", "1 second"), ("2", "2 seconds")])
def test_a_wait_reads_in_the_number_it_takes(
    tab: AppDriver,
    app_env: object,
    monkeypatch: pytest.MonkeyPatch,
    retry_after: str,
    wait: str,
) -> None:
    throttling = odd_backend(429, {"detail": "Slow down"}, {"Retry-After": retry_after})
    with serving(throttling, name="odd-backend", health_path="/healthz") as url:
        point_app_at(monkeypatch, url)
        tab.log_in("a@example.com", PASSWORD)
        assert only_error(tab) == f"Too many failed attempts. Try again in {wait}."
