"""`python -m stub_backend`: serve the stub backend with uvicorn, settings from the environment."""

import logging
import sys

import uvicorn
from pydantic import ValidationError

from stub_backend.app import create_app
from stub_backend.secret_key import StartupError
from stub_backend.settings import Settings


def _one_line(error: ValidationError) -> str:
    return "; ".join(_named(item["loc"], item["msg"]) for item in error.errors())


def _named(loc: tuple[int | str, ...], message: str) -> str:
    # Our own messages already start with the variable's name; pydantic's do not.
    name = ".".join(str(part) for part in loc).upper()
    return message if message.startswith(name) else f"{name}: {message}"


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    try:
        settings = Settings()
        app = create_app(settings)
    except ValidationError as error:
        print(f"stub_backend: refusing to start: {_one_line(error)}", file=sys.stderr)
        return 2
    except StartupError as error:
        print(f"stub_backend: refusing to start: {error}", file=sys.stderr)
        return 2
    # The app sets `Date` from the stub's clock (see date_header.py), not uvicorn. Whose
    # X-Forwarded-For names the client is STUB_TRUSTED_PROXIES' to say (deps.client_address),
    # not uvicorn's, which would trust 127.0.0.1's by default.
    uvicorn.run(
        app,
        host=settings.stub_host,
        port=settings.stub_port,
        date_header=False,
        proxy_headers=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
