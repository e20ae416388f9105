"""A failed browser scenario leaves in its report folder what its author needs to see why: a
screenshot of each open tab at the failure and a trace of each browser context; a scenario
that passed leaves nothing (e2e/artifacts.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from e2e import chromium

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = """
from e2e import runs


def test_fails(page, new_context):
    other = new_context().new_page()
    runs.open_page(other, "/register")
    assert page.title() == "a title the app never has"


def test_passes(page):
    assert page.title()
"""


def test_a_failed_scenario_keeps_a_screenshot_of_each_tab_and_a_trace_of_each_context(
    tmp_path: Path,
) -> None:
    try:
        chromium.executable("/nowhere")
    except chromium.ChromiumMissingError:
        pytest.skip("needs Chromium: python -m scripts.provision chromium")
    suite, reports = tmp_path / "suite", tmp_path / "reports"
    suite.mkdir()
    (suite / "conftest.py").write_text("from e2e.conftest import *  # noqa: F403\n")
    (suite / "test_scenarios.py").write_text(SCENARIOS)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run(  # noqa: S603 - this interpreter, running pytest
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--output={reports}", "."],
        cwd=suite,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed, 1 passed" in run.stdout, run.stdout
    [kept] = reports.iterdir()
    assert kept.name == "test-scenarios-py-test-fails-chromium"
    names = sorted(path.name for path in kept.iterdir())
    assert names == ["test-failed-1.png", "test-failed-2.png", "trace-1.zip", "trace-2.zip"]
    assert (kept / "test-failed-1.png").read_bytes().startswith(b"\x89PNG")
    with zipfile.ZipFile(kept / "trace-2.zip") as trace:
        actions = trace.read("trace.trace").decode()
    assert "/register" in actions, "the second context's trace does not hold its page load"
    assert str(kept / "trace-1.zip") in run.stdout, "the report does not name what it kept"
