"""The app in front of each real backend family (CONTRACT section 8): fastapi-users, the
full-stack FastAPI template and an AuthX app, each served in this process from
tests/backends/ and the app given that family's settings (tests/backends/families.py).

Every check runs for all three families unless its docstring says why it cannot hold for one.
"""

from __future__ import annotations

import importlib
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.auth import cookies, tokens
from app.auth.cookies import LoginCookie
from app.backend.profile import BackendProfile
from app.services import get_services
from e2e.families import FAMILIES, Family
from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver
from tests.backends.common import HEALTH_PATH
from tests.backends_checks.helpers import bearer, new_email
from tests.loopback import serving
from tests.stub_server import TEST_JWT_SECRET

ADMIN_EMAIL = "root@example.com"
# Long enough for the sign-in's own `me` call; the app's clock stands still meanwhile.
SHORT_LIFETIME_SECONDS = 3.0
ACCESS_ONLY = ["fastapi-users", "fastapi-template"]
ENDED = "Your session has ended. Please log in again."
LOGGED_OUT = "You have been logged out."


@dataclass(frozen=True)
class RealBackend:
    """One family's backend on loopback, spoken to with the paths the app's profile names."""

    family: Family
    base_url: str
    access_seconds: float

    @property
    def profile(self) -> BackendProfile:
        return get_services().backend.profile

    def url(self, path: str) -> str:
        return f"{self.base_url}{self.profile.prefix}{path}"

    def sign_up(self, email: str) -> str:
        """An account made at the backend itself, not through the app."""
        profile = self.profile
        body = {profile.register_email_field: email, profile.register_password_field: PASSWORD}
        httpx.post(self.url(profile.register_path), json=body).raise_for_status()
        return email

    def accepts(self, access_token: str) -> bool:
        """Whether the backend still takes the token (its `me` answers)."""
        response = httpx.get(self.url(self.profile.me_path), headers=bearer(access_token))
        return response.status_code == httpx.codes.OK

    def renews_with(self, refresh_token: str) -> bool:
        """Whether the backend still takes the refresh token (AuthX: in `Authorization`)."""
        response = httpx.post(self.url(self.profile.refresh_path), headers=bearer(refresh_token))
        return response.status_code == httpx.codes.OK

    def wait_until_refused(self, access_token: str) -> None:
        """Poll until the token has expired at the backend, within its lifetime and a margin."""
        deadline = time.monotonic() + self.access_seconds + 5
        while self.accepts(access_token):
            assert time.monotonic() < deadline, "the backend still accepts an expired token"
            time.sleep(0.05)


class AppClock:
    """The app's clock (the `tokens.local_time` seam): real time, or standing still.

    A 3-second token is "expired" to the app within a second (its 2-second leeway), so while a
    short-lived login is set up the clock stands still; once the backend has refused the token,
    it is moved past the token's expiry and stands still there.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._still: float | None = None
        monkeypatch.setattr(tokens, "local_time", self.now)

    def now(self) -> float:
        return time.time() if self._still is None else self._still

    def stand_still(self, at_least: float = 0.0) -> None:
        """From now on the clock reads this moment (or `at_least`, if later)."""
        self._still = max(time.time(), at_least)


def serve(family: Family, folder: Path, access_seconds: float) -> Iterator[RealBackend]:
    module = importlib.import_module(family.module)
    settings = module.Settings(
        db_path=folder / "db.sqlite3",
        jwt_secret=TEST_JWT_SECRET,
        superuser_emails=ADMIN_EMAIL,
        access_token_seconds=access_seconds,
    )
    app = module.create_app(settings)
    with serving(app, name=family.name, health_path=HEALTH_PATH) as base_url:
        yield RealBackend(family, base_url, access_seconds)


@pytest.fixture(scope="module", params=list(FAMILIES), ids=list(FAMILIES))
def family(request: pytest.FixtureRequest) -> Family:
    return FAMILIES[request.param]


@pytest.fixture(scope="module")
def long_lived(family: Family, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealBackend]:
    """The family's backend with its default (15-minute) access tokens."""
    yield from serve(family, tmp_path_factory.mktemp(family.name), 900.0)


@pytest.fixture(scope="module")
def short_lived(family: Family, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealBackend]:
    """The family's backend with access tokens that live a few seconds."""
    path = tmp_path_factory.mktemp(f"{family.name}-short")
    yield from serve(family, path, SHORT_LIFETIME_SECONDS)


@pytest.fixture
def stub(
    request: pytest.FixtureRequest, family: Family, monkeypatch: pytest.MonkeyPatch
) -> RealBackend:
    """conftest's `app_env` points the app at `stub`: here, the family's real backend, with the
    family's settings for the app (as a person would set them) beside it. A test parametrizes
    it (indirect) with "short" for access tokens that live seconds, as others do with
    "minimal"."""
    served: RealBackend = request.getfixturevalue(
        "short_lived" if getattr(request, "param", None) == "short" else "long_lived"
    )
    for name, value in served.family.app_settings.items():
        monkeypatch.setenv(name, value)
    return served


@pytest.fixture
def backend(app_env: RealBackend) -> RealBackend:
    """The real backend the app is pointed at (with fresh services)."""
    return app_env


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> AppClock:
    return AppClock(monkeypatch)


def held_login(tab: AppDriver) -> LoginCookie:
    """The login the browser's cookie holds, opened as the app's routes open it."""
    login = cookies.open_login(get_services().sealer, tab.browser.cookies())
    assert login is not None, "no login cookie"
    return login


def signed_in_as(tab: AppDriver, email: str, role: str = "user") -> None:
    sidebar = tab.sidebar_text().replace("\\", "")
    assert tab.title == "Home"
    assert email in sidebar
    assert f"Role: {role}" in sidebar
    assert tab.texts("error") == []


# ---- sign-in ---------------------------------------------------------------------------------


def test_register_signs_in_at_once(
    tab: AppDriver, backend: RealBackend, backend_calls: Counter[str]
) -> None:
    """None of the three answers a registration with tokens: the app logs in itself."""
    email = new_email()
    tab.go_to("register").register(email, PASSWORD)
    signed_in_as(tab, email)
    profile = backend.profile
    assert backend_calls[f"POST {profile.register_path}"] == 1
    assert backend_calls[f"POST {profile.login_path}"] == 1


def test_log_in_with_the_right_password_signs_in(tab: AppDriver, backend: RealBackend) -> None:
    email = backend.sign_up(new_email())
    tab.log_in(email, PASSWORD)
    signed_in_as(tab, email)


def test_a_superuser_is_shown_as_admin(tab: AppDriver, backend: RealBackend) -> None:
    """fastapi-users and the template say so in `is_superuser` (read from `me`), AuthX in the
    token's `role` claim."""
    tab.log_in(backend.sign_up(ADMIN_EMAIL), PASSWORD)
    signed_in_as(tab, ADMIN_EMAIL, role="admin")


def test_a_wrong_password_is_refused_on_the_log_in_form(
    tab: AppDriver, backend: RealBackend
) -> None:
    tab.log_in(backend.sign_up(new_email()), "not the password at all")
    assert tab.title == "Log in"
    assert tab.texts("error") == ["Invalid email or password"]


def test_an_unknown_email_is_refused_with_the_same_sentence(tab: AppDriver) -> None:
    tab.log_in(new_email(), PASSWORD)
    assert tab.title == "Log in"
    assert tab.texts("error") == ["Invalid email or password"]


def test_registering_a_taken_email_says_it_exists(tab: AppDriver, backend: RealBackend) -> None:
    email = backend.sign_up(new_email())
    tab.go_to("register").register(email, PASSWORD)
    assert tab.title == "Create account"
    [error] = tab.texts("error")
    assert re.search(r"already|exists|taken", error, re.IGNORECASE), error


def test_a_too_short_password_is_refused_before_the_backend_is_asked(
    tab: AppDriver, backend_calls: Counter[str]
) -> None:
    """The app's own rule: it matters for fastapi-users, whose refusal would otherwise be its
    own sentence, and holds for all three."""
    tab.go_to("register").register(new_email(), "short7!")
    [error] = tab.texts("error")
    assert "at least 8" in error
    assert backend_calls == Counter()


def test_a_reload_stays_signed_in_without_asking_the_backend(
    tab: AppDriver, backend: RealBackend, backend_calls: Counter[str]
) -> None:
    """Who the login is for is read once, at sign-in (all three have a `me`), and kept in the
    sealed cookie: a reload asks the backend nothing at all."""
    email = backend.sign_up(new_email())
    tab.log_in(email, PASSWORD)
    assert backend_calls[f"GET {backend.profile.me_path}"] == 1
    backend_calls.clear()
    reloaded = AppDriver(tab.browser).settle()
    signed_in_as(reloaded, email)
    assert backend_calls == Counter()


# ---- log out ---------------------------------------------------------------------------------


def test_logout_signs_out_without_an_error_or_a_warning(
    tab: AppDriver, backend: RealBackend
) -> None:
    """The template has no logout endpoint and fastapi-users' cannot revoke: neither is a
    failure a person is told about."""
    tab.log_in(backend.sign_up(new_email()), PASSWORD)
    tab.click("logout", settle=False)
    assert tab.title == "Log in"
    assert tab.texts("info") == [LOGGED_OUT]
    tab.settled()  # the page makes the logout call to the app's route
    assert "Anonymous session" in tab.sidebar_text()
    assert tab.texts("error") == []
    assert tab.texts("warning") == []
    assert "stauth_login" not in tab.browser.cookies()


@pytest.mark.parametrize("family", ["authx"], indirect=True)
@pytest.mark.usefixtures("debug_for_everyone")
def test_logout_revokes_both_tokens_where_the_backend_can(
    tab: AppDriver, backend: RealBackend
) -> None:
    """AuthX only: its logout blocklists the tokens' `jti`; the other two cannot revoke."""
    tab.log_in(backend.sign_up(new_email()), PASSWORD).go_to("debug")
    assert tab.texts("warning") == []  # nothing to say about a revocable login
    login = held_login(tab)
    assert backend.accepts(login.access_token)
    tab.click("logout")
    assert not backend.accepts(login.access_token)
    assert not backend.renews_with(login.refresh_token)


@pytest.mark.parametrize("family", ACCESS_ONLY, indirect=True)
@pytest.mark.usefixtures("debug_for_everyone")
def test_a_token_outlives_logout_where_the_backend_cannot_revoke_as_debug_says(
    tab: AppDriver, backend: RealBackend
) -> None:
    """fastapi-users and the template only: a plain JWT stays valid until it expires (AuthX's
    is revoked, above)."""
    tab.log_in(backend.sign_up(new_email()), PASSWORD).go_to("debug")
    [warning] = tab.texts("warning")
    assert "stays valid at the server until it expires" in warning
    login = held_login(tab)
    tab.click("logout")
    assert tab.title == "Log in"
    assert backend.accepts(login.access_token)


# ---- expiry ----------------------------------------------------------------------------------


@pytest.mark.parametrize("stub", ["short"], indirect=True)
@pytest.mark.parametrize("family", ["authx"], indirect=True)
def test_an_expired_access_token_is_refreshed_at_the_next_run(
    tab: AppDriver, backend: RealBackend, clock: AppClock, backend_calls: Counter[str]
) -> None:
    """AuthX only: the other two have no refresh (their logins end, below)."""
    email = backend.sign_up(new_email())
    clock.stand_still()
    tab.log_in(email, PASSWORD)
    expired = held_login(tab)
    backend.wait_until_refused(expired.access_token)
    clock.stand_still(at_least=expired.access_expires_at)
    tab.settle()
    signed_in_as(tab, email)
    assert backend_calls[f"POST {backend.profile.refresh_path}"] == 1
    renewed = held_login(tab)
    assert renewed.access_token != expired.access_token
    assert backend.accepts(renewed.access_token)


@pytest.mark.parametrize("stub", ["short"], indirect=True)
@pytest.mark.parametrize("family", ACCESS_ONLY, indirect=True)
@pytest.mark.usefixtures("debug_for_everyone")
def test_an_access_only_login_ends_and_the_next_login_returns_to_the_page(
    tab: AppDriver, backend: RealBackend, clock: AppClock
) -> None:
    """fastapi-users and the template only: AuthX renews its logins (above)."""
    email = backend.sign_up(new_email())
    clock.stand_still()
    tab.log_in(email, PASSWORD).go_to("debug")
    login = held_login(tab)
    backend.wait_until_refused(login.access_token)
    clock.stand_still(at_least=login.access_expires_at)
    tab.run()
    assert tab.title == "Log in"
    assert ENDED in tab.texts("warning") + tab.texts("info")
    tab.settled()
    tab.log_in(email, PASSWORD)
    assert tab.title == "Debug"
    assert tab.texts("error") == []


# ---- documents -------------------------------------------------------------------------------


def test_the_documents_page_says_the_server_keeps_none(
    tab: AppDriver, backend: RealBackend
) -> None:
    """Signed out and signed in alike: none of the three keeps documents."""
    tab.go_to("documents")
    assert tab.texts("info") == ["This server does not keep documents."]
    tab.go_to("login").log_in(backend.sign_up(new_email()), PASSWORD).go_to("documents")
    assert tab.texts("info") == ["This server does not keep documents."]
    assert tab.texts("error") == []
