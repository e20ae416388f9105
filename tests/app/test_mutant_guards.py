"""Behaviours no other test pinned down: each was written when `nox -s mutants` planted a bug
here and the suite still passed (see scripts/mutants/catalogue.py for the bug each one guards)."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest

from app.auth import outcomes
from app.auth.outcomes import Outcome, open_outcome, seal_outcome
from app.auth.routes import REFRESH_PATH
from app.backend.identity import MalformedToken, read_claims
from app.backend.profile import PRESETS
from app.sealing import Sealer
from app.services import get_services
from tests.app.conftest import PASSWORD, TimeTravel
from tests.app.harness import AppDriver
from tests.app.test_failures import closed_port_url, point_app_at
from tests.stub_server import StubServer

ACCESS_LIFETIME = 15 * 60
REQUIRED_CLAIMS = PRESETS["contract"].required_claims


def refresh_count(stub: StubServer, email: str) -> int:
    return sum(session["refresh_count"] for session in stub.sessions(email))


def test_after_a_refresh_the_cookie_holds_the_rotated_pair(
    tab: AppDriver, user: str, time_travel: TimeTravel
) -> None:
    """The next refresh (here a reload's restore) uses the rotated refresh token, not the one
    the backend already replaced, which would be a reuse that ends the login."""
    tab.log_in(user, PASSWORD)
    time_travel.advance(ACCESS_LIFETIME - 30)
    tab.settle()  # refreshed in the background, inside the margin
    time_travel.advance(ACCESS_LIFETIME + 60)  # past the new token and the reuse grace
    reloaded = AppDriver(tab.browser).settle()
    assert reloaded.title == "Home"
    assert "Authenticated" in reloaded.sidebar_text()


def test_a_refresh_of_a_logged_out_login_is_refused_even_if_the_backend_was_not_told(
    tab: AppDriver,
    user: str,
    app_env: StubServer,
    app_routes: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A logout the backend could not hear still ends the login for a copy of its cookie."""
    tab.log_in(user, PASSWORD)
    copied = tab.browser.cookies()["stauth_login"]
    point_app_at(monkeypatch, closed_port_url())
    tab.click("logout")
    assert "could not be told" in " ".join(tab.texts("warning"))
    point_app_at(monkeypatch, app_env.base_url)
    with httpx.Client(base_url=app_routes, timeout=10) as thief:
        thief.cookies.set("stauth_login", copied)
        response = thief.post(REFRESH_PATH, json={"nonce": "n1"}, headers={"Origin": app_routes})
    outcome = open_outcome(get_services().sealer, response.json().get("outcome"), "n1")
    assert outcome is not None
    assert outcome.kind == "signed_out"
    assert refresh_count(app_env, user) == 0


def test_a_copied_cookie_of_a_logged_out_login_is_cleared_at_a_reload(
    tab: AppDriver, user: str
) -> None:
    """Put back after the logout, the copy signs nobody in and is gone again after the reload,
    without a "logged out" message to a tab that was never signed in."""
    tab.log_in(user, PASSWORD)
    jar = tab.browser.client.cookies.jar
    [copied] = [cookie for cookie in jar if cookie.name == "stauth_login"]
    tab.click("logout")
    jar.set_cookie(copied)  # as it was, for the same host and path
    reloaded = AppDriver(tab.browser).settle()
    assert reloaded.title == "Log in"
    assert reloaded.texts("info") == []
    assert "stauth_login" not in tab.browser.cookies()


@pytest.mark.parametrize("missing", REQUIRED_CLAIMS)
def test_a_token_missing_any_required_claim_is_malformed(missing: str) -> None:
    claims: dict[str, object] = {
        "sub": "a@example.com",
        "user_id": "1",
        "role": "user",
        "jti": "j",
        "exp": time.time() + ACCESS_LIFETIME,
    }
    del claims[missing]
    with pytest.raises(MalformedToken):
        read_claims(jwt.encode(claims, "k" * 32, algorithm="HS256"), REQUIRED_CLAIMS)


def test_an_outcome_older_than_its_age_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page could otherwise hand back an old outcome (an old access token) much later."""
    sealer = Sealer(b"s" * 32)
    sealed = seal_outcome(sealer, Outcome("n1", "signed_out"))
    assert open_outcome(sealer, sealed, "n1") is not None
    later = time.time() + outcomes.MAX_AGE_SECONDS + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert open_outcome(sealer, sealed, "n1") is None
