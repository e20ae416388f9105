"""Which pages exist for this run, which the navigation shows, and where a visitor is sent.

Every page is registered in every run, so a bookmarked or typed address (`/login`, `/account`)
always finds its page; the auth state only decides which pages the menu shows and where a
page the visitor may not see sends them (`redirect`).

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

VIEWS = Path(__file__).with_name("views")
Visibility = Literal["visible", "hidden"]


@dataclass(frozen=True)
class Pages:
    start: StreamlitPage
    home: StreamlitPage
    documents: StreamlitPage
    account: StreamlitPage
    debug: StreamlitPage
    login: StreamlitPage
    register: StreamlitPage
    reset_password: StreamlitPage

    def all(self) -> list[StreamlitPage]:
        return [
            self.start,
            self.home,
            self.documents,
            self.account,
            self.debug,
            self.login,
            self.register,
            self.reset_password,
        ]

    def by_url_path(self, url_path: str | None) -> StreamlitPage | None:
        return next((page for page in self.all() if page.url_path == url_path), None)

    def signed_in_only(self) -> list[StreamlitPage]:
        return [self.home, self.account, self.debug]

    def signed_out_only(self) -> list[StreamlitPage]:
        return [self.login, self.register]


def build(*, authenticated: bool, self_service: bool, debug: bool) -> Pages:
    """The pages, each shown in the menu only where the auth state offers it."""

    def shown(offered: bool) -> Visibility:
        return "visible" if offered else "hidden"

    signed_in, signed_out = shown(authenticated), shown(not authenticated)
    return Pages(
        start=st.Page(
            VIEWS / ("home.py" if authenticated else "login.py"),
            title="Home" if authenticated else "Log in",
            icon=":material/home:" if authenticated else ":material/login:",
            url_path="start",
            default=True,
            visibility="hidden",
        ),
        home=st.Page(VIEWS / "home.py", title="Home", icon=":material/home:", visibility=signed_in),
        documents=st.Page(VIEWS / "documents.py", title="Documents", icon=":material/folder:"),
        account=st.Page(
            VIEWS / "account.py",
            title="Account",
            icon=":material/manage_accounts:",
            visibility=shown(authenticated and self_service),
        ),
        debug=st.Page(
            VIEWS / "debug.py",
            title="Debug",
            icon=":material/bug_report:",
            visibility=shown(authenticated and debug),
        ),
        login=st.Page(
            VIEWS / "login.py", title="Log in", icon=":material/login:", visibility=signed_out
        ),
        register=st.Page(
            VIEWS / "register.py",
            title="Register",
            icon=":material/person_add:",
            visibility=signed_out,
        ),
        reset_password=st.Page(
            VIEWS / "reset_password.py",
            title="Reset password",
            icon=":material/lock_reset:",
            url_path="reset-password",
            visibility="hidden",
        ),
    )


def shows(pages: Pages, current: StreamlitPage, target: StreamlitPage) -> bool:
    """Whether the page being shown already is `target`: itself, or the root address standing
    for it (Log in and Home are each what "/" shows in their state)."""
    if current.url_path == target.url_path:
        return True
    return current.url_path == pages.start.url_path and pages.start.title == target.title
