"""The menu on a phone: Streamlit's sidebar covers the page there, stays open after a page is
tapped in it, and opens from a bare chevron. So a tap on a page of the menu (or on Log out)
closes the sidebar on a narrow screen, and the chevron reads "Menu".

A style and a few lines of JavaScript in the page, installed once per page load (the listener
lives on the document, so later runs need not run the script again); no user input in them.
"""

from __future__ import annotations

from app.views import page_script

# Streamlit's own breakpoint below which the sidebar overlays the page.
NARROW_PX = 768

_MENU = f"""
<style>
[data-testid="stExpandSidebarButton"]::after {{
  content: "Menu"; margin-left: 0.25rem; font-size: 0.875rem; font-weight: 600;
}}
</style>
<script>
(() => {{
  const win = window.parent, doc = win.document;
  if (doc.__closesMenuOnTap) return;
  doc.__closesMenuOnTap = true;
  doc.addEventListener("click", (event) => {{
    if (win.innerWidth >= {NARROW_PX}) return;
    const sidebar = doc.querySelector('[data-testid="stSidebar"]');
    const tapped = event.target.closest('[data-testid="stSidebarNavLink"], .st-key-logout button');
    if (!sidebar || !tapped || !sidebar.contains(tapped)) return;
    const close = sidebar.querySelector('button[aria-label="Collapse sidebar"]');
    if (close) setTimeout(() => close.click(), 0);
  }}, true);
}})();
</script>
"""


def menu_behaviour() -> None:
    page_script.install("phone_menu", _MENU)
