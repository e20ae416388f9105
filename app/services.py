"""The process's long-lived collaborators, built once from the settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from app import secret_key
from app.backend import BackendClient
from app.handoff import Handoff
from app.sealing import Sealer, TicketBook
from app.settings import AppSettings, get_settings
from app.signed_out import SignedOutSessions


@dataclass(frozen=True)
class Services:
    settings: AppSettings
    backend: BackendClient
    sealer: Sealer
    tickets: TicketBook
    handoff: Handoff
    signed_out: SignedOutSessions


@lru_cache(maxsize=1)
def get_services() -> Services:
    settings = get_settings()
    configured = settings.app_secret_key
    secret = secret_key.resolve(
        configured.get_secret_value() if configured else None, settings.app_data_dir
    )
    sealer = Sealer(secret)
    return Services(
        settings=settings,
        # One pool for every session: it keeps no cookies, so it holds nothing of any user.
        backend=BackendClient(settings.api_url, settings.api_timeout_seconds),
        sealer=sealer,
        tickets=TicketBook(sealer),
        handoff=Handoff(),
        signed_out=SignedOutSessions(),
    )


def reset_services() -> None:
    """Forget the settings and services, so tests can point the app at another backend."""
    if get_services.cache_info().currsize:
        get_services().backend.close()
    get_services.cache_clear()
    get_settings.cache_clear()
