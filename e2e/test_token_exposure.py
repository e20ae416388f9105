"""No token reaches anything page JavaScript can read: HTML, cookies, storage, URLs, messages."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, WebSocket

from e2e import runs, ui
from e2e.api import Backend, Lifetimes
from e2e.capabilities import Discovered
from e2e.servers import Deployment

# Streamlit's own double-submit XSRF cookie is readable by design; it carries no identity.
STREAMLIT_XSRF = "_streamlit_xsrf"
JWT_SHAPE = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+")

_READABLE = """() => JSON.stringify({
  cookie: document.cookie,
  local: Object.entries(localStorage),
  session: Object.entries(sessionStorage),
  url: location.href,
})"""


class Exposure:
    """Everything a script on the app's pages could have seen, gathered as the test goes."""

    def __init__(self, context: BrowserContext) -> None:
        self.seen: list[tuple[str, str]] = []
        context.on("request", lambda request: self.seen.append(("request URL", request.url)))

    def watch(self, page: Page) -> Page:
        page.on("websocket", self._watch_socket)
        return page

    def _watch_socket(self, socket: WebSocket) -> None:
        socket.on("framereceived", self._message)

    def _message(self, payload: str | bytes) -> None:
        text = payload.decode("latin-1") if isinstance(payload, bytes) else payload
        self.seen.append(("message from the app server", text))

    def look(self, page: Page, where: str) -> None:
        self.seen.append((f"HTML of {where}", page.content()))
        self.seen.append((f"script-readable state of {where}", page.evaluate(_READABLE)))
        for cookie in page.context.cookies():
            if not cookie.get("httpOnly"):
                self.seen.append((f"readable cookie {cookie.get('name')}", cookie.get("value", "")))

    def leaks_of(self, secret: str) -> list[str]:
        return [where for where, text in self.seen if secret in text]

    def jwt_shaped(self) -> list[str]:
        return [where for where, text in self.seen if JWT_SHAPE.search(text)]


def test_no_token_in_page_html_readable_cookies_or_storage(
    context: BrowserContext,
    user: str,
    password: str,
    controls: Backend,
    lifetimes: Lifetimes,
    deployment: Deployment,
    backend_capabilities: Discovered,
) -> None:
    """No token reaches the page's HTML, readable cookies, storage, URLs or WebSocket messages."""
    exposure = Exposure(context)
    page = exposure.watch(context.new_page())
    runs.open_page(page)
    ui.log_in(page, user, password)
    exposure.look(page, "Home")
    keeps_documents = backend_capabilities.lacks("documents") is None
    if keeps_documents:
        ui.upload(page, "exposure.txt", b"x")
    else:
        ui.go_to(page, "Documents")
    exposure.look(page, "Documents")
    ui.go_to(page, "Debug")
    exposure.look(page, "Debug")
    # A refresh (the stub's clock moved past expiry) and a restore (a reload) both hand
    # the app new tokens through the browser's cookie route.
    controls.advance_clock(lifetimes.access_seconds + 30)
    ui.go_to(page, "Documents")
    if keeps_documents:
        ui.expect_document(page, "exposure.txt")
    ui.expect_signed_in(page, user)
    exposure.look(page, "Documents after a refresh")
    runs.reload(page)
    ui.expect_signed_in(page, user)
    exposure.look(page, "Documents after a reload")

    assert exposure.jwt_shaped() == [], "something JWT-shaped is readable by the page"
    if deployment.tokens is not None:  # the exact values, where the suite taps the backend
        # One pair at login and one per refresh; a reload with a fresh token needs none.
        assert len(deployment.tokens.issued_to(user, kind="access")) >= 2
        for token in deployment.tokens.issued_to(user):
            assert exposure.leaks_of(token) == [], "a token the app holds is readable by the page"
    readable = {c.get("name") for c in context.cookies() if not c.get("httpOnly")}
    assert readable <= {STREAMLIT_XSRF}, f"cookies page JavaScript can read: {readable}"
    assert any(c.get("httpOnly") for c in context.cookies()), "the login needs its cookie"
