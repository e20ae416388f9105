"""The handoff gives a refresh outcome to its nonce once, and forgets stale ones."""

from __future__ import annotations

from app.handoff import BridgeOutcome, Handoff


def test_an_outcome_is_taken_once_by_its_nonce() -> None:
    handoff = Handoff()
    handoff.put("n1", BridgeOutcome("granted", access_token="a"))
    assert handoff.take("other") is None
    assert handoff.take("n1") == BridgeOutcome("granted", access_token="a")
    assert handoff.take("n1") is None


def test_stale_outcomes_are_dropped() -> None:
    handoff = Handoff(hold_seconds=0)
    handoff.put("n1", BridgeOutcome("expired"))
    handoff.put("n2", BridgeOutcome("expired"))  # putting prunes what is older than the hold
    assert handoff.take("n1") is None
