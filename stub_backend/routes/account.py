"""What a signed-in user may ask about their account (full profile only)."""

from fastapi import APIRouter, Request, status

from stub_backend.deps import CREDENTIALS_REFUSED, CurrentUser, ServicesDep, client_address
from stub_backend.errors import too_many_requests, unauthorized
from stub_backend.schemas import Me, PasswordChange, timestamp

router = APIRouter(prefix="/auth", tags=["account"])
WRONG_CURRENT_PASSWORD = "Current password is incorrect"  # noqa: S105 - a message, not a secret


@router.post("/logout-all", status_code=status.HTTP_204_NO_CONTENT)
def logout_all(caller: CurrentUser, services: ServicesDep) -> None:
    claims = caller.claims
    if not services.store.accounts.logout_all(claims.user_id, claims.jti, services.clock.now()):
        raise unauthorized(CREDENTIALS_REFUSED)


@router.get("/me")
def me(caller: CurrentUser) -> Me:
    user = caller.user
    return Me(
        user_id=user.id, email=user.email, role=user.role, created_at=timestamp(user.created_at)
    )


@router.post("/change-password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(
    request: Request, body: PasswordChange, caller: CurrentUser, services: ServicesDep
) -> None:
    user, accounts, guard = caller.user, services.store.accounts, services.login_guard
    # Guesses at the current password count as failed logins: a stolen access token must not
    # buy unlimited guesses at the password itself.
    client = client_address(request)
    if wait := guard.admit(user.email, client):
        raise too_many_requests(
            f"Too many wrong passwords. Try again in {wait.seconds} seconds.", wait.seconds
        )
    _, current_hash = accounts.credentials(user.email) or (None, None)
    if not services.passwords.verify(body.current_password, current_hash):
        raise unauthorized(WRONG_CURRENT_PASSWORD)
    guard.succeeded(user.email, client)
    new_hash = services.passwords.hash(body.new_password)
    if not accounts.change_password(
        user.id, caller.claims.jti, new_hash, keep_sid=caller.sid, now=services.clock.now()
    ):
        raise unauthorized(CREDENTIALS_REFUSED)
