"""How counts, sizes and times read: words in the number they take."""

from __future__ import annotations

import pytest

from app import display
from app.auth import messages


@pytest.mark.parametrize(
    ("size", "shown"), [(0, "0 bytes"), (1, "1 byte"), (2, "2 bytes"), (2048, "2.0 KB")]
)
def test_a_file_size_reads_in_the_number_it_takes(size: int, shown: str) -> None:
    assert display.file_size(size) == shown


@pytest.mark.parametrize(
    ("count", "shown"),
    [(1, "1 document moved to your account."), (3, "3 documents moved to your account.")],
)
def test_moved_documents_are_counted_in_words(count: int, shown: str) -> None:
    assert messages.migrated(count) == shown


@pytest.mark.parametrize(
    "detail", ["The server cannot be reached.", "The server cannot be reached"]
)
def test_a_logout_not_revoked_gives_the_reason_as_one_sentence(detail: str) -> None:
    text = messages.not_revoked(detail)
    assert "(" not in text
    assert ".." not in text
    assert ": The server cannot be reached. Log in and out again" in text
