"""The backend's clock: wall time plus an offset that only the test controls move.

The offset lives in the store, so it survives a restart and every worker agrees on it."""

import time

from stub_backend.store.controls import Controls

# However many advances add up: far beyond any test, far inside `datetime`'s range (year 9999),
# so that every time the backend shows stays representable.
MAX_OFFSET_SECONDS = 100 * 365 * 24 * 60 * 60


class ClockRangeError(Exception):
    """The advance would take the clock past MAX_OFFSET_SECONDS ahead of wall time."""


class Clock:
    def __init__(self, controls: Controls) -> None:
        self._controls = controls

    def now(self) -> float:
        return time.time() + self._controls.clock_offset()

    def advance(self, seconds: float) -> float:
        if not self._controls.advance_clock(seconds, max_offset=MAX_OFFSET_SECONDS):
            raise ClockRangeError(f"the clock may run at most {MAX_OFFSET_SECONDS} seconds ahead")
        return self.now()
