"""Direct calls to the backend (CONTRACT.md sections 1, 5 and 8): what a test checks behind UI."""

from __future__ import annotations

import base64
import json
import os
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

import httpx

from app.backend import BackendClient, Caller, Unauthorized, profile
from app.backend.profile import BackendProfile
from e2e.app_clock import AppClock

if TYPE_CHECKING:
    from e2e.servers import Deployment


@dataclass(frozen=True)
class Lifetimes:
    access_seconds: float
    refresh_seconds: float


def claims(token: str) -> dict[str, Any]:
    """A JWT's payload, unverified: tests only read what the backend put there."""
    payload = token.split(".")[1]
    padded = payload + "=" * (-len(payload) % 4)
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(padded))
    return decoded


def profile_of(deployment: Deployment) -> BackendProfile:
    """The backend's shape, from the settings the suite gave the app it started, else from
    this process's environment, as the app reads its own (API_PROFILE, API_<FIELD>);
    API_PROFILE=auto is read off the backend's OpenAPI document, as the app does."""
    given = deployment.api_settings
    if given is None:
        given = {name: value for name, value in os.environ.items() if name.startswith("API_")}
    preset, fields = profile.from_settings(given)
    if preset == profile.AUTO:
        preset = _detected(deployment.api_url, fields.get("prefix"))
    return profile.resolve(preset, fields)


def _detected(api_url: str, prefix: str | None) -> str:
    with httpx.Client(base_url=api_url, timeout=15.0) as http:
        for path in dict.fromkeys(preset.openapi_path for preset in profile.PRESETS.values()):
            answer = http.get(path)
            document = answer.json() if answer.status_code == httpx.codes.OK else None
            found = profile.detect(document, prefix) if isinstance(document, dict) else None
            if found is not None:
                return found
    raise RuntimeError(f"API_PROFILE=auto, but no OpenAPI document of {api_url} fits a preset")


class Backend:
    """The backend under test, spoken to as the app speaks to it: through the app's own client
    and backend profile, so a check behind the UI holds for any backend the app serves. The
    stub's test controls (CONTRACT section 5) sit under the profile's prefix."""

    def __init__(
        self, base_url: str, profile: BackendProfile, app_clock: AppClock | None = None
    ) -> None:
        self.base_url = base_url
        self.profile = profile
        # The app's clock, moved with the backend's when the suite started the app itself.
        self.app_clock = app_clock
        self.client = BackendClient(base_url, 15.0, profile)
        self._http = httpx.Client(base_url=base_url + profile.prefix, timeout=15.0)

    def close(self) -> None:
        self.client.close()
        self._http.close()

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def controls_url(self) -> str:
        return f"{self.base_url}{self.profile.prefix}/_test"

    def has_test_controls(self) -> bool:
        """The controls answer 404 when STUB_TEST_CONTROLS is off (or on a real backend)."""
        answer = self._http.get("/_test/sessions", params={"email": "x"})
        return answer.status_code != httpx.codes.NOT_FOUND

    def advance_clock(self, seconds: float) -> None:
        """Move the backend's clock, and the app's with it where the suite can (see
        app_clock.py): time passes for both, as it would for a real tab left open."""
        self._http.post("/_test/clock", json={"advance_seconds": seconds}).raise_for_status()
        if self.app_clock is not None:
            self.app_clock.advance(seconds)

    def sessions(self, email: str) -> list[dict[str, Any]]:
        answer = self._http.get("/_test/sessions", params={"email": email})
        answer.raise_for_status()
        sessions: list[dict[str, Any]] = answer.json()["sessions"]
        return sessions

    def register(self, email: str, password: str) -> dict[str, Any]:
        """An account, made as the app makes one; its first login's token answer."""
        return self.client.register(email, password, Caller()).model_dump()

    def log_in(self, email: str, password: str) -> str:
        """A separate login of the same account, as another device would make; its access token."""
        return self.client.login(email, password, Caller()).access_token

    def user_id(self, email: str, password: str) -> str:
        """The backend's id for the account (what `sub` holds where it is not the email)."""
        return self.client.identify(Caller(self.log_in(email, password))).user_id

    def token_works(self, access_token: str) -> bool:
        """Whether the backend still takes this token: asked with `me` where the backend has
        one, else with a logout, which a revoked token gets a 401 for (CONTRACT section 1) and
        which ends the login otherwise."""
        try:
            if self.client.capabilities.me:
                self.client.me(Caller(access_token))
            else:
                self.client.logout(Caller(access_token))
        except Unauthorized:
            return False
        return True

    def documents(self, access_token: str) -> list[str]:
        return [item.filename for item in self.client.list_documents(Caller(access_token))]

    def clock_now(self) -> float:
        """The backend's clock: the test controls' (which tests move), else its `Date` header."""
        answer = self._http.post("/_test/clock", json={"advance_seconds": 0})
        if answer.status_code == httpx.codes.OK:
            now: float = answer.json()["now"]
            return now
        return parsedate_to_datetime(answer.headers["date"]).timestamp()

    def lifetimes(self, email: str, password: str) -> Lifetimes:
        """Read both lifetimes off a fresh pair, so clock moves fit whatever backend this is.

        `iat` is optional (CONTRACT section 0): the access lifetime is `expires_in` when the
        answer gives it, else `exp` minus the backend's clock. A stub's `Date` header shows the
        real time, not its moved clock, so its test controls tell the time when they can.
        """
        pair = self.register(email, password)
        now = self.clock_now()
        return Lifetimes(_access_seconds(pair, now), claims(pair["refresh_token"])["exp"] - now)

    def access_lifetime(self, email: str, password: str) -> float:
        """How long this backend's access tokens live, read off a new account's first token."""
        pair = self.register(email, password)
        return float(
            pair.get("expires_in") or claims(pair["access_token"])["exp"] - self.clock_now()
        )

    def wait_until(self, moment: float, bound: float) -> None:
        """Until the backend's own clock (its test controls', else its `Date` header's) is past
        `moment`: an expiry has happened where it counts, however long it took."""
        deadline = time.monotonic() + bound
        while self.clock_now() <= moment + 1:  # `Date` has whole seconds
            if time.monotonic() > deadline:
                raise AssertionError(f"the backend's clock did not pass {moment} in {bound} s")
            time.sleep(0.25)  # polling the backend's clock, which moves on its own

    def logout_status(self, access_token: str) -> int:
        """Log this token out: 401 when it was already revoked (CONTRACT section 1), which is
        how a backend without /auth/me shows a blocklisted token. Ends the login otherwise."""
        try:
            self.client.logout(Caller(access_token))
        except Unauthorized:
            return httpx.codes.UNAUTHORIZED
        return httpx.codes.NO_CONTENT

    def refresh_status(self, refresh_token: str) -> int:
        """Present a refresh token: 401 once its login is revoked. Rotates it otherwise."""
        try:
            self.client.refresh(refresh_token)
        except Unauthorized:
            return httpx.codes.UNAUTHORIZED
        return httpx.codes.OK


def _access_seconds(pair: dict[str, Any], now: float) -> float:
    """An access token's life: `expires_in` where the answer gives it, else `exp` minus the
    backend's clock (`iat` is optional, CONTRACT section 0)."""
    return float(pair.get("expires_in") or claims(pair["access_token"])["exp"] - now)
