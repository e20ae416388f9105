"""Sealed values and one-time tickets: what the cookie route will refuse."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from app.expiring import ExpiringSet
from app.sealing import TICKET_PURPOSE, InvalidSeal, Sealer, TicketBook

SECRET = b"s" * 48


def test_seal_round_trips_and_hides_the_payload() -> None:
    sealer = Sealer(SECRET)
    sealed = sealer.seal("login-cookie", {"refresh_token": "eyJ.secret.part"})
    assert "eyJ.secret.part" not in sealed
    assert sealer.unseal("login-cookie", sealed) == {"refresh_token": "eyJ.secret.part"}


def test_a_value_sealed_for_one_purpose_is_refused_for_another() -> None:
    sealer = Sealer(SECRET)
    sealed = sealer.seal("anon-cookie", {"anon_session": "x"})
    with pytest.raises(InvalidSeal):
        sealer.unseal("login-cookie", sealed)


def test_a_value_sealed_with_another_secret_is_refused() -> None:
    sealed = Sealer(b"o" * 48).seal("login-cookie", {"refresh_token": "x"})
    with pytest.raises(InvalidSeal):
        Sealer(SECRET).unseal("login-cookie", sealed)


def test_a_tampered_seal_is_refused() -> None:
    sealer = Sealer(SECRET)
    sealed = sealer.seal("login-cookie", {"refresh_token": "x"})
    middle = len(sealed) // 2
    flipped = "A" if sealed[middle] != "A" else "B"
    with pytest.raises(InvalidSeal):
        sealer.unseal("login-cookie", sealed[:middle] + flipped + sealed[middle + 1 :])


@pytest.fixture
def redeemed(tmp_path: Path) -> ExpiringSet:
    return ExpiringSet(tmp_path / "state.sqlite3", "redeemed_tickets")


def test_a_ticket_is_redeemed_once(redeemed: ExpiringSet) -> None:
    book = TicketBook(Sealer(SECRET), redeemed)
    ticket = book.issue({"login": "refresh-token"})
    assert book.redeem(ticket) == {"login": "refresh-token"}
    with pytest.raises(InvalidSeal, match="already used"):
        book.redeem(ticket)


def test_a_ticket_redeemed_before_a_restart_is_refused_after_it(tmp_path: Path) -> None:
    """Single use holds across a restart: redeemed ids are kept in the data directory."""
    before = TicketBook(Sealer(SECRET), ExpiringSet(tmp_path / "state.sqlite3", "redeemed"))
    ticket = before.issue({"login": "refresh-token"})
    before.redeem(ticket)
    after = TicketBook(Sealer(SECRET), ExpiringSet(tmp_path / "state.sqlite3", "redeemed"))
    with pytest.raises(InvalidSeal, match="already used"):
        after.redeem(ticket)


def test_an_expired_ticket_is_refused(
    monkeypatch: pytest.MonkeyPatch, redeemed: ExpiringSet
) -> None:
    sealer = Sealer(SECRET)
    book = TicketBook(sealer, redeemed, lifetime=30)
    ticket = book.issue({"login": "refresh-token"})
    real_time = __import__("time").time
    monkeypatch.setattr("cryptography.fernet.time.time", lambda: real_time() + 31)
    with pytest.raises(InvalidSeal):
        book.redeem(ticket)


def test_a_ticket_from_another_secret_is_refused(redeemed: ExpiringSet) -> None:
    forged = TicketBook(Sealer(b"o" * 48), redeemed).issue({"login": "attacker-token"})
    with pytest.raises(InvalidSeal):
        TicketBook(Sealer(SECRET), redeemed).redeem(forged)


def test_a_plain_fernet_token_without_the_derived_key_is_refused() -> None:
    """Sealing derives a key per purpose: the raw secret as a Fernet key opens nothing."""
    raw_key = Fernet.generate_key()
    forged = Fernet(raw_key).encrypt(b'{"jti": "x", "login": "t"}').decode()
    with pytest.raises(InvalidSeal):
        Sealer(raw_key).unseal(TICKET_PURPOSE, forged)
