"""The sentences the auth layer shows a person (CONTRACT section 7 names some of them)."""

from __future__ import annotations

INVALID_CREDENTIALS = "Invalid email or password"
EXPIRED = "Your session has expired. Please log in again."
LOGGED_OUT = "You have been logged out."
# A login the backend does not renew (no refresh endpoint) has run its access token's life.
ENDED = "Your session has ended. Please log in again."
TRY_AGAIN = "Please try again in a moment."
UNREACHABLE = "The server cannot be reached."
UNUSABLE_TOKEN = (
    "The server sent a token the app cannot read: its operator should check API_PROFILE "  # noqa: S105
    "and API_REQUIRED_CLAIMS."
)
NOT_REVOKED = (
    "You are logged out in this browser, but the server could not be told to end the "
    "session everywhere ({detail}). Log in and out again once it is back."
)
LOGOUT_UNREACHED = (
    "Your browser could not reach the app to finish logging out. Reload the page and log out again."
)


def migrated(count: int) -> str:
    noun = "document" if count == 1 else "documents"
    return f"{count} {noun} moved to your account."


def bridge_failed(action: str) -> str:
    return f"Your browser could not reach the app to {action} your session."


def could_not(action: str, detail: str) -> str:
    return f"We could not {action} your session. {detail} {TRY_AGAIN}"
