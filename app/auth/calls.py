"""The one call a page makes to its backend: any endpoint, as the signed-in person (or this
browser's anonymous session), with the refused-token refresh handled for it."""

from __future__ import annotations

from typing import TypeVar, overload

from pydantic import BaseModel

from app.auth.session import fetch
from app.services import get_services

Answer = TypeVar("Answer", bound=BaseModel)


@overload
def call(
    method: str,
    path: str,
    answer: type[Answer],
    *,
    capability: str | None = None,
    json: object = None,
) -> Answer: ...


@overload
def call(
    method: str,
    path: str,
    answer: None = None,
    *,
    capability: str | None = None,
    json: object = None,
) -> None: ...


def call(
    method: str,
    path: str,
    answer: type[Answer] | None = None,
    *,
    capability: str | None = None,
    json: object = None,
) -> Answer | None:
    """`method` `path` (under the backend's prefix) with this session's credentials, its answer
    read as the pydantic model `answer`.

    `capability` names the optional part of the backend the endpoint belongs to (a field of
    `Capabilities`): without it, `NotOffered` carries the sentence to show. A refused token
    stops the page (`PageInterrupted`, which the router handles): the app refreshes the login
    and runs the page again. Every other failure is a `BackendError` whose `explain` a person
    can read."""
    return fetch(
        lambda backend, caller: backend.call(
            method, path, caller, answer, capability=capability, json=json
        )
    )


def path_of(endpoint: str) -> str:
    """The path, under the backend's prefix, of an endpoint its profile names (`me`,
    `documents`, `sessions`, ...): each kind of backend has its own."""
    path: str = getattr(get_services().backend.profile, f"{endpoint}_path")
    return path


__all__ = ["call", "path_of"]
