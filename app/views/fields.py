"""Form helpers the pages share: an error shown at its field, marked for assistive technology,
with the keyboard focus put back in the form.

Streamlit draws each input with its label as `aria-label` and has no parameter for
`aria-invalid` or focus, so a few lines of JavaScript in the page set both after the run that
found the error. The script carries only labels the app chose, never user input.
"""

from __future__ import annotations

import json

import streamlit as st

from app import display
from app.auth import builtin
from app.views import page_script


def password_rules() -> None:
    """The rules for a new password, shown before the first attempt rather than after a refusal
    (as text, not a help icon: an icon would sit in the tab order between the fields)."""
    st.caption(
        f"At least {builtin.MIN_PASSWORD} characters, and not a common password such as "
        "password123: a few unrelated words are strong and easy to remember."
    )


def error_at(label: str, message: str | None) -> None:
    """Show `message` under the field labelled `label`, mark that field invalid and focus it."""
    if not message:
        return
    st.error(display.plain(message))
    _mark_invalid(label)


def _mark_invalid(label: str) -> None:
    script = f"""
<script>
(() => {{
  const label = {json.dumps(label)};
  const find = () => Array.from(window.parent.document.querySelectorAll("input"))
    .find((input) => input.getAttribute("aria-label") === label);
  const mark = (attempt) => {{
    const input = find();
    if (!input) {{ if (attempt < 20) setTimeout(() => mark(attempt + 1), 50); return; }}
    input.setAttribute("aria-invalid", "true");
    input.focus();
    input.addEventListener("input", () => input.removeAttribute("aria-invalid"), {{ once: true }});
  }};
  mark(0);
}})();
</script>
"""
    # Run anew: the same error twice in a row (a second wrong password) marks the field again.
    page_script.run("mark_invalid", script)
