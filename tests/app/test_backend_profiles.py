"""Backend profiles: each preset's paths, bodies, token answers, identity and error sentences,
and the settings that override them one field at a time (CONTRACT section 8)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import jwt
import pytest

from app.backend import (
    BackendClient,
    BackendError,
    Caller,
    InvalidInput,
    ProfileMismatch,
    Unauthorized,
)
from app.backend.profile import PRESETS, BackendProfile, detect, overrides_from_environment, resolve
from e2e.families import FAMILIES

Handler = Callable[[httpx.Request], httpx.Response]
KEY = "k" * 32


def token(**claims: Any) -> str:
    return jwt.encode({"exp": 4_000_000_000, **claims}, KEY, algorithm="HS256")


class Recorder:
    """A backend that answers by method and path, and keeps what it was sent."""

    def __init__(self, routes: dict[str, httpx.Response]) -> None:
        self.routes = routes
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return self.routes.get(f"{request.method} {request.url.path}", httpx.Response(404))

    def paths(self) -> list[str]:
        return [f"{r.method} {r.url.path}" for r in self.sent if r.url.path != "/openapi.json"]


def client(profile: BackendProfile, backend: Handler) -> BackendClient:
    return BackendClient("http://backend", 5, profile, transport=httpx.MockTransport(backend))


def test_fastapi_users_logs_in_with_a_form_at_its_path_and_holds_no_refresh_token() -> None:
    backend = Recorder(
        {"POST /auth/jwt/login": httpx.Response(200, json={"access_token": token(sub="u1")})}
    )
    pair = client(PRESETS["fastapi-users"], backend).login("a@example.com", "pw", Caller())
    assert pair.refresh_token is None
    [sent] = backend.sent
    assert parse_qs(sent.content.decode()) == {"username": ["a@example.com"], "password": ["pw"]}


def test_a_register_that_answers_the_user_is_followed_by_a_login() -> None:
    user = {"id": "u1", "email": "a@example.com", "is_superuser": False}
    backend = Recorder(
        {
            "POST /auth/register": httpx.Response(201, json=user),
            "POST /auth/jwt/login": httpx.Response(200, json={"access_token": token(sub="u1")}),
        }
    )
    pair = client(PRESETS["fastapi-users"], backend).register("a@example.com", "pw", Caller())
    assert pair.access_token
    assert backend.paths() == ["POST /auth/register", "POST /auth/jwt/login"]


@pytest.mark.parametrize(
    ("preset", "path", "answer", "sentence"),
    [
        (
            "fastapi-users",
            "/auth/jwt/login",
            httpx.Response(400, json={"detail": "LOGIN_BAD_CREDENTIALS"}),
            "Invalid email or password",
        ),
        (
            "fastapi-template",
            "/api/v1/login/access-token",
            httpx.Response(400, json={"detail": "Incorrect email or password"}),
            "Invalid email or password",
        ),
        (
            "fastapi-users",
            "/auth/jwt/login",
            httpx.Response(400, json={"detail": "SOME_NEW_CODE"}),
            "The server refused the request (SOME_NEW_CODE).",
        ),
    ],
)
def test_each_presets_bad_login_reads_as_our_sentence(
    preset: str, path: str, answer: httpx.Response, sentence: str
) -> None:
    backend = client(PRESETS[preset], Recorder({f"POST {path}": answer}))
    with pytest.raises(InvalidInput) as raised:
        backend.login("a@example.com", "wrong", Caller())
    assert raised.value.detail == sentence


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        (
            httpx.Response(400, json={"detail": "REGISTER_USER_ALREADY_EXISTS"}),
            "An account with this email already exists.",
        ),
        (
            httpx.Response(
                400,
                json={
                    "detail": {
                        "code": "REGISTER_INVALID_PASSWORD",
                        "reason": "Password should be at least 8 characters",
                    }
                },
            ),
            "Password should be at least 8 characters.",
        ),
        (
            httpx.Response(400, json={"detail": {"code": "REGISTER_INVALID_PASSWORD"}}),
            "This password is not accepted.",
        ),
    ],
)
def test_fastapi_users_register_codes_read_as_sentences(
    answer: httpx.Response, sentence: str
) -> None:
    backend = client(PRESETS["fastapi-users"], Recorder({"POST /auth/register": answer}))
    with pytest.raises(InvalidInput) as raised:
        backend.register("a@example.com", "pw", Caller())
    assert raised.value.detail == sentence


def test_the_templates_403_for_a_bad_token_is_our_401_only_where_a_token_was_sent() -> None:
    refused = httpx.Response(403, json={"detail": "Could not validate credentials"})
    backend = client(PRESETS["fastapi-template"], Recorder({"GET /api/v1/users/me": refused}))
    with pytest.raises(Unauthorized):
        backend.me(Caller("bad-token"))
    contract = client(PRESETS["contract"], Recorder({"GET /api/v1/auth/me": refused}))
    with pytest.raises(BackendError) as raised:
        contract.me(Caller("bad-token"))
    assert not isinstance(raised.value, Unauthorized), "403 is a missing privilege there"


def authx_profile() -> BackendProfile:
    """The README's AuthX configuration, as the environment would give it."""
    return resolve(
        "contract",
        {
            "prefix": "",
            "login_body": "json",
            "refresh_token_in": "header",
            "logout_refresh_field": "refresh_token",
            "me_user_id_field": "id",
            "claim_email": "email",
            "claim_user_id": "sub",
            "claim_session": "",
            "required_claims": "exp,sub",
            "bad_token_statuses": "401,422",
            "logout_all_path": "",
            "session_path": "",
            "documents_path": "",
            "change_password_path": "",
            "password_reset_request_path": "",
            "password_reset_confirm_path": "",
            "sessions_path": "",
        },
    )


def test_authx_refreshes_with_the_refresh_token_in_the_header_and_keeps_it() -> None:
    access = token(sub="u1", email="a@example.com", role="user", type="access")
    backend = Recorder({"POST /auth/refresh": httpx.Response(200, json={"access_token": access})})
    pair = client(authx_profile(), backend).refresh("the-refresh-token")
    assert pair.refresh_token is None, "no rotation: the caller keeps the one it has"
    [sent] = backend.sent
    assert sent.headers["authorization"] == "Bearer the-refresh-token"
    assert sent.content == b""


def test_authx_expired_token_answer_without_detail_is_unauthorized_with_its_message() -> None:
    expired = httpx.Response(
        422, json={"message": "Token has expired", "error_type": "TokenExpiredError"}
    )
    backend = client(authx_profile(), Recorder({"POST /auth/refresh": expired}))
    with pytest.raises(Unauthorized) as raised:
        backend.refresh("old")
    assert raised.value.detail == "Token has expired."


def test_identity_comes_from_me_where_the_claims_lack_it() -> None:
    me = {"id": "u1", "email": "boss@example.com", "is_superuser": True}
    backend = Recorder({"GET /users/me": httpx.Response(200, json=me)})
    person = client(PRESETS["fastapi-users"], backend).identify(
        Caller(token(sub="u1", aud=["fastapi-users:auth"]))
    )
    assert (person.user_id, person.email, person.role) == ("u1", "boss@example.com", "admin")


def test_identity_from_claims_alone_asks_nothing_where_me_is_not_offered() -> None:
    profile = authx_profile().model_copy(update={"me_path": ""})
    backend = Recorder({})
    person = client(profile, backend).identify(Caller(token(sub="u1", email="a@example.com")))
    assert (person.user_id, person.email, person.role) == ("u1", "a@example.com", "user")
    assert backend.paths() == []


def test_a_login_that_is_not_where_the_profile_says_names_the_setting_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    backend = client(PRESETS["contract"], Recorder({}))
    caplog.set_level(logging.ERROR)
    for _ in range(3):
        with pytest.raises(ProfileMismatch) as raised:
            backend.login("a@example.com", "pw", Caller())
    assert "API_PROFILE or API_LOGIN_PATH" in raised.value.detail
    said = [r.getMessage() for r in caplog.records if "no login" in r.getMessage()]
    assert len(said) == 1, said


def test_a_login_answer_without_the_token_field_names_the_setting() -> None:
    answer = httpx.Response(200, json={"token": token(sub="u1")})
    backend = client(PRESETS["contract"], Recorder({"POST /api/v1/auth/login": answer}))
    with pytest.raises(ProfileMismatch, match="API_ACCESS_TOKEN_FIELD"):
        backend.login("a@example.com", "pw", Caller())


def test_a_backend_without_logout_is_not_called_at_logout() -> None:
    backend = Recorder({})
    client(PRESETS["fastapi-template"], backend).logout(Caller("token"))
    assert backend.paths() == []


@pytest.mark.parametrize(
    ("paths", "preset"),
    [
        ({"/api/v1/auth/login": {"post": {}}}, "contract"),
        ({"/auth/jwt/login": {"post": {}}}, "fastapi-users"),
        ({"/api/v1/login/access-token": {"post": {}}}, "fastapi-template"),
        ({"/somewhere/else": {"post": {}}}, None),
    ],
)
def test_the_preset_is_detected_from_the_openapi_document(
    paths: dict[str, object], preset: str | None
) -> None:
    assert detect({"paths": paths}) == preset


def test_auto_switches_to_the_detected_preset_before_the_first_login() -> None:
    document: dict[str, object] = {"paths": {"/auth/jwt/login": {"post": {}}}}
    backend = Recorder(
        {
            "GET /openapi.json": httpx.Response(200, json=document),
            "POST /auth/jwt/login": httpx.Response(200, json={"access_token": token(sub="u1")}),
        }
    )
    detected = BackendClient(
        "http://backend",
        5,
        PRESETS["contract"],
        transport=httpx.MockTransport(backend),
        detect=lambda doc: PRESETS[name] if (name := detect(doc)) else None,
    )
    detected.login("a@example.com", "pw", Caller())
    assert detected.profile == PRESETS["fastapi-users"]
    assert "POST /auth/jwt/login" in backend.paths()


def test_every_field_is_a_setting_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/")  # no .env
    monkeypatch.setenv("API_LOGIN_PATH", "/token")
    monkeypatch.setenv("API_BAD_TOKEN_STATUSES", "401,422")
    monkeypatch.setenv("API_REFRESH_PATH", "")
    monkeypatch.setenv("API_ERROR_SENTENCES", '{"NOPE": "No."}')
    profile = resolve("contract", overrides_from_environment())
    assert profile.login_path == "/token"
    assert profile.bad_token_statuses == {401, 422}
    assert profile.session_mode == "access-only"
    assert profile.error_sentences == {"NOPE": "No."}
    assert profile.register_path == PRESETS["contract"].register_path


def test_a_wrong_setting_is_refused_with_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/")
    monkeypatch.setenv("API_LOGIN_BODY", "xml")
    with pytest.raises(ValueError, match="login_body"):
        overrides_from_environment()
    with pytest.raises(ValueError, match="API_PROFILE must be one of"):
        resolve("django", {})


README = Path(__file__).parents[2] / "README.md"


def test_the_readme_names_every_profile_setting_and_shows_the_authx_ones_the_tests_use() -> None:
    readme = README.read_text()
    unnamed = [f for f in BackendProfile.model_fields if f"`API_{f.upper()}`" not in readme]
    assert unnamed == []
    for name, value in FAMILIES["authx"].app_settings.items():
        assert f"\n{name}={value}\n" in readme, name
