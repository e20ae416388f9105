"""Users, revocations, the blocklist and documents live on disk: a restart forgets none of them."""

from pathlib import Path

import httpx

from tests.stub_backend.helpers import (
    ANON_COOKIE,
    api_client,
    bearer,
    claims_of,
    document_ids,
    forge,
    login,
    register,
    upload,
)
from tests.stub_backend.stub_process import stub_environment, stub_process
from tests.stub_server import TEST_JWT_SECRET, running_stub


def _me_status(api: httpx.Client, access_token: str) -> int:
    return api.get("/auth/me", headers=bearer(access_token)).status_code


def _refresh_status(api: httpx.Client, refresh_token: str) -> int:
    return api.post("/auth/refresh", json={"refresh_token": refresh_token}).status_code


def test_a_user_can_still_log_in_after_a_restart(tmp_path: Path) -> None:
    with running_stub(tmp_path) as server, api_client(server) as api:
        tokens = register(api)

    with running_stub(tmp_path) as server, api_client(server) as api:
        assert login(api).status_code == httpx.codes.OK
        # Same secret, session still open: a token from before the restart still works.
        assert _me_status(api, tokens["access_token"]) == httpx.codes.OK


def test_a_logged_out_access_token_stays_refused_after_a_restart(tmp_path: Path) -> None:
    with running_stub(tmp_path) as server, api_client(server) as api:
        tokens = register(api)
        api.post("/auth/logout", headers=bearer(tokens["access_token"]))

    with running_stub(tmp_path) as server, api_client(server) as api:
        assert _me_status(api, tokens["access_token"]) == httpx.codes.UNAUTHORIZED
        assert _refresh_status(api, tokens["refresh_token"]) == httpx.codes.UNAUTHORIZED


def test_a_blocklisted_jti_stays_refused_after_a_restart(tmp_path: Path) -> None:
    with running_stub(tmp_path) as server, api_client(server) as api:
        logged_out = register(api)["access_token"]
        still_open = login(api).json()["access_token"]
        api.post("/auth/logout", headers=bearer(logged_out))

    # The logged-out jti in a session that is still open: only the blocklist can refuse it.
    reused_jti = forge({**claims_of(still_open), "jti": claims_of(logged_out)["jti"]})
    with running_stub(tmp_path) as server, api_client(server) as api:
        assert _me_status(api, still_open) == httpx.codes.OK
        assert _me_status(api, reused_jti) == httpx.codes.UNAUTHORIZED


def test_a_session_revoked_for_reuse_stays_revoked_after_a_restart(tmp_path: Path) -> None:
    with running_stub(tmp_path) as server, api_client(server) as api:
        first = register(api)
        second = api.post("/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
        server.advance_clock(11)
        assert _refresh_status(api, first["refresh_token"]) == httpx.codes.UNAUTHORIZED

    with running_stub(tmp_path) as server, api_client(server) as api:
        assert _refresh_status(api, second["refresh_token"]) == httpx.codes.UNAUTHORIZED
        assert _me_status(api, second["access_token"]) == httpx.codes.UNAUTHORIZED
        assert server.sessions("alice@example.com")[0]["revoked"] is True


def test_documents_survive_a_restart(tmp_path: Path) -> None:
    with running_stub(tmp_path) as server, api_client(server) as api:
        anonymous = upload(api, b"anonymous bytes")["id"]
        cookie = api.cookies[ANON_COOKIE]
        api.cookies.clear()
        token = register(api)["access_token"]
        owned = upload(api, b"user bytes", headers=bearer(token))["id"]

    with running_stub(tmp_path) as server, api_client(server) as api:
        assert document_ids(api, headers=bearer(token)) == [owned]
        content = api.get(f"/documents/{owned}/content", headers=bearer(token))
        assert content.content == b"user bytes"
        api.cookies.set(ANON_COOKIE, cookie)
        assert document_ids(api) == [anonymous]


def test_a_real_process_restart_keeps_users_revocations_and_documents(tmp_path: Path) -> None:
    env = stub_environment(tmp_path, JWT_SECRET=TEST_JWT_SECRET)
    with stub_process(tmp_path, env, name="before") as stub, stub.api() as api:
        logged_out = register(api)
        api.post("/auth/logout", headers=bearer(logged_out["access_token"]))
        still_open = login(api).json()
        document = upload(api, headers=bearer(still_open["access_token"]))["id"]

    with stub_process(tmp_path, env, name="after") as stub, stub.api() as api:
        assert _me_status(api, logged_out["access_token"]) == httpx.codes.UNAUTHORIZED
        assert _refresh_status(api, logged_out["refresh_token"]) == httpx.codes.UNAUTHORIZED
        assert login(api).status_code == httpx.codes.OK
        assert document_ids(api, headers=bearer(still_open["access_token"])) == [document]


def test_a_generated_jwt_secret_keeps_tokens_valid_across_a_restart(tmp_path: Path) -> None:
    env = stub_environment(tmp_path)  # no JWT_SECRET: the stub makes one and keeps it on disk
    with stub_process(tmp_path, env, name="before") as stub, stub.api() as api:
        tokens = register(api)

    with stub_process(tmp_path, env, name="after") as stub, stub.api() as api:
        assert _me_status(api, tokens["access_token"]) == httpx.codes.OK
        assert _refresh_status(api, tokens["refresh_token"]) == httpx.codes.OK
        assert "using the secret generated earlier" in stub.output()
