"""The process's long-lived collaborators, built once from the settings.

The backend is whatever `use_backend` was handed (any object of the auth layer's `Backend`
protocol: a test's double, an adapter for another server), else a `BackendClient` shaped by
the settings."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from app import browser_address as addresses
from app import secret_key
from app.backend import BackendClient, profile
from app.expiring import ExpiringKeys, ExpiringSet
from app.sealing import Sealer, TicketBook
from app.settings import AppSettings, get_settings

if TYPE_CHECKING:  # the auth layer imports this module: only its protocol's name is needed
    from app.auth.protocol import Backend

SHARED_STATE_FILE = "shared-state.sqlite3"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    settings: AppSettings
    backend: Backend
    sealer: Sealer
    tickets: TicketBook
    # Logins ended by a logout, by the app's login id: other tabs see it at their next run.
    signed_out: ExpiringKeys
    # Reset links this app has used, by their token's hash: opened again, they say so at once.
    used_reset_links: ExpiringKeys


# The backend `use_backend` was handed, if any.
_handed_in: list[Backend] = []


@lru_cache(maxsize=1)
def get_services() -> Services:
    settings = get_settings()
    configured = settings.app_secret_key
    secret = secret_key.resolve(
        configured.get_secret_value() if configured else None, settings.app_data_dir
    )
    sealer = Sealer(secret)
    redeemed, signed_out, used_reset_links = _expiring_sets(settings)
    return Services(
        settings=settings,
        backend=_handed_in[0] if _handed_in else _backend_client(settings),
        sealer=sealer,
        tickets=TicketBook(sealer, redeemed),
        signed_out=signed_out,
        used_reset_links=used_reset_links,
    )


def _backend_client(settings: AppSettings) -> BackendClient:
    """One pool for every session (it keeps no cookies, so it holds nothing of any user),
    shaped by the configured profile, which is said once in the log."""
    overrides = profile.overrides_from_environment()
    if settings.api_profile != profile.AUTO:
        chosen = profile.resolve(settings.api_profile, overrides)
        logger.info(profile.describe(settings.api_profile, chosen, overrides))
        return BackendClient(
            settings.api_base_url,
            settings.api_timeout_seconds,
            chosen,
            browser_address=_address,
            download_limit_bytes=settings.download_limit_bytes,
        )

    def detect(document: Mapping[str, Any]) -> profile.BackendProfile | None:
        name = profile.detect(document, overrides.get("prefix"))
        if name is None:
            return None
        found = profile.resolve(name, overrides)
        logger.info("API_PROFILE=auto: %s", profile.describe(name, found, overrides))
        return found

    logger.info("API_PROFILE=auto: the backend's OpenAPI document will say which profile fits.")
    start = profile.resolve("contract", overrides)
    return BackendClient(
        settings.api_base_url,
        settings.api_timeout_seconds,
        start,
        detect=detect,
        browser_address=_address,
        download_limit_bytes=settings.download_limit_bytes,
    )


def _address() -> str | None:
    # Looked up at each call, not bound once: a test gives each of its browsers an address.
    return addresses.browser_address()


def _expiring_sets(settings: AppSettings) -> tuple[ExpiringKeys, ExpiringKeys, ExpiringKeys]:
    """Redeemed tickets, signed-out logins and used reset links: in Redis when replicas share
    them, else on disk."""
    names = ("redeemed_tickets", "signed_out_logins", "used_reset_links")
    if settings.app_redis_url is not None:
        # Imported only here: redis-py costs a process without replicas its import time.
        from app.shared_state import RedisLink, RedisSet

        url = settings.app_redis_url.get_secret_value()
        link = RedisLink.from_url(url, settings.app_redis_timeout_seconds)
        return RedisSet(link, names[0]), RedisSet(link, names[1]), RedisSet(link, names[2])
    path = settings.app_data_dir / SHARED_STATE_FILE
    return ExpiringSet(path, names[0]), ExpiringSet(path, names[1]), ExpiringSet(path, names[2])


def use_backend(backend: Backend) -> None:
    """Serve every session with `backend` from now on, until `reset_services`."""
    reset_services()
    _handed_in.append(backend)


def reset_services() -> None:
    """Forget the settings, the services and a backend handed in, so tests can point the app
    at another backend."""
    if get_services.cache_info().currsize:
        services = get_services()
        if isinstance(services.backend, BackendClient):  # only the client made here
            services.backend.close()
        services.signed_out.close()
        services.used_reset_links.close()
    get_services.cache_clear()
    get_settings.cache_clear()
    _handed_in.clear()
