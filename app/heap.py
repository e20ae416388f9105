"""What the server made while it started is kept out of the garbage collector's walks.

After every script run (a page's, a fragment's) Streamlit collects all generations
(`runner.postScriptGC`), and a full collection walks every object the collector tracks. Once
the server has started those are mostly the modules and what they hold: Streamlit's own, the
app's, and numpy, pandas and pyarrow that warm.py imports. Walking them took 80% of a plain
rerun's CPU (about 60 ms of 75 ms on two cores), for objects that live as long as the process
anyway. So once, at the end of the start, they are frozen (Python's permanent generation): the
collection after each run walks only what runs made, and frees what it did before.
"""

from __future__ import annotations

import gc
import logging

logger = logging.getLogger(__name__)


def freeze_start_up() -> None:
    """Collect the start's own garbage, then move every object left out of later collections."""
    gc.collect()
    gc.freeze()
    logger.info("Objects made at start left out of collections: %d.", gc.get_freeze_count())
