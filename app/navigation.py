"""The app's pages: `PAGES` below is the one place a page is declared. The menu, the redirects
of a page a visitor may not see, and the return to a page after the login all follow from it.

Every page is registered in every run, so a bookmarked or typed address (`/login`, `/account`)
always finds its page; the auth state only decides which pages the menu shows and where a page
the visitor may not see sends them (`redirect`).

A page's identity is its URL path (Streamlit hashes it), so Documents is the same page signed
in or out. The root address belongs to `start`, a hidden alias of Log in (signed out) or Home
(signed in): the page marked default is served at "/" only, so if Log in or Home were the
default, `/login` or `/home` would find no page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from app.auth.entry import Destination
from app.backend import Capabilities

VIEWS = Path(__file__).with_name("views")
# Who may open a page. `debug_viewers`: signed in, and the accounts APP_DEBUG_PAGE names.
Audience = Literal["anyone", "signed_in", "signed_out", "debug_viewers"]
# Where a signed-out visitor was going when a signed-in page sent them to Log in.
RETURN_TO = "_router_return_to"
# This session's pages, by the viewer they were built for (see `build`).
BUILT = "_router_pages"


@dataclass(frozen=True)
class Page:
    """One page of the app: a script in `app/views`, and who may open it."""

    file: str
    title: str
    icon: str
    audience: Audience = "anyone"
    # The optional part of the backend the page is about (a field of `Capabilities`): without
    # it the menu does not offer the page, and at its address the page says what is missing.
    needs: str | None = None
    url_path: str | None = None  # None: from the file's name
    in_menu: bool = True  # False: reached only by a link (Reset password)


PAGES: tuple[Page, ...] = (
    Page("home.py", "Home", ":material/home:", audience="signed_in"),
    Page("documents.py", "Documents", ":material/folder:"),
    Page("profile.py", "Profile", ":material/badge:", audience="signed_in", needs="me"),
    Page(
        "account.py",
        "Account",
        ":material/manage_accounts:",
        audience="signed_in",
        needs="self_service",
    ),
    Page("debug.py", "Debug", ":material/bug_report:", audience="debug_viewers"),
    Page("login.py", "Log in", ":material/login:", audience="signed_out"),
    Page("register.py", "Register", ":material/person_add:", audience="signed_out"),
    Page(
        "reset_password.py",
        "Reset password",
        ":material/lock_reset:",
        url_path="reset-password",
        in_menu=False,
    ),
)
HOME, LOG_IN = "home.py", "login.py"  # what "/" shows, signed in and signed out


@dataclass(frozen=True)
class Viewer:
    """Who this run is for, as far as pages care."""

    authenticated: bool
    capabilities: Capabilities
    sees_debug: bool = False

    def fits(self, page: Page) -> bool:
        """Whether the page's audience includes this viewer, whatever the backend offers."""
        if page.audience == "anyone":
            return True
        if page.audience == "signed_out":
            return not self.authenticated
        if page.audience == "debug_viewers":
            return self.authenticated and self.sees_debug
        return self.authenticated

    def is_offered(self, page: Page) -> bool:
        """Whether the menu offers the page: its audience fits and the backend has its part."""
        return self.fits(page) and (page.needs is None or getattr(self.capabilities, page.needs))


class Pages:
    """This run's pages, as Streamlit pages, each shown in the menu where it is offered."""

    def __init__(self, viewer: Viewer, declared: tuple[Page, ...] = PAGES) -> None:
        self.viewer = viewer
        self._declared = {page.file: page for page in declared}
        self._pages = {page.file: self._streamlit_page(page) for page in declared}
        front = self._declared[HOME if viewer.authenticated else LOG_IN]
        self.start = st.Page(
            VIEWS / front.file,
            title=front.title,
            icon=front.icon,
            url_path="start",
            default=True,
            visibility="hidden",
        )

    @property
    def home(self) -> StreamlitPage:
        return self._pages[HOME]

    @property
    def login(self) -> StreamlitPage:
        return self._pages[LOG_IN]

    def all(self) -> list[StreamlitPage]:
        return [self.start, *self._pages.values()]

    def by_url_path(self, url_path: str | None) -> StreamlitPage | None:
        return next((page for page in self.all() if page.url_path == url_path), None)

    def declared(self, page: StreamlitPage) -> Page | None:
        """The declaration of a page of this run; None for `start`."""
        return next(
            (self._declared[file] for file, shown in self._pages.items() if shown is page), None
        )

    def _streamlit_page(self, page: Page) -> StreamlitPage:
        shown = page.in_menu and self.viewer.is_offered(page)
        return st.Page(
            VIEWS / page.file,
            title=page.title,
            icon=page.icon,
            url_path=page.url_path,
            visibility="visible" if shown else "hidden",
        )


def addresses(declared: tuple[Page, ...] = PAGES) -> frozenset[str]:
    """Each page's own address (its URL path), as Streamlit derives it from the declaration."""
    return frozenset(page.url_path or Path(page.file).stem for page in declared)


def build(viewer: Viewer) -> Pages:
    """The pages for `viewer`, made once per session: each st.Page resolves its file on the
    disk, and a viewer's pages are the same in every run. Not shared between sessions: a
    session's st.navigation marks the page it lets run on the page object itself."""
    built: dict[Viewer, Pages] = st.session_state.setdefault(BUILT, {})
    if viewer not in built:
        built[viewer] = Pages(viewer)
    return built[viewer]


def shows(pages: Pages, current: StreamlitPage, target: StreamlitPage) -> bool:
    """Whether the page being shown already is `target`: itself, or the root address standing
    for it (Log in and Home are each what "/" shows in their state)."""
    if current.url_path == target.url_path:
        return True
    return current.url_path == pages.start.url_path and pages.start.title == target.title


def redirect(
    pages: Pages, current: StreamlitPage, destination: Destination | None
) -> StreamlitPage | None:
    """Where this run must send the visitor instead of `current`, if anywhere: where the auth
    layer sends them (`destination`), else away from a page they may not open. A signed-out
    visitor sent to Log in is brought back to the page they asked for after the next login."""
    if destination == "home":
        return pages.by_url_path(st.session_state.pop(RETURN_TO, None)) or pages.home
    if destination == "login":
        return pages.login
    page = pages.declared(current)
    if destination == "login_and_back":
        # The login ended under them: after the next one, back to the page they were on.
        if page is not None and page.audience != "signed_out":
            st.session_state[RETURN_TO] = current.url_path
        return pages.login
    if page is None or pages.viewer.fits(page):
        return None
    if pages.viewer.authenticated:
        return pages.home
    if page.audience in ("signed_in", "debug_viewers"):
        st.session_state[RETURN_TO] = current.url_path
    return pages.login


def going_back_to(pages: Pages) -> StreamlitPage | None:
    """The page a signed-out visitor will be brought back to after logging in, if any."""
    return pages.by_url_path(st.session_state.get(RETURN_TO))
