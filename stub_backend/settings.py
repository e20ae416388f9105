"""The stub backend's settings, read once from the environment and `.env`."""

import ipaddress
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from secret_policy import MIN_SECRET_BYTES, weak_secret_reason
from stub_backend.profile import ProfileName


def _comma_separated(value: Any, normalise: Callable[[str], str]) -> Any:
    """A set written `a,b` in the environment (or given as a collection), each item stripped
    and normalised, blanks dropped; anything else is left for pydantic to refuse."""
    if isinstance(value, str):
        value = value.split(",")
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(normalise(str(item).strip()) for item in value if str(item).strip())
    return value


class Settings(BaseSettings):
    """Every knob of the stub backend; field names are the environment variable names.

    Login throttle (all times on the backend's clock): every attempt counts in three failure
    streaks, its email's, its client address's and everyone's; a streak ends after
    `login_failure_window_seconds` (900) without a failure, and a successful login ends its
    email's streak and takes itself back from the other two. Once a streak holds its threshold
    of failures (`login_max_failures` 5 for an email, `login_client_max_failures` 30 for a
    client, `login_global_max_failures` 1000 for everyone), the next attempt must wait
    `login_first_delay_seconds` (2) after the streak's last failure, and each further failure
    doubles that (4, 8, ...), at most `login_max_delay_seconds` (300;
    `login_global_max_delay_seconds`, 10, for everyone's, which cannot be allowed to shut every
    login out for long). Earlier attempts get 429 with `Retry-After`, right password or not.

    Password reset: a link is valid `password_reset_expire_minutes` (30); within
    `password_reset_window_seconds` (900) an email may ask for `password_reset_max_per_email` (3)
    links and a client address for `password_reset_max_per_client` (10), then 429; a client
    may try `password_reset_confirm_max_per_client` (20) links in the same window. The link is
    logged, relative to `stub_reset_link_base`, the app's address.
    """

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # `minimal`: only what the seed says the real backend has (CONTRACT section 0).
    stub_profile: ProfileName = "full"
    # Where the API is mounted: the seed's backend answers under /api/v1; a staging backend
    # may answer under another prefix (e.g. /api), which the suite must cope with.
    stub_api_prefix: str = "/api/v1"
    stub_host: str = "127.0.0.1"
    stub_port: int = Field(default=8000, ge=0, le=65535)
    stub_db_path: Path = Path(".data/stub.sqlite3")
    jwt_secret: SecretStr | None = None
    access_token_expire_minutes: float = Field(default=15, gt=0, allow_inf_nan=False)
    refresh_token_expire_days: float = Field(default=7, gt=0, allow_inf_nan=False)
    refresh_reuse_grace_seconds: float = Field(default=10, ge=0, allow_inf_nan=False)
    login_max_failures: int = Field(default=5, ge=1)
    login_client_max_failures: int = Field(default=30, ge=1)
    login_global_max_failures: int = Field(default=1000, ge=1)
    login_failure_window_seconds: float = Field(default=900, gt=0, allow_inf_nan=False)
    login_first_delay_seconds: float = Field(default=2, gt=0, allow_inf_nan=False)
    login_max_delay_seconds: float = Field(default=300, gt=0, allow_inf_nan=False)
    login_global_max_delay_seconds: float = Field(default=10, gt=0, allow_inf_nan=False)
    password_reset_expire_minutes: float = Field(default=30, gt=0, allow_inf_nan=False)
    password_reset_max_per_email: int = Field(default=3, ge=1)
    password_reset_max_per_client: int = Field(default=10, ge=1)
    password_reset_confirm_max_per_client: int = Field(default=20, ge=1)
    password_reset_window_seconds: float = Field(default=900, gt=0, allow_inf_nan=False)
    stub_reset_link_base: str = "http://127.0.0.1:8501"
    stub_max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    stub_test_controls: bool = False
    stub_admin_emails: Annotated[frozenset[str], NoDecode] = frozenset()
    # Addresses of proxies (the app) whose X-Forwarded-For names the client: per-client limits
    # then count the browser, not the app every browser comes through. Empty: trust nobody's.
    stub_trusted_proxies: Annotated[frozenset[str], NoDecode] = frozenset()
    stub_cookie_secure: bool = False
    # pwdlib's argon2id defaults; only test suites lower them, to register hundreds of users fast.
    stub_argon2_time_cost: int = Field(default=3, ge=1)
    stub_argon2_memory_kib: int = Field(default=65536, ge=1024)

    @field_validator("stub_api_prefix", mode="before")
    @classmethod
    def _one_leading_slash(cls, value: Any) -> Any:
        # "api", "/api/" and " /api" all mean /api; "" mounts the API at the root.
        text = str(value or "").strip().strip("/")
        return f"/{text}" if text else ""

    @field_validator("stub_trusted_proxies", mode="before")
    @classmethod
    def _split_addresses(cls, value: Any) -> Any:
        return _comma_separated(value, lambda item: str(ipaddress.ip_address(item)))

    @field_validator("stub_admin_emails", mode="before")
    @classmethod
    def _split_emails(cls, value: Any) -> Any:
        return _comma_separated(value, str.lower)

    @field_validator("jwt_secret", mode="before")
    @classmethod
    def _blank_secret_is_unset(cls, value: Any) -> Any:
        # Compose files pass `JWT_SECRET=${JWT_SECRET:-}`: empty means "not set", not "weak".
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("jwt_secret")
    @classmethod
    def _refuse_weak_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and (reason := weak_secret_reason(value.get_secret_value())):
            raise PydanticCustomError(
                "weak_secret",
                "JWT_SECRET {reason}; set a random value of at least {minimum} bytes "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))') "
                "or unset it to have one generated",
                {"reason": reason, "minimum": MIN_SECRET_BYTES},
            )
        return value

    @property
    def data_dir(self) -> Path:
        return self.stub_db_path.parent
