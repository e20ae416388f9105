"""Login sessions that a tab of this app process has logged out.

Home and the sidebar render from the session's own token, with no backend call, so a tab whose
login was ended in another tab would look signed in until it next reached the backend. Every
tab checks this set at the start of its run instead: a logout is seen at the next click, at no
cost. A logout made elsewhere (another replica, another device) is still caught by the backend
at the next call that reaches it.
"""

from __future__ import annotations

import threading
import time


class SignedOutSessions:
    def __init__(self) -> None:
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def add(self, sid: str, hold_seconds: float) -> None:
        """Remember `sid` for as long as a token of it may still be held (its access lifetime):
        after that, the tab's next refresh finds the login cookie gone anyway."""
        now = time.monotonic()
        with self._lock:
            for stale in [key for key, until in self._until.items() if until < now]:
                del self._until[stale]
            self._until[sid] = now + hold_seconds

    def __contains__(self, sid: object) -> bool:
        with self._lock:
            until = self._until.get(sid) if isinstance(sid, str) else None
        return until is not None and until >= time.monotonic()
