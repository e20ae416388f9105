"""What a person sees of the Documents page's own feedback in a real browser: a file over the
limit says so under it, each row's buttons are named after their file, and an upload says it
is under way until it is done."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import FilePayload, Page, Route, expect

from e2e import runs, ui
from e2e.api import Backend
from e2e.plugin import Expiries
from e2e.servers import Deployment
from e2e.session_cookie import sign_in

# What the page does, whatever serves it: docker, cluster and prefix leave it to nox -s e2e.
pytestmark = pytest.mark.page_behaviour


@pytest.mark.needs("documents")
def test_a_file_over_the_limit_says_so_under_it_and_the_last_banner_goes(page: Page) -> None:
    """A file over the upload limit: the sentence why is shown under it, not only to screen
    readers, and the last upload's `Uploaded …` banner, about another file, is gone."""
    runs.open_page(page, "/documents")
    ui.upload(page, "small.txt", b"hello")
    banner = ui.flash(page, "Uploaded small.txt.")
    expect(banner).to_be_visible()
    stated = page.get_by_text(re.compile(r"^Up to \d+ MB per file\.$")).inner_text()
    limit_mb = int(stated.split()[2])  # the deployment's APP_UPLOAD_LIMIT_MB, as the page says
    over = b"x" * ((limit_mb + 1) << 20)
    file = FilePayload(name="big.bin", mimeType="application/octet-stream", buffer=over)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=[file])
    refusal = page.get_by_test_id("stFileChip").get_by_role("alert")
    expect(refusal).to_contain_text(f"File must be {limit_mb}.0MB or smaller")
    box = refusal.bounding_box()
    assert box is not None
    assert box["width"] > 100
    assert box["height"] > 5
    expect(banner).to_be_hidden()


@pytest.mark.needs("documents")
def test_each_rows_buttons_are_named_after_its_file(page: Page) -> None:
    """With two documents, `Delete` and `Download` each name their file for a screen reader."""
    runs.open_page(page, "/documents")
    ui.upload(page, "first.txt", b"one")
    ui.upload(page, "second.txt", b"two")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("button", name="Delete first.txt", exact=True)).to_have_count(1)
    expect(main.get_by_role("button", name="Delete second.txt", exact=True)).to_have_count(1)
    expect(main.get_by_role("link", name="Download second.txt", exact=True)).to_have_count(1)


@pytest.mark.needs("documents")
def test_an_upload_right_after_expiry_says_uploading_until_it_is_done(
    page: Page,
    user: str,
    password: str,
    deployment: Deployment,
    backend: Backend,
    expiries: Expiries,
) -> None:
    """An upload once the access token has expired waits for the login's refresh first: the
    page says `Uploading notes@home.txt…` through that wait, then `Uploaded notes@home.txt.`."""
    sign_in(page, deployment, backend, user, password)
    ui.go_to(page, "Documents")
    held: list[Route] = []
    # The refresh is held until the page has been seen waiting, however fast this machine is.

    def hold(route: Route) -> None:
        held.append(route)

    page.route("**/api/session/refresh", hold)
    expiries.pass_access_expiry()

    # A name Markdown would make an email link: the waiting label shows it as it is, too.
    file = FilePayload(name="notes@home.txt", mimeType="text/plain", buffer=b"due")
    with page.expect_request("**/api/session/refresh"):
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=[file])
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Uploading notes@home.txt…", exact=True)).to_be_visible()
    assert len(held) == 1, "the upload waited for one refresh"
    held[0].continue_()
    page.unroute("**/api/session/refresh")

    expect(ui.flash(page, "Uploaded notes@home.txt.")).to_be_visible()
    expect(main.get_by_text("Uploading notes@home.txt…", exact=True)).to_have_count(0)
    ui.expect_document(page, "notes@home.txt")
