"""What an entry script uses: one context manager around the run, one call to show the page.

    with entry.page_run() as run:
        current = st.navigation(my_pages(run.identity))
        entry.show(current.run)

`page_run` starts the run (it adopts a logout made in another tab and renews a token that is
due) and, when the script ends normally, mounts the component that carries the login's cookie
calls. `show` renders the page, or instead of it why it cannot render yet (the login is being
restored or refreshed, or could not be checked), after the one-time messages of the last action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st

from app import display
from app.auth.machine import Destination
from app.auth.reading import (
    Identity,
    blocking_message,
    identity,
    is_restoring,
    problem,
    take_destination,
    take_flashes,
)
from app.auth.session import (
    PageInterrupted,
    begin_run,
    capabilities,
    check_login,
    mount_bridge,
    retry_problem,
)
from app.backend import Capabilities


@dataclass(frozen=True)
class Run:
    """This run, as the router sees it at its start."""

    identity: Identity | None
    # True while the browser restores the login from its cookie: show no menu yet.
    restoring: bool
    capabilities: Capabilities
    # Where the auth layer sends the visitor now (after a login, a logout, an ended login).
    destination: Destination | None

    @property
    def authenticated(self) -> bool:
        return self.identity is not None


@contextmanager
def page_run() -> Iterator[Run]:
    begin_run()
    yield Run(
        identity=identity(),
        restoring=is_restoring(),
        capabilities=capabilities(),
        destination=take_destination(),
    )
    # Not on an exception: a page switch or a rerun ends this run, and the next one mounts it.
    mount_bridge()


def show(page: Callable[[], object], *, notice: str | None = None) -> None:
    """Run `page`, or say why it cannot run yet. `notice`: a sentence shown above the page
    when the last action left no message of its own (why Log in shows instead of a deep link)."""
    failed = problem()
    waiting = blocking_message()
    if failed is not None:
        st.error(display.plain(failed.text))
        st.button("Try again", key="auth_retry", on_click=retry_problem)
        return
    if waiting is not None:
        # A status keeps spinning after the run has ended, while the browser makes the call
        # (and an action waiting on it runs): a spinner would be gone with the run.
        st.status(display.plain(waiting), state="running")
        return
    flashes = take_flashes()
    for flash in flashes:
        getattr(st, flash.kind)(display.plain(flash.text))
    if notice and not flashes:
        st.info(notice)
    try:
        page()
        # After the page: one that asked the backend has already checked the login with it.
        check_login()
    except PageInterrupted:
        # The token was refused mid-page: the next run shows why it waits, or the Log in page.
        st.rerun()


__all__ = ["Destination", "Run", "page_run", "show"]
