"""The stub's `Date` header tells its own clock, which the test controls move: a client that
times a token without `iat` reads "now" from it."""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest

from tests.stub_server import running_stub


@pytest.mark.parametrize("profile", ["full", "minimal"])
def test_the_date_header_follows_the_backends_clock(tmp_path: Path, profile: str) -> None:
    with running_stub(tmp_path, stub_profile=profile) as stub:
        now = stub.advance_clock(3600)
        answer = httpx.get(f"{stub.base_url}/healthz")
    [date] = answer.headers.get_list("date")
    assert parsedate_to_datetime(date).timestamp() == pytest.approx(now, abs=2)
