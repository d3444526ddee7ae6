"""The named people of the demo company: each one shows a promise of the declaration at work.

Their rows are planted by ``company.py`` relative to the day the database is created; the
landing page lists them as identities to try access and erasure requests with.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CastMember:
    key: str
    first_name: str
    last_name: str
    note: str
    note_nb: str

    @property
    def email(self) -> str:
        return f"{self.first_name}.{self.last_name}@example.com".lower()

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


KARI = CastMember(
    "kari", "Kari", "Nordmann",
    "Customer for six years: orders, invoices (the oldest past the 5-year bookkeeping period), "
    "newsletter, a recent contact-form message, web-log visits and an upcoming course with a nut "
    "allergy. Good for an access request; an erasure request is partly refused (bookkeeping).",
    "Kunde i seks år: ordrer, fakturaer (den eldste forbi bokføringsfristen på 5 år), "
    "nyhetsbrev, en fersk henvendelse, besøk i nettloggen og et kommende kurs med nøtteallergi. "
    "Fin for innsyn; sletting blir delvis avslått (bokføring).",
)
OLA = CastMember(
    "ola", "Ola", "Nordmann",
    "Closed his account two years ago: the account is kept for 10 fiscal years, his account "
    "settings are due for erasure since the cancellation; newsletter consent withdrawn.",
    "Avsluttet kontoen for to år siden: kontoen beholdes i 10 regnskapsår, kontoinnstillingene "
    "skulle vært slettet ved avslutning; samtykke til nyhetsbrev trukket tilbake.",
)
INGRID = CastMember(
    "ingrid", "Ingrid", "Haugen",
    "Wrote through the contact form and became a customer a month later: the message is kept "
    "(customer relationship, 24 months). Rode in a past tour (vegetarian): due for erasure.",
    "Skrev via kontaktskjemaet og ble kunde en måned senere: henvendelsen beholdes "
    "(kundeforhold, 24 måneder). Var med på en tidligere tur (vegetar): skal slettes.",
)
PER = CastMember(
    "per", "Per", "Johansen",
    "Sent a contact-form message 45 days ago and never became a customer (due after 30 days); "
    "applied for a job in a recruitment that is closed (due for deletion).",
    "Sendte en henvendelse for 45 dager siden og ble aldri kunde (skal slettes etter 30 dager); "
    "søkte på en stilling der rekrutteringen er avsluttet (skal slettes).",
)
SOFIE = CastMember(
    "sofie", "Sofie", "Lie",
    "Newsletter subscriber who withdrew her consent three months ago (due for deletion).",
    "Abonnent på nyhetsbrevet som trakk samtykket for tre måneder siden (skal slettes).",
)
EMIL = CastMember(
    "emil", "Emil", "Solberg",
    "Applied for the open web-shop manager position (kept while the recruitment is open); "
    "newsletter subscriber.",
    "Søkte på den ledige stillingen som nettbutikkansvarlig (beholdes mens rekrutteringen pågår); "
    "abonnerer på nyhetsbrevet.",
)
NORA = CastMember(
    "nora", "Nora", "Bakken",
    "Signed up for the upcoming e-bike course for beginners with a gluten-free diet (special "
    "category on explicit consent, erased the day after the event); newsletter subscriber.",
    "Påmeldt det kommende nybegynnerkurset på el-sykkel med glutenfri kost (særlig kategori, "
    "uttrykkelig samtykke, slettes dagen etter arrangementet); abonnerer på nyhetsbrevet.",
)
ARNE = CastMember(
    "arne", "Arne", "Strand",
    "Closed his account twelve years ago: everything about him is past its retention "
    "(10 fiscal years, 5 years for bookkeeping) and goes in the next retention run.",
    "Avsluttet kontoen for tolv år siden: alt om ham er forbi lagringstiden "
    "(10 regnskapsår, 5 år for bokføring) og slettes ved neste kjøring.",
)
JONAS = CastMember(
    "jonas", "Jonas", "Berg",
    "Customer with an invoice unpaid for more than six years (debt collection): kept until "
    "settled although the 5-year period from the purchase has passed.",
    "Kunde med en faktura som har vært ubetalt i over seks år (inkasso): beholdes til den er "
    "gjort opp, selv om fem år fra kjøpet er gått.",
)
MARIA = CastMember(
    "maria", "Maria", "Dahl",
    "Customer who has not logged in for two years: due in the 12-monthly customer review.",
    "Kunde som ikke har logget inn på to år: kommer med i den årlige gjennomgangen av "
    "kunderegisteret.",
)

CAST: tuple[CastMember, ...] = (KARI, OLA, INGRID, PER, SOFIE, EMIL, NORA, ARNE, JONAS, MARIA)
