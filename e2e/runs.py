"""Waiting on the app's own state, never on the clock.

Streamlit marks its root element with the script's state and the connection's state; the app
mounts `.st-key-auth_bridge` while the page still owes it a call to the app's cookie routes.
The app has settled when the script is not running, the connection is up and no call is owed.

The root's attribute alone cannot tell that an action's run has happened: React batches a fast
run's "running" and "not running" into one render, so the attribute may never change. Every
run ends with a `script_finished` message on the app's WebSocket, which is what `act` awaits.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from playwright.sync_api import Locator, Page, WebSocket
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

APP = '[data-testid="stApp"]'
BRIDGE = ".st-key-auth_bridge"
SETTLE_TIMEOUT_MS = 45_000

# True once the condition has held on two animation frames in a row, so that a message the
# page has received but not yet rendered cannot pass for a settled app.
_SETTLED = """
([app, bridge, token]) => {
  const root = document.querySelector(app);
  const idle = Boolean(root)
    && root.getAttribute("data-test-script-state") === "notRunning"
    && root.getAttribute("data-test-connection-state") === "CONNECTED"
    && document.querySelector(bridge) === null;
  const before = window.__e2eIdleSince;
  window.__e2eIdleSince = idle ? token : null;
  return idle && before === token;
}
"""

# Each tab's current connection to the app server (a reload opens a new one).
_SOCKETS: WeakKeyDictionary[Page, WebSocket | None] = WeakKeyDictionary()


def finishes_run(payload: str | bytes) -> bool:
    """Whether a message from the app server says a script run has ended, and no rerun follows
    straight away."""
    # A run cut short by st.rerun or st.switch_page is followed by the run that counts.
    status = run_status(payload)
    return status is not None and status != ForwardMsg.FINISHED_EARLY_FOR_RERUN


def _track(page: Page) -> None:
    if page not in _SOCKETS:
        _SOCKETS[page] = None
        page.on("websocket", lambda socket: _remember(page, socket))


def _remember(page: Page, socket: WebSocket) -> None:
    if "/_stcore/stream" in socket.url:
        _SOCKETS[page] = socket


def app_socket(page: Page) -> WebSocket:
    socket = _SOCKETS.get(page)
    assert socket is not None, "open the page with ui.open_page first"
    return socket


def settle(page: Page) -> None:
    """Wait until the app is idle: not running, connected, no cookie call owed."""
    try:
        page.wait_for_function(
            _SETTLED,
            arg=[APP, BRIDGE, secrets.token_hex(8)],
            timeout=SETTLE_TIMEOUT_MS,
            polling="raf",
        )
    except PlaywrightTimeoutError:
        raise AssertionError(f"the app did not settle: {_describe(page)}") from None


def _describe(page: Page) -> str:
    state = page.evaluate(
        """([app, bridge]) => {
          const root = document.querySelector(app);
          return {
            script: root?.getAttribute("data-test-script-state"),
            connection: root?.getAttribute("data-test-connection-state"),
            bridgeMounted: document.querySelector(bridge) !== null,
          };
        }""",
        [APP, BRIDGE],
    )
    return str(state)


def act(page: Page, action: Callable[[], None]) -> None:
    """Do something that reruns the script, wait for that run to end, then for the app to settle
    (a run that mounted a cookie call is followed by the run the call's answer starts)."""
    try:
        with app_socket(page).expect_event(
            "framereceived", predicate=finishes_run, timeout=SETTLE_TIMEOUT_MS
        ):
            action()
    except PlaywrightTimeoutError:
        raise AssertionError(
            f"no script run finished within {SETTLE_TIMEOUT_MS} ms of the action: the app "
            f"is stuck or rerunning in a loop ({_describe(page)})"
        ) from None
    settle(page)


def click(page: Page, target: Locator) -> None:
    act(page, target.click)


def click_together(*targets: tuple[Page, Locator]) -> None:
    """Click in several tabs before waiting for any, so their runs overlap."""
    with ExitStack() as waits:
        for page, _ in targets:
            waits.enter_context(
                app_socket(page).expect_event(
                    "framereceived", predicate=finishes_run, timeout=SETTLE_TIMEOUT_MS
                )
            )
        for _, target in targets:
            target.click()
    for page, _ in targets:
        settle(page)


def expect_no_run(page: Page, window_ms: int) -> None:
    """Fail if a script run ends within the window: an idle app does not rerun by itself."""
    try:
        with app_socket(page).expect_event(
            "framereceived", predicate=finishes_run, timeout=window_ms
        ):
            pass
    except PlaywrightTimeoutError:
        return
    raise AssertionError(f"the app reran on its own within {window_ms} ms")


@dataclass
class RunCount:
    """Script runs that ended in one tab: whole-app runs, and runs of one fragment alone."""

    full: int = 0
    fragment: int = 0

    def record(self, payload: str | bytes) -> None:
        status = run_status(payload)
        if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            self.fragment += 1
        elif status is not None and status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            self.full += 1


def count_runs(page: Page) -> RunCount:
    """Start counting the runs that end in this tab, on its current connection and on any it
    opens later (a reload); the result fills in as runs end."""
    count = RunCount()
    current = _SOCKETS.get(page)
    if current is not None:
        current.on("framereceived", count.record)

    def watch(socket: WebSocket) -> None:
        if "/_stcore/stream" in socket.url:
            socket.on("framereceived", count.record)

    page.on("websocket", watch)
    return count


def run_status(payload: str | bytes) -> int | None:
    """The status of a `script_finished` message, None for any other frame."""
    if isinstance(payload, str):
        return None
    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except Exception:  # protobuf's DecodeError: a frame we cannot read is not a run's end
        return None
    if message.WhichOneof("type") != "script_finished":
        return None
    return int(message.script_finished)


def open_page(page: Page, path: str = "/") -> None:
    """Open one of the app's pages ("/documents"), under the prefix the context's base URL
    carries, or a full URL; wait until it has settled."""
    _track(page)
    page.goto(path if "://" in path else "./" + path.lstrip("/"))
    settle(page)


def reload(page: Page) -> None:
    page.reload()
    settle(page)
