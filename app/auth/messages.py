"""The sentences the auth layer shows a person (CONTRACT section 7 names some of them)."""

from __future__ import annotations

from app.display import quantity

INVALID_CREDENTIALS = "Invalid email or password"
EXPIRED = "Your session has expired. Please log in again."
LOGGED_OUT = "You have been logged out."
WELCOME = "Welcome! Your account is ready, and you are logged in."
# A login the backend does not renew (no refresh endpoint) has run its access token's life.
ENDED = "Your session has ended. Please log in again."
# The backend ended a login still in date: Log out everywhere, or a revoke from Account.
ENDED_ELSEWHERE = "Your session was ended from another browser or device. Please log in again."
# A login cookie this browser holds but the app cannot use: sealed with another secret,
# tampered, or not issued to this browser (its binding cookie was lost, or someone planted it).
LOGIN_NOT_KEPT = "Your saved login could not be used in this browser. Please log in again."
TRY_AGAIN = "Please try again in a moment."
UNREACHABLE = "The server cannot be reached."
UNUSABLE_TOKEN = (
    "The server sent a token the app cannot read: its operator should check API_PROFILE "  # noqa: S105
    "and API_REQUIRED_CLAIMS."
)

LOGOUT_UNREACHED = (
    "Your browser could not reach the app to finish logging out. Reload the page and log out again."
)


def not_revoked(detail: str) -> str:
    """The logout that ended here but not at the server, with the server's reason."""
    reason = detail.strip() if detail.strip().endswith((".", "!", "?")) else f"{detail.strip()}."
    return (
        "You are logged out in this browser, but the server could not be told to end the "
        f"session everywhere: {reason} Log in and out again once it is back."
    )


def migrated(count: int) -> str:
    return f"{quantity(count, 'document')} moved to your account."


def bridge_failed(action: str) -> str:
    return f"Your browser could not reach the app to {action} your session."


def could_not(action: str, detail: str) -> str:
    return f"We could not {action} your session. {detail} {TRY_AGAIN}"
