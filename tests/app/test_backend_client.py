"""The backend client: answers parsed by models, capabilities found or learned, and every
failure a typed error with a sentence, whatever the backend sends."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from app.backend import (
    BackendClient,
    Caller,
    NotOffered,
    ServerError,
    Unauthorized,
    UnusableAnswer,
)
from app.backend.profile import resolve

Handler = Callable[[httpx.Request], httpx.Response]
PAIR = {"access_token": "a", "refresh_token": "r"}


def client(handler: Handler) -> BackendClient:
    return BackendClient("http://backend", 5, transport=httpx.MockTransport(handler))


def no_openapi(routes: dict[str, httpx.Response]) -> Handler:
    def handle(request: httpx.Request) -> httpx.Response:
        return routes.get(f"{request.method} {request.url.path}", httpx.Response(404))

    return handle


def test_capabilities_come_from_the_openapi_document() -> None:
    document: dict[str, object] = {
        "paths": {"/api/v1/auth/login": {"post": {}}, "/api/v1/documents": {"get": {}}}
    }
    backend = client(no_openapi({"GET /openapi.json": httpx.Response(200, json=document)}))
    assert backend.capabilities.documents
    assert not backend.capabilities.me
    assert not backend.capabilities.self_service


def test_without_a_document_a_404_on_first_use_marks_the_capability_missing() -> None:
    calls: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(404, json={"detail": "Not Found"})

    backend = client(handle)
    offered_before = backend.capabilities.documents  # unknown: assumed until a call says no
    with pytest.raises(NotOffered, match="does not keep documents"):
        backend.list_documents(Caller())
    assert (offered_before, backend.capabilities.documents) == (True, False)
    before = len(calls)
    with pytest.raises(NotOffered):
        backend.list_documents(Caller())
    assert len(calls) == before, "a capability known missing is not asked for again"


def test_a_token_answer_with_only_the_required_fields_is_enough() -> None:
    backend = client(no_openapi({"POST /api/v1/auth/login": httpx.Response(200, json=PAIR)}))
    pair = backend.login("a@example.com", "pw", Caller())
    assert (pair.expires_in, pair.migrated_documents) == (None, 0)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="<html>ok</html>"),
        httpx.Response(200, json=["a", "r"]),
        httpx.Response(200, json={**PAIR, "expires_in": "soon"}),
    ],
)
def test_an_answer_that_does_not_fit_is_an_error_with_a_sentence(answer: httpx.Response) -> None:
    backend = client(no_openapi({"POST /api/v1/auth/refresh": answer}))
    with pytest.raises(UnusableAnswer, match="cannot read"):
        backend.refresh("r")


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        (httpx.Response(401, json={"detail": "Token has expired"}), "Token has expired"),
        (httpx.Response(401, text="nope"), "The request was refused (HTTP 401)."),
        (httpx.Response(401, json={"detail": [{"msg": "bad token"}]}), "Bad token."),
        (httpx.Response(401, json={"error": "x"}), "The request was refused (HTTP 401)."),
    ],
)
def test_an_error_body_of_any_shape_becomes_a_sentence(
    answer: httpx.Response, sentence: str
) -> None:
    backend = client(no_openapi({"POST /api/v1/auth/logout": answer}))
    with pytest.raises(Unauthorized) as raised:
        backend.logout(Caller("a"))
    assert raised.value.detail == sentence


def test_any_2xx_from_logout_is_success() -> None:
    answers = {"POST /api/v1/auth/logout": httpx.Response(200, json={"message": "Logged out"})}
    client(no_openapi(answers)).logout(Caller("a"))


def test_a_5xx_is_a_server_error_without_the_backends_words() -> None:
    answer = httpx.Response(500, text="Traceback (most recent call last): ...")
    backend = client(no_openapi({"POST /api/v1/auth/login": answer}))
    with pytest.raises(ServerError) as raised:
        backend.login("a@example.com", "pw", Caller())
    assert "Traceback" not in raised.value.detail


def test_the_prefix_is_a_setting() -> None:
    answers = {"POST /v2/auth/login": httpx.Response(200, json=PAIR)}
    backend = BackendClient(
        "http://backend",
        5,
        profile=resolve("contract", {"prefix": "v2"}),
        transport=httpx.MockTransport(no_openapi(answers)),
    )
    assert backend.login("a@example.com", "pw", Caller()).access_token == "a"


def test_the_backends_clock_is_read_from_its_date_header() -> None:
    dates = [("date", "Sun, 06 Nov 2033 08:49:37 GMT"), ("date", "Sat, 28 Nov 2026 19:00:00 GMT")]
    answer = httpx.Response(200, json=PAIR, headers=dates)
    backend = client(no_openapi({"POST /api/v1/auth/login": answer}))
    pair = backend.login("a@example.com", "pw", Caller())
    assert pair.server_time == 2014879777.0  # the first Date, the origin's
