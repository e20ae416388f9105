"""A backend's answer cannot hold visitors or break the app: discovery never holds a lock a
visitor waits on, every answer is read within an overall deadline and a size cap, and a
deeply nested or oversized body is an unusable answer with a sentence, never a 500.

The backends here are real HTTP servers on loopback that answer the way a hostile one would.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from app import display
from app.auth.binding import BINDING_COOKIE, fingerprint
from app.auth.cookies import ANON_COOKIE, LOGIN_COOKIE, LoginCookie, seal_anon, seal_login
from app.auth.outcomes import open_outcome
from app.auth.routes import REFRESH_PATH
from app.backend import BackendClient, BackendUnavailable, Caller, UnusableAnswer
from app.backend.capabilities import REDISCOVER_SECONDS, Capabilities, CapabilityRegistry
from app.services import get_services
from tests.app.harness import AppDriver
from tests.app.test_failures import point_app_at
from tests.loopback import serving

# A browser's binding cookie, which the login and anonymous cookies are bound to.
BOUND = {BINDING_COOKIE: "a-browsers-binding-cookie"}
BROWSER = fingerprint(BOUND)
NESTED = 100_000  # far past the interpreter's recursion limit
TRICKLE_SECONDS = 30.0
NO_DOCUMENTS: dict[str, object] = {"paths": {"/api/v1/auth/login": {"post": {}}}}


def nested(depth: int = NESTED) -> bytes:
    return b'{"paths": ' + b"[" * depth + b"]" * depth + b"}"


async def _trickle() -> AsyncIterator[bytes]:
    # One byte every tenth of a second: each read is quick, the whole answer is not.
    for _ in range(int(TRICKLE_SECONDS * 10)):
        yield b" "
        await asyncio.sleep(0.1)
    yield b"{}"


def hostile(openapi: Callable[[], Response], api: Callable[[], Response]) -> Starlette:
    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def document(_: Request) -> Response:
        return openapi()

    async def anything(_: Request) -> Response:
        return api()

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/openapi.json", document),
            Route("/api/v1/{path:path}", anything, methods=["GET", "POST", "DELETE"]),
        ]
    )


@pytest.fixture
def backend_answering() -> Iterator[Callable[..., str]]:
    """Start a backend whose OpenAPI document and API answers are the given ones."""
    with ExitStack() as servers:

        def start(
            openapi: Callable[[], Response] = lambda: JSONResponse({}, 404),
            api: Callable[[], Response] = lambda: JSONResponse({}),
        ) -> str:
            app = hostile(openapi, api)
            return servers.enter_context(
                serving(app, name="hostile-backend", health_path="/healthz")
            )

        yield start


def test_a_trickled_openapi_document_is_cut_at_the_overall_deadline(
    backend_answering: Callable[..., str],
) -> None:
    url = backend_answering(openapi=lambda: StreamingResponse(_trickle()))
    backend = BackendClient(url, timeout=0.5)
    started = time.monotonic()
    found = backend.capabilities
    assert time.monotonic() - started < TRICKLE_SECONDS / 3
    assert found.documents  # nothing read: what the profile declares


def test_a_trickled_answer_is_cut_at_the_overall_deadline(
    backend_answering: Callable[..., str],
) -> None:
    url = backend_answering(api=lambda: StreamingResponse(_trickle()))
    started = time.monotonic()
    with pytest.raises(BackendUnavailable) as raised:
        BackendClient(url, timeout=0.5).list_documents(Caller())
    assert time.monotonic() - started < TRICKLE_SECONDS / 3
    assert raised.value.detail == "The server took too long to answer."


def test_an_oversized_openapi_document_is_not_read(backend_answering: Callable[..., str]) -> None:
    padding = " " * (9 * 1024 * 1024)
    url = backend_answering(openapi=lambda: JSONResponse({**NO_DOCUMENTS, "x": padding}))
    # Read, the document would say there are no documents; unread, the profile's word stands.
    assert BackendClient(url, timeout=5).capabilities.documents


def test_an_oversized_json_answer_is_unusable_with_a_sentence(
    backend_answering: Callable[..., str],
) -> None:
    url = backend_answering(api=lambda: JSONResponse({"items": [], "x": " " * (2 * 1024 * 1024)}))
    with pytest.raises(UnusableAnswer) as raised:
        BackendClient(url, timeout=5).list_documents(Caller())
    assert raised.value.detail == "The server sent an answer too large to read."


def test_a_deeply_nested_answer_is_unusable_with_a_sentence(
    backend_answering: Callable[..., str],
) -> None:
    url = backend_answering(
        openapi=lambda: Response(nested(), media_type="application/json"),
        api=lambda: Response(nested(), media_type="application/json"),
    )
    with pytest.raises(UnusableAnswer):
        BackendClient(url, timeout=5).list_documents(Caller())


def test_rediscovery_never_holds_a_visitor_while_the_backend_answers() -> None:
    release = threading.Event()
    answers = iter([Capabilities(documents=False)])

    def discover() -> Capabilities | None:
        found = next(answers, None)
        if found is None:
            release.wait()  # the second look hangs, as a trickled document does
        return found

    registry = CapabilityRegistry(discover, wait_seconds=60)
    assert not registry.current().documents
    seen: list[Capabilities] = []
    registry._found_at = -REDISCOVER_SECONDS  # stale: look again
    visitor = threading.Thread(target=lambda: seen.append(registry.current()), daemon=True)
    visitor.start()
    visitor.join(timeout=5)
    try:
        assert seen == [Capabilities(documents=False)]  # the known view, without waiting
    finally:
        release.set()


def test_a_discovery_that_raises_leaves_what_the_profile_declares() -> None:
    def discover() -> Capabilities | None:
        raise RecursionError("maximum recursion depth exceeded")

    assert CapabilityRegistry(discover, wait_seconds=5).current() == Capabilities()


def test_pages_work_against_a_deeply_nested_openapi_document(
    tab: AppDriver, monkeypatch: pytest.MonkeyPatch, backend_answering: Callable[..., str]
) -> None:
    url = backend_answering(openapi=lambda: Response(nested(), media_type="application/json"))
    point_app_at(monkeypatch, url)
    tab.go_to("login")
    assert tab.title == "Log in"


def test_a_deeply_nested_refresh_answer_is_an_outcome_not_a_500(
    app_routes: str, monkeypatch: pytest.MonkeyPatch, backend_answering: Callable[..., str]
) -> None:
    point_app_at(
        monkeypatch,
        backend_answering(api=lambda: Response(nested(), media_type="application/json")),
    )
    services = get_services()
    login = LoginCookie("refresh", "access", time.time() - 1, 900.0, "login-1")
    cookie = {**BOUND, LOGIN_COOKIE: seal_login(services.sealer, login, BROWSER)}
    with httpx.Client(base_url=app_routes, cookies=cookie, timeout=10) as routes:
        response = routes.post(REFRESH_PATH, json={"nonce": "n1"}, headers={"Origin": app_routes})
    assert response.status_code == httpx.codes.OK
    outcome = open_outcome(services.sealer, response.json()["outcome"], "n1")
    assert outcome is not None
    assert outcome.kind == "unavailable"
    assert outcome.detail == "The server sent an answer the app cannot read."


def test_a_document_served_inline_as_html_is_downloaded_sandboxed(
    app_routes: str, monkeypatch: pytest.MonkeyPatch, backend_answering: Callable[..., str]
) -> None:
    page = "<script>fetch('/api/session/logout', {method: 'POST'})</script>"
    inline = {"content-disposition": 'inline; filename="notes.html"'}
    url = backend_answering(api=lambda: Response(page, media_type="text/html", headers=inline))
    point_app_at(monkeypatch, url)
    anon = {**BOUND, ANON_COOKIE: seal_anon(get_services().sealer, "anonymous-session", BROWSER)}
    with httpx.Client(base_url=app_routes, cookies=anon, timeout=10) as browser:
        response = browser.get("/api/session/documents/d1/content")
    assert response.status_code == httpx.codes.OK
    assert response.headers["content-disposition"] == 'attachment; filename="notes.html"'
    assert response.headers["content-security-policy"] == "sandbox"
    assert response.headers["x-content-type-options"] == "nosniff"


PHISHING = "Your account is locked. [Unlock it here](https://evil.example/unlock)"


def test_a_backend_sentence_is_shown_literally_not_as_markdown(
    tab: AppDriver, monkeypatch: pytest.MonkeyPatch, backend_answering: Callable[..., str]
) -> None:
    point_app_at(
        monkeypatch, backend_answering(api=lambda: JSONResponse({"detail": PHISHING}, 400))
    )
    tab.log_in("alice@example.com", "a password of hers")
    [shown] = [str(element.value) for element in tab.at.main.error]
    assert "](https://" not in shown  # no link: Markdown's brackets are escaped
    assert tab.texts("error") == [PHISHING]  # and the person reads the backend's words


@pytest.mark.parametrize("shown", [display.moment, display.date])
def test_a_backend_timestamp_that_is_not_one_is_shown_literally(
    shown: Callable[[str], str],
) -> None:
    assert "](https://" not in shown(PHISHING)


def test_a_download_without_a_login_or_anonymous_cookie_never_reaches_the_backend(
    app_routes: str, monkeypatch: pytest.MonkeyPatch, backend_answering: Callable[..., str]
) -> None:
    calls: list[str] = []

    def answer() -> Response:
        calls.append("a call")
        return Response(b"someone's bytes", media_type="text/plain")

    point_app_at(monkeypatch, backend_answering(api=answer))
    with httpx.Client(base_url=app_routes, timeout=10) as browser:
        response = browser.get("/api/session/documents/d1/content")
    assert response.status_code == httpx.codes.NOT_FOUND
    assert calls == []  # a stub would have opened and stored an anonymous session per request


MEBIBYTE = 1024 * 1024


def _document_of(size: int) -> Callable[[], Response]:
    async def chunks() -> AsyncIterator[bytes]:
        # Streamed without a Content-Length: the cap must hold while the bytes arrive.
        for start in range(0, size, 64 * 1024):
            yield b"x" * min(64 * 1024, size - start)

    return lambda: StreamingResponse(chunks(), media_type="application/octet-stream")


@pytest.mark.parametrize(("size", "passed_on"), [(MEBIBYTE, True), (MEBIBYTE + 1, False)])
def test_a_download_larger_than_the_limit_is_refused_with_a_sentence(
    app_routes: str,
    monkeypatch: pytest.MonkeyPatch,
    backend_answering: Callable[..., str],
    size: int,
    passed_on: bool,
) -> None:
    monkeypatch.setenv("APP_DOWNLOAD_LIMIT_MB", "1")
    point_app_at(monkeypatch, backend_answering(api=_document_of(size)))
    anon = {**BOUND, ANON_COOKIE: seal_anon(get_services().sealer, "anonymous-session", BROWSER)}
    with httpx.Client(base_url=app_routes, cookies=anon, timeout=10) as browser:
        response = browser.get("/api/session/documents/d1/content")
    if passed_on:
        assert response.status_code == httpx.codes.OK
        assert len(response.content) == size
        return
    assert response.status_code == httpx.codes.BAD_GATEWAY
    assert "This document is larger than the app passes on (1 MB at most)." in response.text
    assert "try again" not in response.text  # the same document would be refused again
    assert len(response.content) < 1024  # a page that says why, none of the document
