"""Rights of the data subject named in the policy (one finding per right per sentence).

A right counts where the sentence grants or offers it ("you have the right to", "du kan be
om", "request", "ønsker du at vi sletter", "we enable your rights of"), not where the same
word describes what the company does ("access is restricted to authorised staff",
"data will be erased after 12 months"). Headings are skipped.
"""

from __future__ import annotations

import re

from personvern.policytext.entities import RightFinding, Span
from personvern.policytext.sentences import Sentence

I = re.IGNORECASE
CONTEXT = re.compile(
    r"\b(?:rights?|entitled|you (?:may|can|have|are able)|the data subject (?:may|can|has)|request|ask (?:us|for)"
    r"|if you (?:want|wish|would like)|want us to|contact us|enable your|obtain|lodge|complain"
    r"|rett(?:en|ighet(?:er|ene)?)?|du kan|du har|be om|ber om|krev(?:e|er)|ønsker du|dersom du ønsker|hvis du ønsker"
    r"|kontakt oss|ta kontakt|klage)\b",
    I,
)
RIGHTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("access", re.compile(
        r"\b(?:access(?! control)|obtain confirmation|copy of (?:your|the|all)? ?(?:personal )?(?:data|information)"
        r"|what (?:personal )?(?:data|information) we (?:hold|have|store|process)|innsyn|kopi av (?:dine |de )?(?:personopplysninger|opplysninger|data)"
        r"|hvilke (?:person)?opplysninger vi (?:har|lagrer|behandler))", I)),
    ("rectification", re.compile(
        r"\b(?:rectif\w*|correct(?:ion|ed|ing)?|updat(?:e|ed|ing)|amend\w*|chang(?:e|ed|ing)(?= (?:your|personal|the|of|and|or|,))"
        r"|rett(?:e|ing|ede)\b|korriger\w*|endr(?:e|ing|et)\b|oppdater\w*)", I)),
    ("erasure", re.compile(
        r"\b(?:eras(?:e|ure|ed)|delet(?:e|ed|ion)|to be forgotten|remov(?:e|al) (?:of )?(?:your|the|all)"
        r"|slett(?:e|es|et|ing|er)?|bli glemt)\b", I)),
    ("restriction", re.compile(
        r"\b(?:restrict(?:ion|ed)?(?: of)? (?:the )?(?:processing|use)|restrict (?:the |our )?(?:processing|use)|blocking|restriction of processing"
        r"|begrens\w* (?:av |på )?(?:behandling\w*|bruk\w*)|begrense (?:behandlingen|bruken))", I)),
    ("portability", re.compile(
        r"\b(?:portab\w*|structured, commonly used|transfer(?:red)? (?:your data )?to another controller"
        r"|dataportabilitet|flytt\w* (?:dine )?(?:person)?opplysninger|overføre (?:dine )?(?:person)?opplysninger til en annen)", I)),
    ("objection", re.compile(
        r"\b(?:object(?:ion|ing)?\b(?! of)|opposition|oppose (?:the|our) processing|protest\w*|motsett\w*|reserver\w* deg)", I)),
    ("withdraw_consent", re.compile(
        r"\b(?:withdraw\w* (?:your |their |his or her |the |any )?consent|revoke (?:your |the )?consent|consent (?:can|may) be withdrawn"
        r"|trekke (?:tilbake )?(?:ditt |et |samtykket|samtykke)|tilbakekalle (?:ditt )?samtykke|trekke samtykket"
        r"|samtykket? (?:kan )?(?:trekkes|tilbakekalles))", I)),
    ("automated_decisions", re.compile(
        r"\b(?:automated (?:individual )?decision|not to be subject to a decision based solely|automatiserte? (?:individuelle )?"
        r"(?:avgjørelser?|beslutning(?:er)?))", I)),
    ("complaint", re.compile(
        r"\b(?:lodge a complaint|complain(?:t)? (?:to|with)|file a complaint|klage (?:til|på|hos)|sende (?:en )?klage"
        r"|rett til å klage)", I)),
)
SUBJECT = re.compile(r"\b(?:you|your|du|deg|dine|din|ditt|the data subject|data subjects'?|end users?|den registrerte|de registrerte)\b", I)
ACCESS_WORD = re.compile(r"\baccess\w*", I)
ACCESS_OK = re.compile(
    r"\b(?:rights? (?:of|to) access|access (?:to|of) (?:your |the |all |which |content )?\w*.{0,40}?(?:data|information)"
    r"|access,|access and|access or|request access|right of access)", I)
NOT_ERASURE = re.compile(r"\b(?:cookies?|informasjonskaps\w*|browser|nettleser\w*)\b", I)


def find_rights(sentences: list[Sentence]) -> list[RightFinding]:
    found: list[RightFinding] = []
    for sentence in sentences:
        text = sentence.text
        if sentence.heading or not CONTEXT.search(text) or not SUBJECT.search(text):
            continue
        span = Span(sentence.start, sentence.end, text)
        for right, pattern in RIGHTS:
            if not pattern.search(text):
                continue
            if right == "access" and ACCESS_WORD.search(text) and not ACCESS_OK.search(text) and not re.search(
                r"innsyn|obtain confirmation|copy of|kopi av|hvilke", text, I
            ):
                continue
            if right in ("erasure", "rectification", "access") and NOT_ERASURE.search(text) and not re.search(r"\bright|\brett", text, I):
                continue
            found.append(RightFinding(span, right))
    return found
