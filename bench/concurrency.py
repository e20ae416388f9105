"""3. N visitors at once: log in, upload, look at their documents. N = 5, 10, 20.

Every visitor is a fresh browser context in one Chromium, all started together. Each records
its login-to-Home time and checks that it sees only its own email and its own documents.
A bare Streamlit page with the same widgets, clicked by N contexts at once, is the baseline.
The app is started afresh for each N; its resident memory (psutil RSS) is read after a warm-up
visitor has come and gone, and again with the N sessions open.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped,import-not-found,unused-ignore]
from playwright.async_api import Browser, FilePayload, Page, async_playwright

from bench import accounts, browser, report, servers
from bench.report import Row, percentile

NAME = "concurrency"
SIZES = tuple(int(size) for size in sys.argv[1:]) or (5, 10, 20)
P95_TARGET_SECONDS = 3.0
MB_PER_SESSION_TARGET = 10.0

_DOCUMENT_LISTED = """
(filename) => {
  const root = document.querySelector('[data-testid="stApp"]');
  return Boolean(root)
    && root.getAttribute("data-test-script-state") === "notRunning"
    && document.querySelector(".st-key-auth_bridge") === null
    && [...document.querySelectorAll('[class*="st-key-document_"]')]
      .some((row) => row.innerText.includes(filename));
}
"""


def rss_bytes(pid: int) -> int:
    process = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])


async def visitor(chromium: Browser, url: str, email: str, everyone: list[str]) -> dict[str, Any]:
    """Log in, open Documents, upload a file, then check what the page shows."""
    context = await chromium.new_context(base_url=url)
    page = await context.new_page()
    result: dict[str, Any] = {"email": email, "error": None, "leaks": []}
    try:
        await page.goto("/", wait_until="commit")
        await browser.settled_on(page, "Log in")
        await browser.fill_login(page, email, accounts.PASSWORD)
        result["login_to_home"] = await browser.timed(browser.login_button(page), page, "Home")
        nav = page.get_by_test_id("stSidebarNav").get_by_role("link", name="Documents", exact=True)
        await browser.timed(nav.click, page, "Documents")
        filename = f"{email.split('@')[0]}.txt"
        uploader = page.get_by_test_id("stFileUploaderDropzoneInput")
        upload: FilePayload = {"name": filename, "mimeType": "text/plain", "buffer": email.encode()}
        await uploader.set_input_files(files=[upload])
        await page.wait_for_function(
            _DOCUMENT_LISTED, arg=filename, polling="raf", timeout=browser.TIMEOUT_MS
        )
        result["leaks"] = await leaks(page, email, filename, everyone)
    except Exception as error:
        result["error"] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    result["context"] = context
    return result


async def leaks(page: Page, email: str, filename: str, everyone: list[str]) -> list[str]:
    """Anything of another visitor on this page, or anything of this one missing."""
    found: list[str] = []
    text = await page.locator("body").inner_text()
    sidebar = await page.get_by_test_id("stSidebar").inner_text()
    rows = await page.locator('[class*="st-key-document_"]').all_inner_texts()
    if email not in sidebar:
        found.append(f"own email missing from the sidebar of {email}")
    for other in everyone:
        if other != email and (other in text or other.split("@")[0] in text):
            found.append(f"{email} sees {other}")
    if len(rows) != 1 or filename not in rows[0]:
        found.append(f"{email} lists {rows}, expected only {filename}")
    return found


async def bare_clicks(chromium: Browser, url: str, size: int) -> list[float]:
    """The baseline: N contexts click the bare page's button at once."""

    async def one(index: int) -> float:
        context = await chromium.new_context(base_url=url)
        try:
            page = await context.new_page()
            await page.goto("/", wait_until="commit")
            await browser.settled_on(page, "Log in")
            await browser.fill_login(page, f"bare-{index}@example.org", accounts.PASSWORD)
            return await browser.timed(browser.login_button(page), page, "Home")
        finally:
            await context.close()

    return list(await asyncio.gather(*(one(index) for index in range(size))))


async def one_size(
    chromium: Browser, workdir: Path, stub_url: str, bare_url: str, size: int, emails: list[str]
) -> dict[str, Any]:
    app = servers.app(workdir, stub_url).launch()
    try:
        app.wait_until_healthy()
        warm = await visitor(chromium, app.url, emails[-1], [emails[-1]])
        await warm["context"].close()
        if warm["error"]:
            raise RuntimeError(f"the warm-up visitor failed: {warm['error']}")
        bare = await bare_clicks(chromium, bare_url, size)
        before = rss_bytes(app.pid)
        group = emails[:size]
        start = time.perf_counter()
        results = await asyncio.gather(
            *(visitor(chromium, app.url, email, group) for email in group)
        )
        wall = time.perf_counter() - start
        after = rss_bytes(app.pid)
        for result in results:
            await result.pop("context").close()
    finally:
        app.stop()
    logins = [r["login_to_home"] for r in results if "login_to_home" in r]
    return {
        "size": size,
        "login_to_home": logins,
        "bare_click": bare,
        "errors": [r["error"] for r in results if r["error"]],
        "leaks": [leak for r in results for leak in r["leaks"]],
        "rss_before": before,
        "rss_after": after,
        "wall_seconds": wall,
    }


async def measure(workdir: Path, stub_url: str, bare_url: str) -> list[dict[str, Any]]:
    emails = [accounts.new_email("concurrent") for _ in range(max(SIZES) + 1)]
    await accounts.register(stub_url, emails)
    async with async_playwright() as playwright:
        chromium = await browser.launch(playwright)
        try:
            return [
                await one_size(chromium, workdir, stub_url, bare_url, size, emails)
                for size in SIZES
            ]
        finally:
            await chromium.close()


def rows(outcomes: list[dict[str, Any]]) -> list[Row]:
    table: list[Row] = []
    for outcome in outcomes:
        size = outcome["size"]
        logins, bare = outcome["login_to_home"], outcome["bare_click"]
        p95 = percentile(logins, 0.95) * 1000
        per_session_mb = (outcome["rss_after"] - outcome["rss_before"]) / size / 2**20
        errors, leaks = len(outcome["errors"]), len(outcome["leaks"])
        table += [
            Row(
                f"N={size} login to Home p50",
                percentile(logins, 0.5) * 1000,
                "ms",
                percentile(bare, 0.5) * 1000,
                note="baseline: bare page click, N at once",
            ),
            Row(
                f"N={size} login to Home p95",
                p95,
                "ms",
                percentile(bare, 0.95) * 1000,
                target="< 3000 ms" if size == max(SIZES) else "",
                met=p95 < P95_TARGET_SECONDS * 1000 if size == max(SIZES) else None,
            ),
            Row(
                f"N={size} errors",
                float(errors),
                "",
                target="0",
                met=errors == 0,
                note="; ".join(outcome["errors"])[:120],
            ),
            Row(
                f"N={size} cross-session leaks",
                float(leaks),
                "",
                target="0",
                met=leaks == 0,
                note="; ".join(outcome["leaks"])[:120],
            ),
            Row(
                f"N={size} app RSS per session",
                per_session_mb,
                "MB",
                target="< 10 MB",
                met=per_session_mb < MB_PER_SESSION_TARGET,
                note=f"RSS {outcome['rss_before'] / 2**20:.0f} -> "
                f"{outcome['rss_after'] / 2**20:.0f} MB",
            ),
        ]
    return table


def chart(outcomes: list[dict[str, Any]]) -> Path:
    figure, (left, right) = report.new_figure(8.0, 3.4, columns=2)
    sizes = [outcome["size"] for outcome in outcomes]
    for key, label, style in (("login_to_home", "app", "-o"), ("bare_click", "bare", "--s")):
        for fraction, name in ((0.5, "p50"), (0.95, "p95")):
            values = [percentile(outcome[key], fraction) * 1000 for outcome in outcomes]
            left.plot(sizes, values, style, label=f"{label} {name}")
    left.axhline(P95_TARGET_SECONDS * 1000, color="red", linestyle="dotted", label="p95 target")
    left.set_xlabel("concurrent sessions")
    left.set_ylabel("login click to Home, ms")
    left.legend(fontsize=7)
    per_session = [
        (outcome["rss_after"] - outcome["rss_before"]) / outcome["size"] / 2**20
        for outcome in outcomes
    ]
    right.bar([str(size) for size in sizes], per_session)
    right.axhline(MB_PER_SESSION_TARGET, color="red", linestyle="dotted", label="target")
    right.set_xlabel("concurrent sessions")
    right.set_ylabel("app RSS per extra session, MB")
    right.legend(fontsize=7)
    figure.suptitle("Concurrent logins, uploads and navigation (Chromium contexts)")
    return report.finish(figure, NAME)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-concurrency-") as tmp:
        workdir = Path(tmp)
        stub = servers.stub_backend(workdir).launch()
        bare = servers.bare_streamlit(workdir).launch()
        try:
            stub.wait_until_healthy()
            bare.wait_until_healthy()
            outcomes = asyncio.run(measure(workdir, stub.url, bare.url))
        finally:
            bare.stop()
            stub.stop()
    report.save(
        NAME,
        "3. Concurrent sessions (Chromium contexts, all at once)",
        rows(outcomes),
        {
            "outcomes": [
                {
                    **outcome,
                    "login_to_home": report.round_samples(outcome["login_to_home"]),
                    "bare_click": report.round_samples(outcome["bare_click"]),
                }
                for outcome in outcomes
            ]
        },
    )
    print(f"chart: {chart(outcomes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
