"""2. What the auth layer costs a plain rerun, in process with AppTest.

The authenticated Home page of app/main.py is rerun side by side with bench/bypass_home.py (the
same pages and sidebar from the same session state, with the auth layer bypassed), in
alternating batches. Backend requests are counted at the stub itself (bench/counting_stub.py):
a plain rerun is expected to make none.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Node, UnknownElement

from bench import accounts, report, script_clock, servers
from bench.report import Row, median

NAME = "rerun_cost"
MAIN_SCRIPT = str(servers.REPO / "app" / "main.py")
BYPASS_SCRIPT = str(servers.BENCH / "bypass_home.py")
TIMED_SCRIPT = str(servers.BENCH / "timed_script.py")
ROUNDS = 60
BATCH = 10
STATE_KEY = "_auth_state"  # app.auth.STATE_KEY, read after the app's settings are in place


@contextmanager
def app_routes() -> Iterator[str]:
    """The app's own cookie routes over real HTTP in this process (the same handoff)."""
    from app.auth.routes import ROUTES

    port = servers.free_port()
    health = Route("/health", lambda _: PlainTextResponse("ok"))
    config = uvicorn.Config(
        Starlette(routes=[*ROUTES, health]),
        host="127.0.0.1",
        port=port,
        log_config=None,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="app-routes", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/health", timeout=1).status_code == httpx.codes.OK:
                    break
            except httpx.TransportError:
                time.sleep(0.05)  # polling a booting server
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _walk(node: Node) -> Iterator[Node]:
    yield node
    if isinstance(node, Block):
        for child in node.children.values():
            yield from _walk(child)


def settle(at: AppTest, routes: httpx.Client, made: set[str]) -> None:
    """Run, then make the page's bridge calls (what its JavaScript does) until none is owed."""
    for _ in range(6):
        at.run()
        assert not at.exception, [exception.value for exception in at.exception]
        pending = [
            payload
            for payload in (
                json.loads(json.loads(element.proto.json))  # the bridge sends a JSON string
                for element in _walk(at._tree)
                if isinstance(element, UnknownElement)
                and getattr(element.proto, "component_name", None) == "auth_bridge"
            )
            if payload["nonce"] not in made
        ]
        if not pending:
            return
        for payload in pending:
            made.add(payload["nonce"])
            origin = str(routes.base_url).rstrip("/")
            routes.post(payload["url"], json=payload["body"], headers={"Origin": origin})
    raise RuntimeError("the app kept asking for bridge calls")


def backend_requests(client: httpx.Client) -> int:
    counts: dict[str, int] = client.get("/_bench/requests").json()
    return sum(counts.values())


def home_and_sidebar(at: AppTest) -> tuple[list[str], list[str]]:
    titles = [str(title.value) for title in at.title]
    sidebar = [str(element.value) for element in at.sidebar.markdown]
    return titles, sidebar


def tester(script: str) -> AppTest:
    """An AppTest session running `script` through the script clock."""
    at = AppTest.from_file(TIMED_SCRIPT, default_timeout=60)
    at.session_state[script_clock.TARGET_KEY] = script
    return at


def timed_reruns(at: AppTest, script: str, count: int) -> tuple[list[float], list[float]]:
    """Seconds per rerun as AppTest sees it, and of the entry script's body alone."""
    script_clock.take(script)
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        at.run()
        samples.append(time.perf_counter() - start)
    return samples, script_clock.take(script)


def measure(stub_url: str, email: str) -> dict[str, Any]:
    with app_routes() as routes_url, httpx.Client(base_url=routes_url, timeout=30) as routes:
        counter = httpx.Client(base_url=stub_url, timeout=30)
        app = tester(MAIN_SCRIPT)
        made: set[str] = set()
        settle(app, routes, made)
        before_login = backend_requests(counter)
        app.text_input(key="login_email").set_value(email)
        app.text_input(key="login_password").set_value(accounts.PASSWORD)
        app.button(key="FormSubmitter:login_form-Log in").click()
        settle(app, routes, made)
        login_requests = backend_requests(counter) - before_login

        bypass = tester(BYPASS_SCRIPT)
        bypass.session_state[STATE_KEY] = app.session_state[STATE_KEY]
        bypass.run()
        if home_and_sidebar(app) != home_and_sidebar(bypass) or app.title[0].value != "Home":
            raise RuntimeError(f"not the same page: {home_and_sidebar(app)} vs bypass")

        samples: dict[str, list[float]] = {"app": [], "bypass": []}
        script: dict[str, list[float]] = {"app": [], "bypass": []}
        requests = {"app": 0, "bypass": 0}
        for index in range(ROUNDS):
            order = [("app", app, MAIN_SCRIPT), ("bypass", bypass, BYPASS_SCRIPT)]
            for kind, at, path in order if index % 2 == 0 else reversed(order):
                before = backend_requests(counter)
                whole, body = timed_reruns(at, path, BATCH)
                samples[kind].extend(whole)
                script[kind].extend(body)
                requests[kind] += backend_requests(counter) - before
        counter.close()
        return {
            "samples": samples,
            "script": script,
            "requests": requests,
            "login_requests": login_requests,
            "page": home_and_sidebar(app),
        }


def rows(result: dict[str, Any]) -> list[Row]:
    app_ms = median(result["samples"]["app"]) * 1000
    bypass_ms = median(result["samples"]["bypass"]) * 1000
    app_script_ms = median(result["script"]["app"]) * 1000
    bypass_script_ms = median(result["script"]["bypass"]) * 1000
    reruns = ROUNDS * BATCH
    per_rerun = result["requests"]["app"] / reruns
    return [
        Row(
            "Home rerun, logged in",
            app_ms,
            "ms",
            bypass_ms,
            target="<= 1.05x bypassed",
            met=app_ms <= 1.05 * bypass_ms,
            note=f"median of {reruns} AppTest reruns each",
        ),
        Row(
            "  of which the script body",
            app_script_ms,
            "ms",
            bypass_script_ms,
            target="<= 1.05x bypassed",
            met=app_script_ms <= 1.05 * bypass_script_ms,
            note="AppTest's own cost left out",
        ),
        Row(
            "backend requests per plain rerun",
            per_rerun,
            "",
            target="0",
            met=result["requests"]["app"] == 0,
            note=f"{result['requests']['app']} in {reruns} reruns, counted at the stub",
        ),
        Row(
            "backend requests per login",
            float(result["login_requests"]),
            "",
            note="login + profile (/auth/me)",
        ),
    ]


def chart(result: dict[str, Any]) -> Path:
    figure, axes = report.new_figure(7.0, 3.6)
    data = [
        [s * 1000 for s in result[series][kind]]
        for series in ("samples", "script")
        for kind in ("app", "bypass")
    ]
    axes.boxplot(data, showfliers=False)
    axes.set_xticks(
        [1, 2, 3, 4],
        ["rerun: app", "rerun: bypass", "script body: app", "script body: bypass"],
    )
    axes.set_ylabel("ms per rerun")
    whole = median(data[0]) / median(data[1])
    body = median(data[2]) / median(data[3])
    axes.set_title(f"Logged-in Home rerun (AppTest): {whole:.2f}x, script body {body:.2f}x")
    return report.finish(figure, NAME)


def configure_app(workdir: Path, stub_url: str) -> None:
    """The app's settings for this process; run from the temp dir so no `.env` is read."""
    for key in [key for key in os.environ if key.startswith(("APP_", "API_"))]:
        del os.environ[key]
    os.environ.update(
        API_BASE_URL=stub_url,
        APP_SECRET_KEY=secrets.token_urlsafe(48),
        APP_DATA_DIR=str(workdir / "app-data"),
    )
    os.chdir(workdir)


def main() -> int:
    # AppTest driven from the main thread makes Streamlit warn about a missing run context.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").disabled = True
    with tempfile.TemporaryDirectory(prefix="bench-rerun-") as tmp:
        workdir = Path(tmp)
        stub = servers.stub_backend(workdir, counting=True).launch()
        try:
            stub.wait_until_ready()
            email = accounts.new_email("rerun")
            import asyncio

            asyncio.run(accounts.register(stub.url, [email]))
            configure_app(workdir, stub.url)
            result = measure(stub.url, email)
        finally:
            os.chdir(servers.REPO)
            stub.stop()
    report.save(
        NAME,
        "2. Auth overhead per rerun (AppTest, in process)",
        rows(result),
        {
            "seconds": {k: report.round_samples(v, 5) for k, v in result["samples"].items()},
            "script_seconds": {k: report.round_samples(v, 5) for k, v in result["script"].items()},
            "backend_requests": result["requests"],
            "login_requests": result["login_requests"],
            "page": result["page"],
        },
    )
    print(f"chart: {chart(result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
