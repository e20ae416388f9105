"""Drive the real app script with AppTest, and play the browser's part of it.

AppTest runs `app/main.py` headless, but it runs no JavaScript and sends no cookies. The
`Browser` here does what the page would: it reads each mounted bridge element's data, POSTs it
to the app's own routes (a Starlette app with the same routes, served on loopback), keeps the
cookies those routes set, and reports the answer back through the component's `done` trigger,
as the component's JavaScript does. A new `AppDriver` on the same `Browser` is a reload.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookiejar import Cookie
from pathlib import Path
from typing import Any

import httpx
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Node, UnknownElement

from app.auth.binding import BINDING_COOKIE, MAX_AGE_SECONDS
from app.display import UNLINKED

MAIN_SCRIPT = str(Path(__file__).parents[2] / "app" / "main.py")
VIEWS = "views"


def binding_cookie(name: str, value: str) -> Cookie:
    """A binding cookie as the app's page gives it: for the whole site, for MAX_AGE_SECONDS."""
    return Cookie(
        version=0,
        name=name,
        value=value,
        port=None,
        port_specified=False,
        domain="",
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=int(time.time()) + MAX_AGE_SECONDS,
        discard=False,
        comment=None,
        comment_url=None,
        rest={"HttpOnly": ""},
    )


@dataclass
class Browser:
    """One browser profile: the app's cookies, and the bridge calls it has made.

    `client` talks real HTTP to the app's routes served on loopback (see conftest.py).
    """

    client: httpx.Client
    made: set[str] = field(default_factory=set)
    statuses: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        # What the app's page response gives every browser first (see app/auth/binding.py),
        # kept as long: closing the browser keeps it.
        if BINDING_COOKIE not in self.client.cookies:
            self.client.cookies.jar.set_cookie(
                binding_cookie(BINDING_COOKIE, secrets.token_urlsafe(32))
            )

    def cookies(self) -> dict[str, str]:
        return {cookie.name: cookie.value or "" for cookie in self.client.cookies.jar}

    def perform(self, data: dict[str, Any]) -> dict[str, Any]:
        """What the bridge's JavaScript does: one same-origin POST per nonce; its report."""
        self.made.add(data["nonce"])
        origin = str(self.client.base_url).rstrip("/")
        response = self.client.post(data["url"], json=data["body"], headers={"Origin": origin})
        self.statuses.append(response.status_code)
        try:
            outcome = response.json().get("outcome")
        except ValueError:
            outcome = None
        return {"status": response.status_code, "outcome": outcome}


class AppDriver:
    """One browser tab: an AppTest session that sends `browser`'s cookies when it starts."""

    def __init__(self, browser: Browser, script: str = MAIN_SCRIPT) -> None:
        self.browser = browser
        self.at = AppTest.from_file(script, default_timeout=30)

    def run(self) -> AppDriver:
        self.at.run()
        assert not self.at.exception, [exception.value for exception in self.at.exception]
        return self

    def settle(self, rounds: int = 5) -> AppDriver:
        """Run, then keep making the page's bridge calls until none is left to make."""
        self.run()
        return self.settled(rounds)

    def settled(self, rounds: int = 5) -> AppDriver:
        """Make the page's bridge calls, reporting each back, until none is left to make."""
        for _ in range(rounds):
            pending = [
                data for data in self.bridge_calls() if data["nonce"] not in self.browser.made
            ]
            if not pending:
                return self
            for data in pending:
                self.report(data, self.browser.perform(data))
        raise AssertionError("the app kept asking the browser for more calls")

    def report(self, data: dict[str, Any], result: dict[str, Any]) -> None:
        """The component's `done` trigger, as its JavaScript sets it after the fetch."""
        states = WidgetStates()
        states.CopyFrom(self.at._tree.get_widget_states())
        trigger = states.widgets.add()
        trigger.id = _make_trigger_id(data["element_id"], "events")
        trigger.json_trigger_value = json.dumps([{"event": "done", "value": result}])
        self.at._run(states)
        assert not self.at.exception, [exception.value for exception in self.at.exception]

    def bridge_calls(self) -> list[dict[str, Any]]:
        calls = []
        for element in walk(self.at._tree):
            if not isinstance(element, UnknownElement):
                continue
            proto = element.proto
            if getattr(proto, "component_name", None) != "auth_bridge":
                continue
            # The bridge sends its data as a JSON string, which Streamlit encodes as JSON again.
            payload = json.loads(json.loads(proto.json))
            calls.append({**payload, "element_id": proto.id})
        return calls

    def go_to(self, view: str) -> AppDriver:
        self.at.switch_page(f"{VIEWS}/{view}.py")
        return self.settle()

    def log_in(self, email: str, password: str, *, settle: bool = True) -> AppDriver:
        """Submit the form. `settle=False` stops after the action's own run: AppTest reruns the
        whole page for the cookie call's report, where a browser reruns only the bridge's
        fragment, so what the person sees on landing is read before settling."""
        self.at.text_input(key="login_email").set_value(email)
        self.at.text_input(key="login_password").set_value(password)
        self.at.button(key="FormSubmitter:login_form-Log in").click()
        return self.settle() if settle else self.run()

    def register(
        self, email: str, password: str, confirmation: str | None = None, *, settle: bool = True
    ) -> AppDriver:
        self.at.text_input(key="register_email").set_value(email)
        self.at.text_input(key="register_password").set_value(password)
        self.at.text_input(key="register_confirmation").set_value(
            password if confirmation is None else confirmation
        )
        self.at.button(key="FormSubmitter:register_form-Create account").click()
        return self.settle() if settle else self.run()

    def click(self, key: str, *, settle: bool = True) -> AppDriver:
        self.at.button(key=key).click()
        return self.settle() if settle else self.run()

    def upload(self, filename: str, content: bytes, mime_type: str = "text/plain") -> AppDriver:
        self.at.file_uploader[0].upload(filename, content, mime_type)
        return self.settle()

    def document_names(self) -> list[str]:
        """The filenames listed on the Documents page, as a person reads them."""
        names = []
        for element in self.at.markdown:
            text = str(element.value)
            if text.startswith("**") and "**  \n" in text:
                names.append(readable(text[2 : text.index("**  \n")]))
        return names

    def delete(self, filename: str) -> AppDriver:
        names = self.document_names()
        delete_buttons = [button for button in self.at.button if button.label == "Delete"]
        self.click(str(delete_buttons[names.index(filename)].key))
        [confirm] = [button for button in self.at.button if button.label == "Delete for good"]
        return self.click(str(confirm.key))

    @property
    def title(self) -> str:
        titles = [title.value for title in self.at.title]
        return titles[0] if titles else ""

    def texts(self, kind: str) -> list[str]:
        """The main area's text of elements of one kind (error, warning, success, info, caption),
        as a person reads it: Markdown's backslash escapes undone."""
        elements = getattr(self.at.main, kind)
        return [readable(str(element.value)) for element in elements]

    def sidebar_text(self) -> str:
        sidebar = self.at.sidebar
        parts = [
            str(element.value).replace(UNLINKED, "")
            for kind in ("markdown", "caption", "info", "success")
            for element in getattr(sidebar, kind)
        ]
        return "\n".join(parts)

    def can_open(self, view: str) -> bool:
        """Whether `view` is in the current navigation (AppTest refuses unregistered pages)."""
        try:
            self.at.switch_page(f"{VIEWS}/{view}.py")
        except ValueError:
            return False
        return True


def readable(markdown: str) -> str:
    """Text the app wrote into Markdown as a person reads it: escapes and link breaks undone."""
    return re.sub(r"\\(.)", r"\1", markdown.replace(UNLINKED, ""))


def walk(node: Node) -> Iterator[Node]:
    yield node
    children = node.children.values() if isinstance(node, Block) else ()
    for child in children:
        yield from walk(child)
