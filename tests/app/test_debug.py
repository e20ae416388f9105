"""The Debug page shows the token's claims and timing; the raw token only when allowed."""

from __future__ import annotations

import pytest

from app.services import reset_services
from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver

# The page's content for any account; who is offered the page: tests/app/test_navigation.py.
pytestmark = pytest.mark.usefixtures("debug_for_everyone")


def page_text(tab: AppDriver) -> str:
    parts = [str(element.value) for element in tab.at.main.markdown]
    parts += [str(element.proto) for element in tab.at.main.get("json")]
    parts += [str(element.value) for element in tab.at.main.code]
    return "\n".join(parts)


def test_debug_shows_claims_timing_and_session_type(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD).go_to("debug")
    text = page_text(tab)
    assert tab.title == "Debug"
    for claim in ("sub", "user_id", "role", "jti", "sid", "iat", "exp", "type"):
        assert f'\\"{claim}\\"' in text or f'"{claim}"' in text
    assert "Expires at:" in text
    assert "authenticated" in [metric.value for metric in tab.at.metric]


def test_debug_says_when_the_token_expires_as_a_time_that_stays_true(
    tab: AppDriver, user: str
) -> None:
    """Not a countdown, which would stand still between runs: the time of day it expires."""
    tab.log_in(user, PASSWORD).go_to("debug")
    [expires_at] = [line for line in page_text(tab).splitlines() if line.startswith("Expires at:")]
    metrics = {metric.label: metric.value for metric in tab.at.metric}
    assert "Token expires in" not in metrics
    assert expires_at.endswith(f" {metrics['Token expires at']}")


def test_raw_tokens_are_hidden_by_default(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD).go_to("debug")
    assert "eyJ" not in page_text(tab)
    assert tab.at.main.code.len == 0


def test_raw_access_token_shown_when_the_setting_is_on(
    tab: AppDriver, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_DEBUG_SHOW_TOKENS", "1")
    reset_services()
    tab.log_in(user, PASSWORD).go_to("debug")
    [code] = tab.at.main.code
    assert str(code.value).startswith("eyJ")
    assert str(code.value).count(".") == 2


def test_debug_headings_skip_no_level(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD).go_to("debug")
    assert [header.value for header in tab.at.header] == [
        "Access token claims",
        "The backend's view of this session",
    ]
    assert tab.at.subheader.len == 0
