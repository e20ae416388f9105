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
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.expiring import ExpiringKeys

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

    The ticket itself is stateless, so any app process with the same secret can redeem it; the
    ids of redeemed tickets go to an expiring set that outlives a restart (and, with a shared
    store, spans replicas), so a replay is refused wherever it lands.
    """

    def __init__(
        self, sealer: Sealer, redeemed: ExpiringKeys, lifetime: float = TICKET_LIFETIME_SECONDS
    ) -> None:
        self._sealer = sealer
        self._lifetime = lifetime
        self._redeemed = redeemed

    def issue(self, payload: dict[str, Any]) -> str:
        return self._sealer.seal(TICKET_PURPOSE, {"jti": secrets.token_urlsafe(16), **payload})

    def redeem(self, ticket: str) -> dict[str, Any]:
        payload = self._sealer.unseal(TICKET_PURPOSE, ticket, max_age=self._lifetime)
        jti = payload.pop("jti", None)
        # Held a little past the ticket's own life, after which the seal refuses it anyway.
        if not isinstance(jti, str) or not self._redeemed.add(jti, self._lifetime + 5):
            raise InvalidSeal("The ticket was already used.")
        return payload
