"""What changed between two declaration versions, in words: the changes a company must tell
people about (a new purpose, another legal basis, a new processor, a longer retention...).

The comparison is semantic: activities, processors, clients and cookies are matched by
their keys, and each difference is worded with the notice's own phrases, per language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from personvern.declaration.model import Activity, Declaration, Processor, text
from personvern.notice import legal
from personvern.notice.cookies import category_name
from personvern.notice.countries import country_name, in_eea
from personvern.notice.names import readable
from personvern.notice.periods import cookie_duration, period_words, retention_sentences
from personvern.notice.supervisory import authority_of
from personvern.notice.wording import join_words


@dataclass(frozen=True)
class Change:
    area: str  # controller | activity | processor | client | cookies
    subject: str  # the key of what changed ("" for the controller)
    text: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _end(sentence: str) -> str:
    return sentence if sentence.endswith(".") else sentence + "."


def _q(value: str, lang: str) -> str:
    return f"“{value}”" if lang == "en" else f"«{value}»"


class _Differ:
    def __init__(self, old: Declaration, new: Declaration, lang: str) -> None:
        self.old, self.new, self.lang = old, new, lang
        self.en = lang == "en"
        self.changes: list[Change] = []

    def say(self, area: str, subject: str, en: str, nb: str) -> None:
        self.changes.append(Change(area, subject, en if self.en else nb))

    def changed(self, area: str, subject: str, what: tuple[str, str], old: str, new: str) -> None:
        if old == new:
            return
        q = lambda v: _q(v.rstrip("."), self.lang) if v else ("(none)" if self.en else "(ingen)")  # noqa: E731
        self.say(area, subject, f"{what[0]} changed from {q(old)} to {q(new)}.",
                 f"{what[1]} er endret fra {q(old)} til {q(new)}.")

    # --- controller -----------------------------------------------------------------
    def controller(self) -> None:
        o, n = self.old.controller, self.new.controller
        a = lambda c: f"{c.address.street}, {c.address.postal_code} {c.address.city}"  # noqa: E731
        person = lambda p: f"{p.name}, {p.email}" if p else ""  # noqa: E731
        authority = lambda c: (authority_of(c).name if authority_of(c) else "")  # noqa: E731
        for what, get in [
            (("The controller's name", "Navnet på den behandlingsansvarlige"), lambda c: c.name),
            (("The organisation number", "Organisasjonsnummeret"), lambda c: c.organisation_number),
            (("Our address", "Adressen vår"), a),
            (("Our email address for privacy questions", "E-postadressen vår for personvernspørsmål"),
             lambda c: c.email),
            (("Our phone number", "Telefonnummeret vårt"), lambda c: c.phone or ""),
            (("The data protection officer", "Personvernombudet"), lambda c: person(c.dpo)),
            (("Our representative in the EU", "Representanten vår i EU"), lambda c: person(c.representative)),
            (("The supervisory authority", "Tilsynsmyndigheten"), authority),
            (("The privacy center", "Personvernsenteret"), lambda c: c.privacy_center_url or ""),
            (("The age limit", "Aldersgrensen"), lambda c: str(c.age_limit) if c.age_limit is not None else ""),
        ]:
            self.changed("controller", "", what, get(o), get(n))
        old_m = [text(m, self.lang) for m in o.security_measures]
        new_m = [text(m, self.lang) for m in n.security_measures]
        for m in new_m:
            if m not in old_m:
                self.say("controller", "", f"New security measure: {m}", f"Nytt sikkerhetstiltak: {m}")
        for m in old_m:
            if m not in new_m:
                self.say("controller", "", f"Security measure removed: {m}", f"Sikkerhetstiltak fjernet: {m}")

    # --- processors -----------------------------------------------------------------
    def processor_words(self, p: Processor) -> str:
        words = f"{p.name} – {text(p.service, self.lang)} ({country_name(p.country, self.lang)})"
        if not in_eea(p.country):
            mech = legal.mechanism_words(p.transfer, self.lang)
            words += (f", outside the EU/EEA, on the basis of {mech}" if self.en else
                      f", utenfor EU/EØS, på grunnlag av {mech}")
        return words

    def processors(self) -> None:
        old = {p.key: p for p in self.old.processors}
        new = {p.key: p for p in self.new.processors}
        for key, p in new.items():
            if key not in old:
                self.say("processor", key, _end(f"New processor: {self.processor_words(p)}"),
                         _end(f"Ny databehandler: {self.processor_words(p)}"))
        for key, p in old.items():
            if key not in new:
                self.say("processor", key, f"We no longer use the processor {p.name}.",
                         f"Vi bruker ikke lenger databehandleren {p.name}.")
                continue
            q = new[key]
            if key in new and self.processor_words(p) != self.processor_words(q):
                self.changed("processor", key, (f"The processor {p.name}", f"Databehandleren {p.name}"),
                             self.processor_words(p), self.processor_words(q))

    # --- activities -----------------------------------------------------------------
    def activities(self) -> None:
        old = {a.key: a for a in self.old.activities}
        new = {a.key: a for a in self.new.activities}
        for key, a in new.items():
            if key not in old:
                name, basis = _q(text(a.name, self.lang), self.lang), legal.basis_short(a.legal_basis, self.lang)
                retention = " ".join(retention_sentences(a, self.lang))
                self.say("activity", key, f"New processing: {name}, on the basis of {basis}. {retention}",
                         f"Ny behandling: {name}, med behandlingsgrunnlag {basis}. {retention}")
        for key, a in old.items():
            if key not in new:
                name = _q(text(a.name, self.lang), self.lang)
                self.say("activity", key, f"We no longer carry out the processing {name}.",
                         f"Vi har avsluttet behandlingen {name}.")
            else:
                self.activity(a, new[key])

    def activity(self, o: Activity, n: Activity) -> None:
        lang, key = self.lang, n.key
        name = _q(text(n.name, lang), lang)
        ch = lambda en, nb, get: self.changed("activity", key, (en, nb), get(o), get(n))  # noqa: E731
        ch(f"The name of {name}", f"Navnet på {name}", lambda a: text(a.name, lang))
        ch(f"The purpose of {name}", f"Formålet med {name}",
           lambda a: text(a.description, lang) or readable(a.purpose, lang))
        ch(f"The legal basis of {name}", f"Behandlingsgrunnlaget for {name}",
           lambda a: legal.basis_short(a.legal_basis, lang) + (f", {a.law}" if a.law else ""))
        ch(f"The legitimate interest pursued by {name}", f"Den berettigede interessen bak {name}",
           lambda a: text(a.legitimate_interest.interest, lang) if a.legitimate_interest else "")
        ch(f"The special-category condition of {name}", f"Unntaket for særlige kategorier i {name}",
           lambda a: legal.article9_short(a.article9_condition, lang) if a.article9_condition else "")
        ch(f"The retention of {name}", f"Lagringstiden for {name}",
           lambda a: " ".join(dict.fromkeys(retention_sentences(a, lang))))
        ch(f"The source of the data in {name}", f"Kilden for opplysningene i {name}",
           lambda a: legal.source_sentence(a, lang))
        ch(f"Whether you must give the data for {name}", f"Om du må gi oss opplysningene i {name}",
           lambda a: legal.requirement_sentence(a, lang))
        ch(f"Automated decisions in {name}", f"Automatiserte avgjørelser i {name}",
           lambda a: legal.automated_sentence(a, lang))
        self.added_removed(key, o.data_categories, n.data_categories, lambda k: readable(k, lang),
                           (f"{name} now also processes", f"{name} omfatter nå også"),
                           (f"{name} no longer processes", f"{name} omfatter ikke lenger"))
        self.added_removed(key, o.data_subjects, n.data_subjects, lambda k: readable(k, lang),
                           (f"{name} now also concerns", f"{name} gjelder nå også"),
                           (f"{name} no longer concerns", f"{name} gjelder ikke lenger"))
        procs = {p.key: p for p in (*self.old.processors, *self.new.processors)}
        words = lambda k: procs[k].name if k in procs else k.replace("_", " ")  # noqa: E731
        self.added_removed(key, o.recipients, n.recipients, words,
                           (f"{name} now shares data with", f"{name} deler nå opplysninger med"),
                           (f"{name} no longer shares data with", f"{name} deler ikke lenger opplysninger med"))
        self.added_removed(key, [text(r, lang) for r in o.other_recipients],
                           [text(r, lang) for r in n.other_recipients], lambda r: r,
                           (f"{name} now shares data with", f"{name} deler nå opplysninger med"),
                           (f"{name} no longer shares data with", f"{name} deler ikke lenger opplysninger med"))

    def added_removed(self, key: str, old: list[str], new: list[str], words: Callable[[str], str],
                      added: tuple[str, str], removed: tuple[str, str]) -> None:
        plus = [words(k) for k in new if k not in old]
        minus = [words(k) for k in old if k not in new]
        if plus:
            self.say("activity", key, _end(f"{added[0]}: {join_words(plus, 'en')}"),
                     _end(f"{added[1]}: {join_words(plus, 'nb')}"))
        if minus:
            self.say("activity", key, _end(f"{removed[0]}: {join_words(minus, 'en')}"),
                     _end(f"{removed[1]}: {join_words(minus, 'nb')}"))

    # --- cookies and clients --------------------------------------------------------
    def cookies(self) -> None:
        lang = self.lang

        def index(d: Declaration) -> dict[str, str]:
            out = {}
            for s in d.cookies.services:
                for c in s.cookies:
                    out[c.name] = (f"{category_name(d, s.category, lang)[0]}, "
                                   f"{cookie_duration(c.duration, lang)}, {s.name}")
            return out

        old, new = index(self.old), index(self.new)
        for name, words in new.items():
            if name not in old:
                self.say("cookies", name, f"New cookie {name} ({words}).",
                         f"Ny informasjonskapsel {name} ({words}).")
            elif old[name] != words:
                self.changed("cookies", name, (f"The cookie {name}", f"Informasjonskapselen {name}"),
                             old[name], words)
        for name in old:
            if name not in new:
                self.say("cookies", name, f"We no longer set the cookie {name}.",
                         f"Vi setter ikke lenger informasjonskapselen {name}.")
        self.changed("cookies", "", ("How long a cookie consent lasts", "Hvor lenge et samtykke til informasjonskapsler varer"),
                     period_words(self.old.cookies.validity, lang), period_words(self.new.cookies.validity, lang))

    def clients(self) -> None:
        old = {c.key: c.name for c in self.old.clients}
        new = {c.key: c.name for c in self.new.clients}
        for key in sorted(new.keys() - old.keys()):
            self.say("client", key, f"We now also process data on behalf of {new[key]}.",
                     f"Vi behandler nå også opplysninger på vegne av {new[key]}.")
        for key in sorted(old.keys() - new.keys()):
            self.say("client", key, f"We no longer process data on behalf of {old[key]}.",
                     f"Vi behandler ikke lenger opplysninger på vegne av {old[key]}.")


def diff(old: Declaration, new: Declaration, lang: str = "en") -> list[Change]:
    """Every change between ``old`` and ``new`` worth telling people, in ``lang``."""
    differ = _Differ(old, new, lang)
    differ.controller()
    differ.activities()
    differ.processors()
    differ.clients()
    differ.cookies()
    return differ.changes


def render_text(changes: list[Change], lang: str, *, title: str) -> str:
    if not changes:
        none = ("No changes that affect the privacy notice." if lang == "en" else
                "Ingen endringer som påvirker personvernerklæringen.")
        return f"{title}\n\n{none}\n"
    return title + "\n\n" + "".join(f"- {c.text}\n" for c in changes)
