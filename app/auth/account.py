"""Self-service callbacks (CONTRACT section 1b): change password, log out everywhere, end one
session, and the password reset by emailed token. Each puts its failure on its own form, as
`forms.py` does for Log in and Create account.

A reset token is a credential: it is kept in session state only as long as the form needs it,
and never logged.
"""

from __future__ import annotations

from app.auth import reset_links
from app.auth.forms import password_refusal
from app.auth.machine import Flash
from app.auth.session import (
    PageInterrupted,
    act,
    capabilities,
    explain,
    fetch,
    log_out,
    notices,
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
LOGGED_OUT_EVERYWHERE = "You have been logged out everywhere."
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
        notices().form_error(CHANGE_FORM, "Enter your current password.")
        return False
    refusal = new_password_refusal(new_password, confirmation)
    if refusal:
        notices().form_error(CHANGE_FORM, refusal)
        return False
    backend = get_services().backend
    try:
        # Not through `fetch`: this endpoint answers 401 for a wrong current password too, and
        # that must not end the login.
        backend.change_password(Caller(current.login.token.token), current_password, new_password)
    except Unauthorized:
        notices().form_error(CHANGE_FORM, _why_refused())
        return False
    except BackendError as error:
        notices().form_error(CHANGE_FORM, explain(error))
        return False
    notices().flash("success", CHANGED)
    return True


def log_out_everywhere() -> None:
    """End every session of the account at the backend, then this browser's login."""
    act(
        lambda backend, caller: backend.logout_all(caller),
        form=SESSIONS_FORM,
        then=lambda: log_out(Flash("info", LOGGED_OUT_EVERYWHERE)),
    )


def revoke_session(sid: str) -> None:
    """End one other login session of the account (another browser or device)."""
    act(
        lambda backend, caller: backend.revoke_session(caller, sid),
        SESSION_ENDED,
        form=SESSIONS_FORM,
    )


def request_password_reset(email: str) -> bool:
    """Ask for a reset link. The answer never says whether the email has an account."""
    email = email.strip()
    if not email:
        notices().form_error(RESET_REQUEST_FORM, "Enter your email address.")
        return False
    try:
        get_services().backend.request_password_reset(email)
    except RateLimited:
        notices().form_error(
            RESET_REQUEST_FORM,
            "Too many reset requests. Please wait a few minutes and try again.",
        )
        return False
    except InvalidInput as error:
        notices().form_error(RESET_REQUEST_FORM, error.detail)
        return False
    except BackendError as error:
        notices().form_error(RESET_REQUEST_FORM, explain(error))
        return False
    notices().flash("success", RESET_SENT)
    return True


def confirm_password_reset(token: str, new_password: str, confirmation: str) -> bool:
    """Set a new password with a reset token. The backend revokes every session of the account,
    so a login held here ends too; the person lands on Log in."""
    current = state()
    refusal = new_password_refusal(new_password, confirmation)
    if refusal:
        notices().form_error(RESET_CONFIRM_FORM, refusal)
        return False
    try:
        get_services().backend.confirm_password_reset(token, new_password)
    except InvalidInput as error:
        notices().form_error(
            RESET_CONFIRM_FORM,
            "This reset link is not valid any more: it was used, or it expired. Ask for a new one."
            if error.status == 400
            else error.detail,
        )
        return False
    except BackendError as error:
        notices().form_error(RESET_CONFIRM_FORM, explain(error))
        return False
    reset_links.used(token)
    if current.login is not None:
        log_out(Flash("success", RESET_DONE))
    else:
        notices().flash("success", RESET_DONE)
        notices().send_to("login")
    return True


# ---- internals ------------------------------------------------------------------------------


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
