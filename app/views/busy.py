"""A form shows that it is working from the moment it is sent: Streamlit runs the callback
first and draws its spinner at the top of the page only once the run's first element arrives,
up to a second later, pushing the page down, while the last attempt's error stays under the
button. So a sent form is marked `aria-busy` at once in the browser: its old error hidden, its
button dimmed and saying what is being done. The end of the next run (`focus.arrange`) clears
the mark, whatever the outcome.

A style and a listener installed once per page load, like `phone.py`; no user input in them.
"""

from __future__ import annotations

import json

from app.views import page_script

# What a form's submit button says while its form is working, by the button's own label.
WORKING = {
    "Log in": "Logging in…",
    "Create account": "Creating your account…",
    "Change password": "Changing your password…",
    "Send reset link": "Sending the reset link…",
    "Set new password": "Setting your new password…",
}
BUSY_ATTRIBUTE = "aria-busy"

_SCRIPT = """
<style>
[data-testid="stForm"][aria-busy="true"] [data-testid="stAlert"] { display: none; }
[data-testid="stForm"][aria-busy="true"] [data-testid="stBaseButton-primaryFormSubmit"] {
  cursor: progress; opacity: 0.7; position: relative;
}
[data-testid="stForm"][aria-busy="true"] [data-testid="stBaseButton-primaryFormSubmit"] p {
  visibility: hidden;
}
[data-testid="stForm"][aria-busy="true"] [data-testid="stBaseButton-primaryFormSubmit"]::after {
  content: attr(data-working); position: absolute; inset: 0; display: flex;
  align-items: center; justify-content: center; white-space: nowrap;
}
</style>
<script>
(() => {
  const doc = window.parent.document;
  if (doc.__marksBusyForms) return;
  doc.__marksBusyForms = true;
  const working = WORKING;
  const mark = (form) => {
    const button = form.querySelector('[data-testid="stBaseButton-primaryFormSubmit"]');
    if (!button) return;
    button.dataset.working = working[button.innerText.trim()] || "Working…";
    form.setAttribute("aria-busy", "true");
  };
  doc.addEventListener("click", (event) => {
    const button = event.target.closest('[data-testid="stBaseButton-primaryFormSubmit"]');
    const form = button && button.closest('[data-testid="stForm"]');
    if (form) mark(form);
  }, true);
  doc.addEventListener("keydown", (event) => {
    const form = event.key === "Enter" && event.target.closest('[data-testid="stForm"] input');
    if (form) mark(event.target.closest('[data-testid="stForm"]'));
  }, true);
})();
</script>
"""


def install() -> None:
    script = _SCRIPT.replace("WORKING", json.dumps(WORKING))
    page_script.install("busy_forms", script)
