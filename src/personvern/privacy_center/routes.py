"""The privacy center's routes: the person's pages and the officer's workflow API."""

from __future__ import annotations

from fastapi import APIRouter

from personvern.privacy_center import api, public

router = APIRouter()
router.include_router(public.router)
router.include_router(api.router)
