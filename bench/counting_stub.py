"""The stub backend behind a request counter: `python -m bench.counting_stub`.

Counts every request the app makes, by method and path, at the backend itself; the count is
read from GET /_bench/requests. Uploads are also counted per account and answer status, read
from GET /_bench/uploads: whether a document listed twice was sent twice is settled where it
arrived, not on the page. For benchmarks only: the stub's own code is unchanged.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import sys
from collections import Counter, defaultdict
from typing import Any

import uvicorn

from stub_backend.app import API_PREFIX, create_app
from stub_backend.settings import Settings

COUNT_PATH = "/_bench/requests"
UPLOADS_PATH = "/_bench/uploads"
UPLOAD = ("POST", f"{API_PREFIX}/documents")
ANONYMOUS = "anonymous"


def account_of(scope: dict[str, Any]) -> str:
    """Whose request this is: the bearer token's `sub` (the email), read without verifying it,
    since the stub behind this counter verifies it anyway and a bad token is refused there."""
    headers = dict(scope.get("headers") or [])
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or token.count(".") != 2:
        return ANONYMOUS
    payload = token.split(".")[1]
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (binascii.Error, ValueError):
        return ANONYMOUS
    subject = claims.get("sub") if isinstance(claims, dict) else None
    return subject if isinstance(subject, str) else ANONYMOUS


class CountingApp:
    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.counts: Counter[str] = Counter()
        # account -> answer status (as text, for JSON) -> uploads
        self.uploads: defaultdict[str, Counter[str]] = defaultdict(Counter)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] in (COUNT_PATH, UPLOADS_PATH):
            counts = self.counts if scope["path"] == COUNT_PATH else self.uploads
            await _answer_json(send, counts)
            return
        if scope["type"] == "http" and scope["path"] != "/healthz":
            self.counts[f"{scope['method']} {scope['path']}"] += 1
        if scope["type"] == "http" and (scope["method"], scope["path"]) == UPLOAD:
            await self.inner(scope, receive, self._upload_counter(account_of(scope), send))
            return
        await self.inner(scope, receive, send)

    def _upload_counter(self, account: str, send: Any) -> Any:
        """`send`, noting the upload's answer status as it starts (a 201 is a stored document)."""

        async def counting_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                self.uploads[account][str(message["status"])] += 1
            await send(message)

        return counting_send


async def _answer_json(send: Any, body: object) -> None:
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": json.dumps(body).encode()})


def main() -> int:
    logging.basicConfig(level=logging.WARNING)
    settings = Settings()
    uvicorn.run(CountingApp(create_app(settings)), host=settings.stub_host, port=settings.stub_port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
