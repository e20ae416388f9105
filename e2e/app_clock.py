"""The app's clock, moved together with the stub's test clock.

The app times its access token on its own clock (it must not trust the backend's claims about
"now"), so a scenario that moves the backend's clock past an expiry must move the app's too,
or the app would not refresh until the backend refuses a call; against a backend that offers
only the seed's endpoints, no page makes such a call. The app processes the suite starts load
`clock_shim/sitecustomize.py`, which reads the offset this object writes.
"""

from __future__ import annotations

import os
from pathlib import Path

SHIM = Path(__file__).with_name("clock_shim")


class AppClock:
    def __init__(self, offset_file: Path) -> None:
        self.offset_file = offset_file
        self.offset = 0.0
        self._write()

    def environment(self, pythonpath: str) -> dict[str, str]:
        """What an app process needs to read its token clock from this one."""
        return {
            "E2E_APP_CLOCK_FILE": str(self.offset_file),
            "PYTHONPATH": os.pathsep.join([str(SHIM), pythonpath]),
        }

    def advance(self, seconds: float) -> None:
        self.offset += seconds
        self._write()

    def _write(self) -> None:
        # Written whole and renamed into place: the app may read it at any moment.
        draft = self.offset_file.with_suffix(".draft")
        draft.write_text(f"{self.offset:.3f}\n")
        draft.replace(self.offset_file)
