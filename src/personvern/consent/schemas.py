"""Request and response bodies of the consent API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from personvern.consent.entities import (
    Checkpoint,
    ConsentRecord,
    DayStats,
    IntegrityReport,
    Receipt,
    VerifyOutcome,
)

MAX_BODY_BYTES = 8192
Method = Literal["accept_all", "reject_all", "custom", "gpc", "withdraw"]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Lang = Literal["en", "nb"]


class ConsentIn(BaseModel):
    """A visitor's choice, as the banner posts it."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, description="Declaration version of the banner that was shown.")
    banner_hash: str = Field(pattern=r"^[0-9a-f]{64}$", description="Hash of the banner text shown.")
    lang: Lang = Field(description="Language the banner was shown in.")
    page_url: str = Field(min_length=8, max_length=2048, description="Page the choice was made on.")
    method: Method
    categories: dict[Key, bool] = Field(
        default_factory=dict, max_length=16, description="Per category (custom only)."
    )
    services: dict[Key, bool] = Field(
        default_factory=dict, max_length=256, description="Per service (custom only)."
    )
    gpc: bool = Field(False, description="navigator.globalPrivacyControl was true.")
    previous: str | None = Field(
        None, max_length=4096, description="The current consent cookie, to continue its consent id."
    )


class ImpressionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    lang: Lang
    page_url: str = Field(min_length=8, max_length=2048)


class ReceiptOut(BaseModel):
    record: str = Field(description="The record's key (the start of its seal).")
    consent_id: str
    cookie_name: str
    cookie: str = Field(description="Value for the first-party consent cookie (signed).")
    max_age: int = Field(description="Seconds until the consent expires.")
    recorded_at: datetime
    expires_at: datetime
    method: Method
    gpc: bool
    categories: dict[str, bool]
    services: dict[str, bool]

    @classmethod
    def of(cls, receipt: Receipt, cookie_name: str) -> dict[str, object]:
        """The response as a plain dict (the write path skips model validation)."""
        return {
            "record": receipt.record, "consent_id": receipt.consent_id,
            "cookie_name": cookie_name, "cookie": receipt.cookie,
            "max_age": int((receipt.expires_at - receipt.recorded_at).total_seconds()),
            "recorded_at": receipt.recorded_at.isoformat(), "expires_at": receipt.expires_at.isoformat(),
            "method": receipt.method, "gpc": receipt.gpc,
            "categories": receipt.categories, "services": receipt.services,
        }


class VerifyOut(BaseModel):
    valid: bool
    reason: str
    consent_id: str | None = None
    record_id: int | None = None
    recorded_at: datetime | None = None
    expires_at: datetime | None = None
    expired: bool | None = None
    method: str | None = None
    superseded_by: int | None = None

    @classmethod
    def of(cls, outcome: VerifyOutcome) -> VerifyOut:
        return cls(**outcome.__dict__)


class RecordOut(BaseModel):
    record_id: int
    record: str
    consent_id: str
    recorded_at: datetime
    expires_at: datetime
    property: str
    page_url: str
    language: str
    declaration_version: int
    banner_hash: str
    method: str
    gpc: bool
    categories: dict[str, bool]
    services: dict[str, bool]
    ip: str | None
    user_agent: str
    seal: str

    @classmethod
    def of(cls, record: ConsentRecord) -> RecordOut:
        return cls(**record.as_export())


class CategoryStatsOut(BaseModel):
    granted: int
    rate: float | None = Field(description="granted / decisions")


class DayStatsOut(BaseModel):
    day: date
    impressions: int
    decisions: int
    withdrawals: int
    decision_rate: float | None = Field(description="decisions / impressions")
    categories: dict[str, CategoryStatsOut]

    @classmethod
    def of(cls, stats: DayStats) -> DayStatsOut:
        rates = stats.rates()
        return cls(
            day=stats.day, impressions=stats.impressions, decisions=stats.decisions,
            withdrawals=stats.withdrawals, decision_rate=stats.decision_rate(),
            categories={k: CategoryStatsOut(granted=v, rate=rates[k]) for k, v in stats.granted.items()},
        )


class CheckpointOut(BaseModel):
    id: int
    at: datetime
    first_record_id: int
    last_record_id: int
    count: int
    digest: str
    audit_entry_id: int

    @classmethod
    def of(cls, checkpoint: Checkpoint) -> CheckpointOut:
        return cls(**checkpoint.__dict__)


class IntegrityOut(BaseModel):
    ok: bool
    records: int
    checkpoints: int
    unchecked_records: int
    problems: list[str]

    @classmethod
    def of(cls, report: IntegrityReport) -> IntegrityOut:
        return cls(**report.__dict__)
