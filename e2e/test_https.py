"""Behind a proxy that terminates TLS, with `APP_COOKIE_SECURE` unset ("by scheme"), a real
browser keeps only Secure `__Host-` cookies of the app, and reads them back at a reload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from e2e import runs, ui
from e2e.certificate import self_signed_pem
from e2e.daemons import HAPROXY_HTTP_DEFAULTS, DaemonError, HAProxy
from e2e.servers import Deployment
from testbed import free_port


def _haproxy_config(tls_port: int, health_port: int, pem: Path, app_host: str) -> str:
    # The proxy says the browser came over HTTPS only where it did; uvicorn believes the
    # header from loopback (FORWARDED_ALLOW_IPS), as it would from any trusted proxy. The plain
    # port is for the start-up health probe only, which cannot check a throwaway certificate.
    return (
        HAPROXY_HTTP_DEFAULTS
        + f"""
frontend tls
    bind 127.0.0.1:{tls_port} ssl crt {pem}
    bind 127.0.0.1:{health_port}
    http-request set-header X-Forwarded-Proto https if {{ ssl_fc }}
    http-request del-header X-Forwarded-Proto unless {{ ssl_fc }}
    default_backend app
backend app
    server app {app_host}
"""
    )


@pytest.fixture(scope="module")
def https_url(deployment: Deployment, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app (under its prefix, if any) through a TLS-terminating HAProxy on loopback."""
    if deployment.app is None:
        pytest.skip("the HTTPS proxy goes in front of the app the suite started")
    if deployment.app.env.get("APP_COOKIE_SECURE"):
        pytest.skip("the app was started with APP_COOKIE_SECURE set, not by scheme")
    workdir: Path = tmp_path_factory.mktemp("https")
    tls_port, health_port = free_port(), free_port()
    config = workdir / "haproxy.cfg"
    app_host = urlsplit(deployment.app_url).netloc
    config.write_text(_haproxy_config(tls_port, health_port, self_signed_pem(workdir), app_host))
    health = f"http://127.0.0.1:{health_port}{deployment.base_path}/_stcore/health"
    try:
        proxy = HAProxy(workdir, [config], {}, health)
    except DaemonError as error:
        pytest.skip(str(error))
    try:
        proxy.start()
        yield f"https://127.0.0.1:{tls_port}{deployment.base_path}"
    finally:
        proxy.stop()


def test_over_https_the_app_keeps_only_secure_host_cookies(
    browser: Browser, https_url: str, deployment: Deployment, user: str, password: str
) -> None:
    """Over HTTPS, with APP_COOKIE_SECURE unset, the binding and login cookies are Secure
    `__Host-` cookies (Path=/, the prefix in the name), and a reload signs in from them."""
    context = browser.new_context(base_url=https_url + "/", ignore_https_errors=True)
    try:
        page = context.new_page()
        runs.open_page(page)
        ui.log_in(page, user, password)
        ui.expect_signed_in(page, user)
        runs.reload(page)
        ui.expect_signed_in(page, user)
        kept = {str(cookie.get("name")): cookie for cookie in context.cookies()}
    finally:
        context.close()
    prefix = deployment.base_path.strip("/").replace("/", ".")
    suffix = f".{prefix}" if prefix else ""
    expected = {f"__Host-stauth_browser{suffix}", f"__Host-stauth_login{suffix}"}
    assert expected <= set(kept), sorted(kept)
    assert not [name for name in kept if name.startswith("stauth_")], "a plain-named cookie"
    for name in expected:
        assert kept[name].get("secure") is True, name
        assert kept[name].get("path") == "/", name
        assert kept[name].get("httpOnly") is True, name
