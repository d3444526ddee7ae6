"""Periods, retention sentences, citations and taxonomy names, per language."""

from __future__ import annotations

import pytest

from personvern.declaration.model import Activity, Retention
from personvern.declaration.taxonomy import fides_taxonomy
from personvern.notice.names import DATA_CATEGORIES, DATA_SUBJECTS, DATA_USES, readable
from personvern.notice.periods import every_words, period_words, retention_words
from personvern.notice.wording import article, date_words, join_words


def activity(**overrides) -> Activity:
    values = {"key": "a", "name": "A", "purpose": "finance", "legal_basis": "legal_obligation",
              "data_subjects": ["customer"], "data_categories": ["user.name"], "context": "purchase"}
    values.update(overrides)
    return Activity.model_validate(values)


@pytest.mark.parametrize(("period", "en", "nb"), [
    ("P5Y", "5 years", "5 år"), ("P1Y", "1 year", "1 år"), ("P1M", "1 month", "1 måned"),
    ("P24M", "24 months", "24 måneder"), ("P1D", "1 day", "1 dag"), ("P30D", "30 days", "30 dager"),
    ("P2W", "2 weeks", "2 uker"), ("P1Y6M", "1 year and 6 months", "1 år og 6 måneder"),
    ("P1Y2M3D", "1 year, 2 months and 3 days", "1 år, 2 måneder og 3 dager"),
])
def test_period_words(period, en, nb):
    assert period_words(period, "en") == en
    assert period_words(period, "nb") == nb


def test_review_cycle_words():
    assert every_words("P12M", "en") == "every 12 months"
    assert every_words("P12M", "nb") == "hver 12. måned"
    assert every_words("P1Y", "nb") == "hvert år"
    assert every_words("P2Y", "nb") == "hvert 2. år"


def test_the_bookkeeping_sentence():
    rule = Retention(period="P5Y", anchor="end_of_calendar_year", field="placed_at")
    assert retention_words(rule, activity(), "en") == (
        "Kept for 5 years from the end of the calendar year of the transaction, then deleted.")
    assert retention_words(rule, activity(), "nb") == (
        "Lagres i 5 år fra utgangen av kalenderåret for transaksjonen, og slettes deretter.")


@pytest.mark.parametrize(("rule", "context", "en", "nb"), [
    ({"period": "P30D", "anchor": "collected", "action": "anonymise"}, "website",
     "Kept for 30 days from when it was collected, then anonymised.",
     "Lagres i 30 dager etter at opplysningene ble samlet inn, og anonymiseres deretter."),
    ({"period": "P10Y", "anchor": "end_of_fiscal_year", "field": "cancelled_at"}, "account",
     "Kept for 10 years from the end of the financial year in which you closed your account, then deleted.",
     "Lagres i 10 år fra utgangen av regnskapsåret da du avsluttet kontoen, og slettes deretter."),
    ({"period": "P0D", "anchor": "event", "event": "event_held"}, "event",
     "Deleted right after the event.", "Slettes rett etter arrangementet."),
    ({"period": "P0D", "anchor": "end_of_relationship"}, "account",
     "Deleted right after you close your account.", "Slettes rett etter at du har avsluttet kontoen."),
    ({"anchor": "until_consent_withdrawn"}, "newsletter",
     "Kept until you withdraw your consent, then deleted.",
     "Lagres til du trekker tilbake samtykket, og slettes deretter."),
    ({"period": "P24M", "anchor": "collected",
      "condition": {"unless_exists": {"collection": "crm.customers", "match": {"email": "email"}}}}, "contact",
     "Kept for 24 months from when it was collected, then deleted (unless you have become our customer).",
     "Lagres i 24 måneder etter at opplysningene ble samlet inn, og slettes deretter (med mindre du har blitt kunde hos oss)."),
    ({"period": "P30D", "anchor": "last_activity", "review_every": "P12M"}, "customer_relationship",
     "Kept for 30 days after your last activity, then deleted. We review it every 12 months and delete what we no longer need.",
     "Lagres i 30 dager etter din siste aktivitet, og slettes deretter. Vi gjennomgår opplysningene hver 12. måned og sletter det vi ikke lenger trenger."),
    ({"period": "P5Y", "anchor": "collected", "description": {"en": "Five years.", "nb": "Fem år."}}, "other",
     "Five years.", "Fem år."),
])
def test_retention_words(rule, context, en, nb):
    a = activity(context=context, legal_basis="consent", purpose="essential.service")
    assert retention_words(Retention.model_validate(rule), a, "en") == en
    assert retention_words(Retention.model_validate(rule), a, "nb") == nb


def test_marketing_retention_mentions_objection():
    a = activity(purpose="marketing.communications.email", legal_basis="consent", context="newsletter")
    rule = Retention(anchor="until_consent_withdrawn")
    assert retention_words(rule, a, "en") == "Kept until you withdraw your consent or object, then deleted."
    assert retention_words(rule, a, "nb") == "Lagres til du trekker tilbake samtykket eller protesterer, og slettes deretter."


def test_citations():
    assert article("6(1)(f)", "en") == "GDPR Art. 6(1)(f)"
    assert article("6(1)(f)", "nb") == "personvernforordningen artikkel 6 nr. 1 bokstav f"
    assert article("9(2)(a)", "nb") == "personvernforordningen artikkel 9 nr. 2 bokstav a"


def test_dates_and_lists():
    from datetime import date

    assert date_words(date(2026, 3, 1), "en") == "1 March 2026"
    assert date_words(date(2026, 3, 1), "nb") == "1. mars 2026"
    assert join_words(["a", "b", "c"], "nb") == "a, b og c"


def test_every_fideslang_key_has_both_names():
    taxonomy = fides_taxonomy()
    assert taxonomy.data_uses <= set(DATA_USES)
    assert taxonomy.data_categories <= set(DATA_CATEGORIES)
    assert taxonomy.data_subjects <= set(DATA_SUBJECTS)
    for table in (DATA_USES, DATA_CATEGORIES, DATA_SUBJECTS):
        for key, (en, nb) in table.items():
            assert en and nb, key


def test_readable_falls_back_to_custom_then_fideslang():
    assert readable("user.contact.email", "nb") == "e-postadresse"
    assert readable("user.workplace.trade_union", "nb", custom={"user.workplace.trade_union": "fagforening"}) == "fagforening"
    assert readable("user.unknown_thing", "en") == "unknown thing"
