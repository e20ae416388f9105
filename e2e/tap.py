"""A recording pass-through between the app and the stub backend.

The suite must check that no token reaches the browser, so it needs the exact tokens the app
holds. The tap forwards every request unchanged and keeps each token pair the backend hands
out, which is also how a test gets hold of the app's own access token.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from e2e.api import claims

# Hop-by-hop headers, and the ones httpx rewrites when it decodes the body.
_SKIPPED = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}


@dataclass
class TokenLog:
    """Every access and refresh token the backend issued through the tap, with its kind: the
    field it came in (a backend need not put a `type` claim in its tokens)."""

    _lock: threading.Lock = field(default_factory=threading.Lock)
    _tokens: list[tuple[str, str]] = field(default_factory=list)

    def record(self, body: bytes) -> None:
        try:
            payload = json.loads(body)
        except ValueError:
            return
        if not isinstance(payload, dict):
            return
        found = [(kind, payload.get(f"{kind}_token")) for kind in ("access", "refresh")]
        with self._lock:
            self._tokens.extend((k, token) for k, token in found if isinstance(token, str))

    def all(self) -> list[str]:
        with self._lock:
            return [token for _, token in self._tokens]

    def issued_to(self, *subjects: str, kind: str | None = None) -> list[str]:
        """The tokens whose `sub` is one of these (an email, or a user id where the backend
        puts that in `sub`), oldest first; `kind` is access or refresh."""
        with self._lock:
            tokens = list(self._tokens)
        return [
            token
            for found, token in tokens
            if kind in (None, found) and _subject(token) in subjects
        ]


def _subject(token: str) -> object:
    """A JWT's `sub`; None for a token that is not a JWT (an opaque refresh token)."""
    try:
        return claims(token).get("sub")
    except (IndexError, ValueError):
        return None


def _handler(upstream: str, client: httpx.Client, log: TokenLog) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = [(k, v) for k, v in self.headers.items() if k.lower() not in _SKIPPED]
            try:
                answer = client.request(
                    self.command, upstream + self.path, headers=headers, content=body
                )
            except httpx.TransportError:
                # The backend is down: the app must see what it would see without the tap.
                self.close_connection = True
                return
            log.record(answer.content)
            # Not send_response: it adds its own Date (the host's time), and the backend's Date
            # (its own, movable clock) must reach the app alone.
            self.send_response_only(answer.status_code)
            for name, value in answer.headers.multi_items():
                if name.lower() not in _SKIPPED:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

        def log_message(self, format: str, *args: object) -> None:
            pass  # the backend logs every request already

    return Forward


@contextmanager
def recording_tap(upstream: str) -> Iterator[tuple[str, TokenLog]]:
    """Serve the tap on a free loopback port; yield its URL and its token log."""
    log = TokenLog()
    # A jar that keeps nothing: one visitor's anonymous cookie must never ride on another's call.
    jar = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
    with httpx.Client(timeout=30.0, follow_redirects=False, cookies=jar) as client:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(upstream, client, log))
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, name="backend-tap", daemon=True)
        thread.start()
        try:
            host, port = server.server_address[:2]
            yield f"http://{host!s}:{port}", log
        finally:
            server.shutdown()
            server.server_close()
