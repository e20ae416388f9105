"""How counts, sizes and times read: words in the number they take."""

from __future__ import annotations

import re

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


@pytest.mark.parametrize(
    "text", ["www.example.com invoice.txt", "me@example.org", "https://example.com/x", "a.txt"]
)
def test_plain_text_holds_no_start_of_a_bare_link(text: str) -> None:
    """Streamlit's Markdown links `www.`, `://` and emails after undoing escapes: each is split."""
    shown = display.plain(text).replace(display.UNLINKED, " ")
    assert re.search(r"www\\?\.|:/|\w@", shown, re.IGNORECASE) is None
