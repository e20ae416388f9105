"""The Debug page, in the suite's own stacks shown to every account (APP_DEBUG_PAGE=everyone;
a deployment shows it to admins only unless it says otherwise)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e import ui

pytestmark = pytest.mark.page_behaviour


def test_the_debug_countdown_moves_while_the_page_is_open(
    page: Page, user: str, password: str
) -> None:
    """The Debug page's "Token expires in" counts down while the page stays open, untouched,
    instead of standing at the value of its last run."""
    ui.log_in(page, user, password)
    ui.go_to(page, "Debug")
    metric = page.get_by_test_id("stMetric").filter(has_text="Token expires in")
    value = metric.get_by_test_id("stMetricValue")
    expect(value).to_have_text(re.compile(r"\d+ (min \d\d )?s"))
    first = value.inner_text()
    expect(value).not_to_have_text(first, timeout=5_000)
