"""Sealed values: encrypted and authenticated with the app's secret, bound to one purpose.

A signed value would still show its payload to whoever holds it; sealing hides the refresh
token even from the page that carries a ticket. Each purpose gets its own derived key, so a
value sealed as a cookie can never be replayed as a ticket.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

TICKET_PURPOSE = "cookie-ticket"
TICKET_LIFETIME_SECONDS = 30


class InvalidSeal(ValueError):
    """Tampered, expired, sealed for another purpose, or sealed with another secret."""


class Sealer:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret
        self._ciphers: dict[str, Fernet] = {}
        self._lock = threading.Lock()

    def seal(self, purpose: str, payload: dict[str, Any]) -> str:
        data = json.dumps(payload, separators=(",", ":")).encode()
        return self._cipher(purpose).encrypt(data).decode()

    def unseal(self, purpose: str, sealed: str, max_age: float | None = None) -> dict[str, Any]:
        ttl = None if max_age is None else int(max_age)
        try:
            data = self._cipher(purpose).decrypt(sealed.encode(), ttl=ttl)
            payload = json.loads(data)
        except (InvalidToken, ValueError) as error:
            raise InvalidSeal("The value is not a valid seal for this purpose.") from error
        if not isinstance(payload, dict):
            raise InvalidSeal("The sealed payload is not an object.")
        return payload

    def _cipher(self, purpose: str) -> Fernet:
        with self._lock:
            if purpose not in self._ciphers:
                key = HKDF(
                    algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()
                ).derive(self._secret)
                self._ciphers[purpose] = Fernet(base64.urlsafe_b64encode(key))
            return self._ciphers[purpose]


class TicketBook:
    """Issues sealed one-time tickets and refuses any ticket redeemed twice.

    The ticket itself is stateless, so any replica with the same secret can redeem it; the
    record of redeemed tickets is per process, which bounds a replay to one other replica
    within the ticket's 30-second life.
    """

    def __init__(self, sealer: Sealer, lifetime: float = TICKET_LIFETIME_SECONDS) -> None:
        self._sealer = sealer
        self._lifetime = lifetime
        self._redeemed: dict[str, float] = {}
        self._lock = threading.Lock()

    def issue(self, payload: dict[str, Any]) -> str:
        return self._sealer.seal(TICKET_PURPOSE, {"jti": secrets.token_urlsafe(16), **payload})

    def redeem(self, ticket: str) -> dict[str, Any]:
        payload = self._sealer.unseal(TICKET_PURPOSE, ticket, max_age=self._lifetime)
        jti = str(payload.pop("jti", ""))
        now = time.monotonic()
        with self._lock:
            self._forget_older_than(now - self._lifetime - 1)
            if not jti or jti in self._redeemed:
                raise InvalidSeal("The ticket was already used.")
            self._redeemed[jti] = now
        return payload

    def _forget_older_than(self, cutoff: float) -> None:
        for jti in [jti for jti, at in self._redeemed.items() if at < cutoff]:
            del self._redeemed[jti]
