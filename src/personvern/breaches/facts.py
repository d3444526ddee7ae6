"""What happened: the facts of a breach, in the fields of Datatilsynet's breach form (avviksmelding).

``BreachFacts`` is the validated record as the officer gives it (API body, CLI file). Structural
checks live here (a count below zero, a period that ends before it starts, naive times); checks
against the declaration (unknown data categories, activities, processors, datasets) live in
``service.py`` so the reasons name what the declaration does offer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

Cause = Literal[
    "lost_device", "stolen_device", "mispostal", "misdirected_email", "hacking", "malware",
    "ransomware", "social_engineering", "internal_error", "internal_misuse", "wrong_publication",
    "other",
]
CAUSES: tuple[str, ...] = Cause.__args__  # type: ignore[attr-defined]
BreachType = Literal["confidentiality", "integrity", "availability"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Count(Strict):
    """A number of people or records; ``estimate`` marks a number that is not exact."""

    value: int = Field(ge=0, description="Never below zero.")
    estimate: bool = False


class Contact(Strict):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=254)
    phone: str | None = Field(None, max_length=40)


class Selection(Strict):
    """Which rows of a collection the breach touched, e.g. rows of ``orders`` placed between X and Y."""

    collection: str = Field(description="dataset.collection, e.g. nordlys.orders",
                            pattern=r"^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$")
    field: str = Field(min_length=1, max_length=100, description="A date/time field of that collection.")
    start: datetime = Field(description="First instant (inclusive).")
    end: datetime = Field(description="Last instant (exclusive).")

    @model_validator(mode="after")
    def _ordered(self) -> Selection:
        if self.end <= self.start:
            raise ValueError("the selection's end must come after its start")
        return self


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


class BreachFacts(Strict):
    """The record of one breach. Times are given with an offset and stored in UTC."""

    title: str = Field(min_length=3, max_length=200, description="A short name for the breach.")
    role: Literal["controller", "processor"] = Field(
        "controller", description="Whether the company is the controller or a processor of the data.")
    # --- the timestamps the law distinguishes -------------------------------------------
    occurred_from: AwareDatetime | None = None
    occurred_to: AwareDatetime | None = None
    occurred_unknown: bool = Field(False, description="When it happened is not known.")
    detected_at: AwareDatetime | None = None
    aware_at: AwareDatetime = Field(description="When the controller became aware: starts the 72 hours.")
    processor_notified_at: AwareDatetime | None = Field(
        None, description="When the processor told the controller (Art. 33(2)).")
    people_informed_at: AwareDatetime | None = None
    nis2_early_warning_at: AwareDatetime | None = None
    nis2_notification_at: AwareDatetime | None = None
    nis2_final_report_at: AwareDatetime | None = None
    # --- what happened ------------------------------------------------------------------
    cause: Cause = "other"
    cause_detail: str = Field("", max_length=2000)
    discovered_how: str = Field("", max_length=2000)
    description: str = Field("", max_length=10000, description="What happened and how it came about.")
    breach_types: list[BreachType] = Field(default_factory=lambda: ["confidentiality"], min_length=1)
    people: Count = Field(description="Number of people affected.")
    records: Count = Field(description="Number of records affected.")
    data_categories: list[str] = Field(min_length=1, description="Keys of the declaration's data categories.")
    subjects: list[str] = Field(default_factory=list, description="fideslang data subjects (customer, employee, ...).")
    activities: list[str] = Field(default_factory=list)
    processors: list[str] = Field(default_factory=list)
    datasets: list[str] = Field(default_factory=list, description="dataset.collection names.")
    selection: Selection | None = None
    data_location: str = Field("", max_length=2000, description="Where the data is now.")
    consequences: str = Field("", max_length=5000, description="Likely consequences for the people.")
    measures_taken: str = Field("", max_length=5000)
    measures_planned: str = Field("", max_length=5000)
    what_people_can_do: str = Field("", max_length=5000)
    people_informed_how: str = Field("", max_length=2000)
    delay_reason: str = Field("", max_length=5000, description="Why the authority is told after 72 hours.")
    contact: Contact | None = None

    @field_validator(
        "occurred_from", "occurred_to", "detected_at", "aware_at", "processor_notified_at",
        "people_informed_at", "nis2_early_warning_at", "nis2_notification_at", "nis2_final_report_at",
    )
    @classmethod
    def _to_utc(cls, value: datetime | None) -> datetime | None:
        return _utc(value)

    @model_validator(mode="after")
    def _consistent(self) -> BreachFacts:
        if self.occurred_from and self.occurred_to and self.occurred_to < self.occurred_from:
            raise ValueError("occurred_to is before occurred_from")
        if self.occurred_unknown and (self.occurred_from or self.occurred_to):
            raise ValueError("occurred_unknown contradicts a given occurred_from/occurred_to")
        if self.detected_at and self.aware_at < self.detected_at:
            raise ValueError("aware_at is before detected_at (awareness follows detection)")
        if self.records.value and self.people.value > self.records.value and not (
                self.people.estimate or self.records.estimate):
            raise ValueError("more people than records affected; mark one of the counts as an estimate")
        return self

    def merged(self, changes: dict[str, object]) -> BreachFacts:
        """These facts with ``changes`` applied, validated again as a whole."""
        unknown = sorted(set(changes) - set(type(self).model_fields))
        if unknown:
            raise ValueError(f"unknown field(s): {', '.join(unknown)}")
        return BreachFacts.model_validate({**self.model_dump(mode="json"), **changes})
