"""Retention periods in words: "5 years from the end of the calendar year of the transaction".

A retention rule's ``description`` overrides everything here; otherwise the sentence is
built from the period, the anchor, the activity's context and the action.
"""

from __future__ import annotations

import re

from personvern.declaration.model import Activity, Retention, text

_PERIOD = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")

# unit: ((en singular, en plural), (nb singular, nb plural))
_UNITS = {
    "Y": (("year", "years"), ("år", "år")),
    "M": (("month", "months"), ("måned", "måneder")),
    "W": (("week", "weeks"), ("uke", "uker")),
    "D": (("day", "days"), ("dag", "dager")),
}


def parts(period: str) -> list[tuple[int, str]]:
    match = _PERIOD.match(period)
    if match is None:
        raise ValueError(f"not an ISO-8601 period: {period!r}")
    return [(int(n), unit) for n, unit in zip(match.groups(), "YMWD", strict=True) if n is not None]


def is_zero(period: str | None) -> bool:
    return period is not None and all(n == 0 for n, _ in parts(period))


def period_words(period: str, lang: str) -> str:
    """'P5Y' -> '5 years' / '5 år'; 'P1Y6M' -> '1 year and 6 months' / '1 år og 6 måneder'."""
    words = []
    for n, unit in parts(period):
        singular, plural = _UNITS[unit][0 if lang == "en" else 1]
        words.append(f"{n} {singular if n == 1 else plural}")
    if len(words) == 1:
        return words[0]
    conjunction = " and " if lang == "en" else " og "
    return ", ".join(words[:-1]) + conjunction + words[-1]


def every_words(period: str, lang: str) -> str:
    """A review cycle: 'every 12 months' / 'hver 12. måned', 'every year' / 'hvert år'."""
    (n, unit), *rest = parts(period)
    if rest:
        return ("every " if lang == "en" else "med et intervall på ") + period_words(period, lang)
    singular, _plural = _UNITS[unit][0 if lang == "en" else 1]
    if lang == "en":
        return f"every {singular}" if n == 1 else f"every {n} {_UNITS[unit][0][1]}"
    article = "hvert" if unit == "Y" else "hver"
    return f"{article} {singular}" if n == 1 else f"{article} {n}. {singular}"


# What ends a relationship, by activity context: (after ..., until ..., in which ...).
_RELATIONSHIP = {
    "en": {
        "account": ("after you close your account", "until you close your account",
                    "in which you closed your account"),
        "newsletter": ("after you unsubscribe", "until you unsubscribe", "in which you unsubscribed"),
        "recruitment": ("after the recruitment process ends", "until the recruitment process ends",
                        "in which the recruitment process ended"),
        "event": ("after the event", "until the event is over", "in which the event took place"),
        "contact": ("after your enquiry is closed", "until your enquiry is closed",
                    "in which your enquiry was closed"),
        "support": ("after your support case is closed", "until your support case is closed",
                    "in which your support case was closed"),
        None: ("after the customer relationship ends", "until the customer relationship ends",
               "in which the customer relationship ended"),
    },
    "nb": {
        "account": ("etter at du har avsluttet kontoen", "til du avslutter kontoen",
                    "da du avsluttet kontoen"),
        "newsletter": ("etter at du har meldt deg av", "til du melder deg av", "da du meldte deg av"),
        "recruitment": ("etter at rekrutteringsprosessen er avsluttet",
                        "til rekrutteringsprosessen er avsluttet", "da rekrutteringsprosessen ble avsluttet"),
        "event": ("etter arrangementet", "til arrangementet er over", "da arrangementet fant sted"),
        "contact": ("etter at henvendelsen din er avsluttet", "til henvendelsen din er avsluttet",
                    "da henvendelsen din ble avsluttet"),
        "support": ("etter at supportsaken din er avsluttet", "til supportsaken din er avsluttet",
                    "da supportsaken din ble avsluttet"),
        None: ("etter at kundeforholdet er avsluttet", "til kundeforholdet er avsluttet",
               "da kundeforholdet ble avsluttet"),
    },
}

# Domain events by a word in their key: (after ..., until ...).
_EVENTS = [
    (("recruit", "hiring", "position"), {
        "en": ("after the recruitment process is completed", "until the recruitment process is completed"),
        "nb": ("etter at rekrutteringen er avsluttet", "til rekrutteringen er avsluttet")}),
    (("settle", "paid", "payment"), {
        "en": ("after the payment is settled", "until the payment is settled"),
        "nb": ("etter at betalingen er gjort opp", "til betalingen er gjort opp")}),
    (("ticket", "case", "inquiry", "enquiry", "request"), {
        "en": ("after your enquiry is closed", "until your enquiry is closed"),
        "nb": ("etter at henvendelsen din er avsluttet", "til henvendelsen din er avsluttet")}),
    (("event", "held", "conference", "seminar"), {
        "en": ("after the event", "until the event is over"),
        "nb": ("etter arrangementet", "til arrangementet er over")}),
    (("cancel", "closed", "terminat"), {
        "en": ("after the agreement ends", "until the agreement ends"),
        "nb": ("etter at avtalen er avsluttet", "til avtalen er avsluttet")}),
]

_ENDING_FIELD = re.compile(r"cancel|closed|ended|terminat|end_?date|left")


def _relationship(activity: Activity, lang: str) -> tuple[str, str, str]:
    table = _RELATIONSHIP[lang]
    return table.get(activity.context, table[None])


def _event(key: str, lang: str) -> tuple[str, str]:
    for words, phrases in _EVENTS:
        if any(word in key for word in words):
            return phrases[lang]
    name = key.replace("_", " ")
    if lang == "en":
        return f"after the event “{name}”", f"until the event “{name}”"
    return f"etter hendelsen «{name}»", f"til hendelsen «{name}»"


def _year_of(rule: Retention, activity: Activity, lang: str) -> str:
    """What the calendar or financial year is the year of."""
    fields = [rule.field or "", *(rule.fields or {}).values()]
    if any(_ENDING_FIELD.search(f) for f in fields if f):
        return _relationship(activity, lang)[2]
    if activity.context == "purchase" or activity.legal_basis == "legal_obligation":
        return "of the transaction" if lang == "en" else "for transaksjonen"
    return "in which it was recorded" if lang == "en" else "da opplysningene ble registrert"


def _reference_point(rule: Retention, activity: Activity, lang: str) -> tuple[str, str]:
    """(after-phrase, until-phrase) for the rule's anchor."""
    en = lang == "en"
    anchor = rule.anchor
    if anchor == "collected":
        return (("from when it was collected", "until it is no longer needed") if en else
                ("etter at opplysningene ble samlet inn", "til opplysningene ikke lenger trengs"))
    if anchor == "last_activity":
        return (("after your last activity", "until you have been inactive") if en else
                ("etter din siste aktivitet", "til du har vært inaktiv"))
    if anchor == "end_of_relationship":
        after, until, _ = _relationship(activity, lang)
        return after, until
    if anchor in ("end_of_calendar_year", "end_of_fiscal_year"):
        year = _year_of(rule, activity, lang)
        if anchor == "end_of_calendar_year":
            point = f"the end of the calendar year {year}" if en else f"utgangen av kalenderåret {year}"
        else:
            point = f"the end of the financial year {year}" if en else f"utgangen av regnskapsåret {year}"
        return ((f"from {point}", f"until {point}") if en else (f"fra {point}", f"til {point}"))
    if anchor == "event":
        return _event(rule.event or "event", lang)
    raise ValueError(anchor)  # until_consent_withdrawn is worded by retention_words


def retention_words(rule: Retention, activity: Activity, lang: str) -> str:
    """One rule as a sentence for the notice (and the RoPA's erasure time limits)."""
    if rule.description is not None:
        return text(rule.description, lang)
    en = lang == "en"
    then = _then(rule, lang)
    if rule.anchor == "until_consent_withdrawn":
        objection = activity.purpose.startswith("marketing")
        if en:
            sentence = "Kept until you withdraw your consent" + (" or object" if objection else "")
            if rule.period:
                sentence += f", and for no longer than {period_words(rule.period, lang)}"
        else:
            sentence = "Lagres til du trekker tilbake samtykket" + (" eller protesterer" if objection else "")
            if rule.period:
                sentence += f", men ikke lenger enn {period_words(rule.period, lang)}"
        sentence += then
    else:
        after, until = _reference_point(rule, activity, lang)
        if rule.period is None:
            sentence = (f"Kept {until}" if en else f"Lagres {until}") + then
        elif is_zero(rule.period):
            verb = _verb(rule, lang)
            if after.startswith(("from ", "fra ")):
                sentence = f"{verb} {'at' if en else 'ved'} {after.split(' ', 1)[1]}"
            else:
                sentence = f"{verb} {'right' if en else 'rett'} {after}"
        else:
            length = period_words(rule.period, lang)
            sentence = (f"Kept for {length} {after}" if en else f"Lagres i {length} {after}") + then
    sentence += _condition(rule, lang) + "."
    if rule.review_every:
        every = every_words(rule.review_every, lang)
        sentence += (f" We review it {every} and delete what we no longer need." if en else
                     f" Vi gjennomgår opplysningene {every} og sletter det vi ikke lenger trenger.")
    return sentence


def _verb(rule: Retention, lang: str) -> str:
    if lang == "en":
        return "Anonymised" if rule.action == "anonymise" else "Deleted"
    return "Anonymiseres" if rule.action == "anonymise" else "Slettes"


def _then(rule: Retention, lang: str) -> str:
    if lang == "en":
        return ", then anonymised" if rule.action == "anonymise" else ", then deleted"
    return ", og anonymiseres deretter" if rule.action == "anonymise" else ", og slettes deretter"


def _collection_words(collection: str) -> str:
    return collection.rsplit(".", 1)[-1].replace("_", " ")


def _condition(rule: Retention, lang: str) -> str:
    condition = rule.condition
    if condition is None:
        return ""
    en = lang == "en"
    if condition.unless_exists is not None:
        collection = condition.unless_exists.collection
        if "customer" in collection:
            return " (unless you have become our customer)" if en else " (med mindre du har blitt kunde hos oss)"
        words = _collection_words(collection)
        return (f" (unless it is linked to a record in “{words}”)" if en else
                f" (med mindre opplysningene er knyttet til en oppføring i «{words}»)")
    if condition.only_if_exists is not None:
        words = _collection_words(condition.only_if_exists.collection)
        return (f" (where it is linked to a record in “{words}”)" if en else
                f" (når opplysningene er knyttet til en oppføring i «{words}»)")
    return ""


def retention_sentences(activity: Activity, lang: str) -> list[str]:
    rules = activity.retention_rules()
    if not rules:
        return [
            "We keep it only as long as needed for this purpose; no fixed period has been set."
            if lang == "en" else
            "Vi lagrer opplysningene bare så lenge det er nødvendig for formålet; det er ikke satt en fast lagringstid."
        ]
    return [retention_words(rule, activity, lang) for rule in rules]


def cookie_duration(duration: str, lang: str) -> str:
    if duration == "session":
        return "until you close the browser" if lang == "en" else "til du lukker nettleseren"
    return period_words(duration, lang)
