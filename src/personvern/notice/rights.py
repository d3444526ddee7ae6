"""The rights of the data subject (GDPR Art. 7(3), 15-18, 20-22), in words per language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Right:
    key: str
    title: str
    text: str


def rights(lang: str, *, legal_holds: bool, automated: bool) -> list[Right]:
    """Every right; ``legal_holds``: some data must be kept by law (erasure exception);
    ``automated``: the declaration names automated decisions (Art. 22 is then spelled out)."""
    en = lang == "en"
    erasure = (
        "You can ask us to delete your data, for example when we no longer need it, when you "
        "withdraw a consent, or when you object and we have no overriding reason to continue."
        if en else
        "Du kan be oss slette opplysninger om deg, for eksempel når vi ikke lenger trenger dem, "
        "når du trekker tilbake et samtykke, eller når du protesterer og vi ikke har tungtveiende "
        "grunner til å fortsette."
    )
    if legal_holds:
        erasure += (
            " Data that the law requires us to keep, such as accounting records, is deleted when "
            "the retention period required by law ends." if en else
            " Opplysninger vi er lovpålagt å oppbevare, for eksempel regnskapsmateriale, sletter "
            "vi når den lovbestemte oppbevaringstiden er ute."
        )
    items = [
        Right("access", "Access" if en else "Innsyn",
              "You can ask whether we process personal data about you, and get a copy of the data "
              "together with information about how we use it (Art. 15)." if en else
              "Du kan be om å få vite om vi behandler personopplysninger om deg, og få en kopi av "
              "opplysningene sammen med informasjon om hvordan vi bruker dem (artikkel 15)."),
        Right("rectification", "Rectification" if en else "Retting",
              "You can ask us to correct inaccurate data about you and to complete incomplete data "
              "(Art. 16)." if en else
              "Du kan be oss rette uriktige opplysninger om deg og supplere ufullstendige "
              "opplysninger (artikkel 16)."),
        Right("erasure", "Erasure" if en else "Sletting",
              erasure[:-1] + (" (Art. 17)." if en else " (artikkel 17).")),
        Right("restriction", "Restriction" if en else "Begrensning",
              "You can ask us to restrict the processing: while we check whether the data is "
              "correct or whether your objection is justified, when the processing is unlawful but "
              "you do not want the data deleted, or when you need the data for a legal claim "
              "(Art. 18)." if en else
              "Du kan be oss begrense behandlingen: mens vi undersøker om opplysningene er riktige "
              "eller om protesten din er berettiget, når behandlingen er ulovlig, men du ikke vil at "
              "opplysningene skal slettes, eller når du trenger opplysningene for et rettskrav "
              "(artikkel 18)."),
        Right("portability", "Data portability" if en else "Dataportabilitet",
              "You can receive the data you have given us on the basis of consent or a contract in "
              "a structured, commonly used, machine-readable format (JSON and CSV), or ask us to "
              "send it to another company (Art. 20)." if en else
              "Du kan få utlevert opplysningene du har gitt oss på grunnlag av samtykke eller avtale, "
              "i et strukturert, alminnelig anvendt og maskinlesbart format (JSON og CSV), eller be "
              "oss overføre dem til en annen virksomhet (artikkel 20)."),
        Right("objection", "Objection" if en else "Protest",
              "Where we rely on our legitimate interests, you can object on grounds relating to "
              "your particular situation; we then stop unless we have compelling legitimate grounds "
              "that override your interests, or need the data for a legal claim. You have an "
              "absolute right to object to direct marketing, including profiling for it: when you "
              "object, we stop using your data for direct marketing (Art. 21)." if en else
              "Når behandlingen bygger på vår berettigede interesse, kan du protestere ut fra din "
              "særlige situasjon; da stanser vi behandlingen med mindre vi har tungtveiende "
              "berettigede grunner som går foran dine interesser, eller trenger opplysningene for et "
              "rettskrav. Mot direkte markedsføring, også profilering knyttet til det, har du en "
              "ubetinget rett til å protestere: Når du protesterer, slutter vi å bruke opplysningene "
              "dine til direkte markedsføring (artikkel 21)."),
        Right("withdrawal", "Withdrawing consent" if en else "Tilbaketrekking av samtykke",
              "Where we process data on the basis of your consent, you can withdraw it at any time, "
              "as easily as you gave it. Withdrawal does not affect the lawfulness of the processing "
              "before it (Art. 7(3))." if en else
              "Når vi behandler opplysninger på grunnlag av samtykke, kan du når som helst trekke "
              "samtykket tilbake, like enkelt som du ga det. Tilbaketrekkingen påvirker ikke "
              "lovligheten av behandlingen som ble gjort før den (artikkel 7 nr. 3)."),
    ]
    if automated:
        items.append(Right(
            "automated", "Automated decisions" if en else "Automatiserte avgjørelser",
            "You have the right not to be subject to a decision based solely on automated "
            "processing that has legal or similarly significant effects for you. Where we make "
            "such decisions, you can ask for a person to review the decision, give your view and "
            "contest it (Art. 22)." if en else
            "Du har rett til ikke å være gjenstand for en avgjørelse som utelukkende bygger på "
            "automatisert behandling og som har rettsvirkning for deg eller på tilsvarende måte "
            "påvirker deg i betydelig grad. Der vi treffer slike avgjørelser, kan du kreve at et "
            "menneske vurderer avgjørelsen, gi uttrykk for ditt syn og bestride den (artikkel 22)."))
    return items


def how_to(lang: str, *, email: str, privacy_center: str | None) -> list[str]:
    en = lang == "en"
    if privacy_center:
        where = (f"Use our privacy center at {privacy_center}, or write to {email}." if en else
                 f"Bruk personvernsenteret vårt på {privacy_center}, eller skriv til {email}.")
    else:
        where = f"Write to {email}." if en else f"Skriv til {email}."
    return [
        where,
        "We confirm your identity before we act on a request, so that nobody else gets your data."
        if en else
        "Vi bekrefter identiteten din før vi behandler en henvendelse, slik at ingen andre får "
        "tilgang til opplysningene dine.",
        "We answer without undue delay and within one month. If the request is complex or we "
        "receive many, we may extend this by up to two further months; we will then tell you why "
        "within the first month. Using your rights is free of charge (Art. 12)." if en else
        "Vi svarer uten ugrunnet opphold og senest innen én måned. Er henvendelsen sammensatt, "
        "eller får vi mange, kan vi forlenge fristen med inntil to måneder; da får du beskjed om "
        "hvorfor innen den første måneden. Det er gratis å bruke rettighetene dine (artikkel 12).",
    ]
