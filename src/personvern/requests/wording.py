"""Words for the export README: legal bases, Art. 9 conditions, transfer safeguards, sources."""

from __future__ import annotations

# basis: (English, Norwegian bokmål)
LEGAL_BASES: dict[str, tuple[str, str]] = {
    "consent": ("your consent (GDPR Art. 6(1)(a))", "samtykket ditt (personvernforordningen art. 6 nr. 1 a)"),
    "contract": (
        "a contract with you, or steps you asked for before one (GDPR Art. 6(1)(b))",
        "en avtale med deg, eller tiltak du har bedt om før en avtale (art. 6 nr. 1 b)",
    ),
    "legal_obligation": (
        "a legal obligation we are subject to (GDPR Art. 6(1)(c))",
        "en rettslig forpliktelse vi har (art. 6 nr. 1 c)",
    ),
    "vital_interests": (
        "protecting your vital interests or those of another person (GDPR Art. 6(1)(d))",
        "å verne om dine eller andres vitale interesser (art. 6 nr. 1 d)",
    ),
    "public_task": (
        "a task in the public interest or in the exercise of official authority (GDPR Art. 6(1)(e))",
        "en oppgave i allmennhetens interesse eller utøvelse av offentlig myndighet (art. 6 nr. 1 e)",
    ),
    "legitimate_interests": (
        "our legitimate interests (GDPR Art. 6(1)(f))",
        "vår berettigede interesse (art. 6 nr. 1 f)",
    ),
}

ARTICLE9: dict[str, tuple[str, str]] = {
    "explicit_consent": ("your explicit consent (Art. 9(2)(a))", "ditt uttrykkelige samtykke (art. 9 nr. 2 a)"),
    "employment_social_security": (
        "obligations in employment and social security law (Art. 9(2)(b))",
        "plikter etter arbeidsrett og trygderett (art. 9 nr. 2 b)",
    ),
    "vital_interests": ("vital interests (Art. 9(2)(c))", "vitale interesser (art. 9 nr. 2 c)"),
    "not_for_profit": ("a not-for-profit body's activities (Art. 9(2)(d))", "en ideell organisasjons virksomhet (art. 9 nr. 2 d)"),
    "made_public": ("data you have made public (Art. 9(2)(e))", "opplysninger du selv har offentliggjort (art. 9 nr. 2 e)"),
    "legal_claims": ("legal claims (Art. 9(2)(f))", "rettskrav (art. 9 nr. 2 f)"),
    "substantial_public_interest": (
        "substantial public interest (Art. 9(2)(g))", "viktige allmenne interesser (art. 9 nr. 2 g)"
    ),
    "health_care": ("health or social care (Art. 9(2)(h))", "helse- og omsorgstjenester (art. 9 nr. 2 h)"),
    "public_health": ("public health (Art. 9(2)(i))", "folkehelse (art. 9 nr. 2 i)"),
    "archiving_research": (
        "archiving, research or statistics (Art. 9(2)(j))", "arkiv, forskning eller statistikk (art. 9 nr. 2 j)"
    ),
}

TRANSFER_MECHANISMS: dict[str, tuple[str, str]] = {
    "adequacy": (
        "an adequacy decision of the European Commission (GDPR Art. 45)",
        "en beslutning fra EU-kommisjonen om tilstrekkelig beskyttelsesnivå (art. 45)",
    ),
    "scc": (
        "the European Commission's standard contractual clauses (GDPR Art. 46(2)(c))",
        "EU-kommisjonens standard personvernbestemmelser (art. 46 nr. 2 c)",
    ),
    "bcr": ("binding corporate rules (GDPR Art. 47)", "bindende virksomhetsregler (art. 47)"),
    "derogation": (
        "a derogation for a specific situation (GDPR Art. 49)",
        "et unntak for særlige situasjoner (art. 49)",
    ),
}

SOURCES: dict[str, tuple[str, str]] = {
    "data_subject": ("from you", "fra deg"),
    "third_party": ("from others than you", "fra andre enn deg"),
    "public": ("from publicly available sources", "fra offentlig tilgjengelige kilder"),
}


def pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    pair = table.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "en" else pair[1]
