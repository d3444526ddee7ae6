"""Words for the privacy center's pages and mails that depend on a kind or a state."""

from __future__ import annotations

from datetime import date

from personvern.notice.wording import date_words, join_words

# asked kind: (short en, short nb, long en, long nb)
KINDS: dict[str, tuple[str, str, str, str]] = {
    "access": (
        "See my data", "Se opplysningene mine",
        "a copy of your personal data (right of access, GDPR Art. 15)",
        "innsyn i personopplysningene dine (personvernforordningen art. 15)",
    ),
    "portability": (
        "Get a portable copy", "Få en kopi jeg kan ta med meg",
        "a copy of your data in a machine-readable format (data portability, GDPR Art. 20)",
        "en kopi av opplysningene dine i et maskinlesbart format (dataportabilitet, art. 20)",
    ),
    "erasure": (
        "Erase my data", "Slett opplysningene mine",
        "erasure of your personal data (GDPR Art. 17)",
        "sletting av personopplysningene dine (art. 17)",
    ),
    "rectification": (
        "Correct my data", "Rett opplysningene mine",
        "correction of your personal data (GDPR Art. 16)",
        "retting av personopplysningene dine (art. 16)",
    ),
    "restriction": (
        "Restrict the use of my data", "Begrens bruken av opplysningene mine",
        "restriction of the processing of your data (GDPR Art. 18)",
        "begrensning av behandlingen av opplysningene dine (art. 18)",
    ),
    "objection": (
        "Object to a purpose", "Protester mot et formål",
        "your objection to processing (GDPR Art. 21)",
        "protesten din mot behandlingen (art. 21)",
    ),
    "withdrawal": (
        "Withdraw my consent", "Trekk tilbake samtykket mitt",
        "the withdrawal of your consent (GDPR Art. 7(3))",
        "tilbaketrekkingen av samtykket ditt (art. 7 nr. 3)",
    ),
}

# asked kind, as told to someone else than the person (the client we process for, the officer)
THIRD_PERSON: dict[str, tuple[str, str]] = {
    "access": ("a copy of their personal data (right of access, GDPR Art. 15)",
               "innsyn i personopplysningene sine (personvernforordningen art. 15)"),
    "portability": ("a copy of their data in a machine-readable format (data portability, GDPR Art. 20)",
                    "en kopi av opplysningene sine i et maskinlesbart format (dataportabilitet, art. 20)"),
    "erasure": ("erasure of their personal data (GDPR Art. 17)", "sletting av personopplysningene sine (art. 17)"),
    "rectification": ("correction of their personal data (GDPR Art. 16)",
                      "retting av personopplysningene sine (art. 16)"),
    "restriction": ("restriction of the processing of their data (GDPR Art. 18)",
                    "begrensning av behandlingen av opplysningene sine (art. 18)"),
    "objection": ("an objection to processing (GDPR Art. 21)", "protest mot behandlingen (art. 21)"),
    "withdrawal": ("the withdrawal of their consent (GDPR Art. 7(3))",
                   "tilbaketrekking av samtykket sitt (art. 7 nr. 3)"),
}

# state: (en, nb), as the person sees it
STATES: dict[str, tuple[str, str]] = {
    "received": ("Waiting for you to confirm your email address", "Venter på at du bekrefter e-postadressen"),
    "verified": ("Confirmed; waiting for our review", "Bekreftet; venter på vår vurdering"),
    "approved": ("Approved; about to be carried out", "Godkjent; blir straks utført"),
    "executing": ("Being carried out", "Blir utført"),
    "completed": ("Done", "Ferdig"),
    "refused": ("Refused", "Avslått"),
    "referred": ("Referred to the company responsible", "Henvist til virksomheten som er ansvarlig"),
}
PROGRESS = ("received", "verified", "approved", "executing", "completed")
# state: (en, nb), as a step of the progress list
STEPS: dict[str, tuple[str, str]] = {
    "received": ("Received", "Mottatt"),
    "verified": ("Email confirmed", "E-post bekreftet"),
    "approved": ("Approved", "Godkjent"),
    "executing": ("Being carried out", "Utføres"),
    "completed": ("Done", "Ferdig"),
}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "nb" else pair[0]


def kind_short(kind: str, lang: str) -> str:
    entry = KINDS[kind]
    return entry[1] if lang == "nb" else entry[0]


def kind_third(kind: str, lang: str) -> str:
    """What was asked, told to someone else than the person who asked."""
    return pick(THIRD_PERSON[kind], lang)


def kind_long(kind: str, lang: str) -> str:
    entry = KINDS[kind]
    return entry[3] if lang == "nb" else entry[2]


def state_words(state: str, lang: str) -> str:
    return pick(STATES.get(state, (state, state)), lang)


def step_words(state: str, lang: str) -> str:
    return pick(STEPS[state], lang)


def day(value: date | None, lang: str) -> str:
    return date_words(value, lang) if value else ""


__all__ = [
    "KINDS", "PROGRESS", "STATES", "STEPS", "day", "join_words", "kind_long", "kind_short", "pick",
    "state_words", "step_words",
]
