"""Everything a request handler needs, built once from the settings."""

from dataclasses import dataclass, field
from functools import partial

from stub_backend.clock import Clock
from stub_backend.login_guard import LoginGuard
from stub_backend.outbox import Outbox
from stub_backend.profile import Profile
from stub_backend.secret_key import resolve_jwt_secret
from stub_backend.security import (
    IssuedToken,
    Passwords,
    Role,
    TokenClaims,
    TokenType,
    create_token,
    decode_token,
    fingerprint,
)
from stub_backend.settings import Settings
from stub_backend.store import Store
from stub_backend.store.records import NewSession

_SECONDS_PER_MINUTE = 60
_SECONDS_PER_DAY = 24 * 60 * 60


@dataclass(frozen=True)
class IssuedPair:
    user_id: str
    access: IssuedToken
    refresh: IssuedToken

    def session(self, created_at: float, user_agent: str | None = None) -> NewSession:
        """The session record this pair opens or continues, holding only the refresh hash."""
        return NewSession(
            sid=self.refresh.sid,
            user_id=self.user_id,
            created_at=created_at,
            refresh_hash=fingerprint(self.refresh.token),
            refresh_expires_at=self.refresh.expires_at,
            access_jti=self.access.jti,
            access_expires_at=self.access.expires_at,
            user_agent=user_agent,
        )

    @property
    def expires_in(self) -> int:
        return self.access.expires_at - self.access.issued_at


@dataclass(frozen=True)
class Services:
    settings: Settings
    profile: Profile
    store: Store
    clock: Clock
    passwords: Passwords
    login_guard: LoginGuard
    outbox: Outbox
    jwt_secret: str = field(repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Services":
        store = Store(settings.stub_db_path)
        clock = Clock(store.controls)
        return cls(
            settings=settings,
            profile=Profile.named(settings.stub_profile),
            store=store,
            clock=clock,
            passwords=Passwords(
                time_cost=settings.stub_argon2_time_cost,
                memory_kib=settings.stub_argon2_memory_kib,
            ),
            login_guard=LoginGuard(settings, store.throttles, clock),
            outbox=Outbox(keep=settings.stub_test_controls),
            jwt_secret=resolve_jwt_secret(settings),
        )

    def issue_pair(
        self, *, email: str, user_id: str, role: Role, sid: str, now: float
    ) -> IssuedPair:
        issue = partial(
            create_token,
            self.jwt_secret,
            email=email,
            user_id=user_id,
            role=role,
            sid=sid,
            now=now,
            claim_names=self.profile.claims,
        )
        settings = self.settings
        access_lifetime = settings.access_token_expire_minutes * _SECONDS_PER_MINUTE
        refresh_lifetime = settings.refresh_token_expire_days * _SECONDS_PER_DAY
        return IssuedPair(
            user_id=user_id,
            access=issue(kind="access", lifetime_seconds=access_lifetime),
            refresh=issue(kind="refresh", lifetime_seconds=refresh_lifetime),
        )

    def decode(self, token: str, kind: TokenType) -> TokenClaims:
        """The token's claims, as far as the token itself can vouch for them; see decode_token."""
        return decode_token(
            self.jwt_secret,
            token,
            expected_type=kind,
            now=self.clock.now(),
            claim_names=self.profile.claims,
        )
