"""Retention settings (``PERSONVERN__RETENTION__…``): batch size, schedule, own-data periods."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from personvern.retention.cutoff import parse_period


def _period(value: str) -> str:
    parse_period(value)
    return value


PeriodText = Annotated[str, AfterValidator(_period)]


class OwnDataRetention(BaseModel):
    consent_records: PeriodText = Field(
        "P12M",
        description="How long a consent record is kept after its consent expired. A declaration "
        "activity with purpose functional.storage.privacy_preferences and a retention period "
        "counted from 'collected' overrides it (counted from the record's registration).",
    )
    export_packages: PeriodText = Field(
        "P30D", description="Export packages (access / portability) are deleted this long after "
        "they were made, also if their download link has not expired.",
    )
    request_details: PeriodText = Field(
        "P36M", description="A finished request's sealed identities and parameters are wiped this "
        "long after it finished; the audit log keeps what was done (no personal data).",
    )
    verification_codes: PeriodText = Field(
        "P1D", description="Identity verification codes are deleted this long after they expired.",
    )


class RetentionSettings(BaseModel):
    batch_size: int = Field(
        5000, ge=1, le=100_000,
        description="Rows per batch; each batch is one short transaction of its own (see BENCHMARKS.md).",
    )
    schedule_hour: int = Field(2, ge=0, le=23, description="Hour (UTC) of the daily retention run.")
    schedule_minute: int = Field(41, ge=0, le=59, description="Minute of the daily retention run.")
    own: OwnDataRetention = Field(default_factory=OwnDataRetention,
                                  description="Retention of personvern's own records.")
