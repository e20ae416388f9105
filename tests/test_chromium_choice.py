"""Which browser the suite launches (e2e/chromium.py): the headless shell is a fifth faster on
two cores, but it cannot show a window, and Playwright's own browser wins wherever it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e import chromium


@pytest.fixture
def debian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Debian's two browsers, as files in a temporary folder."""
    paths = {"chromium": tmp_path / "chromium", "shell": tmp_path / "chromium-headless-shell"}
    for path in paths.values():
        path.touch()
    monkeypatch.setattr(chromium, "SYSTEM_CHROMIUM", paths["chromium"])
    monkeypatch.setattr(chromium, "SYSTEM_HEADLESS_SHELL", paths["shell"])
    return paths


def test_a_headless_run_takes_the_headless_shell(debian: dict[str, Path]) -> None:
    assert chromium.executable("/nowhere/chrome") == debian["shell"]


def test_a_headed_run_takes_chromium(debian: dict[str, Path]) -> None:
    assert chromium.executable("/nowhere/chrome", headless=False) == debian["chromium"]


def test_without_the_shell_a_headless_run_takes_chromium(debian: dict[str, Path]) -> None:
    debian["shell"].unlink()
    assert chromium.executable("/nowhere/chrome") == debian["chromium"]


def test_playwrights_own_browser_wins(debian: dict[str, Path], tmp_path: Path) -> None:
    own = tmp_path / "playwright-chrome"
    own.touch()
    assert chromium.executable(str(own)) is None


def test_without_any_browser_the_error_names_the_command(debian: dict[str, Path]) -> None:
    for path in debian.values():
        path.unlink()
    with pytest.raises(chromium.ChromiumMissingError, match="apt-get install chromium"):
        chromium.executable("/nowhere/chrome")
