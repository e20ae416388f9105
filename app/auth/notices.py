"""What a person is told once, apart from the login itself: flashes for the page they land on,
an error under the form they used, and where to send them next. No Streamlit: the session
keeps one `Notices` beside its `AuthState` and reads it out as pages render."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.auth.machine import Destination, Flash, FlashKind


@dataclass
class Notices:
    _flashes: list[Flash] = field(default_factory=list)
    _form_errors: dict[str, str] = field(default_factory=dict)
    _destination: Destination | None = None
    _working: str | None = None

    def flash(self, kind: FlashKind, text: str) -> None:
        self._flashes.append(Flash(kind, text))

    def tell(self, flash: Flash) -> None:
        self._flashes.append(flash)

    def form_error(self, form: str, text: str) -> None:
        """The sentence shown under `form` at its next render (the last one said wins)."""
        self._form_errors[form] = text

    def send_to(self, destination: Destination) -> None:
        self._destination = destination

    def working_on(self, sentence: str | None) -> None:
        """What the page says while an action waits for the login's refresh (`Uploading a.txt…`);
        None: the plain wait."""
        self._working = sentence

    @property
    def working(self) -> str | None:
        return self._working

    def take_flashes(self) -> list[Flash]:
        flashes, self._flashes = self._flashes, []
        return flashes

    def take_form_error(self, form: str) -> str | None:
        return self._form_errors.pop(form, None)

    def take_destination(self) -> Destination | None:
        destination, self._destination = self._destination, None
        return destination
