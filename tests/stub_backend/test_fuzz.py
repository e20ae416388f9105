"""Schemathesis over the stub's own OpenAPI schema, sent to a live stub: no input may get a 5xx,
and every error is JSON with a `detail`.

Run with `-s` to see how many operations and examples it covered."""

import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from stub_backend.app import create_app
from tests.stub_backend.helpers import api_client, login, register
from tests.stub_server import StubServer, running_stub, stub_settings

EXAMPLES_PER_OPERATION = 30
FUZZ_EMAIL = "fuzz@example.com"
statuses: Counter[tuple[str, int]] = Counter()


# Every case comes from one client, and the valid logins that carry the tokens must not wait
# behind the fuzzed failures.
QUIET_THROTTLE: dict[str, Any] = {
    "login_max_failures": 10**6,
    "login_client_max_failures": 10**6,
    "login_global_max_failures": 10**6,
}


def _openapi_document(**overrides: Any) -> dict[str, Any]:
    # The schema follows from the code, the profile and the test-control flag, not from data: a
    # throwaway store is enough to read it at collection time.
    with tempfile.TemporaryDirectory() as data_dir:
        return create_app(stub_settings(Path(data_dir), **overrides)).openapi()


# The test controls are in the schema: when mounted they are client input like any other route.
schema = schemathesis.openapi.from_dict(_openapi_document())
minimal_schema = schemathesis.openapi.from_dict(_openapi_document(stub_profile="minimal"))


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    operations = {label for label, _ in statuses}
    server_errors = sum(
        n for (_, status), n in statuses.items() if status >= httpx.codes.INTERNAL_SERVER_ERROR
    )
    print(
        f"\nfuzz: {len(operations)} operations, {statuses.total()} examples, "
        f"{server_errors} 5xx answers"
    )
    for label in sorted(operations):
        counts = {status: n for (name, status), n in sorted(statuses.items()) if name == label}
        print(f"  {label}: {counts}")


class Tokens:
    """Every other case carries a fresh valid token, so that the authenticated paths are reached
    as well as the anonymous ones."""

    def __init__(self, api: httpx.Client) -> None:
        self._api = api
        self._cases = 0

    def headers(self) -> dict[str, str]:
        self._cases += 1
        if self._cases % 2:
            return {}
        # A login per case: a fuzzed logout must not leave the next cases without a token.
        response = login(self._api, email=FUZZ_EMAIL)
        if response.status_code != httpx.codes.OK:
            register(self._api, email=FUZZ_EMAIL)  # a fuzzed reset emptied the store
            response = login(self._api, email=FUZZ_EMAIL)
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def stub_server(tmp_path: Path) -> Iterator[StubServer]:
    with running_stub(tmp_path, **QUIET_THROTTLE) as server:
        yield server


@pytest.fixture
def minimal_server(tmp_path: Path) -> Iterator[StubServer]:
    with running_stub(tmp_path, stub_profile="minimal", **QUIET_THROTTLE) as server:
        yield server


@contextmanager
def _tokens_of(server: StubServer) -> Iterator[Tokens]:
    with api_client(server) as api:
        register(api, email=FUZZ_EMAIL)
        yield Tokens(api)


@pytest.fixture
def tokens(stub_server: StubServer) -> Iterator[Tokens]:
    with _tokens_of(stub_server) as found:
        yield found


@pytest.fixture
def minimal_tokens(minimal_server: StubServer) -> Iterator[Tokens]:
    with _tokens_of(minimal_server) as found:
        yield found


def _assert_error_has_a_detail(response: schemathesis.Response) -> None:
    if response.status_code >= httpx.codes.BAD_REQUEST:
        body = response.json()
        assert isinstance(body, dict), body
        assert body["detail"], body


# One server per operation, shared by its examples on purpose: state left by one case (a user,
# a logout, a reset) is more input for the next. No example database: nothing is written to the
# work tree.
fuzz_settings = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _send(case: schemathesis.Case[Any], server: StubServer, tokens: Tokens) -> None:
    headers = {} if "Authorization" in (case.headers or {}) else tokens.headers()
    response = case.call(base_url=server.base_url, headers=headers)
    statuses[f"{server.settings.stub_profile}: {case.operation.label}", response.status_code] += 1
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
    _assert_error_has_a_detail(response)


@schema.parametrize()
@fuzz_settings
def test_no_request_gets_a_5xx(
    case: schemathesis.Case[Any], stub_server: StubServer, tokens: Tokens
) -> None:
    _send(case, stub_server, tokens)


@minimal_schema.parametrize()
@fuzz_settings
def test_no_request_to_the_minimal_profile_gets_a_5xx(
    case: schemathesis.Case[Any], minimal_server: StubServer, minimal_tokens: Tokens
) -> None:
    _send(case, minimal_server, minimal_tokens)
