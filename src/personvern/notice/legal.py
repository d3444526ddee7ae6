"""Legal phrases per language: legal bases, Art. 9 conditions, requirements, sources,
transfer mechanisms, the rights of the data subject and the right to complain."""

from __future__ import annotations

from personvern.declaration.model import Activity, SupervisoryAuthority, Transfer, text
from personvern.notice.wording import article, short_article

BASIS_REF = {
    "consent": "6(1)(a)", "contract": "6(1)(b)", "legal_obligation": "6(1)(c)",
    "vital_interests": "6(1)(d)", "public_task": "6(1)(e)", "legitimate_interests": "6(1)(f)",
}

BASIS_NAME = {
    "en": {
        "consent": "Consent", "contract": "Contract", "legal_obligation": "Legal obligation",
        "vital_interests": "Vital interests", "public_task": "Public task",
        "legitimate_interests": "Legitimate interests",
    },
    "nb": {
        "consent": "Samtykke", "contract": "Avtale", "legal_obligation": "Rettslig forpliktelse",
        "vital_interests": "Vitale interesser", "public_task": "Offentlig oppgave",
        "legitimate_interests": "Berettiget interesse",
    },
}

_BASIS = {
    "en": {
        "consent": "Your consent ({ref}).",
        "contract": "Necessary to perform our contract with you, or to take steps you ask for before "
                    "entering into one ({ref}).",
        "legal_obligation": "Necessary to comply with a legal obligation that applies to us{law} ({ref}).",
        "vital_interests": "Necessary to protect your vital interests or those of another person ({ref}).",
        "public_task": "Necessary for a task carried out in the public interest or in the exercise of "
                       "official authority ({ref}).",
        "legitimate_interests": "Our legitimate interests, described below ({ref}).",
    },
    "nb": {
        "consent": "Samtykke fra deg ({ref}).",
        "contract": "Behandlingen er nødvendig for å oppfylle avtalen med deg, eller for å gjennomføre "
                    "tiltak du ber om før en avtale inngås ({ref}).",
        "legal_obligation": "Behandlingen er nødvendig for å oppfylle en rettslig forpliktelse som "
                            "påhviler oss{law} ({ref}).",
        "vital_interests": "Behandlingen er nødvendig for å verne dine eller en annen persons vitale "
                           "interesser ({ref}).",
        "public_task": "Behandlingen er nødvendig for å utføre en oppgave i allmennhetens interesse eller "
                       "utøve offentlig myndighet ({ref}).",
        "legitimate_interests": "Vår berettigede interesse, som er beskrevet nedenfor ({ref}).",
    },
}

ARTICLE9_REF = {
    "explicit_consent": "9(2)(a)", "employment_social_security": "9(2)(b)", "vital_interests": "9(2)(c)",
    "not_for_profit": "9(2)(d)", "made_public": "9(2)(e)", "legal_claims": "9(2)(f)",
    "substantial_public_interest": "9(2)(g)", "health_care": "9(2)(h)", "public_health": "9(2)(i)",
    "archiving_research": "9(2)(j)",
}

_ARTICLE9 = {
    "en": {
        "explicit_consent": "your explicit consent",
        "employment_social_security": "obligations in employment and social security law",
        "vital_interests": "protecting vital interests when you cannot give consent",
        "not_for_profit": "the legitimate activities of a not-for-profit body",
        "made_public": "data you have clearly made public yourself",
        "legal_claims": "establishing, exercising or defending legal claims",
        "substantial_public_interest": "reasons of substantial public interest",
        "health_care": "health or social care",
        "public_health": "reasons of public health",
        "archiving_research": "archiving, research or statistics",
    },
    "nb": {
        "explicit_consent": "ditt uttrykkelige samtykke",
        "employment_social_security": "forpliktelser etter arbeidsretten og trygderetten",
        "vital_interests": "vern av vitale interesser når du ikke kan samtykke",
        "not_for_profit": "berettiget virksomhet i en ideell organisasjon",
        "made_public": "opplysninger du selv åpenbart har offentliggjort",
        "legal_claims": "fastsettelse, gjøring eller forsvar av rettskrav",
        "substantial_public_interest": "hensynet til viktige allmenne interesser",
        "health_care": "helsehjelp eller sosiale tjenester",
        "public_health": "hensynet til folkehelsen",
        "archiving_research": "arkivformål, forskning eller statistikk",
    },
}

_REQUIREMENT = {
    "en": {
        "statutory": ("The law requires us to collect this data.",
                      "Without it we cannot carry out this processing or what depends on it."),
        "contractual": ("Our contract with you requires this data.",
                        "Without it we cannot deliver what we have agreed."),
        "contract_precondition": ("You must give us this data to enter into a contract with us.",
                                  "Without it we cannot enter into a contract with you."),
        "voluntary": ("Giving us this data is voluntary.", ""),
    },
    "nb": {
        "statutory": ("Vi er lovpålagt å samle inn disse opplysningene.",
                      "Uten opplysningene kan vi ikke gjennomføre behandlingen eller det som forutsetter den."),
        "contractual": ("Avtalen med deg forutsetter disse opplysningene.",
                        "Uten opplysningene kan vi ikke levere det vi har avtalt."),
        "contract_precondition": ("Du må gi oss disse opplysningene for å inngå avtale med oss.",
                                  "Uten opplysningene kan vi ikke inngå avtale med deg."),
        "voluntary": ("Det er frivillig å gi oss disse opplysningene.", ""),
    },
}

_MECHANISM = {
    "en": {
        "adequacy": "an adequacy decision of the European Commission",
        "scc": "the European Commission's standard contractual clauses",
        "bcr": "binding corporate rules approved by a supervisory authority",
        "derogation": "a derogation for specific situations (GDPR Art. 49)",
        None: "no safeguard has been declared",
    },
    "nb": {
        "adequacy": "EU-kommisjonens beslutning om tilstrekkelig beskyttelsesnivå",
        "scc": "EU-kommisjonens standard personvernbestemmelser (standardavtaler)",
        "bcr": "bindende virksomhetsregler godkjent av en tilsynsmyndighet",
        "derogation": "unntak for særlige situasjoner (personvernforordningen artikkel 49)",
        None: "det er ikke oppgitt noe overføringsgrunnlag",
    },
}

NO_AUTOMATED = {
    "en": "None: we make no decisions about you based solely on automated processing, including profiling.",
    "nb": "Ingen: Vi treffer ingen avgjørelser om deg som utelukkende bygger på automatisert "
          "behandling, herunder profilering.",
}


def basis_sentence(activity: Activity, lang: str) -> str:
    law = ""
    if activity.legal_basis == "legal_obligation" and activity.law:
        law = f" under {activity.law}" if lang == "en" else f", jf. {activity.law}"
    ref = article(BASIS_REF[activity.legal_basis], lang)
    return _BASIS[lang][activity.legal_basis].format(law=law, ref=ref)


def basis_short(basis: str, lang: str) -> str:
    """'Legitimate interests (Art. 6(1)(f))' for tables and the RoPA."""
    return f"{BASIS_NAME[lang][basis]} ({short_article(BASIS_REF[basis], lang)})"


def article9_sentence(condition: str, lang: str) -> str:
    ref = article(ARTICLE9_REF[condition], lang)
    words = _ARTICLE9[lang][condition]
    if lang == "en":
        return (f"Some of this data belongs to the special categories of personal data. We process it "
                f"on the basis of {words} ({ref}).")
    return (f"Noen av opplysningene er særlige kategorier av personopplysninger. Grunnlaget for å "
            f"behandle dem er {words} ({ref}).")


def article9_short(condition: str, lang: str) -> str:
    return f"{_ARTICLE9[lang][condition]} ({short_article(ARTICLE9_REF[condition], lang)})"


def requirement_sentence(activity: Activity, lang: str) -> str:
    statement, default = _REQUIREMENT[lang][activity.requirement]
    consequence = text(activity.requirement_consequence, lang) or default
    return f"{statement} {consequence}".strip()


def source_sentence(activity: Activity, lang: str) -> str:
    source = activity.source
    detail = text(source.description, lang)
    if source.kind == "data_subject":
        base = "From you." if lang == "en" else "Fra deg."
        return f"{base} {detail}" if detail else base
    if source.kind == "public":
        if lang == "en":
            return f"From publicly available sources: {detail}" if detail else "From publicly available sources."
        return f"Fra offentlig tilgjengelige kilder: {detail}" if detail else "Fra offentlig tilgjengelige kilder."
    if lang == "en":
        return f"Not from you, but from others: {detail}" if detail else "Not from you, but from third parties."
    return f"Ikke fra deg, men fra andre: {detail}" if detail else "Ikke fra deg, men fra tredjeparter."


def mechanism_words(transfer: Transfer | None, lang: str) -> str:
    words = _MECHANISM[lang][transfer.mechanism if transfer else None]
    if transfer is not None and transfer.reference:
        words += f" ({transfer.reference})"
    return words


def automated_sentence(activity: Activity, lang: str) -> str:
    declared = text(activity.automated_decisions, lang)
    return declared or NO_AUTOMATED[lang]


def is_direct_marketing(activity: Activity) -> bool:
    return activity.purpose.startswith(("marketing.communications", "marketing.advertising"))


def choices(activity: Activity, lang: str) -> list[str]:
    """What the person can do about this activity: withdraw, object, take the data along."""
    en = lang == "en"
    out = []
    if activity.legal_basis == "consent" or activity.article9_condition == "explicit_consent":
        out.append(
            "You can withdraw your consent at any time. This does not affect the lawfulness of "
            "processing based on your consent before you withdrew it." if en else
            "Du kan når som helst trekke tilbake samtykket. Det påvirker ikke lovligheten av "
            "behandlingen som ble gjort før du trakk det tilbake."
        )
    if is_direct_marketing(activity):
        out.append(
            "You can object to direct marketing at any time, without giving a reason; we will "
            "then stop." if en else
            "Du kan når som helst protestere mot direkte markedsføring, uten å begrunne det; "
            "da stanser vi."
        )
    elif activity.legal_basis in ("legitimate_interests", "public_task"):
        out.append(
            "You can object on grounds relating to your particular situation; we then stop unless "
            "we have compelling legitimate grounds that override your interests." if en else
            "Du kan protestere ut fra din særlige situasjon; da stanser vi behandlingen med mindre "
            "vi har tungtveiende berettigede grunner som går foran dine interesser."
        )
    if activity.legal_basis in ("consent", "contract"):
        out.append(
            "You can ask for the data you gave us in a machine-readable format (data portability)."
            if en else
            "Du kan be om å få utlevert opplysningene du har gitt oss, i et maskinlesbart format "
            "(dataportabilitet)."
        )
    return out


def complaint_sentences(authority: SupervisoryAuthority | None, lang: str) -> list[str]:
    en = lang == "en"
    first = ("If you think we process your personal data in breach of the data protection rules, "
             "you have the right to complain to the supervisory authority" if en else
             "Mener du at vi behandler personopplysninger om deg i strid med personvernregelverket, "
             "har du rett til å klage til tilsynsmyndigheten")
    if authority is None:
        return [first + (" in the EU/EEA country where you live or work, or where the breach "
                         "took place (GDPR Art. 77)." if en else
                         " i det EU/EØS-landet der du bor eller arbeider, eller der overtredelsen "
                         "skjedde (personvernforordningen artikkel 77).")]
    contact = ", ".join(p for p in (authority.address, authority.email, authority.website) if p)
    return [
        f"{first}, {authority.name}" + (f": {contact}." if contact else "."),
        "You may also complain in the EU/EEA country where you live or work (GDPR Art. 77). We "
        "would appreciate the chance to deal with your concern first." if en else
        "Du kan også klage til tilsynsmyndigheten i EU/EØS-landet der du bor eller arbeider "
        "(personvernforordningen artikkel 77). Vi setter pris på om du tar kontakt med oss først, "
        "slik at vi kan prøve å rydde opp.",
    ]
