"""`python -m app`: serve the app on APP_HOST:APP_PORT."""

from __future__ import annotations

import logging
import sys

from pydantic import ValidationError

from app import base_path
from app.secret_key import SecretKeyError
from app.services import get_services


def main() -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = get_services().settings
    except (ValidationError, SecretKeyError) as error:
        print(f"app: cannot start: {_one_line(error)}", file=sys.stderr)
        return 2
    from app.asgi import app

    app.run(
        config={
            "server.address": settings.app_host,
            "server.port": settings.app_port,
            **base_path.from_environment(),
        }
    )
    return 0


def _one_line(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{'.'.join(str(part) for part in item['loc']).upper()}: {item['msg']}"
            for item in error.errors()
        )
    return str(error)


if __name__ == "__main__":
    sys.exit(main())
