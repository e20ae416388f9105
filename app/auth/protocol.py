"""What the auth layer and the pages need of a backend: the transport apart from the strategy.

`app.backend.BackendClient` implements it over HTTP; a test can hand in anything of this shape.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from app.backend import (
    Caller,
    Capabilities,
    Document,
    DocumentContent,
    LoginSessionList,
    Profile,
    TokenPair,
)
from app.backend.profile import BackendProfile

Model = TypeVar("Model", bound=BaseModel)


class Backend(Protocol):
    @property
    def capabilities(self) -> Capabilities: ...

    @property
    def profile(self) -> BackendProfile: ...

    def login(self, email: str, password: str, caller: Caller) -> TokenPair: ...

    def register(self, email: str, password: str, caller: Caller) -> TokenPair: ...

    def refresh(self, refresh_token: str) -> TokenPair: ...

    def logout(self, caller: Caller, refresh_token: str | None = None) -> None: ...

    def identify(self, caller: Caller) -> Profile: ...

    def me(self, caller: Caller) -> Profile: ...

    def logout_all(self, caller: Caller) -> None: ...

    def session(self, caller: Caller) -> dict[str, Any]: ...

    def list_documents(self, caller: Caller) -> list[Document]: ...

    def upload_document(
        self, caller: Caller, filename: str, content: bytes, content_type: str
    ) -> Document: ...

    def document_content(self, caller: Caller, document_id: str) -> DocumentContent: ...

    def delete_document(self, caller: Caller, document_id: str) -> None: ...

    def change_password(self, caller: Caller, current: str, new: str) -> None: ...

    def request_password_reset(self, email: str) -> None: ...

    def confirm_password_reset(self, token: str, new_password: str) -> None: ...

    def list_sessions(self, caller: Caller) -> LoginSessionList: ...

    def revoke_session(self, caller: Caller, sid: str) -> None: ...

    def call(
        self,
        method: str,
        path: str,
        caller: Caller,
        answer: type[Model] | None = None,
        *,
        capability: str | None = None,
        json: object = None,
    ) -> Model | None: ...
