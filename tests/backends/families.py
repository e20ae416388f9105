"""The backend families the tests start, and what the app needs to be told about each: the
settings a person would set (CONTRACT section 8; the README shows the same)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AUTHX_ENV = REPO / "deploy" / "profiles" / "authx.env"


def read_env_file(path: Path) -> dict[str, str]:
    """`NAME=value` lines, as pydantic-settings reads a `.env` (no quoting needed here)."""
    settings: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            settings[name.strip()] = value.strip()
    return settings


@dataclass(frozen=True)
class Family:
    name: str
    module: str  # run as `python -m <module>`; it has create_app(settings) and Settings
    app_settings: Mapping[str, str]  # the app's API_* settings for it


FAMILIES: Mapping[str, Family] = {
    "fastapi-users": Family(
        "fastapi-users", "tests.backends.fastapi_users_app", {"API_PROFILE": "fastapi-users"}
    ),
    "fastapi-template": Family(
        "fastapi-template", "tests.backends.template_api", {"API_PROFILE": "fastapi-template"}
    ),
    "authx": Family("authx", "tests.backends.authx_app", read_env_file(AUTHX_ENV)),
}
