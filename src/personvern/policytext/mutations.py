"""The audit's mutation suite: contradictions injected into a declaration that agrees with a
policy (period changed, basis changed, processor added, transfer added), each with the
declaration key the audit must cite. Used by bench/policytext.py and the tests."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import yaml

from personvern.declaration.loader import LoadedDeclaration, load_text
from personvern.declaration.yamlsource import parse
from personvern.policytext.audit import AuditReport, audit, months_days
from personvern.policytext.entities import Extraction
from personvern.policytext.matching import SERVICE_KINDS

BASIS_SWAP = {"consent": "legitimate_interests", "legitimate_interests": "consent", "contract": "consent",
              "legal_obligation": "consent", "vital_interests": "consent", "public_task": "consent"}
NEW_SERVICES = (
    ("Video interview recordings for recruitment", "Opptaksstudio Nordavind AS"),
    ("Payroll and time sheets", "Lønnsbyrået Fjellvind AS"),
    ("Satellite tracking of delivery vans", "Sporfugl Telematikk AS"),
)


@dataclass(frozen=True)
class Mutation:
    kind: str  # period_changed | basis_changed | processor_added | transfer_added
    key: str  # the declaration key the audit must cite
    text: str  # the mutated declaration (YAML)


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _rules(activity: dict) -> list[dict]:
    retention = activity.get("retention")
    return retention if isinstance(retention, list) else [retention] if isinstance(retention, dict) else []


def _longer(period: str) -> str:
    months, days = months_days(period) or (0, 0)
    return f"P{months * 3 + 1}M" if months else f"P{days * 3 + 1}D"


def _activity_index(data: dict, key: str) -> int:
    return next(i for i, a in enumerate(data.get("activities", [])) if a.get("key") == key)


def mutations(extraction: Extraction, clean: LoadedDeclaration, baseline: AuditReport) -> list[Mutation]:
    """One mutation per declared value the clean audit found the text to agree with, plus an
    added processor and an added transfer."""
    data = parse(clean.text, str(clean.path)).data  # YAML 1.2 as the loader reads it (NO stays a country)
    out: list[Mutation] = []
    done: set[str] = set()
    for agreement in baseline.agreements:
        if agreement.key in done:
            continue
        done.add(agreement.key)
        activity_key = agreement.key.split("]")[0].removeprefix("activities[")
        index = _activity_index(data, activity_key)
        mutated = copy.deepcopy(data)
        target = mutated["activities"][index]
        if agreement.what == "retention":
            rule_index = int(m.group(1)) if (m := re.search(r"retention\[(\d+)\]", agreement.key)) else 0
            rule = _rules(target)[rule_index]
            rule["period"] = _longer(rule["period"])
            out.append(Mutation("period_changed", agreement.key, _dump(mutated)))
            continue
        old = target.get("legal_basis")
        new = BASIS_SWAP[old]
        target["legal_basis"] = new
        target.pop("law", None)
        if new == "legitimate_interests":
            target["legitimate_interest"] = {"interest": "Mutated interest", "assessment": "Mutated assessment."}
        else:
            target.pop("legitimate_interest", None)
        for rule in _rules(target):
            if rule.get("anchor") == "until_consent_withdrawn" and new != "consent":
                rule["anchor"], rule["period"] = "collected", "P1Y"
        out.append(Mutation("basis_changed", agreement.key, _dump(mutated)))
    text = extraction.text.lower()
    for service, name in NEW_SERVICES:
        if not any(re.search(sw, service.lower()) and re.search(tw, text) for sw, tw in SERVICE_KINDS):
            mutated = copy.deepcopy(data)
            mutated.setdefault("processors", []).append(
                {"key": "mutant_processor", "name": name, "service": service, "country": "NO"})
            out.append(Mutation("processor_added", "processors[mutant_processor]", _dump(mutated)))
            break
    mutated = copy.deepcopy(data)
    existing = mutated.get("processors") or []
    service = existing[0]["service"] if existing else "Hosting"
    mutated.setdefault("processors", []).append({
        "key": "mutant_transfer", "name": "Transatlantic Cloud Inc.", "service": service, "country": "US",
        "transfer": {"mechanism": "scc", "reference": "Commission Implementing Decision (EU) 2021/914"}})
    out.append(Mutation("transfer_added", "processors[mutant_transfer].country", _dump(mutated)))
    return out


@dataclass(frozen=True)
class MutationResult:
    mutation: Mutation
    found: bool
    other_contradictions: int  # contradictions that cite some other key


def run(extraction: Extraction, clean: LoadedDeclaration) -> tuple[AuditReport, list[MutationResult]]:
    """The clean audit, and for each mutation whether the audit finds it (a contradiction citing
    the mutated activity or processor; for an added transfer the text does not deny, an omission
    citing it also counts)."""
    baseline = audit(extraction, clean)
    before = {(f.code, f.key) for f in baseline.of("contradiction")}
    results = []
    for mutation in mutations(extraction, clean, baseline):
        loaded = load_text(mutation.text, str(clean.path), base_dir=clean.path.parent)
        report = audit(extraction, loaded)
        owner = mutation.key.split("]")[0] + "]"
        kinds = ("contradiction", "omission") if mutation.kind == "transfer_added" else ("contradiction",)
        cited = [f for f in report.findings if f.kind in kinds and (f.key or "").startswith(owner)]
        others = [f for f in report.of("contradiction")
                  if (f.code, f.key) not in before and not (f.key or "").startswith(owner)]
        results.append(MutationResult(mutation, bool(cited), len(others)))
    return baseline, results
