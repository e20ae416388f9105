"""Read a backend answer whole, within an overall deadline and a size cap.

httpx's timeout is per read: a backend that trickles one byte a second never trips it, and an
answer of any size is held in memory. Every call the client makes goes through `send`, so no
answer can keep a visitor waiting past the deadline (plus at most one read timeout, the wait
for the chunk in flight) or fill the process's memory.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

# A JSON answer of the contract is a few kilobytes; an OpenAPI document, a few hundred.
MAX_JSON_BYTES = 1024 * 1024
MAX_OPENAPI_BYTES = 8 * 1024 * 1024
# A document, where no setting says otherwise (the app's is APP_DOWNLOAD_LIMIT_MB).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class AnswerTooSlow(httpx.TimeoutException):
    """The whole answer did not arrive within the deadline."""


class AnswerTooLarge(httpx.TransportError):
    """The answer is larger than the app reads from a backend."""


def send(
    http: httpx.Client,
    method: str,
    url: str,
    *,
    deadline_seconds: float,
    max_bytes: int | None,
    **kwargs: Any,
) -> httpx.Response:
    """The answer, its body read in full; AnswerTooSlow or AnswerTooLarge otherwise.
    `max_bytes` None: no cap."""
    deadline = time.monotonic() + deadline_seconds
    request = http.build_request(method, url, **kwargs)
    response = http.send(request, stream=True)
    try:
        declared = response.headers.get("content-length", "")
        if max_bytes is not None and declared.isdigit() and int(declared) > max_bytes:
            raise AnswerTooLarge(f"the answer declares {declared} bytes", request=request)
        body = bytearray()
        # Decoded bytes: a small gzip bomb counts at its unpacked size.
        for chunk in response.iter_bytes():
            body += chunk
            if max_bytes is not None and len(body) > max_bytes:
                raise AnswerTooLarge(f"the answer exceeds {max_bytes} bytes", request=request)
            if time.monotonic() > deadline:
                raise AnswerTooSlow("the answer did not arrive in time", request=request)
    finally:
        response.close()
    # The body is decoded already: the copy must not claim an encoding it no longer has.
    headers = [
        (name, value)
        for name, value in response.headers.multi_items()
        if name.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    return httpx.Response(
        response.status_code, headers=headers, content=bytes(body), request=request
    )
