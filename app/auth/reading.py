"""What pages, the sidebar and the router may read about the login and the notices, all from
session state; reading a notice takes it (it is shown once)."""

from __future__ import annotations

from dataclasses import dataclass

from app.auth.machine import Destination, Flash, Phase, Problem
from app.auth.session import notices, state
from app.backend import Profile
from app.services import get_services


@dataclass(frozen=True)
class Identity:
    """What pages may show about the signed-in user."""

    email: str
    role: str
    user_id: str
    expires_at: float  # the access token's expiry, on the app's clock
    seconds_left: float
    claims: dict[str, object]
    profile: Profile
    # False: the login lasts as long as its access token (the backend does not renew it).
    renewable: bool
    # "Keep me signed in" was chosen: the login outlives the browser session.
    kept: bool


def is_authenticated() -> bool:
    return state().login is not None


def is_restoring() -> bool:
    return state().phase is Phase.RESTORING


def identity() -> Identity | None:
    login = state().login
    if login is None:
        return None
    person = login.person
    return Identity(
        email=person.email,
        role=person.role,
        user_id=person.user_id,
        expires_at=login.token.expires_at,
        seconds_left=login.token.seconds_left(),
        claims=dict(login.token.claims.raw),
        profile=person,
        renewable=login.renewable,
        kept=login.kept,
    )


def access_token_for_debug() -> str | None:
    """The raw access token, only for the Debug page and only when the setting allows it."""
    login = state().login
    if login is None or not get_services().settings.app_debug_show_tokens:
        return None
    return login.token.token


def blocking_message() -> str | None:
    """Why the page cannot render yet, while the browser restores or refreshes the login."""
    phase = state().phase
    if phase is Phase.RESTORING:
        return "Restoring your session…"
    if phase is Phase.WAITING:
        # An action waits for the refreshed login (an upload): say what is under way.
        working = notices().working if state().retry is not None else None
        return working or "Refreshing your session…"
    return None


def problem() -> Problem | None:
    return state().problem


def take_flashes() -> list[Flash]:
    """Messages to show once, on the page the person lands on."""
    return notices().take_flashes()


def take_destination() -> Destination | None:
    return notices().take_destination()


def take_form_error(form: str) -> str | None:
    return notices().take_form_error(form)
