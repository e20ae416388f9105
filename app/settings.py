"""The app's settings, read once from the environment (and `.env`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

API_PREFIX = "/api/v1"


class AppSettings(BaseSettings):
    """Every knob of the app; nothing else in the package hard-codes a URL or a timeout."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    app_host: str = "127.0.0.1"
    app_port: int = Field(default=8501, ge=1, le=65535)
    api_base_url: str = "http://127.0.0.1:8000"
    api_timeout_seconds: float = Field(default=10.0, gt=0)
    # None: generated on first start and kept in app_data_dir (see secret_key.py).
    app_secret_key: SecretStr | None = None
    app_data_dir: Path = Path(".data")
    app_debug_show_tokens: bool = False
    # None: the cookie is Secure exactly when the browser reached the app over HTTPS.
    app_cookie_secure: bool | None = None
    # Refresh this long before the access token expires (capped at a fifth of its lifetime).
    app_refresh_margin_seconds: float = Field(default=60.0, ge=0)

    @field_validator("api_base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("API_BASE_URL must start with http:// or https://")
        return value.rstrip("/")

    @property
    def api_url(self) -> str:
        """The backend's versioned API root: the app adds the prefix, deployments do not."""
        return self.api_base_url + API_PREFIX


@lru_cache(maxsize=1)
def get_settings() -> AppSettings:
    return AppSettings()
