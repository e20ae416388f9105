"""`python -m app` refuses unusable secrets with one clear line, and keeps a generated one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app import secret_key
from app.settings import AppSettings
from secret_policy import MIN_SECRET_BYTES
from testbed import clean_environment


def start_app(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = clean_environment(**(env | {"APP_DATA_DIR": str(tmp_path / "data")}))
    return subprocess.run(
        [sys.executable, "-m", "app"],
        cwd=tmp_path,  # no .env from the work tree
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [("changeme", "placeholder"), ("too-short-secret", "at least 32 bytes")],
)
def test_an_unusable_secret_stops_the_start_with_one_line(
    tmp_path: Path, value: str, reason: str
) -> None:
    result = start_app(tmp_path, APP_SECRET_KEY=value)
    assert result.returncode == 2
    assert "APP_SECRET_KEY" in result.stderr
    assert reason in result.stderr
    assert "Traceback" not in result.stderr
    assert value not in result.stderr or value == "changeme"


def test_a_bad_setting_names_itself(tmp_path: Path) -> None:
    result = start_app(tmp_path, API_BASE_URL="ftp://nowhere")
    assert result.returncode == 2
    assert "API_BASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_generated_secret_is_kept_for_the_next_start(tmp_path: Path) -> None:
    first = secret_key.resolve(None, tmp_path)
    second = secret_key.resolve(None, tmp_path)
    assert first == second
    assert len(first) >= MIN_SECRET_BYTES
    assert (tmp_path / secret_key.SECRET_FILE_NAME).stat().st_mode & 0o077 == 0


def test_the_download_limit_is_twice_the_upload_limit_unless_set() -> None:
    assert AppSettings(app_upload_limit_mb=10).download_limit_bytes == 20 * 1024 * 1024
    assert AppSettings(app_download_limit_mb=3).download_limit_bytes == 3 * 1024 * 1024
