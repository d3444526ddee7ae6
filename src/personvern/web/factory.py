"""The app for `personvern serve --workers N`: each worker process builds it from the environment.

The supervising process has already migrated the store and loaded the declaration, and it
runs the job consumer itself, so the API workers run none.
"""

from __future__ import annotations

from fastapi import FastAPI

from personvern.settings import Settings
from personvern.web.app import create_app


def app_from_environment() -> FastAPI:
    settings = Settings()
    jobs = settings.jobs.model_copy(update={"run_in_service": False})
    return create_app(settings.model_copy(update={"jobs": jobs}))
