"""Loaded by the app processes the e2e suite starts (this folder leads their PYTHONPATH): the
app's token clock reads an offset that the suite moves with the stub's test clock.

The same seam AppTest uses (`app.auth.tokens.local_time`), reached from outside: the app's own
code has no test hook. Without E2E_APP_CLOCK_FILE nothing changes.
"""

import os
import time
from pathlib import Path

_OFFSET_FILE = os.environ.get("E2E_APP_CLOCK_FILE")

if _OFFSET_FILE:
    from app.auth import tokens

    def _moved_time(offset_file: Path = Path(_OFFSET_FILE)) -> float:
        try:
            offset = float(offset_file.read_text() or 0)
        except (OSError, ValueError):
            offset = 0.0
        return time.time() + offset

    tokens.local_time = _moved_time
