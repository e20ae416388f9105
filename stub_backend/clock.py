"""The backend's clock: wall time plus an offset that only the test controls move.

The offset lives in the store, so it survives a restart and every worker agrees on it."""

import time

from stub_backend.store.controls import Controls


class Clock:
    def __init__(self, controls: Controls) -> None:
        self._controls = controls

    def now(self) -> float:
        return time.time() + self._controls.clock_offset()

    def advance(self, seconds: float) -> float:
        self._controls.advance_clock(seconds)
        return self.now()
