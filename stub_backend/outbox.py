"""The mail the stub would send: reset links, kept in memory for the test control to read.

Never written to disk: a reset token in clear is as good as the password it resets.

Links are sent after the answer to the request (see routes/password_reset.py); a reader waits
for the sends under way, so a test reads the mailbox as a person would after the answer."""

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    to: str
    reset_token: str
    created_at: float


# Longer than any send takes: the lookup and one write.
SETTLE_SECONDS = 10.0


class Outbox:
    def __init__(self, *, keep: bool) -> None:
        # Only the test controls read it: without them there is no reason to hold any token.
        self._keep = keep
        self._messages: list[Message] = []
        self._lock = threading.Lock()
        self._sending = 0
        self._settled = threading.Condition(self._lock)

    def expect(self) -> None:
        """A send is under way (it may find no account, and post nothing): call `done` after."""
        with self._lock:
            self._sending += 1

    def done(self) -> None:
        with self._lock:
            self._sending -= 1
            self._settled.notify_all()

    def post(self, message: Message) -> None:
        if self._keep:
            with self._lock:
                self._messages.append(message)

    def messages_to(self, email: str) -> list[Message]:
        with self._lock:
            self._settled.wait_for(lambda: self._sending == 0, timeout=SETTLE_SECONDS)
            return [message for message in self._messages if message.to == email]

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()
