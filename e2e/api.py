"""Direct calls to the backend (CONTRACT.md sections 1 and 5): what a test checks behind the UI."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from e2e.app_clock import AppClock

API = "/api/v1"


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


class Backend:
    def __init__(self, base_url: str, app_clock: AppClock | None = None) -> None:
        self.base_url = base_url
        # The app's clock, moved with the backend's when the suite started the app itself.
        self.app_clock = app_clock
        self._http = httpx.Client(base_url=base_url + API, timeout=15.0)

    def close(self) -> None:
        self._http.close()

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
        answer = self._http.post("/auth/register", json={"email": email, "password": password})
        answer.raise_for_status()
        pair: dict[str, Any] = answer.json()
        return pair

    def log_in(self, email: str, password: str) -> str:
        """A separate login of the same account, as another device would make; its access token."""
        answer = self._http.post("/auth/login", data={"username": email, "password": password})
        answer.raise_for_status()
        token: str = answer.json()["access_token"]
        return token

    def me_status(self, access_token: str) -> int:
        """200 while the token is good, 401 once it is expired, blocklisted or revoked."""
        answer = self._http.get("/auth/me", headers={"Authorization": f"Bearer {access_token}"})
        return answer.status_code

    def documents(self, access_token: str) -> list[str]:
        answer = self._http.get("/documents", headers={"Authorization": f"Bearer {access_token}"})
        answer.raise_for_status()
        return [item["filename"] for item in answer.json()["items"]]

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
        access = float(pair.get("expires_in") or claims(pair["access_token"])["exp"] - now)
        return Lifetimes(access, claims(pair["refresh_token"])["exp"] - now)

    def logout_status(self, access_token: str) -> int:
        """Log this token out: 401 when it was already revoked (CONTRACT section 1), which is
        how a backend without /auth/me shows a blocklisted token. Ends the login otherwise."""
        answer = self._http.post(
            "/auth/logout", headers={"Authorization": f"Bearer {access_token}"}
        )
        return answer.status_code

    def refresh_status(self, refresh_token: str) -> int:
        """Present a refresh token: 401 once its login is revoked. Rotates it otherwise."""
        answer = self._http.post("/auth/refresh", json={"refresh_token": refresh_token})
        return answer.status_code
