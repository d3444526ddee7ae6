"""The demo company's rows outside the shop itself: newsletter, contact form, web log,
recruitment and events (see ``company.py`` for customers and orders)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from personvern.demo.cast import EMIL, INGRID, KARI, NORA, PER, SOFIE
from personvern.demo.people import USER_AGENTS

if TYPE_CHECKING:
    from personvern.demo.company import CompanyBuilder, Customer

CONTACT_MESSAGES = (
    "Hei! Har dere {product} på lager i butikken i Tromsø?",
    "Jeg vil bestille time til årsservice på sykkelen. Når har dere ledig?",
    "Hvilken el-sykkel anbefaler dere for pendling på vinterføre?",
    "Lager dere firmaavtaler for sykler til ansatte?",
    "Kan jeg hente {product} i butikken i stedet for å få den sendt?",
)
CUSTOMER_MESSAGES = (
    "Når kommer bestillingen min? Jeg har ikke fått sporingsnummer.",
    "Batteriet på el-sykkelen lader ikke lenger. Dekkes det av reklamasjonsretten?",
    "Kan jeg bytte {product} til en annen størrelse?",
    "Fakturaen ser ut til å ha feil beløp, kan dere sjekke?",
)
PRODUCT_WORDS = ("piggdekk", "hjelmen Vinterlys", "E-Tur 500", "barnesykler", "lyssett")
PATHS = (
    "/", "/sykler", "/sykler/el-sykkel", "/sykler/el-sykkel/e-tur-500", "/sykler/terreng",
    "/utstyr/hjelmer", "/utstyr/lys", "/verksted/service", "/handlekurv", "/kontakt",
    "/nyhetsbrev", "/jobb", "/arrangementer", "/personvern",
)
ACCOUNT_PATHS = ("/konto", "/konto/ordrer", "/konto/innstillinger", "/kasse")
# (position, applied between these many days ago, recruitment closed days ago or None if open)
POSITIONS = (
    ("Sykkelmekaniker", (430, 470), 400, 8),
    ("Butikkmedarbeider sommersesong", (110, 150), 75, 9),
    ("Nettbutikkansvarlig", (2, 25), None, 6),
)
# (event, days from today: negative in the past, registrations)
EVENTS = (
    ("Felles søndagstur", -380, 9),
    ("Nordlysrittet", -45, 10),
    ("Verkstedkveld: lær å lappe slangen", -5, 7),
    ("Nybegynnerkurs på el-sykkel", 24, 8),
    ("Nordlysrittet", 320, 5),
)
FOOD = (
    "Vegetar", "Vegan", "Glutenfri (cøliaki)", "Laktoseintoleranse", "Nøtteallergi",
    "Fiskeallergi", "Halal",
)
CV_TEXT = (
    "{years} års erfaring fra {place}. Fagbrev som sykkelmekaniker. Liker å skru på alt med hjul.",
    "Har jobbet {years} år i butikk hos {place}. God på kundeservice og kasse.",
    "{years} år med netthandel hos {place}: produktdata, kampanjer og kundeservice.",
)
PLACES = ("Sportshuset", "Fjellbutikken", "Bysykkelverkstedet", "Nettsport", "Havnekiosken")


def add_activity_rows(b: CompanyBuilder, cast: dict[str, Customer]) -> None:
    _newsletter(b, cast)
    _contact(b, cast)
    _web_log(b, cast)
    _recruitment(b)
    _events(b)


def _subscriber(b: CompanyBuilder, email: str, name: str, subscribed_at: datetime,
                withdrawn_at: datetime | None, source: str) -> None:
    b.rows["newsletter_subscribers"].append({
        "email": email, "name": name, "subscribed_at": subscribed_at,
        "consent_withdrawn_at": withdrawn_at, "source": source,
    })


def _newsletter(b: CompanyBuilder, cast: dict[str, Customer]) -> None:
    ola = cast["ola"]
    for customer in b.customers:
        subscribed = customer.created_at + timedelta(minutes=1)
        person = customer.person
        if customer.marketing_opt_in:
            _subscriber(b, person.email, person.name, subscribed, None, "checkout")
        elif customer is ola or (customer.cancelled_at is None and b.rng.random() < 0.15):
            end = customer.cancelled_at or b.base - timedelta(days=1)
            withdrawn = customer.cancelled_at or b.between(subscribed, end)
            _subscriber(b, person.email, person.name, subscribed, withdrawn, "checkout")
    sofie = b.cast(SOFIE)
    _subscriber(b, sofie.email, sofie.name, b.ago(900), b.ago(90), "footer_form")
    for member, days in ((EMIL, 400), (NORA, 60)):
        person = b.cast(member)
        _subscriber(b, person.email, person.name, b.ago(days), None, "footer_form")
    for _ in range(30):
        person = b.people.person()
        subscribed = b.ago(b.rng.randint(2, 2000))
        withdrawn = None
        if b.rng.random() < 0.25:
            withdrawn = b.between(subscribed, b.base - timedelta(hours=1))
        source = b.rng.choice(("footer_form", "event_signup", "competition"))
        _subscriber(b, person.email, person.name, subscribed, withdrawn, source)
    _number_by(b.rows["newsletter_subscribers"], "subscribed_at")


def _contact_row(b: CompanyBuilder, email: str, name: str, phone: str | None, message: str,
                 at: datetime) -> None:
    b.rows["contact_submissions"].append({
        "email": email, "name": name, "phone": phone, "message": message, "submitted_at": at,
    })


def _message(b: CompanyBuilder, templates: tuple[str, ...]) -> str:
    return b.rng.choice(templates).format(product=b.rng.choice(PRODUCT_WORDS))


def _contact(b: CompanyBuilder, cast: dict[str, Customer]) -> None:
    kari = cast["kari"].person
    _contact_row(b, kari.email, kari.name, kari.phone, "Kan dere justere girene på sykkelen min?",
                 b.ago(10))
    ingrid = cast["ingrid"]
    _contact_row(b, ingrid.person.email, ingrid.person.name, None,
                 _message(b, CONTACT_MESSAGES), ingrid.created_at - timedelta(days=30))
    per = b.cast(PER)
    _contact_row(b, per.email, per.name, per.phone, _message(b, CONTACT_MESSAGES), b.ago(45))
    active = [c for c in b.customers if c.cancelled_at is None]
    old = [c for c in active if c.created_at < b.base - timedelta(days=900)]
    for customer in b.rng.sample(old, 3):  # customers' messages past 24 months
        at = b.between(customer.created_at, b.base - timedelta(days=740))
        p = customer.person
        _contact_row(b, p.email, p.name, p.phone, _message(b, CUSTOMER_MESSAGES), at)
    for customer in b.rng.sample(active, 14):  # customers' messages, some before they bought
        p = customer.person
        if b.rng.random() < 0.35:
            at = customer.created_at - timedelta(days=b.rng.randint(1, 40))
            message = _message(b, CONTACT_MESSAGES)
        else:
            at = b.between(max(customer.created_at, b.base - timedelta(days=700)), b.base)
            message = _message(b, CUSTOMER_MESSAGES)
        _contact_row(b, p.email, p.name, p.phone if b.rng.random() < 0.5 else None, message, at)
    for n in range(40):  # people who never became customers
        p = b.people.person()
        at = b.ago(b.rng.randint(0, 29) if n % 3 == 0 else b.rng.randint(31, 1100))
        _contact_row(b, p.email, p.name, p.phone if b.rng.random() < 0.5 else None,
                     _message(b, CONTACT_MESSAGES), at)
    _number_by(b.rows["contact_submissions"], "submitted_at")


def _web_log(b: CompanyBuilder, cast: dict[str, Customer]) -> None:
    active = [c for c in b.customers if c.cancelled_at is None]
    kari = cast["kari"]
    visits = [(b.ago(days), kari) for days in (1, 12, 40, 75)]
    for _ in range(360):
        at = b.between(b.base - timedelta(days=120), b.base - timedelta(minutes=1))
        customer = None
        if b.rng.random() < 0.35:
            candidates = [c for c in active if c.created_at < at]
            customer = b.rng.choice(candidates) if candidates else None
        visits.append((at, customer))
    visits.sort(key=lambda v: v[0])
    for number, (at, customer) in enumerate(visits, start=1):
        logged_in = customer is not None and b.rng.random() < 0.5
        path = b.rng.choice(ACCOUNT_PATHS if logged_in else PATHS)
        method = "POST" if path in ("/kasse", "/kontakt") and b.rng.random() < 0.4 else "GET"
        status = b.rng.choices((200, 304, 301, 404), weights=(85, 8, 4, 3))[0]
        b.rows["web_access_log"].append({
            "id": number, "ts": at, "ip_address": b.people.ip_address(), "method": method,
            "path": path, "status": status, "user_agent": b.rng.choice(USER_AGENTS),
            "customer_id": customer.id if customer is not None else None,
        })


def _recruitment(b: CompanyBuilder) -> None:
    chosen = {"Sykkelmekaniker": PER, "Nettbutikkansvarlig": EMIL}
    for position, (newest, oldest), closed_days, count in POSITIONS:
        closed = None if closed_days is None else b.ago(closed_days)
        applicants = [b.cast(chosen[position])] if position in chosen else []
        applicants += [b.people.person() for _ in range(count - len(applicants))]
        for person in applicants:
            years, place = b.rng.randint(1, 12), b.rng.choice(PLACES)
            cv = b.rng.choice(CV_TEXT).format(years=years, place=place)
            b.rows["job_applications"].append({
                "email": person.email, "name": person.name, "phone": person.phone,
                "position": position, "cv_text": cv,
                "applied_at": b.ago(b.rng.randint(newest, oldest)),
                "recruitment_closed_at": closed,
            })
    _number_by(b.rows["job_applications"], "applied_at")


def _events(b: CompanyBuilder) -> None:
    customers = [c.person for c in b.customers if c.cancelled_at is None]
    planted = {-45: (b.cast(INGRID), "Vegetar"), 24: (b.cast(KARI), "Nøtteallergi")}
    nora = b.cast(NORA)
    for event, offset, count in EVENTS:
        event_date = b.today + timedelta(days=offset)
        people = [(nora, "Glutenfri (cøliaki)")] if offset == 24 else []
        if offset in planted:
            people.append(planted[offset])
        while len(people) < count:
            person = b.rng.choice(customers) if b.rng.random() < 0.3 else b.people.person()
            if any(p.email == person.email for p, _ in people):
                continue
            people.append((person, b.rng.choice(FOOD) if b.rng.random() < 0.4 else None))
        for person, food in people:
            latest = min(event_date - timedelta(days=1), b.today - timedelta(days=1))
            registered = b.ago((b.today - latest).days + b.rng.randint(0, 40))
            b.rows["event_registrations"].append({
                "email": person.email, "name": person.name, "event_name": event,
                "event_date": event_date, "registered_at": registered, "food_preferences": food,
            })
    _number_by(b.rows["event_registrations"], "registered_at")


def _number_by(rows: list[dict[str, object]], key: str) -> None:
    rows.sort(key=lambda r: r[key])  # type: ignore[arg-type, return-value]
    for number, row in enumerate(rows, start=1):
        row["id"] = number
