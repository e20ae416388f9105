"""The browser side of the app's routes: a tiny component that POSTs, then wakes Python.

Only the app's routes can read or set the HttpOnly cookies, and only the browser can call them
with those cookies, so the script asks the page to make the call: it mounts this component with
a one-time nonce, the component `fetch`es the route once and reports the HTTP status and the
route's sealed outcome (which page JavaScript cannot open) back through its `done` trigger.

The component lives in a keyed fragment, so its report reruns the fragment alone: a login or a
background refresh costs no second run of the whole page. The session asks for a whole-app
rerun only when an outcome changes what the page shows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from app.auth.machine import PendingCall
from app.auth.routes import COOKIES_PATH, LOGOUT_PATH, REFRESH_PATH
from app.base_path import under

CONTAINER_KEY = "auth_bridge"
FRAGMENT_KEY = "auth_bridge_fragment"
_PATHS = {
    "restore": REFRESH_PATH,
    "refresh": REFRESH_PATH,
    "cookies": COOKIES_PATH,
    "logout": LOGOUT_PATH,
}

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
    }).then(
      async (response) => {
        let outcome = null;
        try { outcome = (await response.json()).outcome ?? null; } catch (error) {}
        return { status: response.status, outcome };
      },
      () => ({ status: 0, outcome: null }),
    ));
  }
  calls.get(data.nonce).then((result) => setTriggerValue("done", result));
}
"""

_component = st.components.v2.component("auth_bridge", js=_JS)


@dataclass(frozen=True)
class Report:
    """What the page said about one call: the HTTP status (0: no answer) and the sealed outcome."""

    status: int
    sealed_outcome: object


OnDone = Callable[[PendingCall, Report], None]


def mount(
    pending: Callable[[], list[PendingCall]],
    on_done: OnDone,
    wants_app_rerun: Callable[[], bool],
) -> None:
    """Render the pending calls in the bridge's fragment (call once, at the end of a run)."""
    _fragment(pending, on_done, wants_app_rerun)


@st.fragment(key=FRAGMENT_KEY)
def _fragment(
    pending: Callable[[], list[PendingCall]],
    on_done: OnDone,
    wants_app_rerun: Callable[[], bool],
) -> None:
    # A report that changed what the page shows (a restore, an expired login) reruns it all.
    if wants_app_rerun():
        st.rerun()
    calls = pending()
    if not calls:
        return
    # The container carries the key `auth_bridge` while calls are pending, which tests use as
    # the signal that the app has settled.
    with st.container(key=CONTAINER_KEY, height=1, border=False):
        for call in calls:
            _component(
                key=f"auth_bridge_{call.nonce}",
                # A string, not a dict: Streamlit scans a dict's values for dataframes, and
                # that first scan imports pandas and pyarrow while holding the GIL (~1.5 s).
                data=json.dumps(
                    {"nonce": call.nonce, "url": under(_PATHS[call.kind]), "body": call.body}
                ),
                on_done_change=_reporter(call, on_done),
            )


def _reporter(call: PendingCall, on_done: OnDone) -> Callable[[], None]:
    def report() -> None:
        result: Any = st.session_state.get(f"auth_bridge_{call.nonce}")
        done = getattr(result, "done", None)
        if done is None and isinstance(result, dict):
            done = result.get("done")
        status = done.get("status") if isinstance(done, dict) else None
        outcome = done.get("outcome") if isinstance(done, dict) else None
        on_done(call, Report(int(status) if isinstance(status, int | float) else 0, outcome))

    return report
