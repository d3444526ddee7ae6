"""Recipients and categories of recipients, and transfers out of the EU/EEA with their mechanism."""

from __future__ import annotations

import re

from personvern.policytext.entities import RecipientFinding, Span, TransferFinding
from personvern.policytext.sentences import Sentence

I = re.IGNORECASE
# (pattern, name, role); a sentence yields one finding listing every recipient named in it.
RECIPIENTS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, I), name, role)
    for pattern, name, role in (
        (r"\bsub-?processors?\b|\bunderdatabehandler\w*", "sub-processors", "processor"),
        (r"\b(?<!sub-)(?<!sub)(?:data )?processors?\b(?! of)|\bdatabehandler(?:e|en|ne)?\b", "processors", "processor"),
        (r"\bsub-?contractors?\b|\bunderleverandør\w*", "subcontractors", "processor"),
        (r"\b(?:hosting|host) (?:service )?(?:partners?|providers?|company)\b|\bhosted (?:in|by|at)\b|\b(?:drifts|server|hosting)leverandør\w*|\bserver provider\b",
         "hosting provider", "processor"),
        (r"\bcloud(?:-based)? (?:service )?(?:providers?|solutions?|services?)\b|\bskybaserte? (?:løsninger|tjenester)\b", "cloud services", "processor"),
        (r"\bpayment (?:gateway |service )?(?:providers?|institutions?|operators?|processors?)\b|\bbetalings(?:leverandør|løsning|tjeneste)\w*",
         "payment provider", "processor"),
        (r"\b(?:service|IT|software|technology|e-?mail|analytics?) (?:providers|suppliers|vendors)\b|\b(?:leverandører|tjenesteleverandører)\b",
         "service providers", "processor"),
        (r"\b(?:accountants?|auditors?|regnskapsfører\w*|revisor\w*)\b", "accountant/auditor", "processor"),
        (r"\b(?:third[- ]part(?:y|ies)|outside parties|other parties|credible parties|tredjepart\w*|andre (?:troverdige )?parter)\b",
         "third parties", "third_party"),
        (r"\b(?:partners?|affiliates?|samarbeidspartner\w*|group companies|konsern\w*)\b", "partners", "third_party"),
        (r"\b(?:law enforcement|police|courts?|authorit(?:y|ies)|governments?|tax (?:authorit\w*|inspection|administration)"
         r"|politi(?:et)?|domstol\w*|myndighet\w*|Skatteetaten|NAV|tollvesenet|release your information)\b", "authorities", "authority"),
        (r"\b(?:debt collect\w*|inkasso\w*|credit (?:rating|reference) agenc\w*|kredittopplysning\w*)\b", "financial institutions", "third_party"),
        (r"\b(?:acquisition|merger|oppkjøp|fusjon)\b", "acquirer", "third_party"),
        (r"\b(?:independent|separate|joint) (?:data )?controllers?\b|\bselvstendige? behandlingsansvarlige?\b|\bfelles behandlingsansvar\w*",
         "independent controllers", "controller"),
    )
)
VENDORS = re.compile(
    r"\b(?:Google(?: Analytics| Ireland| LLC)?|Microsoft(?: Azure| 365)?|Azure|Amazon Web Services|AWS|Linode|Cloudflare|Mailchimp|Stripe"
    r"|HubSpot|Salesforce|Zendesk|Intercom|Meta(?: Platforms)?|Facebook|LinkedIn|Vipps|Klarna|Nets|Tripletex|Fiken|Visma|PowerOffice"
    r"|Slack|Asana|Twilio|SendGrid|Hetzner|DigitalOcean|Domeneshop|Shopify|WooCommerce|PayPal|Adyen|Posten|Bring|PostNord|Helthjem"
    r"|Hotjar|Matomo|Plausible|Freshdesk|Pipedrive|Trello|Dropbox|Atlassian|Jira|Zoom|Teams|Internet Vizija|Sentry|Mixpanel"
    r"|Segment|Brevo|Sendinblue|Make|Zapier|Oracle|IBM|Telenor|Telia|Altinn)\b"
)
DISCLOSE = re.compile(
    r"\b(?:share|shared|disclos\w*|transfer\w*|provid\w*|release|sell|trade|give|given|access|hosted|stored|store|process\w*|assist"
    r"|maintained|uses?|used|monitored|encrypted|built on|hand over|transmit\w*|sent|send|receive\w*|delivering|lagr\w*|utlever\w*"
    r"|dele[rs]?|deles|overfør\w*|behandle\w*|gi[rs]?|gitt|tilgang|bruke[rs]?|benytte[rs]?|levere\w*|sende[rs]?|videreformidl\w*)\b",
    I,
)
AUTHORITY_WEAK = re.compile(r"^(?:authorit(?:y|ies)|myndighet\w*)$", I)

TRANSFER_CONTEXT = re.compile(
    r"\b(?:outside (?:of )?(?:the )?(?:EU|EEA|EØS|European Union|European Economic Area|Norway|Europe)|third countr(?:y|ies)"
    r"|utenfor (?:EU|EØS|Norge|Europa)|tredjeland\w*|transfer\w* (?:of (?:personal )?data )?to (?:the )?(?:USA|US|United States)"
    r"|overfør\w* (?:til )?(?:USA|land utenfor)|Data Privacy Framework|Privacy Shield|standard (?:contractual clauses|personvernbestemmelser)"
    r"|standardavtale\w*|standardkontraktsklausul\w*|SCCs?\b|binding corporate rules|bindende virksomhetsregler|adequacy decision"
    r"|adequate (?:level of )?protection|tilstrekkelig beskyttelsesnivå|beslutning om tilstrekkelig)",
    I,
)
LOCATION = re.compile(
    r"\b(?:(?:hosted|stored|located|processed|kept|lagres|lagret|driftes|behandles)\b.{0,40}\b(?:in|within|i|innenfor)\s+(?:the\s+)?"
    r"(?:EU|EEA|EØS|Europe|European Union|Norway|Norge|Germany|Ireland|Sweden|Sverige|Finland|Denmark|Danmark|the Netherlands|Nederland|Tyskland|Irland|Frankrike|France)\b)",
    I,
)
NEGATION = re.compile(r"\b(?:no|not|never|ikke|aldri|ingen|only within|kun innenfor|bare innenfor)\b", I)
MECHANISMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("scc", re.compile(r"\bstandard (?:contractual clauses|data protection clauses|personvernbestemmelser)|standardavtale\w*|standardkontraktsklausul\w*|\bSCCs?\b|EU[- ]?standardklausul\w*|EUs standard", I)),
    ("bcr", re.compile(r"\bbinding corporate rules|bindende virksomhetsregler|\bBCRs?\b", I)),
    ("adequacy", re.compile(r"\badequacy|adequate (?:level of )?protection|tilstrekkelig beskyttelsesnivå|Data Privacy Framework|Privacy Shield"
                            r"|beslutning om tilstrekkelig|artikkel 45|article 45|art\. 45", I)),
    ("art49_derogation", re.compile(r"\b(?:derogation|article 49|art\. 49|artikkel 49|explicit consent to the transfer|unntak)", I)),
    ("art46_2_safeguards", re.compile(r"\b(?:appropriate safeguards|article 46|art\. 46|artikkel 46|nødvendige garantier|egnede garantier)", I)),
    ("info_on_request", re.compile(r"\b(?:copy of (?:the|these) (?:safeguards|clauses)|on request|kopi av garantiene|ved forespørsel)", I)),
)


def find_recipients(sentences: list[Sentence]) -> list[RecipientFinding]:
    found: list[RecipientFinding] = []
    for sentence in sentences:
        text = sentence.text
        if sentence.heading:
            continue
        names: list[str] = []
        roles: list[str] = []
        for pattern, name, role in RECIPIENTS:
            match = pattern.search(text)
            if match and name not in names:
                if role == "authority" and AUTHORITY_WEAK.match(match.group(0)) and re.search(r"supervisory|tilsyn|protection authorit", text, I):
                    continue
                names.append(name)
                roles.append(role)
        for match in VENDORS.finditer(text):
            if match.group(0) not in names:
                names.append(match.group(0))
                roles.append("processor")
        if not names or ("processor" not in roles and "controller" not in roles and not DISCLOSE.search(text)):
            continue
        role = "authority" if roles and all(r == "authority" for r in roles) else (
            "controller" if "controller" in roles else "processor" if "processor" in roles else roles[0])
        found.append(RecipientFinding(Span(sentence.start, sentence.end, text), tuple(names), role))
    return found


def find_transfers(sentences: list[Sentence]) -> list[TransferFinding]:
    found: list[TransferFinding] = []
    for sentence in sentences:
        text = sentence.text
        if sentence.heading:
            continue
        span = Span(sentence.start, sentence.end, text)
        if TRANSFER_CONTEXT.search(text):
            mechanism = next((name for name, pattern in MECHANISMS if pattern.search(text)), None)
            if mechanism is None:
                negated = NEGATION.search(text)
                mechanism = "no_transfer" if negated else "chapter_v_unspecified"
            countries = tuple(dict.fromkeys(m.group(0) for m in re.finditer(r"\b(?:USA|US|United States|UK|United Kingdom|India|China|Kina|Storbritannia)\b", text)))
            found.append(TransferFinding(span, mechanism, countries))
        elif LOCATION.search(text):
            mechanism = "statement"
            found.append(TransferFinding(span, mechanism, ()))
    return found
