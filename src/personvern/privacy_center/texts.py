"""The privacy center's page texts in English and Norwegian bokmål."""

from __future__ import annotations

from types import SimpleNamespace

EN: dict[str, str] = {
    "lang_name": "English",
    "title": "Privacy center",
    "skip": "Skip to the content",
    "switch_label": "Language",
    "intro": "Here you can use your rights under the General Data Protection Regulation (GDPR): see the "
             "personal data {company} holds about you, get a copy you can take elsewhere, have it corrected "
             "or erased, restrict its use, object to a purpose or withdraw a consent. It is free.",
    "how": "How it works: you choose what you want and give your email address. We send a one-time code "
           "to that address, so we know the request comes from the person the address belongs to. "
           "Nothing is done before you have entered the code. We answer within one month.",
    "notice_link": "Read our privacy notice",
    "errors_title": "Please correct the following",
    "what_legend": "What do you want?",
    "details_legend": "Details",
    "details_hint": "Fill in only the part that belongs to what you chose above.",
    "correction_label": "What is wrong, and what should it say? (for “Correct my data”)",
    "correction_hint": "For example: “My phone number is +47 912 34 567, not +47 912 34 566.” "
                       "A person checks this before anything is changed.",
    "restriction_label": "Why should we restrict the use? (for “Restrict the use of my data”, optional)",
    "restriction_hint": "For example because you dispute that the data is correct, or have objected and "
                        "are waiting for our answer (GDPR Art. 18).",
    "objection_legend": "Which use do you object to? (for “Object to a purpose”)",
    "withdrawal_legend": "Which consent do you withdraw? (for “Withdraw my consent”)",
    "scope_legend": "What is it about?",
    "scope_own": "What {company} does with my data",
    "scope_own_hint": "Everything {company} decides about itself: the shop, your account, orders, the newsletter.",
    "scope_processor": "{activity}, which {company} runs for {client}",
    "scope_processor_hint": "{client} decides about this data, so we will refer you to them.",
    "who_legend": "Your email address",
    "email_label": "Email address",
    "email_hint": "We send the code here. Use the address you use with {company}.",
    "identity_label": "{name} (optional)",
    "identity_hint": "Only the email address is checked automatically. If you add more, a person checks it "
                     "before anything is done, which can take a little longer.",
    "age_note": "If you are under {age}, ask a parent or guardian to help you.",
    "privacy_note": "We use your address only for this request. Until you have entered the code, we do not "
                    "tell anyone whether we hold data about it.",
    "submit": "Send me a code",
    "verify_title": "Check your email",
    "verify_intro": "We have sent a six-digit code to the address you gave. Enter it here. The code is valid "
                    "for {minutes} minutes.",
    "verify_spam": "No email? Check your spam folder, or start again.",
    "code_label": "Code from the email",
    "code_hint": "Six digits",
    "verify_submit": "Confirm",
    "start_again": "Start again",
    "not_identified_title": "We could not confirm your request",
    "not_identified_expired": "The code has expired.",
    "not_identified_failed": "The code was entered wrongly too many times.",
    "not_identified_body": "Without the code we cannot confirm that the request comes from the person the "
                           "email address belongs to. We therefore cannot identify you, and we have not acted on "
                           "the request (GDPR Art. 11(2) and 12(2)). Nothing has been done with any data.",
    "not_identified_next": "You can start again. If you cannot receive our emails, write to {email}: we may "
                           "ask you for other information to identify you.",
    "status_title": "Your request no. {ref}",
    "asked_for": "You asked for",
    "received_on": "Received",
    "state": "Status",
    "due": "We answer by",
    "due_moved": "The month ends on a day that is not a working day ({moved}), so the time limit runs "
                 "until the next working day.",
    "due_pending": "The time limit starts when you confirm your email address.",
    "extended": "We have extended the time limit by {months} month(s). Why:",
    "progress": "Progress",
    "waiting_approval_required": "A person at {company} looks at requests of this kind before they are carried out.",
    "waiting_rectification": "A person at {company} checks what you asked us to correct before anything is changed.",
    "waiting_extra_identities": "A person at {company} checks the details you gave before the request is carried out.",
    "executing_note": "We are carrying out your request. This page shows the result when it is done.",
    "download_title": "Your copy",
    "download_intro": "Your copy of the personal data we hold about you: {rows} record(s), in a zip file with "
                      "data.json (structured and machine-readable), CSV files and a README that explains it.",
    "download_button": "Download your data (zip)",
    "download_until": "The link works until {until}; then the file is deleted.",
    "package_gone": "The file with your copy has been deleted (it is kept for 7 days). Make a new request to "
                    "get a fresh copy.",
    "erased_title": "Erased",
    "erased_none": "We found no personal data about you to erase.",
    "kept_title": "Kept, because the law requires it",
    "kept_intro": "This part of your request is refused (GDPR Art. 17(3)(b)). We use the data for nothing "
                  "else while we keep it.",
    "kept_until": "kept under {law} until {until}, then erased",
    "kept_open": "kept under {law}; the period has not started yet",
    "restricted": "We have restricted the processing of your data: we only store it, and use it for nothing "
                  "else unless you agree or the law allows it (GDPR Art. 18).",
    "stopped_title": "We no longer use your data for",
    "corrected": "We have corrected your data as you asked ({n} record(s) changed).",
    "merged": "This request was joined with your request no. {ref}, which is handled already: you get one "
              "answer for both.",
    "merged_link": "Go to request no. {ref}",
    "refused_title": "Why we refused",
    "not_verified_state": "The email address was not confirmed in time, so we could not identify you and did "
                          "not act on the request (GDPR Art. 11(2)).",
    "referred_title": "Please contact {client}",
    "referred_body": "Your request is about {activity}. {company} handles that only on behalf of {client}, "
                     "which decides about the data and answers your request. We have told them about it.",
    "client_email": "Email",
    "client_website": "Website",
    "rights_complaint": "If you disagree, you may complain to the supervisory authority{authority}, and you "
                        "may take the matter to court (GDPR Art. 12(4), 77 and 79).",
    "rights_dpo": "You can also write to our data protection officer, {name}, at {email}.",
    "authority_elsewhere": " in the country where you live or work",
    "link_invalid_title": "This link does not work",
    "link_invalid_body": "The link is not valid. Use the link in the newest email we sent you about the "
                         "request, or start again.",
    "link_expired_title": "This link has expired",
    "link_expired_body": "For your safety, links to a request work for a limited time. Enter your email "
                         "address and we will send you a new link.",
    "download_expired_title": "This download link has expired",
    "download_expired_body": "Download links work for 7 days; then the file with your copy is deleted, for your "
                             "safety. You can ask for a new copy, or enter your email address to get a new link to "
                             "your request.",
    "new_copy": "Ask for a new copy",
    "new_link_submit": "Send me a new link",
    "new_link_sent_title": "Check your email",
    "new_link_sent_body": "If the address is the one the request was made with, we have sent a new link to it.",
    "already_confirmed_title": "This request is already confirmed",
    "already_confirmed_body": "The email address was confirmed with the code, so this page gives nothing more. "
                              "To see how your request is going, use the link we sent you, or type your email "
                              "address below and we will send you a new link.",
    "rate_title": "Please wait a little",
    "rate_body": "There have been too many attempts from here or for this address. Please try again in "
                 "{wait}.",
    "minute_one": "1 minute",
    "minute_many": "{n} minutes",
    "csrf_title": "The form has expired",
    "csrf_body": "For your safety, the form must be sent from this page as it was loaded. Please fill it in "
                 "again.",
    "unavailable_title": "The privacy center is not available",
    "unavailable_body": "The privacy center is not set up yet. Write to us to use your rights.",
    "not_found_title": "We cannot find that page",
    "back": "Back to the privacy center",
    "problem_choose_kind": "Choose what you want to do.",
    "problem_email_missing": "Enter your email address.",
    "problem_email_invalid": "Enter an email address like name@example.com.",
    "problem_identity_unknown": "This detail is not used here.",
    "problem_too_long": "This is too long (at most 2000 characters).",
    "problem_scope_unknown": "Choose what the request is about.",
    "problem_correction_missing": "Tell us what is wrong and what it should say.",
    "problem_purposes_missing": "Choose at least one.",
    "problem_purposes_unknown": "Choose from the list.",
    "problem_code_wrong": "That code is not right. You have {left} attempt(s) left.",
    "problem_code_format": "Enter the six digits from the email.",
    "footer": "{company} · {email}",
}

NB: dict[str, str] = {
    "lang_name": "Norsk bokmål",
    "title": "Personvernsenter",
    "skip": "Hopp til innholdet",
    "switch_label": "Språk",
    "intro": "Her kan du bruke rettighetene dine etter personvernforordningen (GDPR): se personopplysningene "
             "{company} har om deg, få en kopi du kan ta med deg, få dem rettet eller slettet, begrense bruken, "
             "protestere mot et formål eller trekke tilbake et samtykke. Det er gratis.",
    "how": "Slik virker det: du velger hva du vil og oppgir e-postadressen din. Vi sender en engangskode til "
           "den adressen, så vi vet at forespørselen kommer fra den som eier adressen. Ingenting blir gjort før "
           "du har skrevet inn koden. Vi svarer innen én måned.",
    "notice_link": "Les personvernerklæringen vår",
    "errors_title": "Rett opp dette",
    "what_legend": "Hva vil du?",
    "details_legend": "Detaljer",
    "details_hint": "Fyll bare ut den delen som hører til det du valgte over.",
    "correction_label": "Hva er feil, og hva skal det stå? (for «Rett opplysningene mine»)",
    "correction_hint": "For eksempel: «Telefonnummeret mitt er +47 912 34 567, ikke +47 912 34 566.» "
                       "En person kontrollerer dette før noe blir endret.",
    "restriction_label": "Hvorfor skal vi begrense bruken? (for «Begrens bruken av opplysningene mine», valgfritt)",
    "restriction_hint": "For eksempel fordi du mener opplysningene er feil, eller har protestert og venter på "
                        "svaret vårt (personvernforordningen art. 18).",
    "objection_legend": "Hvilken bruk protesterer du mot? (for «Protester mot et formål»)",
    "withdrawal_legend": "Hvilket samtykke trekker du tilbake? (for «Trekk tilbake samtykket mitt»)",
    "scope_legend": "Hva gjelder det?",
    "scope_own": "Det {company} gjør med opplysningene mine",
    "scope_own_hint": "Alt {company} bestemmer over selv: butikken, kontoen din, bestillinger, nyhetsbrevet.",
    "scope_processor": "{activity}, som {company} driver for {client}",
    "scope_processor_hint": "{client} bestemmer over disse opplysningene, så vi henviser deg til dem.",
    "who_legend": "E-postadressen din",
    "email_label": "E-postadresse",
    "email_hint": "Vi sender koden hit. Bruk adressen du bruker hos {company}.",
    "identity_label": "{name} (valgfritt)",
    "identity_hint": "Bare e-postadressen blir kontrollert automatisk. Hvis du oppgir mer, kontrollerer en "
                     "person det før noe blir gjort, og det kan ta litt lenger tid.",
    "age_note": "Hvis du er under {age} år, be en forelder eller verge om hjelp.",
    "privacy_note": "Vi bruker adressen bare til denne forespørselen. Før du har skrevet inn koden, sier vi "
                    "ikke til noen om vi har opplysninger om den.",
    "submit": "Send meg en kode",
    "verify_title": "Sjekk e-posten din",
    "verify_intro": "Vi har sendt en sekssifret kode til adressen du oppga. Skriv den inn her. Koden gjelder i "
                    "{minutes} minutter.",
    "verify_spam": "Ingen e-post? Sjekk søppelpostmappen, eller begynn på nytt.",
    "code_label": "Koden fra e-posten",
    "code_hint": "Seks sifre",
    "verify_submit": "Bekreft",
    "start_again": "Begynn på nytt",
    "not_identified_title": "Vi kunne ikke bekrefte forespørselen",
    "not_identified_expired": "Koden er utløpt.",
    "not_identified_failed": "Koden ble skrevet feil for mange ganger.",
    "not_identified_body": "Uten koden kan vi ikke bekrefte at forespørselen kommer fra den som eier "
                           "e-postadressen. Vi kan derfor ikke identifisere deg, og vi har ikke gjort noe med "
                           "forespørselen (personvernforordningen art. 11 nr. 2 og 12 nr. 2). Ingenting er gjort "
                           "med noen opplysninger.",
    "not_identified_next": "Du kan begynne på nytt. Hvis du ikke får e-postene våre, skriv til {email}: vi kan "
                           "be deg om andre opplysninger for å identifisere deg.",
    "status_title": "Forespørsel nr. {ref}",
    "asked_for": "Du ba om",
    "received_on": "Mottatt",
    "state": "Status",
    "due": "Vi svarer innen",
    "due_moved": "Måneden slutter på en dag som ikke er virkedag ({moved}), så fristen løper til neste virkedag.",
    "due_pending": "Fristen begynner å løpe når du bekrefter e-postadressen.",
    "extended": "Vi har forlenget fristen med {months} måned(er). Begrunnelse:",
    "progress": "Fremdrift",
    "waiting_approval_required": "En person hos {company} ser på forespørsler av denne typen før de blir utført.",
    "waiting_rectification": "En person hos {company} kontrollerer det du har bedt oss rette, før noe blir endret.",
    "waiting_extra_identities": "En person hos {company} kontrollerer opplysningene du oppga, før forespørselen "
                                "blir utført.",
    "executing_note": "Vi utfører forespørselen. Denne siden viser resultatet når den er ferdig.",
    "download_title": "Kopien din",
    "download_intro": "Kopien av personopplysningene vi har om deg: {rows} oppføring(er), i en zip-fil med "
                      "data.json (strukturert og maskinlesbar), CSV-filer og en README som forklarer dem.",
    "download_button": "Last ned opplysningene dine (zip)",
    "download_until": "Lenken virker til {until}; deretter blir filen slettet.",
    "package_gone": "Filen med kopien din er slettet (den oppbevares i 7 dager). Send en ny forespørsel for å "
                    "få en ny kopi.",
    "erased_title": "Slettet",
    "erased_none": "Vi fant ingen personopplysninger om deg å slette.",
    "kept_title": "Beholdt, fordi loven krever det",
    "kept_intro": "Denne delen av forespørselen er avslått (personvernforordningen art. 17 nr. 3 bokstav b). Vi "
                  "bruker ikke opplysningene til noe annet mens vi oppbevarer dem.",
    "kept_until": "oppbevares etter {law} til {until}, og slettes da",
    "kept_open": "oppbevares etter {law}; perioden har ikke begynt ennå",
    "restricted": "Vi har begrenset behandlingen av opplysningene dine: vi lagrer dem bare, og bruker dem ikke "
                  "til noe annet med mindre du samtykker eller loven tillater det (personvernforordningen art. 18).",
    "stopped_title": "Vi bruker ikke lenger opplysningene dine til",
    "corrected": "Vi har rettet opplysningene dine slik du ba om ({n} oppføring(er) endret).",
    "merged": "Denne forespørselen ble slått sammen med forespørsel nr. {ref}, som allerede er under "
              "behandling: du får ett svar på begge.",
    "merged_link": "Gå til forespørsel nr. {ref}",
    "refused_title": "Hvorfor vi avslo",
    "not_verified_state": "E-postadressen ble ikke bekreftet i tide, så vi kunne ikke identifisere deg og har "
                          "ikke gjort noe med forespørselen (personvernforordningen art. 11 nr. 2).",
    "referred_title": "Kontakt {client}",
    "referred_body": "Forespørselen gjelder {activity}. {company} behandler dette bare på vegne av {client}, som "
                     "bestemmer over opplysningene og svarer på forespørselen. Vi har gitt dem beskjed.",
    "client_email": "E-post",
    "client_website": "Nettsted",
    "rights_complaint": "Hvis du er uenig, kan du klage til tilsynsmyndigheten{authority}, og du kan bringe "
                        "saken inn for domstolene (personvernforordningen art. 12 nr. 4, 77 og 79).",
    "rights_dpo": "Du kan også skrive til personvernombudet vårt, {name}, på {email}.",
    "authority_elsewhere": " i landet der du bor eller arbeider",
    "link_invalid_title": "Denne lenken virker ikke",
    "link_invalid_body": "Lenken er ikke gyldig. Bruk lenken i den nyeste e-posten vi har sendt deg om "
                         "forespørselen, eller begynn på nytt.",
    "link_expired_title": "Denne lenken er utløpt",
    "link_expired_body": "Av hensyn til sikkerheten virker lenker til en forespørsel bare en tid. Skriv inn "
                         "e-postadressen din, så sender vi deg en ny lenke.",
    "download_expired_title": "Denne nedlastingslenken er utløpt",
    "download_expired_body": "Nedlastingslenker virker i 7 dager; deretter blir filen med kopien slettet, av hensyn "
                             "til sikkerheten din. Du kan be om en ny kopi, eller skrive inn e-postadressen din for å "
                             "få en ny lenke til forespørselen.",
    "new_copy": "Be om en ny kopi",
    "new_link_submit": "Send meg en ny lenke",
    "new_link_sent_title": "Sjekk e-posten din",
    "new_link_sent_body": "Hvis adressen er den forespørselen ble sendt med, har vi sendt en ny lenke til den.",
    "already_confirmed_title": "Denne forespørselen er allerede bekreftet",
    "already_confirmed_body": "E-postadressen er bekreftet med koden, så denne siden gir ikke noe mer. Bruk lenken "
                              "vi sendte deg for å se hvordan det går med forespørselen, eller skriv inn "
                              "e-postadressen din nedenfor, så sender vi deg en ny lenke.",
    "rate_title": "Vent litt",
    "rate_body": "Det har vært for mange forsøk herfra eller for denne adressen. Prøv igjen om {wait}.",
    "minute_one": "ett minutt",
    "minute_many": "{n} minutter",
    "csrf_title": "Skjemaet er utløpt",
    "csrf_body": "Av hensyn til sikkerheten må skjemaet sendes fra denne siden slik den ble lastet. Fyll det "
                 "ut på nytt.",
    "unavailable_title": "Personvernsenteret er ikke tilgjengelig",
    "unavailable_body": "Personvernsenteret er ikke satt opp ennå. Skriv til oss for å bruke rettighetene dine.",
    "not_found_title": "Vi finner ikke den siden",
    "back": "Tilbake til personvernsenteret",
    "problem_choose_kind": "Velg hva du vil gjøre.",
    "problem_email_missing": "Skriv inn e-postadressen din.",
    "problem_email_invalid": "Skriv inn en e-postadresse som navn@example.com.",
    "problem_identity_unknown": "Denne opplysningen brukes ikke her.",
    "problem_too_long": "Dette er for langt (høyst 2000 tegn).",
    "problem_scope_unknown": "Velg hva forespørselen gjelder.",
    "problem_correction_missing": "Fortell oss hva som er feil og hva det skal stå.",
    "problem_purposes_missing": "Velg minst én.",
    "problem_purposes_unknown": "Velg fra listen.",
    "problem_code_wrong": "Koden er ikke riktig. Du har {left} forsøk igjen.",
    "problem_code_format": "Skriv inn de seks sifrene fra e-posten.",
    "footer": "{company} · {email}",
}

TEXTS = {"en": EN, "nb": NB}
assert EN.keys() == NB.keys(), sorted(set(EN) ^ set(NB))


def texts(lang: str) -> SimpleNamespace:
    return SimpleNamespace(**TEXTS.get(lang, EN))
