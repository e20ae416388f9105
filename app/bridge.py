"""The browser side of the app's cookie routes: a tiny component that POSTs, then wakes Python.

Only the app's route can read or set the HttpOnly cookies, and only the browser can call the
route with them, so the script asks the page to make the call: it mounts this component with a
one-time nonce, the component `fetch`es the route once, and its `done` trigger reruns the
script, which then takes the result from the handoff (never from the page).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import streamlit as st

CallKind = Literal["restore", "refresh", "cookies"]
CONTAINER_KEY = "auth_bridge"

# One fetch per nonce even if Streamlit remounts the element: every mounted instance waits on
# the same promise, so whichever instance is alive reports back.
_JS = """
export default function ({ data: sent, setTriggerValue }) {
  const data = JSON.parse(sent);
  const calls = (window.__authBridgeCalls ??= new Map());
  if (!calls.has(data.nonce)) {
    calls.set(data.nonce, fetch(data.url, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(data.body),
    }).then((response) => response.status, () => 0));
  }
  calls.get(data.nonce).then((status) => setTriggerValue("done", status));
}
"""

_component = st.components.v2.component("auth_bridge", js=_JS)


@dataclass
class BridgeCall:
    """One POST the page must make to an app route: a restore, a refresh, or cookie changes."""

    nonce: str
    kind: CallKind
    url: str
    body: dict[str, str]
    started_at: float
    status: int | None = field(default=None)

    @property
    def element_key(self) -> str:
        return f"auth_bridge_{self.nonce}"


def mount(calls: list[BridgeCall], on_done: Callable[[BridgeCall, int], None]) -> None:
    """Render the pending calls; `on_done(call, http_status)` runs when the page reports back.

    The container carries the key `auth_bridge` while calls are pending, which tests use as the
    signal that the app has settled.
    """
    if not calls:
        return
    with st.container(key=CONTAINER_KEY, height=1, border=False):
        for call in calls:
            _component(
                key=call.element_key,
                # A string, not a dict: Streamlit scans a dict's values for dataframes, and
                # that first scan imports pandas and pyarrow while holding the GIL (~1.5 s).
                data=json.dumps({"nonce": call.nonce, "url": call.url, "body": call.body}),
                on_done_change=_reporter(call, on_done),
            )


def _reporter(call: BridgeCall, on_done: Callable[[BridgeCall, int], None]) -> Callable[[], None]:
    def report() -> None:
        result: Any = st.session_state.get(call.element_key)
        status = getattr(result, "done", None)
        if status is None and isinstance(result, dict):
            status = result.get("done")
        on_done(call, int(status) if isinstance(status, int | float) else 0)

    return report
