"""What an app route tells the waiting session, carried back through the page, sealed.

The route that refreshes (or stores cookies, or logs out) runs in whichever app process the
page's POST reaches, not necessarily the one holding the session. So the outcome travels back
in the route's answer, sealed for the session's pending nonce: page JavaScript carries it but
cannot open it, and no session can use an outcome meant for a call it did not make. Nothing is
kept in any process in between.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

from app.sealing import InvalidSeal, Sealer

OutcomeKind = Literal[
    "stored",  # cookies set or cleared as the ticket said
    "granted",  # a new access token (the login cookie holds the rotated pair)
    "expired",  # the backend refused the refresh token, which had run out
    "ended",  # the backend refused a refresh token still in date: revoked, logged out everywhere
    "signed_out",  # no login cookie (logged out in another tab, or never signed in)
    "unavailable",  # the backend could not be asked; the cookie is kept for later
    "revoked",  # logout: the backend ended the login
    "not_revoked",  # logout: the backend could not be told; `detail` says why
    "forgotten",  # logout: this backend cannot end a token; this browser forgot it
]
_PURPOSE = "bridge-outcome"
# A page carries an outcome back within moments; an old one is worth nothing.
MAX_AGE_SECONDS = 120


@dataclass(frozen=True)
class Outcome:
    nonce: str
    kind: OutcomeKind
    # "granted": the renewed login's sealed fields (cookies.Login), without the refresh token.
    login: dict[str, Any] | None = None
    detail: str | None = None


def seal_outcome(sealer: Sealer, outcome: Outcome) -> str:
    return sealer.seal(_PURPOSE, asdict(outcome))


def open_outcome(sealer: Sealer, sealed: object, nonce: str) -> Outcome | None:
    """The outcome for this nonce, or None when it is missing, forged, stale or someone else's."""
    if not isinstance(sealed, str) or not sealed:
        return None
    try:
        payload = sealer.unseal(_PURPOSE, sealed, max_age=MAX_AGE_SECONDS)
        outcome = Outcome(**payload)
    except (InvalidSeal, TypeError):
        return None
    if outcome.nonce != nonce or outcome.kind not in get_args(OutcomeKind):
        return None
    return outcome
