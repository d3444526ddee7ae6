from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import text

from personvern import __version__

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness and store check")
def health(request: Request) -> dict[str, object]:
    container = request.app.state.container
    with container.db.read() as session:
        session.execute(text("SELECT 1"))
    current = container.declarations.current()
    return {
        "status": "ok",
        "version": __version__,
        "declaration_version": current.id if current else None,
    }
