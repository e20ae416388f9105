"""Typed client for the backend API (CONTRACT.md sections 0, 1 and 8), shaped by a profile.

No `st.*` here: this module turns HTTP into models and typed errors, and pages decide how to
show them. One connection pool serves every browser session, so its cookie jar refuses all
cookies: each call carries the caller's own credentials explicitly (see `Caller`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from app.backend import bounded
from app.backend.capabilities import (
    MISSING,
    Capabilities,
    CapabilityRegistry,
    declared,
    from_openapi,
)
from app.backend.errors import (
    BackendError,
    BackendUnavailable,
    Conflict,
    DocumentTooLarge,
    InvalidInput,
    NotFound,
    NotOffered,
    PayloadTooLarge,
    ProfileMismatch,
    RateLimited,
    ServerError,
    Unauthorized,
    UnusableAnswer,
)
from app.backend.identity import merged, person_from_claims, person_from_me, read_claims
from app.backend.models import (
    Document,
    DocumentContent,
    DocumentList,
    LoginSessionList,
    Profile,
    TokenPair,
)
from app.backend.profile import PRESETS, BackendProfile

logger = logging.getLogger(__name__)

ANON_COOKIE = "anon_session"
# Who the backend's per-client limits should count: the browser, not the app (see README,
# "The browser's address"). A backend trusts it only from the proxies it is told of.
FORWARDED_FOR = "X-Forwarded-For"
Model = TypeVar("Model", bound=BaseModel)


@dataclass
class Caller:
    """Who a call is made for: a Bearer token, else an anonymous session cookie, else nobody.

    When the backend opens a new anonymous session for the caller, the client stores its cookie
    value in `anon_session`, so whoever owns this object sees the change.
    """

    access_token: str | None = None
    anon_session: str | None = None

    def headers(self) -> dict[str, str]:
        if self.access_token:
            return {"Authorization": f"Bearer {self.access_token}"}
        if self.anon_session:
            return {"Cookie": f"{ANON_COOKIE}={self.anon_session}"}
        return {}


_ERRORS_BY_STATUS: Mapping[int, type[BackendError]] = {
    400: InvalidInput,
    401: Unauthorized,
    404: NotFound,
    409: Conflict,
    413: PayloadTooLarge,
    422: InvalidInput,
}
# An optional endpoint that is not there: FastAPI answers 404 for an unknown path and 405 for a
# known path with another method.
_NOT_THERE = frozenset({404, 405})


class BackendClient:
    """The backend's API as typed methods, shaped by a backend profile (profile.py);
    `capabilities` says which optional parts exist."""

    def __init__(
        self,
        base_url: str,
        timeout: float,
        profile: BackendProfile | None = None,
        transport: httpx.BaseTransport | None = None,
        *,
        detect: Callable[[Mapping[str, Any]], BackendProfile | None] | None = None,
        browser_address: Callable[[], str | None] = lambda: None,
        download_limit_bytes: int = bounded.MAX_DOCUMENT_BYTES,
    ) -> None:
        """`detect`: the profile to switch to, from an OpenAPI document (API_PROFILE=auto);
        `browser_address`: the address of the browser a call is made for, when known;
        `download_limit_bytes`: the largest document passed on to a browser."""
        self.profile = profile or BackendProfile()
        self._download_limit = download_limit_bytes
        self._browser_address = browser_address
        self._detect = detect
        # The whole answer's deadline, as `timeout` is each read's (see bounded.py).
        self._deadline = timeout
        self._http = httpx.Client(
            base_url=base_url,
            timeout=timeout,
            transport=transport,
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        )
        self._registry = CapabilityRegistry(
            self._discover, lambda: declared(self.profile), wait_seconds=timeout
        )
        self._told: set[str] = set()

    def close(self) -> None:
        self._http.close()

    @property
    def capabilities(self) -> Capabilities:
        return self._registry.current()

    # ---- required (CONTRACT section 0, or the profile's equivalents) ------------------------

    def login(self, email: str, password: str, caller: Caller) -> TokenPair:
        profile = self._settled_profile()
        fields = {profile.login_username_field: email, profile.login_password_field: password}
        form, json = (fields, None) if profile.login_body == "form" else (None, fields)
        response = self._request(
            "POST", profile.login_path, caller, operation="login", data=form, json=json
        )
        return self._token_answer(response, "login")

    def register(self, email: str, password: str, caller: Caller) -> TokenPair:
        """A backend whose register answers the new user, not tokens, is asked to log in with
        the same credentials at once: one click for the person either way."""
        profile = self._settled_profile()
        if not profile.register_path:
            raise NotOffered("register", MISSING["register"])
        body = {profile.register_email_field: email, profile.register_password_field: password}
        response = self._request(
            "POST", profile.register_path, caller, operation="register", json=body
        )
        if not _has_token(_json(response), profile.access_token_field):
            return self.login(email, password, caller)
        return self._token_answer(response, "register")

    def refresh(self, refresh_token: str) -> TokenPair:
        """A new access token; `refresh_token` is None where the backend does not rotate, and
        the one presented stays the one to use."""
        profile = self.profile
        if not profile.refresh_path:
            raise NotOffered("refresh", MISSING["refresh"])
        if profile.refresh_token_in == "header":  # noqa: S105 - where it travels
            caller, body = Caller(access_token=refresh_token), None
        else:
            caller, body = Caller(), {profile.refresh_token_field: refresh_token}
        response = self._request(
            "POST", profile.refresh_path, caller, operation="refresh", json=body, credentialed=True
        )
        return self._token_answer(response, "refresh")

    def logout(self, caller: Caller, refresh_token: str | None = None) -> None:
        """Any 2xx is success: the seed's backend answers 200 with a body, the stub 204. A
        backend with no logout endpoint has nothing to be told: the app forgets the login."""
        profile = self.profile
        if not profile.logout_path:
            return
        field = profile.logout_refresh_field
        body = {field: refresh_token} if field and refresh_token else None
        self._request("POST", profile.logout_path, caller, json=body)

    def identify(self, caller: Caller) -> Profile:
        """Who the caller's token is for: its claims where the profile names them, and the `me`
        answer (once, at sign-in) where they fall short or the backend describes the account.
        MalformedToken when the token is not a JWT with the claims the profile requires."""
        claims = read_claims(caller.access_token or "", self.profile.required_claims)
        from_claims = person_from_claims(claims, self.profile)
        if not self.capabilities.me:
            return merged(from_claims, Profile(user_id="", email="", role=""))
        try:
            return merged(from_claims, self.me(caller))
        except Unauthorized:
            raise
        except BackendError as error:
            if not from_claims.email:
                raise
            logger.info("The account could not be described (%s); using the claims.", error)
            return merged(from_claims, Profile(user_id="", email="", role=""))

    # ---- optional ---------------------------------------------------------------------------

    def me(self, caller: Caller) -> Profile:
        profile = self.profile
        response = self._request("GET", profile.me_path, caller, capability="me")
        return person_from_me(_json(response), profile, _unusable(response))

    def logout_all(self, caller: Caller) -> None:
        path = self.profile.logout_all_path
        self._request("POST", path, caller, capability="logout_all")

    def session(self, caller: Caller) -> dict[str, Any]:
        path = self.profile.session_path
        response = self._request("GET", path, caller, capability="anonymous_sessions")
        body = _json(response)
        if not isinstance(body, dict):
            raise _unusable(response)
        return body

    def list_documents(self, caller: Caller) -> list[Document]:
        path = self.profile.documents_path
        response = self._request("GET", path, caller, capability="documents")
        return list(_parse(DocumentList, response).items)

    def upload_document(
        self, caller: Caller, filename: str, content: bytes, content_type: str
    ) -> Document:
        files = {"file": (filename, content, content_type or "application/octet-stream")}
        path = self.profile.documents_path
        response = self._request("POST", path, caller, files=files, capability="documents")
        return _parse(Document, response)

    def document_content(self, caller: Caller, document_id: str) -> DocumentContent:
        path = f"{self.profile.documents_path}/{document_id}/content"
        try:
            response = self._request("GET", path, caller, max_bytes=self._download_limit)
        except UnusableAnswer as error:
            if not isinstance(error.__cause__, bounded.AnswerTooLarge):
                raise
            megabytes = self._download_limit / (1024 * 1024)
            raise DocumentTooLarge(
                f"This document is larger than the app passes on ({megabytes:g} MB at most)."
            ) from error
        return DocumentContent(
            response.content,
            response.headers.get("content-type", "application/octet-stream"),
            response.headers.get("content-disposition"),
        )

    def delete_document(self, caller: Caller, document_id: str) -> None:
        self._request("DELETE", f"{self.profile.documents_path}/{document_id}", caller)

    def change_password(self, caller: Caller, current: str, new: str) -> None:
        body = {"current_password": current, "new_password": new}
        path = self.profile.change_password_path
        self._request("POST", path, caller, json=body, capability="change_password")

    def request_password_reset(self, email: str) -> None:
        path = self.profile.password_reset_request_path
        self._request("POST", path, Caller(), json={"email": email}, capability="password_reset")

    def confirm_password_reset(self, token: str, new_password: str) -> None:
        body = {"token": token, "new_password": new_password}
        path = self.profile.password_reset_confirm_path
        self._request("POST", path, Caller(), json=body, capability="password_reset")

    def list_sessions(self, caller: Caller) -> LoginSessionList:
        path = self.profile.sessions_path
        response = self._request("GET", path, caller, capability="sessions")
        return _parse(LoginSessionList, response)

    def revoke_session(self, caller: Caller, sid: str) -> None:
        self._request("DELETE", f"{self.profile.sessions_path}/{sid}", caller)

    # ---- any endpoint, for pages ----------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        caller: Caller,
        answer: type[Model] | None = None,
        *,
        capability: str | None = None,
        json: object = None,
    ) -> Model | None:
        """One call to any endpoint of the backend, under its prefix, as `caller`; its answer
        read as `answer` (None: the answer's body is not read). `capability`: the optional part
        of the backend the endpoint belongs to, refused with its sentence when missing.
        Failures are the same typed errors as every other method's."""
        response = self._request(method, path, caller, capability=capability, json=json)
        return _parse(answer, response) if answer is not None else None

    # ---- transport --------------------------------------------------------------------------

    def _settled_profile(self) -> BackendProfile:
        """The profile, once a detection the settings asked for has had its chance."""
        if self._detect is not None:
            self._registry.current()
        return self.profile

    def _discover(self) -> Capabilities | None:
        """The backend's OpenAPI document (FastAPI serves one by default), if it has one; with
        API_PROFILE=auto, also which preset it fits."""
        if self._detect is not None:
            self._detect_profile()
        document = self._openapi(self.profile.openapi_path)
        return from_openapi(document, self.profile) if document is not None else None

    def _detect_profile(self) -> None:
        candidates = dict.fromkeys(profile.openapi_path for profile in PRESETS.values())
        for path in candidates:
            document = self._openapi(path)
            found = self._detect(document) if document is not None and self._detect else None
            if found is not None:
                self.profile, self._detect = found, None
                return

    def _openapi(self, path: str) -> Mapping[str, Any] | None:
        try:
            response = bounded.send(
                self._http,
                "GET",
                path,
                deadline_seconds=self._deadline,
                max_bytes=bounded.MAX_OPENAPI_BYTES,
            )
        except httpx.HTTPError as error:
            logger.info("No OpenAPI document read at %s (%s).", path, error)
            return None
        document = _json(response) if response.is_success else None
        return document if isinstance(document, dict) else None

    def _request(
        self,
        method: str,
        path: str,
        caller: Caller,
        *,
        capability: str | None = None,
        operation: str | None = None,
        credentialed: bool = False,
        max_bytes: int | None = bounded.MAX_JSON_BYTES,
        **kwargs: Any,
    ) -> httpx.Response:
        """One call. `capability`: an optional endpoint, whose absence is remembered;
        `operation`: a required one, whose absence means the profile does not fit;
        `credentialed`: the call carries a token even where the caller holds none (refresh);
        `max_bytes`: the largest answer read (None: a document's bytes)."""
        if capability is not None and not getattr(self.capabilities, capability):
            raise NotOffered(capability, MISSING[capability])
        try:
            response = bounded.send(
                self._http,
                method,
                self.profile.prefix + path,
                deadline_seconds=self._deadline,
                max_bytes=max_bytes,
                headers=self._headers(caller),
                **kwargs,
            )
        except bounded.AnswerTooLarge as error:
            raise UnusableAnswer("The server sent an answer too large to read.") from error
        except httpx.TimeoutException as error:
            raise BackendUnavailable("The server took too long to answer.") from error
        except httpx.TransportError as error:
            raise BackendUnavailable("The server cannot be reached.") from error
        issued = response.cookies.get(ANON_COOKIE)
        if issued:
            caller.anon_session = issued
        if response.is_success:
            return response
        if response.status_code in _NOT_THERE:
            if capability is not None:
                self._registry.mark_missing(capability)
                raise NotOffered(capability, MISSING[capability])
            if operation is not None:
                raise self._mismatch(
                    f"The server has no {operation} at {method} {self.profile.prefix}{path} "
                    f"(HTTP {response.status_code}).",
                    f"API_PROFILE or API_{operation.upper()}_PATH",
                )
        carried = credentialed or bool(caller.access_token)
        raise _error_for(response, self.profile, carried_token=carried)

    def _headers(self, caller: Caller) -> dict[str, str]:
        headers = caller.headers()
        address = self._browser_address()
        if address:
            # Set, never appended to: whatever a browser claims does not pass through the app.
            headers[FORWARDED_FOR] = address
        return headers

    def _token_answer(self, response: httpx.Response, operation: str) -> TokenPair:
        profile = self.profile
        body = _json(response)
        if not isinstance(body, dict):
            raise _unusable(response)
        if not _has_token(body, profile.access_token_field):
            raise self._mismatch(
                f"The server's {operation} answer holds no {profile.access_token_field!r}.",
                "API_PROFILE or API_ACCESS_TOKEN_FIELD",
            )
        refresh = body.get(profile.refresh_token_field)
        answer = {
            "access_token": body[profile.access_token_field],
            "refresh_token": refresh if isinstance(refresh, str) and refresh else None,
            "expires_in": body.get(profile.expires_in_field),
            "migrated_documents": body.get("migrated_documents", 0),
        }
        try:
            pair = TokenPair.model_validate(answer)
        except ValidationError as error:
            raise _unusable(response) from error
        return pair.model_copy(update={"server_time": _server_time(response)})

    def _mismatch(self, finding: str, settings: str) -> ProfileMismatch:
        """The profile does not fit the backend: said once in the log, and to the person."""
        if finding not in self._told:
            self._told.add(finding)
            logger.error("%s Check %s.", finding, settings)
        return ProfileMismatch(
            "The app is not set up for this server's sign-in: its operator should check "
            f"{settings}."
        )


def _error_for(
    response: httpx.Response, profile: BackendProfile, *, carried_token: bool
) -> BackendError:
    status = response.status_code
    detail = _detail_sentence(response, profile)
    if carried_token and status in profile.bad_token_statuses:
        # The template answers 403 and AuthX 422 for a token it refuses: our 401.
        return Unauthorized(detail, status)
    if status == 429:
        return RateLimited(detail, _retry_after(response))
    if status >= 500:
        return ServerError(f"The server had a problem (HTTP {status}).", status)
    return _ERRORS_BY_STATUS.get(status, BackendError)(detail, status)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, RecursionError):
        # RecursionError: deeply nested arrays are valid JSON that Python cannot parse.
        return None


def _has_token(body: object, field: str) -> bool:
    return isinstance(body, dict) and isinstance(body.get(field), str) and bool(body[field])


_CODE = re.compile(r"[A-Z][A-Z0-9_]{2,63}")


def _detail_sentence(response: httpx.Response, profile: BackendProfile) -> str:
    """A sentence for a person: ours for a code or sentence the profile knows, else the
    backend's own (`detail`, a validation list, fastapi-users' `reason`, AuthX's `message`)."""
    body = _json(response)
    if not isinstance(body, dict):
        body = {}
    detail = body.get("detail")
    if isinstance(detail, dict):  # fastapi-users: {"code": ..., "reason": ...}
        reason = detail.get("reason")
        if isinstance(reason, str) and reason.strip():
            return _sentence(reason.strip()[:300])
        detail = detail.get("code")
    if isinstance(detail, str) and detail.strip():
        text = detail.strip()
        if text in profile.error_sentences:
            return profile.error_sentences[text]
        if _CODE.fullmatch(text):
            return f"The server refused the request ({text})."
        return text[:300]
    if isinstance(detail, list):
        messages = [str(item.get("msg", "")) for item in detail if isinstance(item, dict)]
        joined = " ".join(_sentence(message) for message in messages if message)
        if joined:
            return joined[:300]
    message = body.get("message")
    if isinstance(message, str) and message.strip():
        return _sentence(message.strip()[:300])
    return f"The request was refused (HTTP {response.status_code})."


# pydantic's EmailStr refusal, which reads like a program's: its reason is kept, in words.
_EMAIL_REFUSAL = "value is not a valid email address"


def _sentence(message: str) -> str:
    message = message.removeprefix("Value error, ")
    if message.lower().startswith(_EMAIL_REFUSAL):
        reason = message[len(_EMAIL_REFUSAL) :].lstrip(": ")
        return "That email address is not valid." + (f" {_sentence(reason)}" if reason else "")
    message = message[:1].upper() + message[1:]
    return message if message.endswith(".") else message + "."


def _retry_after(response: httpx.Response) -> int:
    try:
        return max(1, int(response.headers.get("Retry-After", "60")))
    except ValueError:
        return 60


def _unusable(response: httpx.Response) -> UnusableAnswer:
    return UnusableAnswer(
        "The server sent an answer the app cannot read.", status=response.status_code
    )


def _parse(model: type[Model], response: httpx.Response) -> Model:
    try:
        return model.model_validate(_json(response))
    except ValidationError as error:
        raise _unusable(response) from error


def _server_time(response: httpx.Response) -> float | None:
    """The backend's clock from the `Date` header; a proxy in between may have added its own,
    so the first one (the origin's, in the order headers are passed on) that parses wins."""
    for value in response.headers.get_list("date"):
        try:
            return parsedate_to_datetime(value).timestamp()
        except (TypeError, ValueError, IndexError):
            continue
    return None
