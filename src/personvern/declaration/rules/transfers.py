"""Transfers outside the EEA (GDPR Chapter V, Art. 44-49)."""

from __future__ import annotations

from collections.abc import Iterator

from personvern.declaration.problems import Problem
from personvern.declaration.rules.context import RuleContext

EU27 = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
EEA = EU27 | {"NO", "IS", "LI"}

# Countries with an EU adequacy decision (Art. 45), as listed by the European Commission on
# "Adequacy decisions" (list as of 2025-06-30). Canada: commercial organisations under PIPEDA;
# US: only organisations certified under the EU-US Data Privacy Framework (decision of 2023-07-10).
ADEQUATE = frozenset("AD AR CA CH FO GB GG IL IM JE JP KR NZ UY US".split())
ADEQUACY_LIST_DATE = "2025-06-30"


def transfers(ctx: RuleContext) -> Iterator[Problem]:
    for item in ctx.items("processors"):
        processor = item.model
        country = processor.country
        if country in EEA:
            continue
        name = ctx.name(item.path)
        transfer = processor.transfer
        if transfer is None:
            yield ctx.problem(
                item.at("country"),
                (
                    f"{name} is in {country}, outside the EEA, but has no transfer mechanism; add "
                    "transfer: "
                    "{mechanism: adequacy, scc, bcr or derogation, reference: ...} (GDPR Art. "
                    "44-49)"
                ),
            )
        elif transfer.mechanism == "adequacy" and country not in ADEQUATE:
            yield ctx.problem(
                item.at("transfer", "mechanism"),
                (
                    f"{name} is in {country}, which has no EU adequacy decision (list of "
                    f"{ADEQUACY_LIST_DATE}); "
                    "use mechanism scc or bcr (GDPR Art. 46), or derogation (Art. 49)"
                ),
            )
        elif (
            transfer.mechanism == "adequacy"
            and country == "US"
            and not _names_dpf(transfer.reference)
        ):
            yield ctx.problem(
                item.at("transfer", "mechanism"),
                (
                    f"{name} is in the US, where adequacy covers only organisations certified "
                    "under the EU-US "
                    "Data Privacy Framework; add reference: 'EU-US Data Privacy Framework' once "
                    "you have checked "
                    "the certification, or use mechanism scc"
                ),
            )


def _names_dpf(reference: str | None) -> bool:
    text = (reference or "").lower()
    return "privacy framework" in text or "dpf" in text


RULES = (transfers,)
