"""The login throttle: a delay that doubles after too many failures, per email, per client
address and for everyone; never a lockout that the right password cannot wait out.

The servers here start with a first delay of 100 s instead of 2 s, so that however slowly the
machine runs, the real seconds between two requests never decide a test."""

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from stub_backend.throttle import Key, Rule, Streak, wait_for
from tests.stub_backend.helpers import api_client, login, register
from tests.stub_server import StubServer, running_stub, stub_settings

WRONG = "wrong password"
FIRST_DELAY = 100
SLOW_DELAYS: dict[str, Any] = {
    "login_first_delay_seconds": FIRST_DELAY,
    "login_max_delay_seconds": 10_000,
}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[StubServer]:
    with running_stub(tmp_path, **SLOW_DELAYS) as stub:
        yield stub


@pytest.fixture
def api(server: StubServer) -> Iterator[httpx.Client]:
    with api_client(server) as client:
        yield client


def _fail(api: httpx.Client, times: int, email: str = "alice@example.com") -> None:
    for _ in range(times):
        assert login(api, email=email, password=WRONG).status_code == httpx.codes.UNAUTHORIZED


def _waits_about(response: httpx.Response, seconds: int) -> bool:
    """Whole seconds, rounded up, from the last failure: the real time a slow machine spends
    between that failure and this answer takes a little off."""
    assert response.status_code == httpx.codes.TOO_MANY_REQUESTS, response.text
    return seconds - 5 <= int(response.headers["retry-after"]) <= seconds


@pytest.mark.parametrize(
    ("failures", "delay"), [(0, 0), (4, 0), (5, 2), (6, 4), (7, 8), (12, 256), (13, 300), (99, 300)]
)
def test_the_delay_doubles_after_the_threshold_up_to_the_cap(failures: int, delay: float) -> None:
    rule = Rule(threshold=5, first_delay_seconds=2, max_delay_seconds=300)

    assert rule.delay(failures) == delay


def test_a_huge_streak_still_waits_only_the_cap() -> None:
    assert Rule(1, 2, 300).delay(10**9) == 300


def test_below_the_threshold_a_failure_stamped_a_moment_later_is_no_reason_to_wait() -> None:
    streak = Streak(failures=4, last_failure_at=1000.5)

    assert wait_for(Key("email", "a@example.com"), Rule(5, 2, 300), streak, now=1000.0) is None


def test_by_default_the_sixth_attempt_on_an_email_waits_2_seconds_and_never_over_5_minutes(
    tmp_path: Path,
) -> None:
    settings = stub_settings(tmp_path)
    rule = Rule(
        settings.login_max_failures,
        settings.login_first_delay_seconds,
        settings.login_max_delay_seconds,
    )

    assert [rule.delay(n) for n in (4, 5, 6, 100)] == [0, 2, 4, 300]


def test_after_too_many_failures_even_the_right_password_waits(api: httpx.Client) -> None:
    register(api)
    _fail(api, 5)

    response = login(api)

    assert _waits_about(response, FIRST_DELAY)
    wait = response.headers["retry-after"]
    assert response.json() == {
        "detail": f"Too many failed logins for this email. Try again in {wait} seconds."
    }


def test_the_right_password_logs_in_once_the_delay_has_passed(
    api: httpx.Client, server: StubServer
) -> None:
    register(api)
    _fail(api, 5)
    server.advance_clock(FIRST_DELAY)

    assert login(api).status_code == httpx.codes.OK


def test_each_further_failure_doubles_the_wait_up_to_the_cap(tmp_path: Path) -> None:
    with (
        running_stub(
            tmp_path,
            login_max_failures=1,
            login_first_delay_seconds=FIRST_DELAY,
            login_max_delay_seconds=1000,
            # Longer than the cap: a wait must not outlast the streak it belongs to.
            login_failure_window_seconds=5000,
        ) as stub,
        api_client(stub) as api,
    ):
        register(api)
        _fail(api, 1)
        for expected in [100, 200, 400, 800, 1000, 1000]:
            assert _waits_about(login(api, password=WRONG), expected)
            stub.advance_clock(expected)
            _fail(api, 1)


def test_attempts_refused_while_waiting_do_not_lengthen_the_wait(
    api: httpx.Client, server: StubServer
) -> None:
    register(api)
    _fail(api, 5)
    for _ in range(10):
        assert _waits_about(login(api, password=WRONG), FIRST_DELAY)
    server.advance_clock(FIRST_DELAY)

    assert login(api).status_code == httpx.codes.OK


def test_a_streak_ends_after_a_quiet_window(tmp_path: Path) -> None:
    with (
        running_stub(
            tmp_path, login_max_failures=2, login_failure_window_seconds=600, **SLOW_DELAYS
        ) as stub,
        api_client(stub) as api,
    ):
        register(api)
        _fail(api, 2)
        stub.advance_clock(601)

        _fail(api, 2)  # a fresh streak: two free failures again
        assert _waits_about(login(api), FIRST_DELAY)


def test_a_successful_login_ends_the_emails_streak(api: httpx.Client) -> None:
    register(api)
    _fail(api, 4)
    assert login(api).status_code == httpx.codes.OK

    _fail(api, 4)
    assert login(api).status_code == httpx.codes.OK


def test_failures_count_per_email_whatever_its_case(api: httpx.Client) -> None:
    register(api, email="alice@example.com")
    register(api, email="bob@example.com")
    _fail(api, 5, email="ALICE@example.com")

    assert _waits_about(login(api, email="alice@example.com"), FIRST_DELAY)
    assert login(api, email="bob@example.com").status_code == httpx.codes.OK


def test_unknown_emails_are_throttled_too(api: httpx.Client) -> None:
    _fail(api, 5, email="nobody@example.com")

    assert _waits_about(login(api, email="nobody@example.com"), FIRST_DELAY)


def test_spraying_many_emails_from_one_client_is_slowed(tmp_path: Path) -> None:
    with (
        running_stub(tmp_path, login_client_max_failures=3, **SLOW_DELAYS) as stub,
        api_client(stub) as api,
    ):
        register(api)
        for n in range(3):
            _fail(api, 1, email=f"victim{n}@example.com")

        response = login(api)  # another email, and the right password

        assert _waits_about(response, FIRST_DELAY)
        assert response.json()["detail"].startswith("Too many failed logins from this address.")
        stub.advance_clock(FIRST_DELAY)
        assert login(api).status_code == httpx.codes.OK


def test_a_client_cannot_wipe_its_failures_by_logging_into_its_own_account(
    tmp_path: Path,
) -> None:
    with (
        running_stub(tmp_path, login_client_max_failures=3, **SLOW_DELAYS) as stub,
        api_client(stub) as api,
    ):
        register(api)
        _fail(api, 1, email="victim0@example.com")
        _fail(api, 1, email="victim1@example.com")
        assert login(api).status_code == httpx.codes.OK
        _fail(api, 1, email="victim2@example.com")

        assert _waits_about(login(api, email="victim3@example.com", password=WRONG), FIRST_DELAY)


def test_failures_of_everyone_together_are_slowed_for_a_short_while(tmp_path: Path) -> None:
    with (
        running_stub(
            tmp_path,
            login_global_max_failures=4,
            login_global_max_delay_seconds=150,
            **SLOW_DELAYS,
        ) as stub,
        api_client(stub) as api,
    ):
        register(api)
        for n in range(4):
            _fail(api, 1, email=f"victim{n}@example.com")

        response = login(api)
        assert _waits_about(response, FIRST_DELAY)
        assert response.json()["detail"].startswith("Too many failed logins on this server.")
        stub.advance_clock(FIRST_DELAY)
        _fail(api, 1, email="victim4@example.com")
        assert _waits_about(login(api), 150)  # the global cap
        stub.advance_clock(150)
        assert login(api).status_code == httpx.codes.OK


def test_parallel_guesses_cannot_overrun_the_limit(tmp_path: Path) -> None:
    with running_stub(tmp_path, login_max_failures=3, **SLOW_DELAYS) as stub:
        with api_client(stub) as api:
            register(api)
        statuses: list[int] = []
        start = threading.Barrier(8)

        def guess() -> None:
            with api_client(stub) as client:
                start.wait()
                statuses.append(login(client, password=WRONG).status_code)

        threads = [threading.Thread(target=guess) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(statuses) == [401] * 3 + [429] * 5


def _browser(stub: StubServer, address: str) -> httpx.Client:
    """A client that comes through the app, which names the browser it calls for."""
    return httpx.Client(
        base_url=f"{stub.base_url}/api/v1", headers={"X-Forwarded-For": address}, timeout=30.0
    )


def test_behind_a_trusted_proxy_one_browsers_failures_do_not_slow_another(
    tmp_path: Path,
) -> None:
    with (
        running_stub(
            tmp_path,
            login_client_max_failures=3,
            stub_trusted_proxies="127.0.0.1",
            **SLOW_DELAYS,
        ) as stub,
        _browser(stub, "203.0.113.7") as attacker,
        _browser(stub, "198.51.100.2") as victim,
    ):
        register(victim)
        for n in range(5):
            login(attacker, email=f"made-up{n}@example.com", password=WRONG)
        assert login(attacker).status_code == httpx.codes.TOO_MANY_REQUESTS

        assert login(victim).status_code == httpx.codes.OK


def test_a_forwarded_address_from_an_untrusted_caller_is_ignored(tmp_path: Path) -> None:
    with (
        running_stub(tmp_path, login_client_max_failures=3, **SLOW_DELAYS) as stub,
        api_client(stub) as api,
    ):
        register(api)
        for n in range(3):
            # A new address each time: were it believed, no streak would ever build.
            with _browser(stub, f"203.0.113.{n + 1}") as claiming:
                _fail(claiming, 1, email=f"made-up{n}@example.com")

        assert login(api).status_code == httpx.codes.TOO_MANY_REQUESTS
