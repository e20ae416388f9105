"""The Log in and Create account forms' callbacks: check the input, ask the backend, and put
every failure on the form it belongs to."""

from __future__ import annotations

from app.auth import messages
from app.auth.session import explain, notices, sign_in, state
from app.backend import BackendError, Caller, Conflict, InvalidInput, RateLimited, Unauthorized
from app.display import quantity
from app.services import get_services

LOGIN_FORM = "login"
REGISTER_FORM = "register"
MIN_PASSWORD = 8
MAX_PASSWORD = 128


def log_in(email: str, password: str, *, keep_signed_in: bool = False) -> None:
    """`keep_signed_in`: the browser keeps the login after it closes; else it ends with the
    browser session (the default: a shared computer keeps nothing)."""
    current = state()
    email = email.strip()
    if not email or not password:
        notices().form_error(LOGIN_FORM, "Enter your email and password.")
        return
    try:
        pair = get_services().backend.login(email, password, _anonymous(current.anon_session))
    except Unauthorized:
        notices().form_error(LOGIN_FORM, messages.INVALID_CREDENTIALS)
    except RateLimited as error:
        notices().form_error(
            LOGIN_FORM, f"Too many failed attempts. Try again in {_duration(error.retry_after)}."
        )
    except BackendError as error:
        notices().form_error(LOGIN_FORM, explain(error))
    else:
        sign_in(current, pair, LOGIN_FORM, keep=keep_signed_in)


def register(email: str, password: str, confirmation: str, *, keep_signed_in: bool = False) -> None:
    current = state()
    email = email.strip()
    refusal = registration_refusal(email, password, confirmation)
    if refusal:
        notices().form_error(REGISTER_FORM, refusal)
        return
    try:
        pair = get_services().backend.register(email, password, _anonymous(current.anon_session))
    except (Conflict, InvalidInput) as error:
        notices().form_error(REGISTER_FORM, error.detail)
    except BackendError as error:
        notices().form_error(REGISTER_FORM, explain(error))
    else:
        sign_in(current, pair, REGISTER_FORM, new_account=True, keep=keep_signed_in)


def registration_refusal(email: str, password: str, confirmation: str) -> str | None:
    if not email:
        return "Enter your email address."
    name, at, domain = email.partition("@")
    if not (name and at and domain):
        return "Enter an email address like name@example.com."
    return password_refusal(password, confirmation)


def password_refusal(password: str, confirmation: str) -> str | None:
    """The app's own password rule, checked before the backend is asked; None when it holds."""
    if password != confirmation:
        return "Passwords do not match."
    if len(password) < MIN_PASSWORD:
        return f"Password must be at least {MIN_PASSWORD} characters."
    if len(password) > MAX_PASSWORD:
        return f"Password must be at most {MAX_PASSWORD} characters."
    return None


def _anonymous(anon_session: str | None) -> Caller:
    """Login and register carry the anonymous cookie so the backend can move its documents."""
    return Caller(anon_session=anon_session)


def _duration(seconds: int) -> str:
    if seconds < 90:
        return quantity(seconds, "second")
    return quantity(round(seconds / 60), "minute")
