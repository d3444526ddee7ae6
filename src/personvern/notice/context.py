"""The notice as a view model: everything the templates show, already in words.

``build_notice(declaration, lang, meta)`` is pure: the same declaration, language and meta
give the same view (and so the same rendered text), which the golden tests rely on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from personvern.declaration.model import Activity, Declaration, Processor, text
from personvern.notice import legal
from personvern.notice.cookies import CookieTable, cookie_table
from personvern.notice.countries import country_name, in_eea
from personvern.notice.names import readable
from personvern.notice.periods import retention_sentences
from personvern.notice.rights import Right, how_to, rights
from personvern.notice.supervisory import authority_of
from personvern.notice.wording import CONTEXT_ORDER, CONTEXTS, LABELS, date_words, join_words


@dataclass(frozen=True)
class NoticeMeta:
    """Which declaration version a notice shows, and from when."""

    version: int | None
    content_hash: str
    date: date

    def label(self, lang: str) -> str:
        short = self.content_hash[:12]
        if self.version is None:
            return f"draft {short}" if lang == "en" else f"utkast {short}"
        return f"{self.version} ({short})"


@dataclass(frozen=True)
class Item:
    """One labelled fact about an activity; ``key`` names the Art. 13/14 item."""

    key: str
    label: str
    values: list[str]


@dataclass(frozen=True)
class ActivityView:
    key: str
    anchor: str
    name: str
    items: list[Item]
    art14: bool

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)


@dataclass(frozen=True)
class Group:
    context: str
    anchor: str
    heading: str
    activities: list[ActivityView]


@dataclass(frozen=True)
class RecipientView:
    name: str
    service: str
    country: str
    outside_eea: bool
    safeguard: str
    sub_processor_of: str | None
    activities: list[str]


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    children: list[TocEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Contact:
    label: str
    value: str


@dataclass(frozen=True)
class NoticeView:
    lang: str
    other_lang: str
    t: dict[str, str]
    title: str
    controller_name: str
    email: str
    version_line: str
    meta: NoticeMeta
    summary: list[str]
    toc: list[TocEntry]
    controller: list[str]
    contacts: list[Contact]
    dpo: list[str]
    groups: list[Group]
    on_behalf: list[ActivityView]
    recipients: list[RecipientView]
    transfers: list[str]
    retention: list[tuple[ActivityView, list[str]]]
    cookies: CookieTable
    rights: list[Right]
    how_to: list[str]
    complaint: list[str]
    security: list[str]
    children: str | None
    changes: list[str]

    def activities(self) -> list[ActivityView]:
        return [a for g in self.groups for a in g.activities]


def _format_orgnr(number: str, country: str) -> str:
    if country == "NO":
        from stdnum.no import orgnr

        try:
            return orgnr.format(number)
        except Exception:  # noqa: BLE001 - an odd number is shown as written
            return number
    return number


class _Builder:
    def __init__(self, declaration: Declaration, lang: str) -> None:
        self.d = declaration
        self.lang = lang
        self.t = LABELS[lang]
        self.custom = {c.key: text(c.name, lang) for c in declaration.taxonomy.data_categories}
        self.processors = {p.key: p for p in declaration.processors}

    # --- recipients ---------------------------------------------------------------
    def recipients_of(self, activity: Activity) -> list[Processor | str]:
        """Declared recipients plus the sub-processors of those that are processors."""
        out: list[Processor | str] = []
        for key in activity.recipients:
            proc = self.processors.get(key)
            out.append(proc if proc is not None else key)
            if proc is not None:
                out.extend(p for p in self.d.processors if p.sub_processor_of == key and p not in out)
        return out

    def recipient_line(self, recipient: Processor | str) -> str:
        if isinstance(recipient, str):
            return recipient.replace("_", " ")
        line = f"{recipient.name} – {text(recipient.service, self.lang)} ({country_name(recipient.country, self.lang)})"
        if recipient.sub_processor_of and recipient.sub_processor_of in self.processors:
            parent = self.processors[recipient.sub_processor_of].name
            line += f", {'sub-processor for' if self.lang == 'en' else 'underdatabehandler for'} {parent}"
        return line

    def transfer_line(self, proc: Processor) -> str:
        country = country_name(proc.country, self.lang)
        mechanism = legal.mechanism_words(proc.transfer, self.lang)
        if self.lang == "en":
            return f"{proc.name} in {country}, on the basis of {mechanism}."
        return f"{proc.name} i {country}, på grunnlag av {mechanism}."

    # --- activities ---------------------------------------------------------------
    def names(self, keys: list[str]) -> str:
        return join_words([readable(k, self.lang, custom=self.custom) for k in keys], self.lang)

    def activity(self, activity: Activity) -> ActivityView:
        lang, t = self.lang, self.t
        name = text(activity.name, lang)
        category = _cap(readable(activity.purpose, lang))
        why = text(activity.description, lang) or f"{category}."
        items = [
            Item("purpose", t["purpose_category"], [why]),
            Item("data", t["data"], [_cap(self.names(activity.data_categories)) + "."]),
            Item("subjects", t["subjects"], [_cap(self.names(activity.data_subjects)) + "."]),
            Item("source", t["source"], [legal.source_sentence(activity, lang)]),
            Item("legal_basis", t["legal_basis"], [legal.basis_sentence(activity, lang)]),
        ]
        if activity.legitimate_interest is not None:
            li = activity.legitimate_interest
            assessment = text(li.assessment, lang)
            weighed = ("We have weighed this interest against your interests and rights: " if lang == "en"
                       else "Vi har veid denne interessen mot dine interesser og rettigheter: ")
            items.append(Item("legitimate_interest", t["legitimate_interest"],
                              [text(li.interest, lang), weighed + assessment]))
        if activity.article9_condition is not None:
            items.append(Item("article9", t["article9"],
                              [legal.article9_sentence(activity.article9_condition, lang)]))
        recipients = self.recipients_of(activity)
        lines = [self.recipient_line(r) for r in recipients]
        lines += [text(other, lang) for other in activity.other_recipients]
        lines = lines or [t["no_recipients"].format(name=self.d.controller.name)]
        items.append(Item("recipients", t["recipients_item"], lines))
        abroad = [r for r in recipients if isinstance(r, Processor) and not in_eea(r.country)]
        transfers = [self.transfer_line(p) for p in abroad] or [
            "None: the data stays within the EU/EEA." if lang == "en" else
            "Ingen: Opplysningene blir i EU/EØS."]
        items.append(Item("transfers", t["transfers_item"], transfers))
        retention = list(dict.fromkeys(retention_sentences(activity, lang)))
        items.append(Item("retention", t["retention_item"], retention))
        items.append(Item("requirement", t["requirement"], [legal.requirement_sentence(activity, lang)]))
        items.append(Item("automated", t["automated"], [legal.automated_sentence(activity, lang)]))
        choices = legal.choices(activity, lang)
        if choices:
            items.append(Item("choices", t["choices"], choices))
        return ActivityView(activity.key, f"activity-{activity.key}".replace("_", "-"), name, items,
                            art14=activity.source.kind != "data_subject")

    def on_behalf(self, activity: Activity) -> ActivityView:
        lang, t = self.lang, self.t
        client = next((c for c in self.d.clients if c.key == activity.role.on_behalf_of), None)
        name = text(activity.name, lang)
        items = [Item("purpose", t["purpose_category"], [text(activity.description, lang) or name]),
                 Item("data", t["data"], [_cap(self.names(activity.data_categories)) + "."])]
        if client is not None:
            contact = ", ".join(p for p in (client.name, client.email, client.website) if p)
            items.append(Item("controller", t["client_contact"], [contact]))
        else:
            items.append(Item("controller", t["client_contact"], [
                "The customer whose website or service you use." if lang == "en" else
                "Kunden som eier nettstedet eller tjenesten du bruker."]))
        recipients = [self.recipient_line(r) for r in self.recipients_of(activity)]
        if recipients:
            items.append(Item("recipients", t["recipients_item"], recipients))
        return ActivityView(activity.key, f"activity-{activity.key}".replace("_", "-"), name, items, False)


def _cap(words: str) -> str:
    return words[:1].upper() + words[1:]


def build_notice(declaration: Declaration, lang: str, meta: NoticeMeta) -> NoticeView:
    b = _Builder(declaration, lang)
    t, c = b.t, declaration.controller
    en = lang == "en"
    own = [a for a in declaration.activities if a.role.kind == "controller"]
    groups = []
    for context in CONTEXT_ORDER:
        members = [b.activity(a) for a in own if a.context == context]
        if members:
            heading = CONTEXTS[lang][context][0]
            groups.append(Group(context, f"when-{context}".replace("_", "-"), heading, members))
    on_behalf = [b.on_behalf(a) for a in declaration.activities if a.role.kind == "processor"]

    recipients = _recipients(b, own)
    outside = [r for r in recipients if r.outside_eea]
    transfers = [f"{r.name} ({r.country}): {r.safeguard}." for r in outside]
    authority = authority_of(c)
    privacy_center = c.privacy_center_url
    activity_views = [a for g in groups for a in g.activities]
    retention = [(view, view.item("retention").values) for view in activity_views]  # type: ignore[union-attr]
    legal_holds = any(a.legal_basis == "legal_obligation" for a in own)
    automated = any(a.automated_decisions for a in own)
    cookies = cookie_table(declaration, lang)

    summary = _summary(declaration, lang, groups, own, outside, authority.name if authority else None)
    toc = [TocEntry("summary", t["summary"]), TocEntry("controller", t["controller"]),
           TocEntry("processing", t["processing"], [TocEntry(g.anchor, g.heading) for g in groups])]
    if on_behalf:
        toc.append(TocEntry("on-behalf", t["on_behalf"]))
    toc += [TocEntry("recipients", t["recipients"]), TocEntry("transfers", t["transfers"]),
            TocEntry("retention", t["retention"]), TocEntry("cookies", t["cookies"]),
            TocEntry("rights", t["rights"]), TocEntry("complaint", t["complaint"])]
    security = [text(m, lang) for m in c.security_measures]
    if security:
        toc.append(TocEntry("security", t["security"]))
    if c.age_limit is not None:
        toc.append(TocEntry("children", t["children"]))
    toc.append(TocEntry("changes", t["changes"]))

    orgnr = _format_orgnr(c.organisation_number, c.country)
    controller = [
        f"{c.name} ({t['organisation_number']} {orgnr}) is the controller for the processing of "
        "personal data described in this notice." if en else
        f"{c.name} ({t['organisation_number']} {orgnr}) er behandlingsansvarlig for behandlingen av "
        "personopplysninger som beskrives i denne erklæringen."
    ]
    address = f"{c.address.street}, {c.address.postal_code} {c.address.city}, {country_name(c.address.country, lang)}"
    contacts = [Contact(t["address"], address), Contact(t["email"], c.email)]
    if c.phone:
        contacts.append(Contact(t["phone"], c.phone))
    if c.website:
        contacts.append(Contact(t["website"], c.website))
    dpo = _dpo(declaration, lang)

    return NoticeView(
        lang=lang, other_lang="nb" if en else "en", t=t, title=t["title"], controller_name=c.name,
        email=c.email,
        version_line=_version_line(meta, lang), meta=meta, summary=summary, toc=toc,
        controller=controller, contacts=contacts, dpo=dpo, groups=groups, on_behalf=on_behalf,
        recipients=recipients, transfers=transfers, retention=retention, cookies=cookies,
        rights=rights(lang, legal_holds=legal_holds, automated=automated),
        how_to=how_to(lang, email=c.email, privacy_center=privacy_center),
        complaint=legal.complaint_sentences(authority, lang), security=security,
        children=_children(c.age_limit, lang), changes=_changes(meta, lang),
    )


def _recipients(b: _Builder, own: list[Activity]) -> list[RecipientView]:
    out = []
    for proc in b.d.processors:
        users = [text(a.name, b.lang) for a in own if proc in b.recipients_of(a)]
        if not users:
            users = [text(a.name, b.lang) for a in b.d.activities if proc in b.recipients_of(a)]
        parent = b.processors.get(proc.sub_processor_of or "")
        out.append(RecipientView(
            name=proc.name, service=text(proc.service, b.lang), country=country_name(proc.country, b.lang),
            outside_eea=not in_eea(proc.country), safeguard=legal.mechanism_words(proc.transfer, b.lang),
            sub_processor_of=parent.name if parent else None, activities=users,
        ))
    return out


def _dpo(d: Declaration, lang: str) -> list[str]:
    c = d.controller
    out = []
    if c.dpo is not None:
        reach = join_words([p for p in (c.dpo.email, c.dpo.phone) if p], lang)
        generic = any(w in c.dpo.name.lower() for w in ("data protection officer", "personvernombud", "dpo"))
        if lang == "en":
            who = "our data protection officer" if generic else f"our data protection officer, {c.dpo.name},"
            out.append(f"We have appointed a data protection officer. You can reach {who} at {reach}.")
        else:
            who = "personvernombudet vårt" if generic else f"personvernombudet vårt, {c.dpo.name},"
            out.append(f"Vi har utnevnt personvernombud. Du når {who} på {reach}.")
    else:
        out.append(f"We have not appointed a data protection officer. Contact us at {c.email} about "
                   "anything to do with privacy." if lang == "en" else
                   f"Vi har ikke utnevnt personvernombud. Kontakt oss på {c.email} om alt som gjelder "
                   "personvern.")
    if c.representative is not None:
        r = c.representative
        out.append(f"Our representative in the EU (GDPR Art. 27) is {r.name}, {r.email}." if lang == "en"
                   else f"Vår representant i EU (personvernforordningen artikkel 27) er {r.name}, {r.email}.")
    return out


def _summary(d: Declaration, lang: str, groups: list[Group], own: list[Activity],
             outside: list[RecipientView], authority: str | None) -> list[str]:
    en, c = lang == "en", d.controller
    whens = join_words([CONTEXTS[lang][g.context][1] for g in groups], lang)
    out = [
        f"{c.name} is responsible for your personal data: we decide why and how it is processed."
        if en else
        f"{c.name} er behandlingsansvarlig: Vi bestemmer hvorfor og hvordan personopplysningene dine "
        "behandles, og vi har ansvaret for det.",
        f"We process personal data about you when you {whens}." if en else
        f"Vi behandler personopplysninger om deg når du {whens}.",
    ]
    consent = [text(a.name, lang) for a in own if a.legal_basis == "consent"]
    if consent:
        names = join_words(consent, lang)
        out.append(f"Some processing needs your consent ({names}). You can withdraw it at any time."
                   if en else
                   f"Noe av behandlingen krever samtykke fra deg ({names}). Du kan når som helst trekke "
                   "samtykket tilbake.")
    if outside:
        countries = join_words(sorted({r.country for r in outside}), lang)
        out.append(f"Some of our processors handle data outside the EU/EEA ({countries}), always with a "
                   "safeguard the GDPR requires." if en else
                   f"Noen av databehandlerne våre behandler opplysninger utenfor EU/EØS ({countries}), "
                   "alltid med et gyldig overføringsgrunnlag.")
    else:
        out.append("Your data stays within the EU/EEA." if en else "Opplysningene dine blir i EU/EØS.")
    out.append("You have the right to access, correct and delete your data, to object, and more."
               if en else "Du har rett til innsyn, retting og sletting, til å protestere og mer.")
    where = c.privacy_center_url or c.email
    out.append(f"Questions, or want to use your rights? Go to {where}." if en and c.privacy_center_url else
               f"Questions, or want to use your rights? Write to {where}." if en else
               f"Spørsmål, eller vil du bruke rettighetene dine? Gå til {where}." if c.privacy_center_url else
               f"Spørsmål, eller vil du bruke rettighetene dine? Skriv til {where}.")
    if authority:
        out.append(f"You can complain to {authority}." if en else f"Du kan klage til {authority}.")
    return out


def _children(age_limit: int | None, lang: str) -> str | None:
    if age_limit is None:
        return None
    if lang == "en":
        return (f"Our services are not directed at people under {age_limit}. We do not knowingly collect "
                f"personal data from anyone under {age_limit}; if you are under {age_limit}, please do not "
                "give us personal data.")
    return (f"Tjenestene våre er ikke rettet mot personer under {age_limit} år. Vi samler ikke bevisst "
            f"inn personopplysninger om noen under {age_limit} år. Er du under {age_limit} år, ber vi deg "
            "om ikke å gi oss personopplysninger.")


def _version_line(meta: NoticeMeta, lang: str) -> str:
    day, short = date_words(meta.date, lang), meta.content_hash[:12]
    if meta.version is None:
        return (f"Draft, not yet loaded as a declaration version (content hash {short}), generated {day}."
                if lang == "en" else
                f"Utkast, ennå ikke lagret som versjon av erklæringen (kontrollsum {short}), generert {day}.")
    return (f"Version {meta.version}, valid from {day} (content hash {short})." if lang == "en" else
            f"Versjon {meta.version}, gjeldende fra {day} (kontrollsum {short}).")


def _changes(meta: NoticeMeta, lang: str) -> list[str]:
    day = date_words(meta.date, lang)
    if lang == "en":
        which = f"version {meta.version}" if meta.version is not None else "a draft"
        return [
            "When we change how we process personal data, we update this notice, and we tell you "
            "about significant changes.",
            f"This notice is generated from {which} of our declaration of processing ({day}), the "
            "same declaration that runs our systems, so what it says and what we do cannot drift apart.",
        ]
    which = f"versjon {meta.version}" if meta.version is not None else "et utkast"
    return [
        "Når vi endrer hvordan vi behandler personopplysninger, oppdaterer vi denne erklæringen, og "
        "vesentlige endringer gir vi deg beskjed om.",
        f"Erklæringen er laget automatisk fra {which} av oversikten over behandlingene våre ({day}), "
        "den samme oversikten som styrer systemene våre. Slik stemmer erklæringen alltid med det vi "
        "faktisk gjør.",
    ]
