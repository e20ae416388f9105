"""`python -m stub_backend` as a real process: refuses weak secrets, generates a missing one,
accepts fractional lifetimes, reads `.env`; the defaults are the contract's."""

import stat
from pathlib import Path

import httpx
import pytest

from stub_backend.secret_key import KEY_FILE_NAME
from stub_backend.settings import Settings
from testbed import free_port
from tests.stub_backend.helpers import claims_of, register
from tests.stub_backend.stub_process import run_to_exit, stub_environment, stub_process
from tests.stub_server import TEST_JWT_SECRET

REFUSED_EXIT_CODE = 2
WEAK_SECRETS = {
    "31 random bytes": "Zq8vR2xW5nB7mK4pT9cY1sL6dF3hJ0a",
    "changeme": "changeme",
    "secret": "secret",
    "changeme, padded to 32 bytes": "changeme" * 4,
    "secret, padded to 36 bytes": "secret" * 6,
    "a tutorial's placeholder": "your-secret-key-change-this-in-production",
}


def _assert_refused_in_one_line(returncode: int, output: str) -> None:
    assert returncode == REFUSED_EXIT_CODE, output
    [line] = output.strip().splitlines()
    assert line.startswith("stub_backend: refusing to start: JWT_SECRET ")
    assert "Traceback" not in output


@pytest.mark.parametrize("secret", WEAK_SECRETS.values(), ids=WEAK_SECRETS.keys())
def test_a_weak_jwt_secret_is_refused_with_one_clear_line(tmp_path: Path, secret: str) -> None:
    exited = run_to_exit(tmp_path, stub_environment(tmp_path, JWT_SECRET=secret))

    _assert_refused_in_one_line(exited.returncode, exited.output)


def test_a_weak_jwt_secret_in_dot_env_is_refused(tmp_path: Path) -> None:
    # `.env` is read from the working directory, as `python -m stub_backend` is run in the repo.
    (tmp_path / ".env").write_text("JWT_SECRET=changeme\n", encoding="utf-8")

    exited = run_to_exit(tmp_path, stub_environment(tmp_path))

    _assert_refused_in_one_line(exited.returncode, exited.output)


def test_without_jwt_secret_one_is_generated_kept_and_not_printed(tmp_path: Path) -> None:
    with stub_process(tmp_path, stub_environment(tmp_path)) as stub:
        health = httpx.get(f"{stub.base_url}/healthz")
        output = stub.output()

    key_file = tmp_path / KEY_FILE_NAME
    secret = key_file.read_text(encoding="utf-8")
    assert health.status_code == httpx.codes.OK
    assert health.json() == {"status": "ok"}
    assert "JWT_SECRET is not set: generated one" in output
    assert secret not in output
    assert len(secret.encode()) >= 32
    # The key file is as secret as the key: nobody else may read it.
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_fractional_lifetimes_are_accepted(tmp_path: Path) -> None:
    env = stub_environment(
        tmp_path,
        JWT_SECRET=TEST_JWT_SECRET,
        ACCESS_TOKEN_EXPIRE_MINUTES="0.05",
        REFRESH_TOKEN_EXPIRE_DAYS="0.5",
    )

    with stub_process(tmp_path, env) as stub, stub.api() as api:
        tokens = register(api)

    assert tokens["expires_in"] == 3
    refresh = claims_of(tokens["refresh_token"])
    assert refresh["exp"] - refresh["iat"] == 12 * 60 * 60


def test_the_defaults_are_the_contracts(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)

    settings = Settings(_env_file=None)  # type: ignore[call-arg]

    assert (settings.stub_host, settings.stub_port) == ("127.0.0.1", 8000)
    assert settings.stub_db_path.parts[0] == ".data"
    assert settings.jwt_secret is None
    assert settings.access_token_expire_minutes == 15
    assert settings.refresh_token_expire_days == 7
    assert settings.refresh_reuse_grace_seconds == 10
    assert settings.login_max_failures == 5
    assert settings.login_failure_window_seconds == 900
    assert settings.stub_max_upload_bytes == 10 * 1024 * 1024
    assert settings.stub_test_controls is False


def test_the_default_lifetimes_are_15_minutes_and_7_days(api: httpx.Client) -> None:
    tokens = register(api)

    access, refresh = claims_of(tokens["access_token"]), claims_of(tokens["refresh_token"])
    assert access["exp"] - access["iat"] == 15 * 60
    assert refresh["exp"] - refresh["iat"] == 7 * 24 * 60 * 60


def test_the_process_serves_on_stub_port_with_its_store_at_stub_db_path(tmp_path: Path) -> None:
    port = free_port()
    db_path = tmp_path / "elsewhere" / "store.sqlite3"
    env = stub_environment(
        tmp_path, JWT_SECRET=TEST_JWT_SECRET, STUB_PORT=str(port), STUB_DB_PATH=str(db_path)
    )

    with stub_process(tmp_path, env) as stub, stub.api() as api:
        register(api)

    assert stub.base_url == f"http://127.0.0.1:{port}"
    assert db_path.is_file()
    assert not (tmp_path / ".data").exists()


@pytest.mark.parametrize(("flag", "status"), [(None, 404), ("1", 200)])
def test_stub_test_controls_mounts_the_test_routes(
    tmp_path: Path, flag: str | None, status: int
) -> None:
    settings = {"JWT_SECRET": TEST_JWT_SECRET} | ({"STUB_TEST_CONTROLS": flag} if flag else {})

    with stub_process(tmp_path, stub_environment(tmp_path, **settings)) as stub, stub.api() as api:
        response = api.post("/_test/clock", json={"advance_seconds": 0})

    assert response.status_code == status
