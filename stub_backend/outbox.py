"""The mail the stub would send: reset links, kept in memory for the test control to read.

Never written to disk: a reset token in clear is as good as the password it resets."""

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    to: str
    reset_token: str
    created_at: float


class Outbox:
    def __init__(self, *, keep: bool) -> None:
        # Only the test controls read it: without them there is no reason to hold any token.
        self._keep = keep
        self._messages: list[Message] = []
        self._lock = threading.Lock()

    def post(self, message: Message) -> None:
        if self._keep:
            with self._lock:
                self._messages.append(message)

    def messages_to(self, email: str) -> list[Message]:
        with self._lock:
            return [message for message in self._messages if message.to == email]

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()
