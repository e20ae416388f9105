"""A browser's part of Streamlit's protocol, without a browser: one simulated tab.

A tab does what the page's JavaScript does, over the same wire: it GETs the page (which gives
it the app's binding cookie), opens `/_stcore/stream` with the cookies and `Origin` a browser
sends, sends `rerun_script` BackMsgs with the widget states a click sends, and reads ForwardMsgs
until the run ends (a `script_finished` that is not cut short for a rerun). The elements each
run draws are kept by their delta path, so the tab can find its widgets, read its sidebar and
see the bridge calls the app asks for (app/auth/bridge.py), which it makes with the same
same-origin POST and reports back through the component's `done` trigger, as a fragment rerun.
Loopback only: the base URL is the app's, on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from app.display import UNLINKED

BRIDGE_COMPONENT = "auth_bridge"
RUN_TIMEOUT_SECONDS = 60.0
MAX_BRIDGE_ROUNDS = 6
SIDEBAR = 1  # the root container index of `st.sidebar` in a delta path


class ProtocolError(RuntimeError):
    """The app said something a browser would show as an error, or never finished a run."""


@dataclass
class Runs:
    """Script runs the server reported to this tab: whole-page runs and fragment runs."""

    full: int = 0
    fragment: int = 0


@dataclass
class Tab:
    """One tab of one browser profile (`http` holds the profile's cookies)."""

    http: httpx.AsyncClient
    socket: Any = None
    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)
    fragments: dict[tuple[int, ...], str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # page title -> page_script_hash
    page_hash: str = ""
    runs: Runs = field(default_factory=Runs)
    made: set[str] = field(default_factory=set)
    drawn: set[tuple[int, ...]] = field(default_factory=set)
    route_statuses: list[int] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return str(self.http.base_url).rstrip("/")

    async def open(self, path: str = "/") -> None:
        """Load the page and connect, as a (re)load does; wait for the first run to settle."""
        await self.close()
        page = await self.http.get(path)
        page.raise_for_status()
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies.jar)
        url = self.origin.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.socket = await websockets.connect(
            url,
            origin=websockets.Origin(self.origin),
            subprotocols=[websockets.Subprotocol("streamlit")],
            additional_headers={"Cookie": cookies} if cookies else {},
            max_size=None,
        )
        self.elements.clear()
        self.page_hash = ""
        self.pages = {}
        await self.rerun(page_name=path.strip("/"))
        await self.settle()

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
            self.socket = None

    async def rerun(
        self,
        states: list[WidgetState] | None = None,
        *,
        page_name: str = "",
        page_hash: str | None = None,
        fragment_id: str = "",
    ) -> None:
        """Send one rerun request and read until its run (and any st.rerun after it) ends."""
        client = ClientState(
            page_script_hash=self.page_hash if page_hash is None else page_hash,
            page_name=page_name,
            fragment_id=fragment_id,
        )
        client.widget_states.widgets.extend(states or [])
        client.context_info.url = self.origin + "/" + page_name
        client.context_info.timezone = "UTC"
        client.context_info.locale = "en-US"
        message = BackMsg(rerun_script=client)
        await self.socket.send(message.SerializeToString())
        await self._read_until_finished()

    async def _read_until_finished(self) -> None:
        while True:
            raw = await self._receive()
            message = ForwardMsg()
            message.ParseFromString(raw)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.drawn.clear()
                if message.new_session.page_script_hash:
                    self.page_hash = message.new_session.page_script_hash
            elif kind == "navigation":
                self.pages = {p.page_name: p.page_script_hash for p in message.navigation.app_pages}
                self.page_hash = message.navigation.page_script_hash or self.page_hash
            elif kind == "delta":
                self._apply(message)
            elif kind == "session_event" and message.session_event.HasField(
                "script_compilation_exception"
            ):
                raise ProtocolError("the script did not compile")
            elif kind == "ref_hash":
                raise ProtocolError("a cached message sent by reference: none was offered")
            elif kind == "script_finished":
                status = message.script_finished
                if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                    self.runs.fragment += 1
                elif status == ForwardMsg.FINISHED_SUCCESSFULLY:
                    self.runs.full += 1
                    # What this run did not draw again is gone, as the browser clears it.
                    for path in set(self.elements) - self.drawn:
                        del self.elements[path]
                if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return

    async def _receive(self) -> bytes:
        try:
            raw = await asyncio.wait_for(self.socket.recv(), RUN_TIMEOUT_SECONDS)
        except TimeoutError:
            raise ProtocolError(f"no run finished within {RUN_TIMEOUT_SECONDS} s") from None
        if not isinstance(raw, bytes):
            raise ProtocolError("a text frame on Streamlit's socket")
        return raw

    def _apply(self, message: ForwardMsg) -> None:
        path = tuple(message.metadata.delta_path)
        delta = message.delta
        if delta.fragment_id:
            self.fragments[path] = delta.fragment_id
        if delta.WhichOneof("type") == "new_element":
            element = delta.new_element
            if element.WhichOneof("type") == "exception":
                raise ProtocolError(f"the page shows an exception: {element.exception.message}")
            self.elements[path] = element
            self.drawn.add(path)
        elif delta.WhichOneof("type") == "add_block":
            # A new block replaces whatever was drawn at and under its path.
            for key in [k for k in self.elements if k[: len(path)] == path]:
                del self.elements[key]

    # What the page shows ----------------------------------------------------------------

    def texts(self, root: int | None = None) -> list[str]:
        """The markdown, headings and alerts drawn, in delta-path order."""
        found = []
        for path in sorted(self.elements):
            if root is not None and path[:1] != (root,):
                continue
            element = self.elements[path]
            kind = element.WhichOneof("type")
            if kind in ("markdown", "heading", "alert", "text"):
                found.append(str(getattr(element, kind).body))
        return found

    def plain_text(self) -> str:
        """Every text drawn as a person reads it: Markdown escapes undone (an email is drawn as
        `a\\.b`) and the empty directive that keeps it from becoming a link dropped."""
        return "\n".join(self.texts()).replace(UNLINKED, "").replace("\\", "")

    def title(self) -> str:
        headings = [
            self.elements[p].heading.body
            for p in sorted(self.elements)
            if p[:1] != (SIDEBAR,) and self.elements[p].WhichOneof("type") == "heading"
        ]
        return headings[0] if headings else ""

    def widget_id(self, kind: str, key: str) -> str:
        """The id of the `kind` widget whose id ends with its user key (`-login_email`)."""
        for element in self.elements.values():
            if element.WhichOneof("type") == kind:
                widget_id = str(getattr(element, kind).id)
                if widget_id.endswith(key):
                    return widget_id
        raise ProtocolError(f"no {kind} {key!r} on the page {self.title()!r}")

    # What a person does ----------------------------------------------------------------

    async def submit_form(self, fields: dict[str, str], button: str) -> None:
        """Type into text inputs (by key) and click a form's submit button (by key)."""
        states = [
            WidgetState(id=self.widget_id("text_input", key), string_value=value)
            for key, value in fields.items()
        ]
        states.append(WidgetState(id=self.widget_id("button", button), trigger_value=True))
        await self.rerun(states, page_hash=self.page_hash)
        await self.settle()

    async def click(self, key: str) -> None:
        await self.rerun([WidgetState(id=self.widget_id("button", key), trigger_value=True)])
        await self.settle()

    async def go_to(self, title: str) -> None:
        """Pick a page in the menu: a rerun for that page's script, as the page link sends."""
        if title not in self.pages:
            raise ProtocolError(f"no page {title!r} in the menu: {sorted(self.pages)}")
        await self.rerun(page_hash=self.pages[title])
        await self.settle()

    # The bridge ------------------------------------------------------------------------

    def bridge_calls(self) -> list[tuple[dict[str, Any], str, str]]:
        """Pending calls: (data, element id, fragment id), each nonce once."""
        calls = []
        for path, element in self.elements.items():
            if element.WhichOneof("type") != "bidi_component":
                continue
            component = element.bidi_component
            if not component.component_name.endswith(BRIDGE_COMPONENT):
                continue
            data = json.loads(json.loads(component.json))
            if data["nonce"] not in self.made:
                calls.append((data, component.id, self._fragment_of(path)))
        return calls

    def _fragment_of(self, path: tuple[int, ...]) -> str:
        for length in range(len(path), 0, -1):
            fragment = self.fragments.get(path[:length])
            if fragment:
                return fragment
        return ""

    async def settle(self) -> None:
        """Make the calls the app asks for, reporting each, until none is owed."""
        for _ in range(MAX_BRIDGE_ROUNDS):
            calls = self.bridge_calls()
            if not calls:
                return
            for data, element_id, fragment_id in calls:
                self.made.add(data["nonce"])
                result = await self._perform(data)
                trigger = WidgetState(
                    id=_make_trigger_id(element_id, "events"),
                    json_trigger_value=json.dumps([{"event": "done", "value": result}]),
                )
                await self.rerun([trigger], fragment_id=fragment_id)
        raise ProtocolError("the app kept asking for bridge calls")

    async def _perform(self, data: dict[str, Any]) -> dict[str, Any]:
        """The component's fetch: one same-origin JSON POST with the browser's cookies."""
        response = await self.http.post(
            data["url"], json=data["body"], headers={"Origin": self.origin}
        )
        self.route_statuses.append(response.status_code)
        try:
            outcome = response.json().get("outcome")
        except ValueError:
            outcome = None
        return {"status": response.status_code, "outcome": outcome}
