"""A cap on request bodies, enforced before FastAPI spools an upload to disk."""

from fastapi import HTTPException, status
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Room for multipart boundaries and part headers around a file of exactly the allowed size.
MULTIPART_ALLOWANCE_BYTES = 64 * 1024


def too_large(max_file_bytes: int) -> HTTPException:
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        detail=f"The file is larger than the upload limit of {max_file_bytes} bytes.",
    )


class BodyLimitMiddleware:
    """Refuses a body larger than the largest allowed upload plus its multipart framing: early
    when Content-Length says so, otherwise as soon as the bytes read pass the cap (the header
    may be absent or lie). The exact per-file limit is checked where the file is read."""

    def __init__(self, app: ASGIApp, max_file_bytes: int) -> None:
        self.app = app
        self.max_file_bytes = max_file_bytes
        self.max_body_bytes = max_file_bytes + MULTIPART_ALLOWANCE_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > self.max_body_bytes:
            error = too_large(self.max_file_bytes)
            await JSONResponse({"detail": error.detail}, error.status_code)(scope, receive, send)
            return
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body_bytes:
                # FastAPI re-raises an HTTPException met while reading the body, so this becomes
                # an ordinary JSON 413.
                raise too_large(self.max_file_bytes)
            return message

        await self.app(scope, receive_within_limit, send)
