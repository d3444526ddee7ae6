"""``create_app(settings)``: the FastAPI application."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from personvern import __version__
from personvern.container import Container
from personvern.errors import DomainError
from personvern.settings import Settings
from personvern.web.apidocs import install_api_docs
from personvern.web.guard import BodyGuard

log = logging.getLogger("personvern.web")

# One line per package with a routes.py exposing ``router``.
ROUTERS = [
    "personvern.consent.routes",  # first: its public endpoints take every visitor's traffic
    "personvern.web.health",
    "personvern.web.landing",
    "personvern.declaration.routes",
    "personvern.accounts.routes",
    "personvern.audit.routes",
    "personvern.retention.routes",
    "personvern.requests.routes",
    "personvern.notice.routes",
    "personvern.privacy_center.routes",
    "personvern.mail.routes",
    "personvern.jobs.routes",
    "personvern.breaches.routes",
    "personvern.scan.routes",
]


def create_app(settings: Settings, *, container: Container | None = None) -> FastAPI:
    container = container or Container(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        consumer = None
        if settings.jobs.run_in_service and settings.jobs.backend != "memory":
            consumer = container.jobs.consumer(settings.jobs.workers, embedded=True)
            consumer.start()
        try:
            yield
        finally:
            if consumer is not None:
                consumer.stop(graceful=True)

    app = FastAPI(
        title="personvern",
        version=__version__,
        description="Privacy operations: declaration, requests, consent, retention, audit.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.container = container
    app.state.settings = settings
    _install_error_handlers(app)
    app.add_middleware(BodyGuard, tokens=lambda: container.tokens)
    install_api_docs(app)
    for module in ROUTERS:
        app.include_router(importlib.import_module(module).router)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"where": ".".join(str(part) for part in error["loc"]), "problem": error["msg"]}
            for error in exc.errors()
        ]
        return JSONResponse({"detail": "the request is not valid", "problems": problems}, 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "internal error; it has been logged"}, 500)
