"""A stand-in for the person who decides the TODOs of a draft: fills each one mechanically.

Used to check that `personvern check` lists exactly what is left (after filling, nothing is),
and to build the declarations the audit's mutation suite is run on.
"""

from __future__ import annotations

import re

VALUES = {
    "purpose": "essential.service",
    "data_subjects": "[customer]",
    "data_categories": "[user.contact.email]",
    "period": "P1Y",
    "anchor": "collected",
    "event": "case_closed",
    "country": "NO",
}
MISSING = {
    ("controller", "name"): 'name: "Eksempel AS"',
    ("dpo", "name"): 'name: "Personvernombud Eksempel"',
    ("activity", "name"): 'name: "Behandling"',
    ("controller", "organisation_number"): 'organisation_number: "987654325"',
    ("controller", "email"): 'email: "personvern@example.com"',
    ("dpo", "email"): 'email: "dpo@example.com"',
    ("processor", "service"): 'service: "Drift"',
    ("activity", "assessment"): 'assessment: "Balanced against the interests of the people concerned."',
    ("controller", "postal_code"): 'postal_code: "0150"',
    ("controller", "city"): 'city: "Oslo"',
    ("controller", "address"): 'address: {street: "Eksempelveien 1", postal_code: "0150", city: "Oslo", country: NO}',
}
TODO_VALUE = re.compile(r"^(?P<indent>\s*(?:- )?)(?P<key>\w+): (?:\[TODO\]|TODO)(?P<rest>.*)$")
TODO_MISSING = re.compile(r"^(?P<indent>\s*)# TODO\((?P<key>\w+)\)")


SUBJECTS = ("customer", "visitor", "prospect")
CATEGORIES = ("user.contact.email", "user.name", "user.contact.phone_number", "user.device.ip_address",
              "user.contact.address", "user.financial", "user.behavior", "user.device.cookie_id")


def fill(draft: str) -> str:
    out: list[str] = []
    section = "controller"
    activity = -1
    for line in draft.splitlines():
        if line.startswith("processors:"):
            section = "processor"
        elif line.startswith("activities:"):
            section = "activity"
        elif re.match(r"^\s+dpo:", line):
            section = "dpo"
        elif section == "dpo" and re.match(r"^  \w", line):
            section = "controller"
        if section == "activity" and line.startswith("  - key:"):
            activity += 1
        value = TODO_VALUE.match(line)
        missing = TODO_MISSING.match(line)
        if value:
            key = value.group("key")
            comment = value.group("rest")
            if key == "legal_basis":
                out.append(f"{value.group('indent')}legal_basis: legal_obligation")
                out.append(f"{' ' * len(value.group('indent'))}law: \"bokføringsloven § 13\"")
                continue
            filled = VALUES[key]
            if key == "data_subjects":
                filled = f"[{SUBJECTS[activity % len(SUBJECTS)]}]"
            elif key == "data_categories":
                filled = f"[{CATEGORIES[(activity // len(SUBJECTS)) % len(CATEGORIES)]}]"
            out.append(f"{value.group('indent')}{key}: {filled}")
        elif missing:
            key = missing.group("key")
            owner = "controller" if section == "controller" and key != "assessment" else section
            if key == "assessment":
                owner = "activity"
            out.append(f"{missing.group('indent')}{MISSING[(owner, key)]}")
        else:
            out.append(line)
    return "\n".join(out) + "\n"
