"""Which failure streaks a login attempt counts in, with the rule of each (from the settings)."""

from dataclasses import dataclass

from stub_backend.clock import Clock
from stub_backend.settings import Settings
from stub_backend.store.throttle import Throttles
from stub_backend.throttle import Key, Rule, Wait

_EVERYONE = Key("global", "*")


@dataclass(frozen=True)
class LoginGuard:
    settings: Settings
    throttles: Throttles
    clock: Clock

    def admit(self, email: str, client: str) -> Wait | None:
        """Count the attempt in its streaks, or say how long it must wait first."""
        return self.throttles.reserve(
            self._rules(email, client),
            self.clock.now(),
            self.settings.login_failure_window_seconds,
        )

    def succeeded(self, email: str, client: str) -> None:
        self.throttles.succeeded(Key("email", email), [Key("client", client), _EVERYONE])

    def forget(self, email: str) -> None:
        """The email's owner proved who they are another way (a password reset)."""
        self.throttles.clear(Key("email", email))

    def _rules(self, email: str, client: str) -> dict[Key, Rule]:
        settings = self.settings
        first, cap = settings.login_first_delay_seconds, settings.login_max_delay_seconds
        return {
            Key("email", email): Rule(settings.login_max_failures, first, cap),
            Key("client", client): Rule(settings.login_client_max_failures, first, cap),
            _EVERYONE: Rule(
                settings.login_global_max_failures, first, settings.login_global_max_delay_seconds
            ),
        }
