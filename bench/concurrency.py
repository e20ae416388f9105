"""3. N visitors at once: log in, upload, look at their documents. N = 5, 10, 20.

Every visitor is a fresh browser context in one Chromium, with an account no other round used;
they open the Log in page a few at a time (untimed), then all click Log in at once. Each records
its login-to-Home time and checks that it sees only its own email and its own documents. The
stub counts the uploads each account sent (bench/uploads.py): one file chosen must arrive as one
upload, and a page listing a name twice is reported as one document shown twice or as several.
A bare Streamlit page with the same widgets, clicked by N contexts at once, is the baseline.
The app is started afresh for each N; its resident memory (psutil RSS) is read after a warm-up
visitor has come and gone, and again with the N sessions open.

Before the sizes, CPU_ROUNDS visitors one at a time measure what a login and a plain rerun cost
the app process in CPU seconds (psutil), next to what a click costs the bare page's process:
the cost of a login apart from the browser's and the password hash's (the hash runs in the
backend's process, which is not counted).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped,import-not-found,unused-ignore]
from playwright.async_api import Browser, FilePayload, Page, async_playwright

from bench import accounts, browser, report, servers, uploads
from bench.report import Row, percentile

NAME = "concurrency"
SIZES = tuple(int(size) for size in sys.argv[1:]) or (5, 10, 20)
P95_TARGET_SECONDS = 3.0
MB_PER_SESSION_TARGET = 10.0

OPENING_AT_ONCE = 4
CPU_ROUNDS = 7
OPEN_TIMEOUT_MS = 120_000


@dataclass
class Visit:
    email: str
    login_to_home: float | None = None
    error: str | None = None
    leaks: list[str] = field(default_factory=list)
    anomalies: list[str] = field(default_factory=list)
    listed_twice: list[str] = field(default_factory=list)
    files_chosen: int = 0
    page: Page | None = None


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


def cpu_seconds(pid: int) -> float:
    process = psutil.Process(pid)
    times = [p.cpu_times() for p in [process, *process.children(recursive=True)]]
    return float(sum(t.user + t.system for t in times))


async def cpu_costs(
    chromium: Browser, app_url: str, app_pid: int, bare_url: str, bare_pid: int, emails: list[str]
) -> dict[str, list[float]]:
    """CPU seconds of one login and one plain rerun in the app, and one click in the bare page,
    each measured alone (one visitor at a time)."""
    costs: dict[str, list[float]] = {"app_login": [], "app_rerun": [], "bare_click": []}
    gate = asyncio.Semaphore(1)
    for email in emails:
        page = await opened(chromium, app_url, gate)
        await browser.fill_login(page, email, accounts.PASSWORD)
        start = cpu_seconds(app_pid)
        await browser.timed(browser.login_button(page), page, "Home")
        logged_in = cpu_seconds(app_pid)
        nav = page.get_by_test_id("stSidebarNav").get_by_role("link", name="Debug", exact=True)
        await browser.timed(nav.click, page, "Debug")
        costs["app_login"].append(logged_in - start)
        costs["app_rerun"].append(cpu_seconds(app_pid) - logged_in)
        await page.context.close()
        bare = await opened(chromium, bare_url, gate)
        start = cpu_seconds(bare_pid)
        await browser.timed(browser.login_button(bare), bare, "Home")
        costs["bare_click"].append(cpu_seconds(bare_pid) - start)
        await bare.context.close()
    return costs


def rss_bytes(pid: int) -> int:
    process = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])


async def opened(chromium: Browser, url: str, gate: asyncio.Semaphore) -> Page:
    """A fresh context on the Log in page. Untimed: the visitors open their pages a few at a
    time, so the timed part (from the click on) is not a measure of Chromium's start-up."""
    async with gate:
        context = await chromium.new_context(base_url=url)
        page = await context.new_page()
        await page.goto("/", wait_until="commit")
        await browser.settled_on(page, "Log in", OPEN_TIMEOUT_MS)
        return page


async def visitor(page: Page, email: str, everyone: list[str], start: asyncio.Event) -> Visit:
    """Wait for the start, log in, open Documents, upload a file, check what the page shows."""
    visit = Visit(email)
    try:
        await browser.fill_login(page, email, accounts.PASSWORD)
        await start.wait()
        visit.login_to_home = await browser.timed(browser.login_button(page), page, "Home")
        nav = page.get_by_test_id("stSidebarNav").get_by_role("link", name="Documents", exact=True)
        await browser.timed(nav.click, page, "Documents")
        filename = f"{email.split('@')[0]}.txt"
        uploader = page.get_by_test_id("stFileUploaderDropzoneInput")
        upload: FilePayload = {"name": filename, "mimeType": "text/plain", "buffer": email.encode()}
        await uploader.set_input_files(files=[upload])
        visit.files_chosen += 1
        await page.wait_for_function(
            _DOCUMENT_LISTED, arg=filename, polling="raf", timeout=browser.TIMEOUT_MS
        )
        visit.leaks = await leaks(page, email, everyone)
        visit.anomalies = await own_view(page, email, filename)
        visit.listed_twice = await listed_twice(page, email)
    except Exception as error:
        visit.error = f"{type(error).__name__}: {await _shown_error(page) or str(error)[:80]}"
    return visit


async def _shown_error(page: Page) -> str:
    """The error the page shows a person, if any: why the step did not finish."""
    try:
        alerts = await page.get_by_test_id("stAlertContentError").all_inner_texts()
    except Exception:
        return ""
    return " | ".join(text.strip() for text in alerts)[:120]


async def visitors(chromium: Browser, url: str, emails: list[str]) -> list[Visit]:
    """Every visitor opens the Log in page, then all click Log in at once."""
    gate = asyncio.Semaphore(OPENING_AT_ONCE)
    pages = await asyncio.gather(*(opened(chromium, url, gate) for _ in emails))
    start = asyncio.Event()
    running = [
        asyncio.create_task(visitor(page, email, emails, start))
        for page, email in zip(pages, emails, strict=True)
    ]
    start.set()
    visits = list(await asyncio.gather(*running))
    for visit, page in zip(visits, pages, strict=True):
        visit.page = page
    return visits


async def close(visits: list[Visit]) -> None:
    for visit in visits:
        if visit.page is not None:
            await visit.page.context.close()


async def leaks(page: Page, email: str, everyone: list[str]) -> list[str]:
    """Anything of another visitor on this page: an email, or a document named after one."""
    text = await page.locator("body").inner_text()
    return [
        f"{email} sees {other}"
        for other in everyone
        if other != email and (other in text or other.split("@")[0] in text)
    ]


_ROW_KEY = """
(rows) => rows.map((row) => [...row.classList].find((name) => name.startsWith("st-key-document_")))
"""


async def listed_twice(page: Page, email: str) -> list[str]:
    """Every name this page lists more than once, and whether those rows are one document
    rendered twice (the same row key) or several documents the backend holds."""
    rows = page.locator('[class*="st-key-document_"]')
    names = [row.split("\n")[0] for row in await rows.all_inner_texts()]
    keys: list[str] = await rows.evaluate_all(_ROW_KEY)
    found = []
    for name in sorted({name for name in names if names.count(name) > 1}):
        documents = {key for key, listed in zip(keys, names, strict=True) if listed == name}
        found.append(
            f"{email} lists {name} {names.count(name)} times, as {len(documents)} document(s)"
        )
    return found


async def own_view(page: Page, email: str, filename: str) -> list[str]:
    """What is wrong with this visitor's own view: its email, its one document."""
    sidebar = await page.get_by_test_id("stSidebar").inner_text()
    rows = await page.locator('[class*="st-key-document_"]').all_inner_texts()
    found = [] if email in sidebar else [f"own email missing from the sidebar of {email}"]
    names = [row.split("\n")[0] for row in rows]
    if names != [filename]:
        found.append(f"{email} lists {names}, expected [{filename}]")
    return found


async def bare_clicks(chromium: Browser, url: str, size: int) -> list[float | None]:
    """The baseline: N contexts on the bare page click its button at once (None: failed)."""
    gate = asyncio.Semaphore(OPENING_AT_ONCE)
    pages = await asyncio.gather(*(opened(chromium, url, gate) for _ in range(size)))

    async def click(page: Page) -> float | None:
        try:
            return await browser.timed(browser.login_button(page), page, "Home")
        except Exception:
            return None

    times = list(await asyncio.gather(*(click(page) for page in pages)))
    for page in pages:
        await page.context.close()
    return times


async def one_size(
    chromium: Browser, workdir: Path, stub: Backend, bare_url: str, size: int
) -> dict[str, Any]:
    stub_url, emails = stub.url, await fresh_accounts(stub, size + 1)
    app = servers.app(workdir, stub_url).launch()
    try:
        app.wait_until_ready()
        warm = await visitors(chromium, app.url, emails[-1:])
        await close(warm)
        if warm[0].error:
            raise RuntimeError(f"the warm-up visitor failed: {warm[0].error}")
        bare = await bare_clicks(chromium, bare_url, size)
        before = rss_bytes(app.pid)
        uploads_before = await uploads.counted(stub_url)
        visits = await visitors(chromium, app.url, emails[:size])
        after = rss_bytes(app.pid)
        await close(visits)
    finally:
        app.stop()
    # Counted once the app has stopped: an upload still on its way at the check is in it too.
    received = uploads.per_visitor(uploads_before, await uploads.counted(stub_url), emails[:size])
    chosen = {visit.email: visit.files_chosen for visit in visits}
    return {
        "size": size,
        "label": f"N={size}" if stub.default_cost else f"N={size}, cheap hash",
        "default_cost": stub.default_cost,
        "login_to_home": [v.login_to_home for v in visits if v.login_to_home is not None],
        "bare_click": [seconds for seconds in bare if seconds is not None],
        "bare_errors": sum(seconds is None for seconds in bare),
        "errors": [v.error for v in visits if v.error],
        "leaks": [leak for v in visits for leak in v.leaks],
        "anomalies": [anomaly for v in visits for anomaly in v.anomalies],
        "listed_twice": [listing for v in visits for listing in v.listed_twice],
        "uploads": received,
        "surplus_uploads": uploads.surplus(received, chosen),
        "rss_before": before,
        "rss_after": after,
    }


@dataclass
class Backend:
    url: str
    default_cost: bool


async def fresh_accounts(stub: Backend, count: int) -> list[str]:
    """Accounts no earlier round has used. An account kept from a smaller N already holds a
    document of the same name, which its page rightly lists twice: that was the duplicate the
    N=20 round once reported."""
    emails = [accounts.new_email("concurrent") for _ in range(count)]
    await accounts.register(stub.url, emails, concurrency=4)
    return emails


async def measure(
    workdir: Path, stubs: list[Backend], bare_url: str, bare_pid: int
) -> tuple[list[dict[str, Any]], dict[str, list[float]]]:
    default, cheap = stubs
    cpu_emails = [accounts.new_email("cpu") for _ in range(CPU_ROUNDS + 1)]
    await accounts.register(default.url, cpu_emails, concurrency=4)
    plan = [(default, size) for size in SIZES] + [(cheap, max(SIZES))]
    async with async_playwright() as playwright:
        chromium = await browser.launch(playwright)
        try:
            app = servers.app(workdir, default.url).launch()
            try:
                app.wait_until_ready()
                await cpu_costs(chromium, app.url, app.pid, bare_url, bare_pid, cpu_emails[:1])
                costs = await cpu_costs(
                    chromium, app.url, app.pid, bare_url, bare_pid, cpu_emails[1:]
                )
            finally:
                app.stop()
            outcomes = [
                await one_size(chromium, workdir, stub, bare_url, size) for stub, size in plan
            ]
            return outcomes, costs
        finally:
            await chromium.close()


def cpu_rows(costs: dict[str, list[float]]) -> list[Row]:
    bare = percentile(costs["bare_click"], 0.5) * 1000
    return [
        Row(
            "app CPU per login",
            percentile(costs["app_login"], 0.5) * 1000,
            "ms",
            bare,
            note="app process only (the hash runs in the backend); baseline: bare click",
        ),
        Row(
            "app CPU per plain rerun",
            percentile(costs["app_rerun"], 0.5) * 1000,
            "ms",
            bare,
            note="a page change while signed in; baseline: bare click",
        ),
    ]


def rows(outcomes: list[dict[str, Any]]) -> list[Row]:
    table: list[Row] = []
    for outcome in outcomes:
        size, label = outcome["size"], outcome["label"]
        logins, bare = outcome["login_to_home"], outcome["bare_click"]
        p95 = percentile(logins, 0.95) * 1000 if len(logins) == size else float("nan")
        judged = outcome["default_cost"] and size == max(SIZES)
        per_session_mb = (outcome["rss_after"] - outcome["rss_before"]) / size / 2**20
        table += [
            Row(
                f"{label} login to Home p50",
                percentile(logins, 0.5) * 1000,
                "ms",
                percentile(bare, 0.5) * 1000,
                note=f"baseline: bare page click, N at once ({outcome['bare_errors']} failed)",
            ),
            Row(
                f"{label} login to Home p95",
                p95,
                "ms",
                percentile(bare, 0.95) * 1000,
                target="< 3000 ms" if judged else "",
                met=p95 < P95_TARGET_SECONDS * 1000 if judged else None,
                note="n/a: not every login reached Home" if p95 != p95 else "",
            ),
            _none_expected(f"{label} errors", outcome["errors"]),
            _none_expected(f"{label} cross-session leaks", outcome["leaks"]),
            _none_expected(f"{label} own view wrong", outcome["anomalies"]),
            _none_expected(
                f"{label} uploads at the stub beyond the files chosen",
                outcome["surplus_uploads"],
                otherwise=_received(outcome["uploads"]),
            ),
            _none_expected(f"{label} pages listing a name twice", outcome["listed_twice"]),
            Row(
                f"{label} app RSS per session",
                per_session_mb,
                "MB",
                target="< 10 MB",
                met=per_session_mb < MB_PER_SESSION_TARGET,
                note=f"RSS {outcome['rss_before'] / 2**20:.0f} -> "
                f"{outcome['rss_after'] / 2**20:.0f} MB",
            ),
        ]
    return table


def _none_expected(name: str, found: list[str], otherwise: str = "") -> Row:
    """A count whose target is 0; the note says what was found, else `otherwise`."""
    return Row(
        name, float(len(found)), "", target="0", met=not found, note=_summary(found) or otherwise
    )


def _received(per_visitor: dict[str, dict[str, int]]) -> str:
    """How many visitors sent how many uploads: `18x visitor(s) sent 1; 2x visitor(s) sent 0`."""
    return _summary([f"visitor(s) sent {counts['received']}" for counts in per_visitor.values()])


def _summary(messages: list[str]) -> str:
    """The distinct messages, each with how often it came."""
    return "; ".join(f"{count}x {message}" for message, count in Counter(messages).items())[:160]


def chart(outcomes: list[dict[str, Any]]) -> Path:
    figure, (left, right) = report.new_figure(9.0, 3.6, columns=2)
    labels = [outcome["label"].replace(", ", "\n") for outcome in outcomes]
    positions = list(range(len(outcomes)))
    for offset, key, name in ((-0.2, "login_to_home", "app"), (0.2, "bare_click", "bare")):
        p50 = [percentile(outcome[key], 0.5) * 1000 for outcome in outcomes]
        p95 = [percentile(outcome[key], 0.95) * 1000 for outcome in outcomes]
        left.bar([p + offset for p in positions], p95, width=0.4, alpha=0.35, label=f"{name} p95")
        left.bar([p + offset for p in positions], p50, width=0.4, label=f"{name} p50")
    left.axhline(P95_TARGET_SECONDS * 1000, color="red", linestyle="dotted", label="p95 target")
    left.set_xticks(positions, labels, fontsize=8)
    left.set_ylabel("login click to Home, ms")
    left.legend(fontsize=7)
    per_session = [
        (outcome["rss_after"] - outcome["rss_before"]) / outcome["size"] / 2**20
        for outcome in outcomes
    ]
    right.bar(labels, per_session)
    right.axhline(MB_PER_SESSION_TARGET, color="red", linestyle="dotted", label="target")
    right.tick_params(axis="x", labelsize=8)
    right.set_ylabel("app RSS per extra session, MB")
    right.legend(fontsize=7)
    figure.suptitle("Concurrent logins, uploads and navigation (Chromium contexts)")
    return report.finish(figure, NAME)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-concurrency-") as tmp:
        workdir = Path(tmp)
        stub = servers.stub_backend(workdir, counting=True).launch()
        # The largest N once more against a stub whose argon2id is the cheapest, to tell the
        # app's own share of the login time from the hashing's.
        cheap = servers.stub_backend(workdir, counting=True, cheap_hashing=True).launch()
        bare = servers.bare_streamlit(workdir).launch()
        try:
            for server in (stub, cheap, bare):
                server.wait_until_ready()
            backends = [Backend(stub.url, default_cost=True), Backend(cheap.url, False)]
            outcomes, costs = asyncio.run(measure(workdir, backends, bare.url, bare.pid))
        finally:
            for server in (bare, cheap, stub):
                server.stop()
    report.save(
        NAME,
        "3. Concurrent sessions (Chromium contexts, all at once)",
        cpu_rows(costs) + rows(outcomes),
        {
            "cpu_seconds": {key: report.round_samples(values) for key, values in costs.items()},
            "outcomes": [
                {
                    **outcome,
                    "login_to_home": report.round_samples(outcome["login_to_home"]),
                    "bare_click": report.round_samples(outcome["bare_click"]),
                }
                for outcome in outcomes
            ],
        },
    )
    print(f"chart: {chart(outcomes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
