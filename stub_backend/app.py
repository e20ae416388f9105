"""The application factory: one FastAPI app per settings, so tests can run several side by side."""

from fastapi import APIRouter, FastAPI

from stub_backend.cookies import CookieMiddleware
from stub_backend.date_header import DateHeaderMiddleware
from stub_backend.errors import install_error_handlers
from stub_backend.limits import BodyLimitMiddleware
from stub_backend.routes import (
    account,
    auth,
    documents,
    password_reset,
    session,
    sessions,
    test_controls,
)
from stub_backend.schemas import Health
from stub_backend.services import Services
from stub_backend.settings import Settings

# The default mount (STUB_API_PREFIX), the seed's.
API_PREFIX = "/api/v1"


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="Stub backend", summary="A double of the JWT backend for tests and demos.")
    services = Services.from_settings(settings)
    app.state.services = services
    profile = services.profile
    api = APIRouter(prefix=settings.stub_api_prefix)
    api.include_router(auth.router_for(profile))
    if profile.extras:
        api.include_router(account.router)
        api.include_router(sessions.router)
        api.include_router(password_reset.router)
        api.include_router(session.router)
        api.include_router(documents.router)
    if settings.stub_test_controls:
        api.include_router(test_controls.router)
    app.include_router(api)

    @app.get("/healthz", tags=["health"])
    def healthz() -> Health:
        return Health()

    install_error_handlers(app)
    app.add_middleware(CookieMiddleware)
    app.add_middleware(DateHeaderMiddleware, clock=services.clock)
    app.add_middleware(BodyLimitMiddleware, max_file_bytes=settings.stub_max_upload_bytes)
    return app
