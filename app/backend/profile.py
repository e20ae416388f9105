"""What differs between the FastAPI auth backends people run, kept as data (CONTRACT section 8).

A profile says, per operation, its path and what it sends (an OAuth2 form or JSON, which keys,
where a token travels); the token answer's keys; where identity lives in the claims or in the
`me` answer; which statuses mean "this token is no good"; and which backend sentences or
codes read as which of ours. The code branches on these fields, never on a backend's name.

Presets cover the seed's contract (the default), fastapi-users and the full-stack FastAPI
template; every field is also a setting of its own, `API_<FIELD>` in the environment or
`.env` (e.g. `API_LOGIN_PATH=/auth/jwt/login`), which is how any other backend is served.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.settings import path_prefix

BodyStyle = Literal["form", "json"]
TokenPlace = Literal["json", "header"]
SessionMode = Literal["pair", "access-only"]
AUTO = "auto"


def _listed(value: object) -> object:
    """A set from the environment may be written `401,403` as well as `[401, 403]`."""
    if isinstance(value, str):
        text = value.strip().strip("[]")
        return [part.strip() for part in text.split(",") if part.strip()]
    return value


Statuses = Annotated[frozenset[int], NoDecode, BeforeValidator(_listed)]
Names = Annotated[tuple[str, ...], NoDecode, BeforeValidator(_listed)]


class BackendProfile(BaseModel):
    """One backend's shape. A path of "" means the backend has no such operation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Where the routes live below API_BASE_URL, and the backend's OpenAPI document.
    prefix: str = "/api/v1"
    openapi_path: str = "/openapi.json"

    login_path: str = "/auth/login"
    login_body: BodyStyle = "form"
    login_username_field: str = "username"
    login_password_field: str = "password"

    # A register answer without tokens is followed by a login with the same credentials.
    register_path: str = "/auth/register"
    register_email_field: str = "email"
    register_password_field: str = "password"

    # No refresh path: the login lasts as long as its access token (`access-only`).
    refresh_path: str = "/auth/refresh"
    refresh_token_in: TokenPlace = "json"

    logout_path: str = "/auth/logout"
    # Sent beside the access token so the backend can end the refresh token too; "" for none.
    logout_refresh_field: str = "refresh_token"
    # False where logout cannot end a token (a JWT stays valid at the server until it expires).
    logout_revokes: bool = True

    me_path: str = "/auth/me"
    me_user_id_field: str = "user_id"
    me_email_field: str = "email"
    me_role_field: str = "role"
    # A true flag reads as role "admin" where the answer has no role (fastapi-users).
    me_admin_field: str = ""

    # The keys of a token answer (login, register, refresh) and of the refresh request body.
    access_token_field: str = "access_token"
    refresh_token_field: str = "refresh_token"
    expires_in_field: str = "expires_in"

    # Where the access token's claims say who this is; "" where they do not (then `me` does).
    claim_email: str = "sub"
    claim_user_id: str = "user_id"
    claim_role: str = "role"
    claim_session: str = "sid"
    # A token without one of these is refused; `exp` always is required.
    required_claims: Names = ("sub", "user_id", "role", "jti", "exp")

    # Statuses that mean "this token is no good" on a call that carried one.
    bad_token_statuses: Statuses = frozenset({401})
    # A backend's `detail` (a code or its own sentence) and the sentence a person reads.
    error_sentences: Mapping[str, str] = Field(default_factory=dict)

    # The optional endpoints of CONTRACT section 1 and 1b, in the contract's shapes.
    logout_all_path: str = "/auth/logout-all"
    session_path: str = "/session"
    documents_path: str = "/documents"
    change_password_path: str = "/auth/change-password"
    password_reset_request_path: str = "/auth/password-reset/request"
    password_reset_confirm_path: str = "/auth/password-reset/confirm"
    sessions_path: str = "/auth/sessions"

    @field_validator("prefix", mode="before")
    @classmethod
    def _one_leading_slash(cls, value: object) -> str:
        return path_prefix(value)

    @property
    def session_mode(self) -> SessionMode:
        return "pair" if self.refresh_path else "access-only"


_NO_OPTIONAL_ENDPOINTS: dict[str, Any] = {
    "logout_all_path": "",
    "session_path": "",
    "documents_path": "",
    "change_password_path": "",
    "password_reset_request_path": "",
    "password_reset_confirm_path": "",
    "sessions_path": "",
}
# Only `exp`; who the person is comes from `me` when the claims do not say.
_IDENTITY_FROM_ME: dict[str, Any] = {
    "claim_email": "",
    "claim_user_id": "sub",
    "claim_role": "",
    "claim_session": "",
    "required_claims": ("exp",),
    "me_user_id_field": "id",
    "me_role_field": "",
    "me_admin_field": "is_superuser",
}

PRESETS: Mapping[str, BackendProfile] = {
    "contract": BackendProfile(),
    # fastapi-users 15: JWT strategy, Bearer transport at /auth/jwt (its documented layout).
    "fastapi-users": BackendProfile(
        prefix="",
        login_path="/auth/jwt/login",
        refresh_path="",
        logout_path="/auth/jwt/logout",
        logout_refresh_field="",
        logout_revokes=False,
        me_path="/users/me",
        error_sentences={
            "LOGIN_BAD_CREDENTIALS": "Invalid email or password",
            "LOGIN_USER_NOT_VERIFIED": "This account's email address is not verified yet.",
            "REGISTER_USER_ALREADY_EXISTS": "An account with this email already exists.",
            "REGISTER_INVALID_PASSWORD": "This password is not accepted.",
        },
        **_IDENTITY_FROM_ME,
        **_NO_OPTIONAL_ENDPOINTS,
    ),
    # The full-stack FastAPI template's API: no refresh, no logout, 403 for a bad token.
    "fastapi-template": BackendProfile(
        openapi_path="/api/v1/openapi.json",
        login_path="/login/access-token",
        register_path="/users/signup",
        refresh_path="",
        logout_path="",
        logout_revokes=False,
        me_path="/users/me",
        bad_token_statuses=frozenset({401, 403}),
        error_sentences={
            "Incorrect email or password": "Invalid email or password",
            "Inactive user": "This account is inactive.",
        },
        **_IDENTITY_FROM_ME,
        **_NO_OPTIONAL_ENDPOINTS,
    ),
}


class _Overrides(BaseSettings):
    """Base of the settings that override one profile field each (`API_LOGIN_PATH`, ...)."""

    model_config = SettingsConfigDict(env_prefix="API_", env_file=".env", extra="ignore")


def _optional(info: FieldInfo) -> Any:
    """The field's type or None, with its own parsing (`401,403`) kept."""
    optional = info.annotation | None  # type: ignore[operator]
    return Annotated[(optional, *info.metadata)] if info.metadata else optional


ProfileOverrides: type[_Overrides] = create_model(  # type: ignore[call-overload]
    "ProfileOverrides",
    __base__=_Overrides,
    **{name: (_optional(info), None) for name, info in BackendProfile.model_fields.items()},
)


def overrides_from_environment() -> dict[str, Any]:
    """The profile fields the environment (or `.env`) sets, by field name."""
    return ProfileOverrides().model_dump(exclude_none=True)


def from_settings(settings: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """The preset and the overridden fields that variables such as the app's environment
    (`API_PROFILE`, `API_<FIELD>`) name: how another process, the test suite, reads the same
    settings the app does."""
    preset = settings.get("API_PROFILE", "contract").strip().lower()
    names = {f"API_{field.upper()}": field for field in BackendProfile.model_fields}
    return preset, {names[name]: value for name, value in settings.items() if name in names}


def resolve(preset: str, overrides: Mapping[str, Any]) -> BackendProfile:
    """The preset with the given fields replaced, validated as a whole."""
    if preset not in PRESETS:
        raise ValueError(f"API_PROFILE must be one of {', '.join([*PRESETS, AUTO])}")
    return BackendProfile.model_validate({**PRESETS[preset].model_dump(), **overrides})


def detect(document: Mapping[str, Any], prefix: str | None = None) -> str | None:
    """The preset whose login path an OpenAPI document lists, if one does; under `prefix`
    where API_PREFIX sets one, else under each preset's own."""
    paths = document.get("paths")
    if not isinstance(paths, Mapping):
        return None
    for name, profile in PRESETS.items():
        under = profile.prefix if prefix is None else path_prefix(prefix)
        login = paths.get(under + profile.login_path)
        if isinstance(login, Mapping) and "post" in login:
            return name
    return None


def describe(name: str, profile: BackendProfile, overridden: Mapping[str, Any]) -> str:
    """One log line: which profile is in use and what the settings changed in it."""
    changed = ", ".join(f"API_{field.upper()}" for field in sorted(overridden)) or "none"
    revokes = "logout revokes" if profile.logout_revokes else "logout cannot revoke"
    return (
        f"Backend profile {name!r}: login {profile.prefix}{profile.login_path}, "
        f"{profile.session_mode} sessions, {revokes}; settings that override it: {changed}."
    )
