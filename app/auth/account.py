"""Self-service callbacks (CONTRACT section 1b): change password, log out everywhere, end one
session, and the password reset by emailed token. Each puts its failure on its own form, as
`forms.py` does for Log in and Create account.

A reset token is a credential: it is kept in session state only as long as the form needs it,
and never logged.
"""

from __future__ import annotations

from collections.abc import Callable

from app.auth import messages
from app.auth.forms import password_refusal
from app.auth.machine import Flash
from app.auth.session import (
    Operation,
    PageInterrupted,
    capabilities,
    explain,
    fetch,
    log_out,
    state,
)
from app.backend import BackendError, Caller, InvalidInput, RateLimited, Unauthorized
from app.services import get_services

CHANGE_FORM = "change_password"
SESSIONS_FORM = "sessions"
RESET_REQUEST_FORM = "reset_request"
RESET_CONFIRM_FORM = "reset_confirm"

CHANGED = "Your password has been changed."
RESET_DONE = "Your password has been changed. Please log in."
RESET_SENT = "If an account exists for this email, a reset link has been sent."
SESSION_ENDED = "That session has been ended."
WRONG_CURRENT = "Your current password is not correct."


def new_password_refusal(password: str, confirmation: str) -> str | None:
    """Why a new password cannot be used, before the backend is asked; None when it can."""
    if not password:
        return "Enter a new password."
    return password_refusal(password, confirmation)


def change_password(current_password: str, new_password: str, confirmation: str) -> bool:
    """True when the backend changed it: every other session is revoked, this one stays."""
    current = state()
    if current.login is None:
        return False
    if not current_password:
        current.form_errors[CHANGE_FORM] = "Enter your current password."
        return False
    refusal = new_password_refusal(new_password, confirmation)
    if refusal:
        current.form_errors[CHANGE_FORM] = refusal
        return False
    backend = get_services().backend
    try:
        # Not through `fetch`: this endpoint answers 401 for a wrong current password too, and
        # that must not end the login.
        backend.change_password(Caller(current.login.token.token), current_password, new_password)
    except Unauthorized:
        current.form_errors[CHANGE_FORM] = _why_refused()
        return False
    except BackendError as error:
        current.form_errors[CHANGE_FORM] = explain(error)
        return False
    current.flashes.append(Flash("success", CHANGED))
    return True


def log_out_everywhere() -> None:
    """End every session of the account at the backend, then this browser's login."""

    def done() -> None:
        log_out()
        current = state()
        current.flashes = [
            Flash("info", "You have been logged out everywhere.")
            if flash.text == messages.LOGGED_OUT
            else flash
            for flash in current.flashes
        ]

    _attempt(lambda backend, caller: backend.logout_all(caller), done)


def revoke_session(sid: str) -> None:
    """End one other login session of the account (another browser or device)."""

    def done() -> None:
        state().flashes.append(Flash("success", SESSION_ENDED))

    _attempt(lambda backend, caller: backend.revoke_session(caller, sid), done)


def request_password_reset(email: str) -> bool:
    """Ask for a reset link. The answer never says whether the email has an account."""
    current = state()
    email = email.strip()
    if not email:
        current.form_errors[RESET_REQUEST_FORM] = "Enter your email address."
        return False
    try:
        get_services().backend.request_password_reset(email)
    except RateLimited:
        current.form_errors[RESET_REQUEST_FORM] = (
            "Too many reset requests. Please wait a few minutes and try again."
        )
        return False
    except InvalidInput as error:
        current.form_errors[RESET_REQUEST_FORM] = error.detail
        return False
    except BackendError as error:
        current.form_errors[RESET_REQUEST_FORM] = explain(error)
        return False
    current.flashes.append(Flash("success", RESET_SENT))
    return True


def confirm_password_reset(token: str, new_password: str, confirmation: str) -> bool:
    """Set a new password with a reset token. The backend revokes every session of the account,
    so a login held here ends too; the person lands on Log in."""
    current = state()
    refusal = new_password_refusal(new_password, confirmation)
    if refusal:
        current.form_errors[RESET_CONFIRM_FORM] = refusal
        return False
    try:
        get_services().backend.confirm_password_reset(token, new_password)
    except InvalidInput as error:
        current.form_errors[RESET_CONFIRM_FORM] = (
            "This reset link is not valid any more: it was used, or it expired. Ask for a new one."
            if error.status == 400
            else error.detail
        )
        return False
    except BackendError as error:
        current.form_errors[RESET_CONFIRM_FORM] = explain(error)
        return False
    if current.login is not None:
        log_out()
    current.flashes = [flash for flash in current.flashes if flash.text != messages.LOGGED_OUT]
    current.flashes.append(Flash("success", RESET_DONE))
    current.destination = "login"
    return True


# ---- internals ------------------------------------------------------------------------------


def _attempt(operation: Operation[object], done: Callable[[], None]) -> None:
    """Like `session.act`, with a callback on success and the failure on the Sessions form."""
    current = state()

    def attempt() -> None:
        try:
            fetch(operation)
        except BackendError as error:
            current.form_errors[SESSIONS_FORM] = explain(error)
        else:
            done()

    try:
        attempt()
    except PageInterrupted:
        if current.login is not None:
            current.retry = attempt


def _why_refused() -> str:
    """A 401 from change-password: the current password was wrong, or the login itself has been
    refused. Asking who the token belongs to tells them apart where the backend can say."""
    if not capabilities().me:
        return WRONG_CURRENT
    try:
        fetch(lambda backend, caller: backend.me(caller))
    except PageInterrupted:
        return "Your session needed renewing. Please try again."
    except BackendError:
        pass
    return WRONG_CURRENT
