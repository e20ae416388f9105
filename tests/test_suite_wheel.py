"""The browser suite as others install it: the wheel this repository builds carries the
scenarios, fixtures and options, and `pytest -p e2e.plugin --pyargs e2e` finds them all from
outside the repository (README, "Run the suite against your deployment")."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built and unpacked where nothing of the repository is in reach."""
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("building the wheel needs uv (nox provides it)")
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(  # noqa: S603 - uv, found on PATH, building this repository
        [uv, "build", "--wheel", "--out-dir", str(dist), "--quiet", str(REPO)],
        check=True,
        capture_output=True,
    )
    [wheel] = dist.glob("*.whl")
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def run_installed(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    outside = site.parent / "elsewhere"
    outside.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(  # noqa: S603 - this interpreter, running pytest
        [sys.executable, *args], cwd=outside, env=env, capture_output=True, text=True, check=False
    )


def test_the_installed_suite_is_the_wheels_own(installed: Path) -> None:
    found = run_installed(installed, "-c", "import e2e.plugin; print(e2e.plugin.__file__)")
    assert found.stdout.strip().startswith(str(installed)), found.stderr


def test_the_installed_suite_collects_every_scenario_with_its_options(installed: Path) -> None:
    here = subprocess.run(
        [sys.executable, "-m", "pytest", "e2e", "--collect-only", "-q"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    there = run_installed(
        installed,
        *("-m", "pytest", "-p", "e2e.plugin", "--pyargs", "e2e", "--collect-only", "-q"),
        *("--app-url", "http://127.0.0.1:9", "--api-url", "http://127.0.0.1:9"),
    )
    assert there.returncode == 0, there.stdout + there.stderr
    collected = [line for line in there.stdout.splitlines() if "::" in line]
    assert len(collected) == len([line for line in here.stdout.splitlines() if "::" in line])
    assert any("test_any_backend.py::test_expiry" in line for line in collected)
