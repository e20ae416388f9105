"""The app's settings, read once from the environment (and `.env`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class AppSettings(BaseSettings):
    """Every knob of the app; nothing else in the package hard-codes a URL or a timeout."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    app_host: str = "127.0.0.1"
    app_port: int = Field(default=8501, ge=1, le=65535)
    api_base_url: str = "http://127.0.0.1:8000"
    # The backend's shape (app/backend/profile.py): a preset, or `auto` to read it off the
    # backend's OpenAPI document. API_PREFIX and every other API_<FIELD> override one field.
    api_profile: str = "contract"
    api_timeout_seconds: float = Field(default=10.0, gt=0)
    # None: generated on first start and kept in app_data_dir (see secret_key.py).
    app_secret_key: SecretStr | None = None
    app_data_dir: Path = Path(".data")
    app_debug_show_tokens: bool = False
    # Who sees the Debug page (token claims and timing): a tool for operators, not for everyone.
    app_debug_page: Literal["admins", "everyone", "off"] = "admins"
    # None: the cookie is Secure exactly when the browser reached the app over HTTPS.
    app_cookie_secure: bool | None = None
    # The origin browsers use (scheme://host[:port]) when a proxy in front rewrites `Host`;
    # unset, a request's Origin must match its own Host.
    app_public_origin: str | None = None
    # Refresh this long before the access token expires (capped at a fifth of its lifetime).
    app_refresh_margin_seconds: float = Field(default=60.0, ge=0)
    # A page that asks the backend nothing (Home) asks whether the login still stands when
    # nothing has said so for this long: a login ended from elsewhere then says so.
    app_login_check_seconds: float = Field(default=60.0, gt=0)
    # Who may show the app in a frame (CSP frame-ancestors): only the app itself, unless a
    # deployment must be embedded, e.g. `'self' https://portal.example.com`.
    app_frame_ancestors: str = "'self'"
    app_upload_limit_mb: int = Field(default=10, ge=1)  # shown on Documents; the uploader's cap
    # The largest document the download route passes on: the backend may hold files uploaded
    # elsewhere, but none it sends is held whole in the app's memory past this. None: twice
    # the upload limit.
    app_download_limit_mb: int | None = Field(default=None, ge=1)
    # Replicas share redeemed tickets and signed-out logins here (redis://, rediss://, unix://);
    # None: one process, which keeps them in a file in app_data_dir.
    app_redis_url: SecretStr | None = None
    app_redis_timeout_seconds: float = Field(default=0.5, gt=0)

    @property
    def download_limit_bytes(self) -> int:
        megabytes = self.app_download_limit_mb or 2 * self.app_upload_limit_mb
        return megabytes * 1024 * 1024

    def shows_debug_page_to(self, role: str) -> bool:
        return self.app_debug_page == "everyone" or (
            self.app_debug_page == "admins" and role == "admin"
        )

    @field_validator("api_base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("API_BASE_URL must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("app_public_origin")
    @classmethod
    def _an_origin(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        scheme, _, rest = value.partition("://")
        if scheme not in ("http", "https") or not rest or "/" in rest:
            raise ValueError("APP_PUBLIC_ORIGIN must look like https://app.example.com")
        return value

    @field_validator("app_frame_ancestors")
    @classmethod
    def _frame_sources(cls, value: str) -> str:
        value = " ".join(value.split())
        # One directive's sources: a `;` or `,` would smuggle in another directive or policy.
        if not value or any(char in value for char in ";,"):
            raise ValueError("APP_FRAME_ANCESTORS must be CSP sources, e.g. 'self'")
        return value

    @field_validator("app_redis_url")
    @classmethod
    def _a_redis_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not value.get_secret_value().strip().startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("APP_REDIS_URL must start with redis://, rediss:// or unix://")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("api_profile")
    @classmethod
    def _a_known_profile(cls, value: str) -> str:
        # Imported here: the profile module reads path_prefix from this one.
        from app.backend.profile import AUTO, PRESETS

        value = value.strip().lower()
        if value not in (*PRESETS, AUTO):
            raise ValueError(f"API_PROFILE must be one of {', '.join([*PRESETS, AUTO])}")
        return value


def path_prefix(value: object) -> str:
    """A path prefix with one leading slash and none trailing: "/sub" for "sub", "/sub/" or
    " /sub"; "" for none."""
    text = str(value or "").strip().strip("/")
    return f"/{text}" if text else ""


@lru_cache(maxsize=1)
def get_settings() -> AppSettings:
    return AppSettings()
