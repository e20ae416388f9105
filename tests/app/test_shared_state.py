"""The Redis set replicas share (app/shared_state.py), against a real redis-server on loopback."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from pydantic import ValidationError

from app import shared_state
from app.expiring import ExpiringSet
from app.sealing import InvalidSeal, Sealer, TicketBook
from app.services import get_services, reset_services
from app.settings import AppSettings
from app.shared_state import RedisLink, RedisSet
from e2e.daemons import DaemonError, RedisServer
from testbed import clean_environment

SECRET = b"tests-only-sealing-secret-0123456789abcdef"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    try:
        started = RedisServer(tmp_path).start()
    except DaemonError as error:
        pytest.skip(str(error))
    yield started
    started.stop()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def replica(server: RedisServer, clock: Clock | None = None) -> RedisLink:
    """What one app process holds: its own client of the shared Redis."""
    client = redis.Redis.from_url(server.url, socket_timeout=0.5, socket_connect_timeout=0.5)
    return RedisLink(client, "test", clock or Clock())


def test_a_key_is_added_once_and_held_for_its_time(server: RedisServer) -> None:
    redeemed = RedisSet(replica(server), "redeemed_tickets")
    assert redeemed.add("ticket-1", hold_seconds=35)
    assert not redeemed.add("ticket-1", hold_seconds=35)
    assert "ticket-1" in redeemed
    assert "ticket-2" not in redeemed
    assert 0 not in redeemed  # a non-string is never a member
    ttl = redis.Redis.from_url(server.url).pttl("stauth:redeemed_tickets:ticket-1")
    assert 30_000 < ttl <= 35_000


def test_replicas_share_members_and_names_keep_sets_apart(server: RedisServer) -> None:
    first, second = replica(server), replica(server)
    assert RedisSet(first, "signed_out_logins").add("login-1", hold_seconds=60)
    assert "login-1" in RedisSet(second, "signed_out_logins")
    assert not RedisSet(second, "signed_out_logins").add("login-1", hold_seconds=60)
    assert "login-1" not in RedisSet(second, "redeemed_tickets")


def test_a_member_expires(server: RedisServer) -> None:
    signed_out = RedisSet(replica(server), "signed_out_logins")
    signed_out.add("login-1", hold_seconds=60)
    redis.Redis.from_url(server.url).pexpire("stauth:signed_out_logins:login-1", 1)
    time.sleep(0.05)  # Redis's own clock runs the TTL out
    assert "login-1" not in signed_out
    assert signed_out.add("login-1", hold_seconds=60)


def test_a_ticket_is_single_use_across_replicas_and_restarts(server: RedisServer) -> None:
    sealer = Sealer(SECRET)
    issued = TicketBook(sealer, RedisSet(replica(server), "redeemed_tickets"))
    ticket = issued.issue({"login": "x"})
    assert issued.redeem(ticket) == {"login": "x"}
    # Another replica, and a replica started afresh: each has only Redis to go by.
    for book in (
        TicketBook(sealer, RedisSet(replica(server), "redeemed_tickets")),
        TicketBook(sealer, RedisSet(replica(server), "redeemed_tickets")),
    ):
        with pytest.raises(InvalidSeal):
            book.redeem(ticket)


def test_redis_down_refuses_tickets_serves_pages_and_logs_once(
    server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    link = replica(server, clock)
    book = TicketBook(Sealer(SECRET), RedisSet(link, "redeemed_tickets"))
    signed_out = RedisSet(link, "signed_out_logins")
    signed_out.add("login-1", hold_seconds=60)
    ticket = book.issue({"login": "x"})
    server.stop()

    with caplog.at_level(logging.INFO, logger=shared_state.__name__):
        for _ in range(3):
            clock.now += shared_state.RETRY_AFTER_SECONDS + 1  # past the quiet window: tried
            with pytest.raises(InvalidSeal):
                book.redeem(ticket)  # fails closed: no replay window while Redis is away
            assert "login-1" not in signed_out  # fails open: pages keep serving
        errors = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 1, "one line per outage, not one per call"
        assert "cannot be reached" in errors[0].getMessage()

        restarted = RedisServer(server.workdir, port=server.port).start()
        try:
            clock.now += shared_state.RETRY_AFTER_SECONDS + 1
            assert book.redeem(ticket) == {"login": "x"}  # an empty Redis: a fresh start
        finally:
            restarted.stop()
    assert any("answers again" in r.getMessage() for r in caplog.records)


def test_after_a_failure_calls_wait_a_moment_before_trying_again(server: RedisServer) -> None:
    clock = Clock()
    signed_out = RedisSet(replica(server, clock), "signed_out_logins")
    signed_out.add("login-1", hold_seconds=60)
    server.stop()
    assert "login-1" not in signed_out
    restarted = RedisServer(server.workdir, port=server.port).start()
    try:
        signed_out_again = RedisSet(replica(restarted), "signed_out_logins")
        signed_out_again.add("login-1", hold_seconds=60)
        assert "login-1" not in signed_out, "within the quiet window nothing is tried"
        clock.now += shared_state.RETRY_AFTER_SECONDS
        assert "login-1" in signed_out
    finally:
        restarted.stop()


def test_app_redis_url_chooses_redis_for_both_sets(
    server: RedisServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_SECRET_KEY", SECRET.decode())
    monkeypatch.setenv("APP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("APP_REDIS_URL", server.url)
    reset_services()
    try:
        services = get_services()
        assert isinstance(services.signed_out, RedisSet)
        services.signed_out.add("login-1", hold_seconds=60)
        assert "login-1" in RedisSet(replica(server), "signed_out_logins")
        monkeypatch.delenv("APP_REDIS_URL")
        reset_services()
        assert isinstance(get_services().signed_out, ExpiringSet)
    finally:
        reset_services()


@pytest.mark.parametrize("url", ["http://cache:6379", "cache:6379"])
def test_a_url_that_is_not_redis_is_refused(url: str) -> None:
    with pytest.raises(ValidationError, match="APP_REDIS_URL"):
        AppSettings(app_redis_url=url)  # type: ignore[arg-type]


def test_the_log_names_the_server_without_its_password() -> None:
    assert shared_state.where("redis://user:hunter2@cache:6380/1") == "redis://cache:6380/1"
    assert shared_state.where("unix:///run/redis.sock") == "unix:/run/redis.sock"


def test_without_app_redis_url_the_app_never_imports_redis(tmp_path: Path) -> None:
    """One process without replicas does not pay for redis-py's import."""
    probe = (
        "import sys, app.asgi; from app.services import get_services; get_services(); "
        "print('redis' in sys.modules)"
    )
    env = clean_environment(APP_SECRET_KEY=SECRET.decode(), APP_DATA_DIR=str(tmp_path))
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "False", result.stderr[-2000:]
