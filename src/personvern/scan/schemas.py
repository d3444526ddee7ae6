"""Request and response bodies of the scan API."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ScanStartIn(BaseModel):
    url: str | None = Field(None, pattern=r"^https?://", max_length=2000,
                            description="Site to scan; default: PERSONVERN__SCAN__URL.")


class ScanStartOut(BaseModel):
    queued: bool
    url: str
