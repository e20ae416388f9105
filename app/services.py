"""The process's long-lived collaborators, built once from the settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from app import secret_key
from app.backend import BackendClient
from app.expiring import ExpiringSet
from app.sealing import Sealer, TicketBook
from app.settings import AppSettings, get_settings

SHARED_STATE_FILE = "shared-state.sqlite3"


@dataclass(frozen=True)
class Services:
    settings: AppSettings
    backend: BackendClient
    sealer: Sealer
    tickets: TicketBook
    # Logins ended by a logout, by the app's login id: other tabs see it at their next run.
    signed_out: ExpiringSet


@lru_cache(maxsize=1)
def get_services() -> Services:
    settings = get_settings()
    configured = settings.app_secret_key
    secret = secret_key.resolve(
        configured.get_secret_value() if configured else None, settings.app_data_dir
    )
    sealer = Sealer(secret)
    shared_state = settings.app_data_dir / SHARED_STATE_FILE
    return Services(
        settings=settings,
        # One pool for every session: it keeps no cookies, so it holds nothing of any user.
        backend=BackendClient(
            settings.api_base_url, settings.api_prefix, settings.api_timeout_seconds
        ),
        sealer=sealer,
        tickets=TicketBook(sealer, ExpiringSet(shared_state, "redeemed_tickets")),
        signed_out=ExpiringSet(shared_state, "signed_out_logins"),
    )


def reset_services() -> None:
    """Forget the settings and services, so tests can point the app at another backend."""
    if get_services.cache_info().currsize:
        services = get_services()
        services.backend.close()
        services.signed_out.close()
    get_services.cache_clear()
    get_settings.cache_clear()
