"""The backend families the suite can start (their apps live in the repository's
tests/backends/), and what the app needs to be told about each: the settings a person would
set (CONTRACT section 8; the README shows the same). Module names only: nothing is imported
until a family is started, so the installed suite needs none of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
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
    settings: Mapping[str, str] = field(default_factory=dict)  # the app's API_* settings
    settings_file: Path | None = None  # more of them, read when asked for

    @property
    def app_settings(self) -> dict[str, str]:
        from_file = read_env_file(self.settings_file) if self.settings_file else {}
        return {**self.settings, **from_file}


FAMILIES: Mapping[str, Family] = {
    "fastapi-users": Family(
        "fastapi-users", "tests.backends.fastapi_users_app", {"API_PROFILE": "fastapi-users"}
    ),
    "fastapi-template": Family(
        "fastapi-template", "tests.backends.template_api", {"API_PROFILE": "fastapi-template"}
    ),
    "authx": Family("authx", "tests.backends.authx_app", settings_file=AUTHX_ENV),
}
