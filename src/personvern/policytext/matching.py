"""Which declared activity a sentence of the policy speaks about, and which processor it names.

Activities are matched by the words they share with the sentence (their key, names,
description, interest and retention descriptions, in every language), with the sentence's
purpose counting three times; processors by their name, or by the kind of service they do
("hosting", "nyhetsbrev", "regnskap") when the policy names only that kind of recipient.
"""

from __future__ import annotations

import re

from personvern.declaration.model import Activity, Declaration, LocalText, Processor

STOP = frozenset(
    "the a an of for and or to in on with our your their we you us is are be by as at it this that these those from "
    "will may can any all other such data personal information purposes purpose processing processed process "
    "controller subject subjects which when where also only into about after before under within than more "
    "og i for til av med på det som de dine din ditt våre vår oss vi du deg er blir vil kan skal har fra ved om "
    "eller ikke når hvor også denne dette disse andre personopplysninger opplysninger formål behandling behandler "
    "policy privacy personvernerklæring website nettsted site".split()
)
GENERIC_NAME = frozenset("group limited ltd inc llc as asa ab gmbh operations services service technologies the "
                         "company ireland international norge norway europe holding holdings platforms".split())
SERVICE_KINDS: tuple[tuple[str, str], ...] = (
    # (words in a processor's service, words in a policy that name that kind of recipient)
    (r"host|server|drift|cloud|sky|infrastruct|data ?cent|storage|lagring", r"host|server|drift|cloud|sky|infrastruct|data ?cent|storage|lagring"),
    (r"analytic|statisti|analyse|measur|måling", r"analytic|statisti|analyse|analysis tool|måling"),
    (r"newsletter|nyhetsbrev|mailing|campaign", r"newsletter|nyhetsbrev|mailing"),
    (r"e-?mail|e-?post|office|kontor", r"e-?mail|e-?post|epost"),
    (r"invoic|account|regnskap|faktur|bookkeep|bokfør", r"invoic|accounting|regnskap|faktur|bookkeep|bokfør"),
    (r"payment|betaling|card|kort", r"payment|betaling|card"),
    (r"project|prosjekt|task", r"project|prosjekt"),
    (r"crm|customer relationship|kunderegister|sales|salg", r"crm|customer relationship|kunderegister"),
    (r"support|helpdesk|kundeservice|ticket", r"support|helpdesk|kundeservice|customer service"),
    (r"advert|annons|marketing|markedsf", r"advert|annons"),
    (r"security|sikkerhet|firewall|ddos|waf", r"firewall|ddos|security provider|sikkerhetsleverandør"),
)


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-zæøå0-9]{4,}", text.lower()) if w not in STOP}


def _texts(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, LocalText):
        return [t for t in (value.en, value.nb) if t]
    return []


def activity_words(activity: Activity) -> set[str]:
    parts: list[str] = [activity.key.replace("_", " "), activity.purpose.replace(".", " ")]
    parts += _texts(activity.name) + _texts(activity.description)
    if activity.legitimate_interest is not None:
        parts += _texts(activity.legitimate_interest.interest)
    for rule in activity.retention_rules():
        parts += _texts(rule.description)
    return words(" ".join(parts))


def rank_activities(declaration: Declaration, purpose: str, quote: str) -> list[tuple[int, Activity]]:
    """Activities by how well they match, best first, with their scores (0 = no shared word)."""
    purpose_words, quote_words = words(purpose), words(quote)
    scored = []
    for activity in declaration.activities:
        own = activity_words(activity)
        scored.append((10 * len(purpose_words & own) + len(quote_words & own), activity))
    scored.sort(key=lambda pair: -pair[0])
    return scored


def name_tokens(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-zæøå0-9]{3,}", name.lower()) if w not in GENERIC_NAME and w not in STOP}


def processor_named(processor: Processor, text: str) -> str | None:
    """The word of the processor's name that the text uses, if any."""
    lowered = text.lower()
    for token in sorted(name_tokens(processor.name) | {processor.key.replace("_", " ")}, key=len, reverse=True):
        if len(token) >= 3 and re.search(rf"(?<![a-z0-9]){re.escape(token)}(?![a-z0-9])", lowered):
            return token
    return None


def processor_kind_mentioned(processor: Processor, text: str) -> str | None:
    """A phrase of the text that names the kind of service the processor does, if any."""
    service = " ".join(_texts(processor.service)).lower()
    for service_words, text_words in SERVICE_KINDS:
        if re.search(service_words, service):
            match = re.search(rf"\b\w*(?:{text_words})\w*", text, re.IGNORECASE)
            if match:
                return match.group(0)
    return None
