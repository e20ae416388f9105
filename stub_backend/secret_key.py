"""The JWT secret: the setting, or one generated once and kept on disk so restarts keep tokens."""

import logging
import os
import secrets
import tempfile
from pathlib import Path

from secret_policy import weak_secret_reason
from stub_backend.private_files import ensure_private_dir
from stub_backend.settings import Settings

KEY_FILE_NAME = "jwt_secret"
logger = logging.getLogger(__name__)


class StartupError(Exception):
    """A reason to refuse to start, worded for a one-line error."""


def resolve_jwt_secret(settings: Settings) -> str:
    if settings.jwt_secret is not None:
        return settings.jwt_secret.get_secret_value()
    path = settings.data_dir / KEY_FILE_NAME
    try:
        return _load_or_create(path)
    except OSError as exc:
        raise StartupError(f"cannot keep a generated JWT secret in {path}: {exc}") from exc


def _load_or_create(path: Path) -> str:
    ensure_private_dir(path.parent)
    secret = secrets.token_urlsafe(48)
    # Written aside and linked into place: a second process starting at the same moment either
    # wins the link or reads a complete file, never a half-written one.
    descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=".jwt_secret.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(secret)
        os.link(draft, path)
    except FileExistsError:
        return _load(path)
    finally:
        os.unlink(draft)
    logger.warning(
        "JWT_SECRET is not set: generated one and stored it in %s (mode 0600), "
        "so that a restart keeps tokens valid",
        path,
    )
    return secret


def _load(path: Path) -> str:
    secret = path.read_text(encoding="utf-8").strip()
    if reason := weak_secret_reason(secret):
        raise StartupError(f"the JWT secret in {path} {reason}; delete the file to get a new one")
    logger.info("JWT_SECRET is not set: using the secret generated earlier, kept in %s", path)
    return secret
