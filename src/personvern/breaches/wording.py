"""Words for the breach register, in English and Norwegian bokmål.

The labels of causes follow the choices of Datatilsynet's breach form (avviksmelding); data
categories are named for people, by the nearest fideslang key written here (a custom category
uses the declaration's own name), falling back to fideslang's English name.
"""

from __future__ import annotations

from personvern.declaration.model import Declaration, text
from personvern.declaration.taxonomy import fides_taxonomy

# key: (English, bokmål)
CAUSES: dict[str, tuple[str, str]] = {
    "lost_device": ("Lost device or document", "Tapt enhet eller dokument"),
    "stolen_device": ("Stolen device or document", "Stjålet enhet eller dokument"),
    "mispostal": ("Post sent to the wrong recipient", "Post sendt til feil mottaker"),
    "misdirected_email": ("Email or file sent to the wrong recipient", "E-post eller fil sendt til feil mottaker"),
    "hacking": ("Hacking (unauthorised access from outside)", "Hacking (uautorisert tilgang utenfra)"),
    "malware": ("Malware", "Skadevare"),
    "ransomware": ("Ransomware", "Løsepengevirus"),
    "social_engineering": ("Social engineering or phishing", "Sosial manipulering eller phishing"),
    "internal_error": ("Internal error (human or technical)", "Intern feil (menneskelig eller teknisk)"),
    "internal_misuse": ("Unauthorised use by an insider", "Urettmessig bruk av en innsider"),
    "wrong_publication": ("Published by mistake", "Publisert ved en feil"),
    "other": ("Other", "Annet"),
}
BREACH_TYPES: dict[str, tuple[str, str]] = {
    "confidentiality": ("Confidentiality (disclosure or access)", "Konfidensialitet (utlevering eller innsyn)"),
    "integrity": ("Integrity (alteration)", "Integritet (endring)"),
    "availability": ("Availability (loss or destruction)", "Tilgjengelighet (tap eller ødeleggelse)"),
}
SUBJECTS: dict[str, tuple[str, str]] = {
    "customer": ("customers", "kunder"), "employee": ("employees", "ansatte"),
    "job_applicant": ("job applicants", "jobbsøkere"), "patient": ("patients", "pasienter"),
    "child": ("children", "barn"), "pupil": ("pupils", "elever"), "member": ("members", "medlemmer"),
    "user": ("users", "brukere"), "prospect": ("prospective customers", "potensielle kunder"),
    "supplier_vendor": ("suppliers", "leverandører"), "visitor": ("visitors", "besøkende"),
    "trainee": ("trainees", "lærlinger"), "consultant": ("consultants", "konsulenter"),
    "next_of_kin": ("next of kin", "pårørende"), "shareholder": ("shareholders", "aksjonærer"),
    "citizen_voter": ("citizens", "innbyggere"), "commuter": ("commuters", "pendlere"),
    "passenger": ("passengers", "passasjerer"), "anonymous_user": ("anonymous users", "anonyme brukere"),
    "other": ("others", "andre"),
}
CATEGORIES: dict[str, tuple[str, str]] = {
    "user": ("personal data", "personopplysninger"),
    "user.name": ("name", "navn"),
    "user.contact": ("contact details", "kontaktopplysninger"),
    "user.contact.email": ("email address", "e-postadresse"),
    "user.contact.phone_number": ("phone number", "telefonnummer"),
    "user.contact.address": ("postal address", "postadresse"),
    "user.demographic": ("demographic details", "demografiske opplysninger"),
    "user.demographic.date_of_birth": ("date of birth", "fødselsdato"),
    "user.financial": ("financial details", "økonomiske opplysninger"),
    "user.financial.bank_account": ("bank account number", "bankkontonummer"),
    "user.financial.credit_card": ("payment card details", "betalingskortopplysninger"),
    "user.payment": ("payment details", "betalingsopplysninger"),
    "user.government_id": ("identity numbers", "identitetsnumre"),
    "user.government_id.national_identification_number": ("national identity number", "fødselsnummer"),
    "user.authorization": ("login details", "innloggingsopplysninger"),
    "user.authorization.credentials": ("passwords", "passord"),
    "user.behavior": ("how you use our services", "hvordan du bruker tjenestene våre"),
    "user.behavior.purchase_history": ("purchase history", "kjøpshistorikk"),
    "user.device": ("device details", "opplysninger om enheten din"),
    "user.device.ip_address": ("IP address", "IP-adresse"),
    "user.location": ("location", "posisjon"),
    "user.health_and_medical": ("health data", "helseopplysninger"),
    "user.criminal_history": ("criminal records", "opplysninger om straffbare forhold"),
    "user.unique_id": ("customer number", "kundenummer"),
    "user.content": ("messages and content you wrote", "meldinger og innhold du har skrevet"),
    "user.workplace": ("workplace", "arbeidssted"),
    "user.job_title": ("job title", "stillingstittel"),
}
BANDS: dict[str, tuple[str, str]] = {
    "low": ("low", "lav"), "medium": ("medium", "middels"), "high": ("high", "høy"),
    "very_high": ("very high", "svært høy"),
}
PHASES: dict[str, tuple[str, str]] = {
    "initial": ("Initial report", "Foreløpig melding"), "follow_up": ("Follow-up report", "Ettermelding"),
    "final": ("Final report", "Endelig melding"),
}


def pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    pair = table.get(key)
    if pair is None:
        return key.replace("_", " ")
    return pair[1] if lang == "nb" else pair[0]


def category_name(key: str, lang: str, declaration: Declaration | None = None) -> str:
    if declaration is not None:
        for custom in declaration.taxonomy.data_categories:
            if custom.key == key:
                return text(custom.name, lang)
    probe = key
    while probe:
        if probe in CATEGORIES:
            return pick(CATEGORIES, probe, lang)
        probe = probe.rpartition(".")[0]
    return fides_taxonomy().names.get(key, key)


def category_names(keys: list[str], lang: str, declaration: Declaration | None = None) -> list[str]:
    return list(dict.fromkeys(category_name(k, lang, declaration) for k in keys))
