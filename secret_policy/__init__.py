"""The one rule for a signing or sealing secret, shared by the app (APP_SECRET_KEY) and the stub
backend (JWT_SECRET): a guessable secret lets anyone forge a login."""

from __future__ import annotations

import re

MIN_SECRET_BYTES = 32
# Values people paste from tutorials; a secret made of them is public knowledge.
_PLACEHOLDER_WORDS = frozenset(
    {"changeme", "changethis", "secret", "password", "jwtsecret", "secretkey", "supersecret"}
    | {"yoursecret", "yoursecretkey", "placeholder", "default", "example", "test", "replaceme"}
)
_PLACEHOLDER_MARKERS = ("changeme", "changethis", "replaceme", "placeholder", "yoursecret")
_MIN_DISTINCT_CHARACTERS = 8

__all__ = ["MIN_SECRET_BYTES", "weak_secret_reason"]


def weak_secret_reason(secret: str) -> str | None:
    """Why this secret must not be used (a phrase to follow its name), or None when it may."""
    letters = re.sub(r"[^a-z0-9]", "", secret.lower())
    if letters and (
        any(marker in letters for marker in _PLACEHOLDER_MARKERS)
        or any(letters == word * (len(letters) // len(word)) for word in _PLACEHOLDER_WORDS)
    ):
        return "is a known placeholder value"
    if len(secret.encode("utf-8")) < MIN_SECRET_BYTES:
        return f"is shorter than {MIN_SECRET_BYTES} bytes (at least {MIN_SECRET_BYTES} bytes)"
    if len(set(secret)) < _MIN_DISTINCT_CHARACTERS:
        return "is too repetitive to be random"
    return None
