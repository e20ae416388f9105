"""Outcomes of bridge calls, handed from the app's routes to the waiting session.

A refresh runs in the cookie route (only it can read and rotate the HttpOnly cookie), but the
new access token belongs to one Streamlit session. The route leaves the outcome here under the
session's one-time nonce and the session takes it on its next run: the token never passes
through page JavaScript. Cookie changes leave a "stored" outcome, so the session knows which
of its calls have completed. Process-local on purpose: a Streamlit deployment with replicas already
needs session affinity, so the route and the session share a process.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Literal

OutcomeKind = Literal["granted", "expired", "signed_out", "unavailable", "stored"]
HOLD_SECONDS = 60.0
MAX_WAITING = 10_000


@dataclass(frozen=True)
class BridgeOutcome:
    kind: OutcomeKind
    access_token: str | None = None
    detail: str | None = None


class Handoff:
    def __init__(self, hold_seconds: float = HOLD_SECONDS) -> None:
        self._hold = hold_seconds
        self._waiting: dict[str, tuple[float, BridgeOutcome]] = {}
        self._lock = threading.Lock()

    def put(self, nonce: str, outcome: BridgeOutcome) -> None:
        now = time.monotonic()
        with self._lock:
            self._drop_stale(now)
            if len(self._waiting) < MAX_WAITING:
                self._waiting[nonce] = (now, outcome)

    def take(self, nonce: str) -> BridgeOutcome | None:
        with self._lock:
            entry = self._waiting.pop(nonce, None)
        return entry[1] if entry else None

    def _drop_stale(self, now: float) -> None:
        for nonce in [n for n, (at, _) in self._waiting.items() if now - at > self._hold]:
            del self._waiting[nonce]
