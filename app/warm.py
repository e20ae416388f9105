"""What the first visitor would otherwise pay, paid at start, before the health check answers.

Streamlit imports some of its modules the first time a page needs them. The bridge's component
(app/auth/bridge.py) has its data checked for a dataframe, which imports numpy, pandas and
pyarrow: about 1.4 s on two cores, taken from the first login after each start. A page icon is
checked against the emoji and Material icon tables, taken from the first page load. Each is
done here once, the way the page does it, so those imports happen in the server's start.
"""

from __future__ import annotations

import json
import logging
import time

logger = logging.getLogger(__name__)


def warm() -> None:
    """Import what a first page load and a first login would import."""
    from streamlit import dataframe_util, string_util

    start = time.perf_counter()
    # What a bridge call's mount does with its data (a JSON string).
    dataframe_util.determine_data_format(json.dumps({"nonce": "", "url": "", "body": {}}))
    # What st.set_page_config's emoji icon and a page link's Material icon are checked with.
    string_util.validate_icon_or_emoji("🔒")
    string_util.validate_icon_or_emoji(":material/person_add:")
    logger.info("Warmed up in %.2f s.", time.perf_counter() - start)
