"""The app's signing and sealing secret: given, or generated once and kept on disk."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from secret_policy import weak_secret_reason

logger = logging.getLogger(__name__)

SECRET_FILE_NAME = "app_secret_key"  # noqa: S105 - a file name, not a secret


class SecretKeyError(ValueError):
    """The configured secret cannot be used; the message says why, for the operator."""


def check_secret(value: str, name: str) -> bytes:
    """Refuse what secret_policy refuses: a guessable key lets anyone forge a session cookie."""
    reason = weak_secret_reason(value.strip())
    if reason:
        raise SecretKeyError(f"{name} {reason}; set a random secret.")
    return value.encode()


def load_or_create(data_dir: Path) -> bytes:
    """Keep a generated secret so that a restart does not sign every browser out."""
    path = data_dir / SECRET_FILE_NAME
    if path.exists():
        return check_secret(path.read_text().strip(), str(path))
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process of this deployment won the race: use its key
        return check_secret(path.read_text().strip(), str(path))
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    logger.warning(
        "APP_SECRET_KEY is not set: generated one and kept it in %s. "
        "Set APP_SECRET_KEY to share it between replicas.",
        path,
    )
    return value.encode()


def resolve(configured: str | None, data_dir: Path) -> bytes:
    if configured is not None:
        return check_secret(configured, "APP_SECRET_KEY")
    return load_or_create(data_dir)
