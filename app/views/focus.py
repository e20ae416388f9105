"""Where the keyboard focus goes, which Streamlit leaves to the browser: after a login or a
delete the element that had it is gone, and the focus would fall to the page's body (a screen
reader says nothing, and the next Tab starts from the top). So after such a run the page's own
heading takes the focus; and the main area's scroll container, which Streamlit puts in the tab
order, leaves it (the skip link can still focus it: it keeps `tabindex="-1"`).

Like `fields.py`, a few lines of JavaScript in the page; they carry no user input.
"""

from __future__ import annotations

import streamlit as st

from app.views import page_script

# Set by an action whose element goes away (a login, a delete): the next page shown takes it.
FOCUS_HEADING = "_focus_heading_next"

_SCRIPT = """
<script>
(() => {
  const doc = window.parent.document;
  const arrange = (attempt) => {
    // This run has ended: no form is working any more (see busy.py).
    doc.querySelectorAll('[data-testid="stForm"][aria-busy]')
      .forEach((form) => form.removeAttribute("aria-busy"));
    const main = doc.querySelector('[data-testid="stMain"]');
    const heading = main && main.querySelector("h1");
    if (!heading) { if (attempt < 40) setTimeout(() => arrange(attempt + 1), 50); return; }
    main.setAttribute("tabindex", "-1");
    if (FOCUS) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  };
  arrange(0);
})();
</script>
"""


def heading_next() -> None:
    """The page shown after this action gives its heading the focus."""
    st.session_state[FOCUS_HEADING] = True


def arrange() -> None:
    """At the end of a page's run: main out of the tab order, and the heading focused when an
    action asked for it."""
    focus = st.session_state.pop(FOCUS_HEADING, False)
    script = _SCRIPT.replace("FOCUS", "true" if focus else "false")
    page_script.run("focus", script)
