"""How times and sizes read on the page."""

from __future__ import annotations

import re
from datetime import UTC, datetime


def quantity(count: int, noun: str) -> str:
    """`1 document`, `2 documents`: a count with its noun in the number it takes."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def timestamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def clock_time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%H:%M:%S UTC")


def date(iso: str) -> str:
    """A backend date for a Markdown line: its text escaped when it is not a date."""
    try:
        return datetime.fromisoformat(iso).astimezone(UTC).strftime("%d %B %Y")
    except ValueError:
        return plain(iso)  # the backend's own text, shown in Markdown: literally


def file_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB"):
        if value < 1024 or unit == "MB":
            return quantity(int(value), "byte") if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return quantity(size, "byte")


_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>~$:"
# Streamlit's Markdown links bare addresses (GFM's autolink literals: `www.x.com`, `a@b.org`,
# `https://…`) in the text it has already unescaped, so escaping cannot stop that. An empty
# `:small[]` (Streamlit's own directive: an empty span) splits the text where such a link would
# begin: inside `www.` and `://`, before an `@`. It adds no character to read or to copy.
_LINK_STARTS = re.compile(r"(?<=www)(?=\.)|(?<=:)(?=//)|(?=@)", re.IGNORECASE)
UNLINKED = ":small[]"


def plain(text: str) -> str:
    """Show user-supplied text (a filename, an email) in Markdown literally, never as
    formatting nor as a link."""
    return UNLINKED.join(_escaped(piece) for piece in _LINK_STARTS.split(text))


def _escaped(text: str) -> str:
    return "".join(f"\\{char}" if char in _MARKDOWN_SPECIALS else char for char in text)


def moment(iso: str) -> str:
    """A backend timestamp to the minute, in UTC: when a session began or was last used."""
    try:
        parsed = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return plain(iso)  # the backend's own text, shown in Markdown: literally
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%d %b %Y, %H:%M UTC")
