"""The declaration model (the `personvern.yaml` format).

Field names are the YAML keys. Unknown keys are errors (``extra="forbid"``). Structural
checks live here; cross-reference and legal rules live in ``rules.py`` so that every
problem is reported at once with its position.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

Lang = Literal["en", "nb"]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
TaxonomyKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")]


def _nonempty_period(value: str) -> str:
    if value == "P":
        raise ValueError("a period needs at least one number, e.g. P30D or P5Y")
    return value


Period = Annotated[
    str,
    StringConstraints(pattern=r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$"),
    AfterValidator(_nonempty_period),
]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(Strict):
    """A text per language; a plain string in YAML means the same text for every language."""

    en: str | None = None
    nb: str | None = None

    def get(self, lang: str) -> str:
        value = getattr(self, lang, None) or self.en or self.nb
        return value or ""


Text = LocalText | str


def text(value: Text | None, lang: str) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else value.get(lang)


class Address(Strict):
    street: str
    postal_code: str
    city: str
    country: CountryCode


class Person(Strict):
    name: str
    email: str
    phone: str | None = None


class SupervisoryAuthority(Strict):
    name: str
    address: str | None = None
    email: str | None = None
    website: str | None = None


class Controller(Strict):
    name: str
    organisation_number: str
    country: CountryCode
    address: Address
    email: str
    phone: str | None = None
    website: str | None = None
    dpo: Person | None = None
    representative: Person | None = Field(None, description="Art. 27 representative in the EU.")
    supervisory_authority: SupervisoryAuthority | None = Field(
        None, description="Defaults to Datatilsynet when country is NO."
    )
    languages: list[Lang] = Field(default_factory=lambda: ["en"], min_length=1)
    age_limit: int | None = Field(None, ge=0, le=18)
    fiscal_year_start: Annotated[str, StringConstraints(pattern=r"^\d\d-\d\d$")] = Field(
        "01-01", description="MM-DD on which the fiscal year begins (for end_of_fiscal_year)."
    )
    privacy_center_url: str | None = None
    security_measures: list[Text] = Field(default_factory=list)


TransferMechanism = Literal["adequacy", "scc", "bcr", "derogation"]


class Transfer(Strict):
    mechanism: TransferMechanism
    reference: str | None = Field(None, description="E.g. 'EU-US Data Privacy Framework'.")


class Processor(Strict):
    key: Key
    name: str
    service: Text
    country: CountryCode
    transfer: Transfer | None = None
    dpa_date: date | None = Field(None, description="Date of the data processing agreement.")
    sub_processor_of: Key | None = None
    contact: str | None = None


class Client(Strict):
    """A controller on whose behalf the company processes data (Art. 28)."""

    key: Key
    name: str
    email: str
    website: str | None = None


class DatasetRef(Strict):
    key: Key = Field(description="The fides_key of the dataset in the file.")
    file: str = Field(description="Path of the fideslang dataset YAML, relative to this file.")
    connection_env: Annotated[str, StringConstraints(pattern=r"^[A-Z_][A-Z0-9_]*$")] = Field(
        description="Environment variable that holds the database URL (never the URL itself)."
    )


class CustomCategory(Strict):
    key: TaxonomyKey
    name: Text
    special_category: bool = False


class Taxonomy(Strict):
    data_categories: list[CustomCategory] = Field(default_factory=list)


LegalBasis = Literal[
    "consent", "contract", "legal_obligation", "vital_interests", "public_task",
    "legitimate_interests",
]
Article9Condition = Literal[
    "explicit_consent", "employment_social_security", "vital_interests", "not_for_profit",
    "made_public", "legal_claims", "substantial_public_interest", "health_care",
    "public_health", "archiving_research",
]
Anchor = Literal[
    "collected", "last_activity", "end_of_relationship", "end_of_calendar_year",
    "end_of_fiscal_year", "event", "until_consent_withdrawn",
]
Context = Literal[
    "website", "account", "purchase", "newsletter", "contact", "event", "recruitment",
    "customer_relationship", "support", "security", "service", "other",
]
RequestKind = Literal[
    "access", "portability", "erasure", "rectification", "restriction", "objection",
    "withdrawal",
]


class LegitimateInterest(Strict):
    interest: Text = Field(description="The interest pursued (shown in the notice).")
    assessment: Text = Field(description="Summary of the balancing test.")
    assessed_on: date | None = None


class Exists(Strict):
    collection: str = Field(description="dataset.collection to look in.")
    match: dict[str, str] = Field(description="field here -> field there", min_length=1)


class Condition(Strict):
    unless_exists: Exists | None = None
    only_if_exists: Exists | None = None


class Retention(Strict):
    period: Period | None = Field(None, description="ISO-8601 period, e.g. P30D, P24M, P5Y.")
    anchor: Anchor
    field: str | None = Field(None, description="Date field (same name in each covered collection).")
    fields: dict[str, str] | None = Field(None, description="dataset.collection -> date field.")
    event: Key | None = Field(None, description="Name of the domain event (anchor: event).")
    action: Literal["delete", "anonymise"] = "delete"
    condition: Condition | None = None
    description: Text | None = Field(None, description="Overrides the generated wording.")
    review_every: Period | None = Field(None, description="Review cycle (e.g. CRM every P12M).")


class Role(Strict):
    kind: Literal["controller", "processor"] = "controller"
    on_behalf_of: Key | None = Field(None, description="Client key when kind is processor.")


class Source(Strict):
    kind: Literal["data_subject", "third_party", "public"] = "data_subject"
    description: Text | None = None


class Activity(Strict):
    key: Key
    name: Text
    description: Text | None = None
    context: Context = "other"
    purpose: TaxonomyKey = Field(description="A fideslang data use, e.g. marketing.communications.email.")
    legal_basis: LegalBasis
    article9_condition: Article9Condition | None = None
    legitimate_interest: LegitimateInterest | None = None
    law: str | None = Field(None, description="The law, for legal_obligation (e.g. bokføringsloven § 13).")
    also_under: list[Key] = Field(
        default_factory=list,
        description="Other activities that process the same data on another basis (declared on purpose).",
    )
    data_subjects: list[TaxonomyKey] = Field(min_length=1)
    data_categories: list[TaxonomyKey] = Field(min_length=1)
    source: Source = Field(default_factory=Source)
    recipients: list[Key] = Field(default_factory=list)
    other_recipients: list[Text] = Field(
        default_factory=list,
        description="Recipients that are not processors (e.g. the police on a court order), in words.",
    )
    role: Role = Field(default_factory=Role)
    requirement: Literal["statutory", "contractual", "contract_precondition", "voluntary"] = "voluntary"
    requirement_consequence: Text | None = None
    automated_decisions: Text | None = None
    covers: list[str] = Field(default_factory=list, description="dataset.collection names.")
    retention: Retention | list[Retention] | None = None

    def retention_rules(self) -> list[Retention]:
        if self.retention is None:
            return []
        return self.retention if isinstance(self.retention, list) else [self.retention]


class Cookie(Strict):
    name: str
    duration: Period | Literal["session"]
    purpose: Text
    first_party: bool = True


ConsentModeType = Literal[
    "ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
    "functionality_storage", "personalization_storage", "security_storage",
]
CookieCategory = Literal["necessary", "preferences", "statistics", "marketing"]


class CookieService(Strict):
    key: Key
    name: str
    provider: str = Field(description="A processor key, or the provider's name.")
    category: CookieCategory
    activity: Key | None = Field(None, description="The activity this service serves.")
    consent_mode: list[ConsentModeType] = Field(default_factory=list)
    description: Text | None = None
    cookies: list[Cookie] = Field(default_factory=list)


class CategoryText(Strict):
    name: Text | None = None
    description: Text | None = None


class Cookies(Strict):
    sites: list[str] = Field(default_factory=list, description="Origins allowed to post consent.")
    validity: Period = Field("P12M", description="How long a consent is honoured.")
    categories: dict[CookieCategory, CategoryText] = Field(default_factory=dict)
    services: list[CookieService] = Field(default_factory=list)


class Requests(Strict):
    identities: list[Key] = Field(default_factory=lambda: ["email"], min_length=1)
    approval_required: list[RequestKind] = Field(default_factory=list)
    clock_starts: Literal["receipt", "verification"] = "receipt"


class BreachDuties(Strict):
    """Breach-notification duties beyond GDPR Art. 33/34 (read by the breach register)."""

    nis2: bool = Field(False, description="Subject to NIS2 / the digital security act (24 h, 72 h, 1 month).")
    processor_notice_hours: int = Field(
        24, ge=1, le=72, description="Internal target for telling the controller (Art. 33(2)), in hours.")
    reminder_hours: list[int] = Field(
        default_factory=lambda: [48, 24, 6], description="Reminders this many hours before each deadline.")


class Declaration(Strict):
    personvern: Literal[1] = Field(1, description="Format version of this file.")
    controller: Controller
    processors: list[Processor] = Field(default_factory=list)
    clients: list[Client] = Field(default_factory=list)
    datasets: list[DatasetRef] = Field(default_factory=list)
    taxonomy: Taxonomy = Field(default_factory=Taxonomy)
    activities: list[Activity] = Field(min_length=1)
    cookies: Cookies = Field(default_factory=Cookies)
    requests: Requests = Field(default_factory=Requests)
    breach_duties: BreachDuties | None = Field(None, description="Breach duties (NIS2, processor target).")

    def activity(self, key: str) -> Activity:
        for activity in self.activities:
            if activity.key == key:
                return activity
        raise KeyError(f"no activity '{key}' in the declaration")

    def processor(self, key: str) -> Processor:
        for processor in self.processors:
            if processor.key == key:
                return processor
        raise KeyError(f"no processor '{key}' in the declaration")
