"""The auth bugs `nox -s mutants` plants, one at a time: where, the exact text, what replaces it,
and the few tests that must fail because of it.

Each `original` must occur exactly once in its file, or the run stops before planting
anything: a change to the code must not quietly disarm a mutant. The tests are the smallest
selection that sees the bug; e2e files only where an AppTest cannot (page JavaScript, the
WebSocket handshake, the page's own cookie middleware).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    name: str
    bug: str  # what a person would notice, in one line
    file: str
    original: str
    replacement: str
    tests: tuple[str, ...]


ROUTES = "app/auth/routes.py"
MACHINE = "app/auth/machine.py"
SESSION = "app/auth/session.py"


def tests_in(module: str, *names: str) -> tuple[str, ...]:
    """AppTest tests by name, in one module of tests/app/."""
    return tuple(f"tests/app/{module}.py::{name}" for name in names)


MUTANTS: tuple[Mutant, ...] = (
    # ---- the app's cookies -----------------------------------------------------------------
    Mutant(
        "cookie-loses-httponly",
        "page JavaScript can read the login and anonymous cookies",
        "app/auth/cookies.py",
        "        max_age=max_age,\n"
        "        path=cookie_names.path(secure),\n        httponly=True,\n",
        "        max_age=max_age,\n"
        "        path=cookie_names.path(secure),\n        httponly=False,\n",
        tests_in(
            "test_routes",
            "test_a_ticket_sets_an_http_only_strict_cookie_and_answers_only_a_sealed_outcome",
        ),
    ),
    Mutant(
        "samesite-dropped",
        "the app's cookies go with requests from other sites",
        "app/auth/cookies.py",
        '        httponly=True,\n        samesite="strict",\n'
        "        secure=secure,\n    )\n\n\ndef clear",
        "        httponly=True,\n        samesite=None,\n"
        "        secure=secure,\n    )\n\n\ndef clear",
        tests_in(
            "test_routes",
            "test_a_ticket_sets_an_http_only_strict_cookie_and_answers_only_a_sealed_outcome",
        ),
    ),
    Mutant(
        "binding-cookie-readable",
        "the per-browser binding cookie loses HttpOnly, so a script can carry a ticket away",
        "app/auth/binding.py",
        "Path={path}; HttpOnly; ",
        "Path={path}; ",
        ("e2e/test_token_exposure.py",),
    ),
    Mutant(
        "planted-cookie-believed",
        "a page on another port plants its own login cookie: the visitor is signed in as them",
        "app/auth/cookies.py",
        "    if not binding.matches(payload.pop(_BROWSER, None), cookies):",
        "    if not binding.matches(payload.pop(_BROWSER, None), cookies) and False:",
        tests_in(
            "test_planted_cookies",
            "test_a_planted_login_cookie_signs_nobody_in_and_is_told_and_cleared",
            "test_a_planted_anonymous_cookie_shares_nothing_with_its_planter",
        ),
    ),
    Mutant(
        "cookies-without-host-prefix",
        "under HTTPS the app's cookies keep plain names, which any HTTP page of the host can set",
        "app/auth/cookie_names.py",
        "    if not secure:\n        return plain\n",
        "    if True:\n        return plain\n",
        tests_in(
            "test_planted_cookies",
            "test_secure_cookies_are_host_cookies_for_the_whole_host",
            "test_under_https_a_plain_named_cookie_is_not_read",
        ),
    ),
    Mutant(
        "https-cookies-not-secure",
        "behind a TLS proxy with APP_COOKIE_SECURE unset, the cookies go out without Secure",
        "app/auth/cookie_names.py",
        '    return configured if configured is not None else scheme in ("https", "wss")',
        "    return configured if configured is not None else False",
        ("e2e/test_https.py",),
    ),
    Mutant(
        "binding-cookie-not-recognised",
        "every page load re-binds the browser: a login in an older tab is never stored",
        "app/auth/binding.py",
        "        return BINDING_COOKIE not in cookie_names.read(HTTPConnection(scope).cookies,"
        " secure)",
        "        return True",
        ("e2e/test_tabs.py::test_a_login_in_an_older_tab_after_a_newer_one_opened_is_kept",),
    ),
    Mutant(
        "anon-session-not-remembered",
        "an anonymous visitor's documents are gone after a reload",
        MACHINE,
        "    state.anon_session = anon_session\n    return [Remember(anon_session=anon_session)]",
        "    state.anon_session = anon_session\n    return []",
        tests_in("test_documents", "test_an_anonymous_visitor_can_upload_and_see_the_document"),
    ),
    # ---- logout ------------------------------------------------------------------------------
    Mutant(
        "logout-skips-backend",
        "Log out only forgets the login here; the backend session stays open",
        ROUTES,
        "            await run_in_threadpool(_revoke, services, login)\n"
        '            kind = "revoked"',
        '            kind = "revoked"',
        tests_in("test_logout", "test_logout_revokes_the_token_and_lands_on_log_in"),
    ),
    Mutant(
        "logout-keeps-cookie",
        "the login cookie survives Log out",
        ROUTES,
        "    # Whatever the backend said, this browser is signed out.\n"
        "    cookies.clear_cookie(response, cookies.LOGIN_COOKIE, secure)\n",
        "",
        tests_in("test_logout", "test_logout_clears_the_login_cookie_so_a_reload_stays_signed_out"),
    ),
    Mutant(
        "logout-without-refreshing-first",
        "after an idle tab's token expired, the backend's 401 is taken as already revoked",
        ROUTES,
        "    with contextlib.suppress(Unauthorized):\n        _with_usable_token(\n",
        "    with contextlib.suppress(Unauthorized):\n"
        "        services.backend.logout(Caller(login.access_token), login.refresh_token)\n"
        "        return\n"
        "        _with_usable_token(\n",
        tests_in("test_logout", "test_logout_after_an_idle_tab_outlived_its_token_still_revokes"),
    ),
    Mutant(
        "logout-trusts-the-local-clock",
        "a token the app thinks fresh but the backend refuses ends the logout unrevoked",
        ROUTES,
        "    # The kept token looked fresh but the backend's clock says otherwise.\n"
        "    renewed = _rotate(services, login)\n",
        '    raise Unauthorized("")\n',
        tests_in(
            "test_logout", "test_logout_revokes_when_only_the_backend_knows_the_token_expired"
        ),
    ),
    Mutant(
        "cross-tab-logout-unnoticed",
        "another tab stays signed in after a logout until it asks the backend something",
        SESSION,
        "        signed_out=login is not None and login.login_id in services.signed_out,\n",
        "        signed_out=False,\n",
        tests_in(
            "test_logout",
            "test_another_tab_is_signed_out_at_its_next_click_even_without_a_backend_call",
        ),
    ),
    Mutant(
        "copied-cookie-restores-after-logout",
        "a copied cookie of a logged-out login is believed at a reload, and left in the browser",
        SESSION,
        "    signed_out = kept is not None and kept.login_id in services.signed_out\n",
        "    signed_out = False\n",
        tests_in(
            "test_mutant_guards",
            "test_a_copied_cookie_of_a_logged_out_login_is_cleared_at_a_reload",
        ),
    ),
    Mutant(
        "refresh-route-ignores-logout",
        "the refresh route rotates a login that was logged out but could not be revoked",
        ROUTES,
        "    if login is None or login.login_id in services.signed_out:\n",
        "    if login is None:\n",
        tests_in(
            "test_mutant_guards",
            "test_a_refresh_of_a_logged_out_login_is_refused_even_if_the_backend_was_not_told",
        ),
    ),
    # ---- refresh -----------------------------------------------------------------------------
    Mutant(
        "refresh-drops-rotated-token",
        "the cookie keeps the old refresh token, so the next refresh is a reuse",
        ROUTES,
        "    response = _answer(services, granted)\n"
        "    _store_login(response, services, renewed, sent, secure)\n",
        "    response = _answer(services, granted)\n",
        tests_in("test_mutant_guards", "test_after_a_refresh_the_cookie_holds_the_rotated_pair"),
    ),
    Mutant(
        "refresh-margin-ignored",
        "no proactive refresh: the token is used until the backend refuses it",
        MACHINE,
        "        or not login.token.refresh_due(margin)\n",
        "        or not login.token.expired()\n",
        tests_in("test_refresh", "test_a_token_inside_the_margin_is_refreshed_before_it_expires"),
    ),
    Mutant(
        "401-starts-no-refresh",
        "a token the backend refuses leaves the page waiting for ever",
        MACHINE,
        '    return [] if state.refresh_pending() else [CallRoute("refresh")]',
        "    return []",
        tests_in(
            "test_refresh", "test_a_token_the_backend_refuses_is_refreshed_and_the_page_shown"
        ),
    ),
    Mutant(
        "old-access-token-after-refresh",
        "after a refresh the session keeps calling with the old access token",
        MACHINE,
        "        state.login = held.renewed(login.token)",
        "        state.login = held",
        tests_in(
            "test_refresh", "test_a_token_the_backend_refuses_is_refreshed_and_the_page_shown"
        ),
    ),
    Mutant(
        "action-not-retried-after-refresh",
        "an upload refused with 401 is lost instead of retried after the refresh",
        SESSION,
        "        machine.action_deferred(current, attempt)",
        "        pass",
        tests_in(
            "test_refresh", "test_an_action_refused_with_401_is_retried_once_after_the_refresh"
        ),
    ),
    Mutant(
        "refresh-loops-after-second-401",
        "a revoked login refreshes again and again instead of ending",
        MACHINE,
        "    if state.renewal is Renewal.RETRIED:\n        return ended(",
        "    if False:\n        return ended(",
        tests_in(
            "test_machine",
            "test_a_refused_token_starts_one_refresh_and_a_second_refusal_ends_the_login",
        ),
    ),
    Mutant(
        "expired-login-keeps-cookie",
        "a login the backend ended stays in the cookie, restored at every reload",
        ROUTES,
        '        response = _answer(services, Outcome(nonce, "expired" if ran_out else "ended"))\n'
        "        cookies.clear_cookie(response, cookies.LOGIN_COOKIE, secure)\n",
        '        response = _answer(services, Outcome(nonce, "expired" if ran_out else "ended"))\n',
        tests_in("test_refresh", "test_an_expired_login_goes_back_to_log_in_with_the_flash"),
    ),
    # ---- login, register and the move of anonymous documents ---------------------------------
    Mutant(
        "migration-loses-anon-cookie",
        "login and register are sent without the anonymous session; its documents stay behind",
        "app/auth/forms.py",
        "    return Caller(anon_session=anon_session)",
        "    return Caller()",
        tests_in("test_documents", "test_logging_in_moves_anonymous_documents_into_the_account"),
    ),
    Mutant(
        "unusable-token-silent",
        "a login answer with an unreadable token does nothing and says nothing",
        SESSION,
        "        notices().form_error(form, messages.UNUSABLE_TOKEN)\n",
        "",
        tests_in("test_form_errors", "test_the_login_form_shows_what_went_wrong"),
    ),
    Mutant(
        "token-claims-optional",
        "a token without `jti` is accepted as if it had every required claim",
        "app/backend/identity.py",
        '    missing = [name for name in {*required, "exp"} if name not in claims]',
        '    missing = [name for name in {*required, "exp"} - {"jti"} if name not in claims]',
        tests_in("test_mutant_guards", "test_a_token_missing_any_required_claim_is_malformed"),
    ),
    Mutant(
        "form-error-on-the-wrong-form",
        "a failed registration shows its error on the Log in form",
        "app/auth/forms.py",
        "    except BackendError as error:\n        notices().form_error(REGISTER_FORM",
        "    except BackendError as error:\n        notices().form_error(LOGIN_FORM",
        tests_in("test_form_errors", "test_the_register_form_shows_what_went_wrong"),
    ),
    Mutant(
        "debug-shows-raw-token",
        "the Debug page shows the raw access token without the setting",
        "app/auth/reading.py",
        "    if login is None or not get_services().settings.app_debug_show_tokens:",
        "    if login is None:",
        tests_in("test_debug", "test_raw_tokens_are_hidden_by_default"),
    ),
    # ---- the routes' guards ------------------------------------------------------------------
    Mutant(
        "routes-accept-any-origin",
        "another site can call the app's routes with the visitor's cookies",
        ROUTES,
        '        raise BadRequest(403, "Cross-origin requests are not allowed.")',
        "        pass",
        tests_in("test_routes", "test_a_cross_origin_or_originless_call_is_403"),
    ),
    Mutant(
        "forwarded-host-trusted",
        "anyone's X-Forwarded-Host makes a foreign origin the app's own",
        ROUTES,
        '    if not is_own_origin(origin, request.headers.get("host"),',
        '    host = request.headers.get("x-forwarded-host") or request.headers.get("host")\n'
        "    if not is_own_origin(origin, host,",
        tests_in("test_routes", "test_a_forwarded_host_does_not_make_a_foreign_origin_ours"),
    ),
    Mutant(
        "nested-json-unhandled",
        "deeply nested JSON to a route is a 500 with a traceback",
        ROUTES,
        "    except (ValueError, RecursionError) as error:",
        "    except ValueError as error:",
        tests_in("test_routes", "test_deeply_nested_json_is_a_400_not_a_500"),
    ),
    Mutant(
        "replayable-ticket",
        "a cookie ticket can be redeemed again",
        "app/sealing.py",
        "        if not isinstance(jti, str) or not self._redeemed.add(jti, self._lifetime + 5):",
        "        if not isinstance(jti, str):",
        tests_in("test_routes", "test_a_ticket_is_refused_the_second_time"),
    ),
    Mutant(
        "redeemed-tickets-forgotten-at-restart",
        "a ticket redeemed before a restart is accepted again after it",
        "app/expiring.py",
        "        self._db = sqlite3.connect(path,",
        '        self._db = sqlite3.connect(":memory:",',
        tests_in("test_sealing", "test_a_ticket_redeemed_before_a_restart_is_refused_after_it"),
    ),
    Mutant(
        "ticket-not-bound-to-the-browser",
        "a ticket taken from one browser's page signs another browser in",
        ROUTES,
        '    if not binding.matches(changes.get("browser"), _sent(request, secure)):',
        '    if not changes.get("browser"):',
        tests_in("test_routes", "test_a_ticket_issued_to_another_browser_is_refused"),
    ),
    Mutant(
        "ticket-redeemed-without-a-binding-cookie",
        "a client that sends no binding cookie at all redeems a ticket taken from a page",
        ROUTES,
        '    if not binding.matches(changes.get("browser"), _sent(request, secure)):',
        "    if _sent(request, secure).get(binding.BINDING_COOKIE) and not binding.matches(\n"
        '        changes.get("browser"), _sent(request, secure)\n'
        "    ):",
        tests_in("test_routes", "test_a_ticket_redeemed_without_any_binding_cookie_is_refused"),
    ),
    Mutant(
        "outcome-for-another-nonce",
        "a sealed outcome made for one call is accepted for another",
        "app/auth/outcomes.py",
        "    if outcome.nonce != nonce or outcome.kind not in get_args(OutcomeKind):",
        "    if outcome.kind not in get_args(OutcomeKind):",
        tests_in(
            "test_routes",
            "test_a_ticket_sets_an_http_only_strict_cookie_and_answers_only_a_sealed_outcome",
        ),
    ),
    Mutant(
        "stale-outcome-accepted",
        "a sealed outcome of any age is accepted, so an old one can be replayed",
        "app/auth/outcomes.py",
        "        payload = sealer.unseal(_PURPOSE, sealed, max_age=MAX_AGE_SECONDS)",
        "        payload = sealer.unseal(_PURPOSE, sealed)",
        tests_in("test_mutant_guards", "test_an_outcome_older_than_its_age_limit_is_refused"),
    ),
    Mutant(
        "websocket-cookies-without-origin",
        "a page on another port opens the visitor's session with the visitor's cookies",
        "app/browser.py",
        "    if not is_own_origin(origin, host, get_services().settings.app_public_origin):\n"
        "        return {}\n",
        "",
        ("e2e/test_cross_origin.py",),
    ),
    # ---- downloads ---------------------------------------------------------------------------
    Mutant(
        "download-without-the-login",
        "a signed-in download is fetched with no login and is not found",
        ROUTES,
        "    login = cookies.open_login(services.sealer, sent)\n"
        "    if login is not None and login.login_id in services.signed_out:\n"
        "        login = None\n",
        "    login = None\n",
        tests_in(
            "test_downloads", "test_a_download_after_the_access_token_expired_refreshes_and_works"
        ),
    ),
    Mutant(
        "download-from-another-port",
        "a page on another port of the same site can start a download with the visitor's login",
        ROUTES,
        "    if site is not None and site not in _OWN_NAVIGATION:",
        '    if site == "cross-site":',
        tests_in("test_downloads", "test_a_download_started_from_another_site_is_refused"),
    ),
    # ---- a hostile backend's answers ------------------------------------------------------------
    Mutant(
        "discovery-holds-visitors",
        "while the backend trickles its OpenAPI document, every visitor waits for the whole read",
        "app/backend/capabilities.py",
        "        if known is not None:\n            return known\n",
        "        if known is not None and not stale:\n            return known\n",
        tests_in(
            "test_hostile_answers",
            "test_rediscovery_never_holds_a_visitor_while_the_backend_answers",
        ),
    ),
    Mutant(
        "answers-without-a-deadline",
        "a backend that trickles its answer keeps the visitor waiting as long as it likes",
        "app/backend/bounded.py",
        "            if time.monotonic() > deadline:",
        "            if time.monotonic() > deadline + 3600:",
        tests_in(
            "test_hostile_answers",
            "test_a_trickled_answer_is_cut_at_the_overall_deadline",
        ),
    ),
    Mutant(
        "download-of-any-size",
        "a backend's document of any size is held whole in the app's memory and passed on",
        "app/backend/client.py",
        '            response = self._request("GET", path, caller, max_bytes=self._download_limit)',
        '            response = self._request("GET", path, caller, max_bytes=None)',
        tests_in(
            "test_hostile_answers",
            "test_a_download_larger_than_the_limit_is_refused_with_a_sentence",
        ),
    ),
    Mutant(
        "download-served-inline",
        "an HTML document a backend serves inline runs its script on the app's origin",
        ROUTES,
        '    response.headers["content-disposition"] = _attachment(fetched.disposition)',
        '    response.headers["content-disposition"] = fetched.disposition or "attachment"',
        tests_in(
            "test_hostile_answers", "test_a_document_served_inline_as_html_is_downloaded_sandboxed"
        ),
    ),
    Mutant(
        "backend-sentence-as-markdown",
        "a backend's refusal shows its Markdown: a phishing link under the Log in form",
        "app/views/login.py",
        "        st.error(display.plain(error))",
        "        st.error(error)",
        tests_in(
            "test_hostile_answers", "test_a_backend_sentence_is_shown_literally_not_as_markdown"
        ),
    ),
    # ---- framing ---------------------------------------------------------------------------------
    Mutant(
        "pages-frameable",
        "a page on another port frames Account under a bait: one click logs out everywhere",
        "app/auth/web.py",
        "AUTH_MIDDLEWARE = (Middleware(FramingPolicy), Middleware(BrowserBinding))",
        "AUTH_MIDDLEWARE = (Middleware(BrowserBinding),)",
        ("tests/app/test_framing.py::test_every_answer_forbids_framing_by_another_origin",),
    ),
    # ---- unauthenticated work ------------------------------------------------------------------
    Mutant(
        "reset-confirm-hashes-first",
        "every made-up reset token costs the backend an argon2id hash: a flood slows every login",
        "stub_backend/routes/password_reset.py",
        "    if not services.store.resets.is_pending(token_hash, now):",
        "    if not services.store.resets.is_pending(token_hash, now) and False:",
        (
            "tests/stub_backend/test_password_reset.py"
            "::test_a_made_up_token_is_refused_before_any_password_is_hashed",
        ),
    ),
    Mutant(
        "cookieless-download-asks-the-backend",
        "each cookie-less download request makes the backend open and store an anonymous session",
        ROUTES,
        "    if login is None and anon is None:",
        "    if login is None and anon is None and False:",
        tests_in(
            "test_hostile_answers",
            "test_a_download_without_a_login_or_anonymous_cookie_never_reaches_the_backend",
        ),
    ),
    # ---- what the docs claim -------------------------------------------------------------------
    Mutant(
        "nginx-logs-reset-tokens",
        "nginx's access log keeps the ?token= of every reset link opened through it",
        "deploy/nginx.conf",
        "    access_log /var/log/nginx/access.log no_query;",
        "    access_log /var/log/nginx/access.log combined;",
        ("tests/test_deploy_docs.py::test_the_nginx_snippet_logs_no_query_string",),
    ),
    Mutant(
        "browser-address-not-forwarded",
        "ten failed logins from one browser make every browser wait: the backend sees only the app",
        "app/backend/client.py",
        "            headers[FORWARDED_FOR] = address",
        "            pass",
        tests_in(
            "test_browser_address",
            "test_a_flood_of_failures_from_one_browser_does_not_lock_out_another",
        ),
    ),
    # ---- under a path prefix (server.baseUrlPath) ----------------------------------------------
    Mutant(
        "cookies-for-the-whole-host",
        "two apps under different prefixes of one host overwrite each other's login cookie",
        "app/base_path.py",
        '    return base_path() or "/"',
        '    return "/"',
        tests_in("test_base_path", "test_the_app_cookies_are_scoped_to_the_prefix"),
    ),
    Mutant(
        "routes-at-the-root",
        "behind a proxy that forwards only the prefix, no login can be stored or restored",
        "app/base_path.py",
        "            self._route = Route(full_path, self._endpoint, methods=self._methods)",
        "            self._route = Route(self.path, self._endpoint, methods=self._methods)",
        tests_in(
            "test_base_path", "test_a_route_under_the_prefix_leaves_the_pages_beside_it_alone"
        ),
    ),
    Mutant(
        "bridge-calls-the-root",
        "under a prefix the page calls the routes at the host's root, outside the app",
        "app/auth/bridge.py",
        '"url": under(_PATHS[call.kind])',
        '"url": _PATHS[call.kind]',
        tests_in("test_base_path", "test_a_login_is_stored_through_the_routes_under_the_prefix"),
    ),
)
