"""Forgotten password: ask for a single-use link by email, then set a new password with it
(full profile only). The answer to a request never says whether the email has an account."""

import logging
import secrets

from fastapi import APIRouter, BackgroundTasks, HTTPException, Request, status

from stub_backend.deps import ServicesDep, client_address
from stub_backend.errors import too_many_requests
from stub_backend.outbox import Message
from stub_backend.schemas import ResetConfirmation, ResetRequest, ResetRequested
from stub_backend.security import fingerprint
from stub_backend.services import Services

router = APIRouter(prefix="/auth/password-reset", tags=["account"])
logger = logging.getLogger(__name__)
_SECONDS_PER_MINUTE = 60
INVALID_LINK = "This reset link is invalid, used or expired. Ask for a new one."


@router.post("/request", status_code=status.HTTP_202_ACCEPTED)
def request_reset(
    request: Request, body: ResetRequest, services: ServicesDep, background: BackgroundTasks
) -> ResetRequested:
    settings, now = services.settings, services.clock.now()
    # Counted for unknown emails too: the limit must not tell which emails have accounts.
    wait = services.store.resets.record_request(
        {
            ("email", body.email): settings.password_reset_max_per_email,
            ("client", client_address(request)): settings.password_reset_max_per_client,
        },
        now,
        settings.password_reset_window_seconds,
    )
    if wait is not None:
        raise too_many_requests(
            f"Too many reset links asked for. Try again in {wait} seconds.", wait
        )
    # After the answer is sent: a known email costs a lookup, a write and a mail, an unknown
    # one only the lookup, and an answer that waited for them would tell the two apart.
    services.outbox.expect()
    background.add_task(_send_link_if_known, services, body.email, now)
    return ResetRequested()


def _send_link_if_known(services: Services, email: str, now: float) -> None:
    try:
        found = services.store.accounts.credentials(email)
        if found is not None:
            _send_link(services, found[0].id, email, now)
    finally:
        services.outbox.done()


def _send_link(services: Services, user_id: str, email: str, now: float) -> None:
    settings = services.settings
    token = secrets.token_urlsafe(32)
    expires_at = now + settings.password_reset_expire_minutes * _SECONDS_PER_MINUTE
    services.store.resets.create(fingerprint(token), user_id, now, expires_at)
    services.outbox.post(Message(to=email, reset_token=token, created_at=now))
    # The stub sends no mail: in development the log is the mailbox.
    link = f"{settings.stub_reset_link_base.rstrip('/')}/reset-password?token={token}"
    logger.warning("password reset link for %s: %s", email, link)


@router.post("/confirm", status_code=status.HTTP_204_NO_CONTENT)
def confirm_reset(request: Request, body: ResetConfirmation, services: ServicesDep) -> None:
    settings, now = services.settings, services.clock.now()
    # Guessing tokens from one client is slowed like asking for links. The subject is kept
    # apart from the request limit's ("client" is the only other scope the table allows).
    wait = services.store.resets.record_request(
        {
            (
                "client",
                f"confirm {client_address(request)}",
            ): settings.password_reset_confirm_max_per_client
        },
        now,
        settings.password_reset_window_seconds,
    )
    if wait is not None:
        raise too_many_requests(f"Too many reset attempts. Try again in {wait} seconds.", wait)
    token_hash = fingerprint(body.token)
    # The token first: a made-up one must not cost an argon2id hash (seconds of CPU in bulk).
    if not services.store.resets.is_pending(token_hash, now):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=INVALID_LINK)
    password_hash = services.passwords.hash(body.new_password)
    email = services.store.resets.redeem(token_hash, password_hash, services.clock.now())
    if email is None:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=INVALID_LINK)
    # Whoever holds the link holds the mailbox: earlier failed logins are no reason to wait.
    services.login_guard.forget(email)
