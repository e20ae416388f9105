"""The stub backend behind a request counter: `python -m bench.counting_stub`.

Counts every request the app makes, by method and path, at the backend itself; the count is
read from GET /_bench/requests. For benchmarks only: the stub's own code is unchanged.
"""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from typing import Any

import uvicorn

from stub_backend.app import create_app
from stub_backend.settings import Settings

COUNT_PATH = "/_bench/requests"


class CountingApp:
    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.counts: Counter[str] = Counter()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == COUNT_PATH:
            body = json.dumps(dict(self.counts)).encode()
            headers = [(b"content-type", b"application/json")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        if scope["type"] == "http" and scope["path"] != "/healthz":
            self.counts[f"{scope['method']} {scope['path']}"] += 1
        await self.inner(scope, receive, send)


def main() -> int:
    logging.basicConfig(level=logging.WARNING)
    settings = Settings()
    uvicorn.run(CountingApp(create_app(settings)), host=settings.stub_host, port=settings.stub_port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
