"""The environments the project's servers start with, built once for every caller.

`stub_settings` and `app_settings` are only the servers' own settings, so a container can be
given them as they are; `clean_environment` adds them to this process's environment, minus
anything of the same names the developer's shell exports, for a server run on this machine.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Settings the servers read: a value exported by the shell under these names is dropped.
_OWN_PREFIXES = (
    *("STUB_", "APP_", "API_", "JWT_", "ACCESS_TOKEN_", "REFRESH_", "LOGIN_"),
    *("STREAMLIT_", "BACKEND_"),
)
# The cheapest argon2id the stub takes: tests register hundreds of users; what production's
# cost costs is bench/hashing.py's subject, not theirs.
CHEAP_HASHING = {"STUB_ARGON2_TIME_COST": "1", "STUB_ARGON2_MEMORY_KIB": "1024"}


def clean_environment(**settings: str) -> dict[str, str]:
    """This process's environment without the servers' settings, with the repository on the
    import path and unbuffered output (so a log shows what happened up to a crash)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_PREFIXES)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env.update(settings)
    return env


def stub_settings(
    port: int,
    *,
    db_path: Path | None = None,
    test_controls: bool | None = True,
    cheap_hashing: bool = True,
    **settings: str,
) -> dict[str, str]:
    """The stub backend on 127.0.0.1:`port` (0: the OS picks, and uvicorn logs it).
    `test_controls` None leaves STUB_TEST_CONTROLS unset (the stub's default: off)."""
    values = {"STUB_HOST": "127.0.0.1", "STUB_PORT": str(port)}
    if db_path is not None:
        values["STUB_DB_PATH"] = str(db_path)
    if test_controls is not None:
        values["STUB_TEST_CONTROLS"] = "1" if test_controls else "0"
    if cheap_hashing:
        values.update(CHEAP_HASHING)
    return {**values, **settings}


def app_settings(
    port: int,
    api_base_url: str,
    *,
    secret: str | None = None,
    data_dir: Path | None = None,
    **settings: str,
) -> dict[str, str]:
    """The app on 127.0.0.1:`port` in front of `api_base_url`. Without `secret` or `data_dir`
    the app makes its own (a container's, in its /data volume). The Debug page is open to
    every account: scenarios and benchmarks read it as a plain one, which a deployment shows
    to admins only."""
    values = {
        "APP_HOST": "127.0.0.1",
        "APP_PORT": str(port),
        "API_BASE_URL": api_base_url,
        "APP_DEBUG_PAGE": "everyone",
    }
    if secret is not None:
        values["APP_SECRET_KEY"] = secret
    if data_dir is not None:
        values["APP_DATA_DIR"] = str(data_dir)
    return {**values, **settings}
