"""Telling the people (Art. 34): the draft, the list of people, and the resumable run that mails each once.

After the officer approves, ``prepare`` finds the people through the data map and connectors and
stores them as recipients (address encrypted, keyed hash unique per breach: a person found twice
is one recipient). ``run`` mails each pending recipient; one mail moves a recipient
``pending -> sending`` (committed) before delivery and ``sending -> sent`` (committed, audited)
after it. Each mail carries a Message-ID made from the breach and the recipient, so a run killed
between delivery and record is settled on restart: a ``sending`` recipient whose Message-ID is in
the outbox is marked sent without a second mail; with an SMTP backend, where delivery cannot be
checked, it becomes ``uncertain`` and is never mailed again without the officer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from personvern.audit.service import AuditService
from personvern.breaches.affected import Found, find_people
from personvern.breaches.entities import Breach, Recipient
from personvern.breaches.lock import RunLock
from personvern.breaches.repository import BreachRepository
from personvern.breaches.service import BreachService
from personvern.breaches.wording import category_names, pick, CAUSES
from personvern.clock import Clock
from personvern.connectors.factory import connect_from_env
from personvern.datamap.declared import datamap_of_version
from personvern.db.database import Database
from personvern.declaration.model import Declaration
from personvern.declaration.service import DeclarationService
from personvern.errors import Conflict, Invalid
from personvern.keys import Keys
from personvern.mail.backends import OutboxBackend
from personvern.mail.message import Mail
from personvern.mail.render import MailRenderer
from personvern.mail.service import MAIL_TEXTS, Mailer

TEXTS = Path(__file__).parent / "templates" / "texts"
NOTICE = "breach_notice"
SEAL = "breach-recipients"
NONCE = 12
Hook = Callable[[str, int], None]  # (point, recipient id): "delivered" or "recorded"; for tests


@dataclass(frozen=True)
class RunResult:
    sent: int
    settled: int  # found already delivered on restart: recorded, not sent again
    uncertain: int
    remaining: int


class Sealer:
    def __init__(self, keys: Keys) -> None:
        self._cipher = AESGCM(keys.derive(SEAL))
        self._hash_key = keys.derive(SEAL + "-hash")

    def seal(self, value: str) -> str:
        nonce = os.urandom(NONCE)
        return base64.b64encode(nonce + self._cipher.encrypt(nonce, value.encode(), SEAL.encode())).decode()

    def open(self, sealed: str) -> str:
        raw = base64.b64decode(sealed)
        return self._cipher.decrypt(raw[:NONCE], raw[NONCE:], SEAL.encode()).decode()

    def hash(self, address: str) -> str:
        return hmac.new(self._hash_key, address.encode(), hashlib.sha256).hexdigest()


class NoticeService:
    def __init__(self, database: Database, audit: AuditService, clock: Clock, keys: Keys, mailer: Mailer,
                 breaches: BreachService, declarations: DeclarationService, lock_dir: Path,
                 environ: Mapping[str, str] | None = None) -> None:
        self.database = database
        self.audit = audit
        self.clock = clock
        self.mailer = mailer
        self.breaches = breaches
        self.declarations = declarations
        self.environ = environ if environ is not None else os.environ
        self.sealer = Sealer(keys)
        self.lock = RunLock(database, lock_dir)
        self.renderer = MailRenderer([TEXTS, MAIL_TEXTS])

    # --- the text ----------------------------------------------------------------------------
    def context(self, breach: Breach, lang: str) -> dict[str, object]:
        declaration = self.breaches.declaration_of(breach)
        zone = self.breaches.zone_of(declaration)
        f = breach.facts
        local = (lambda t: self.breaches.local(t, zone).strftime("%d.%m.%Y %H:%M") if t else "")
        return {
            "controller": declaration.controller if declaration else None, "facts": f,
            "cause": pick(CAUSES, f.cause, lang), "aware": local(f.aware_at),
            "occurred_from": local(f.occurred_from), "occurred_to": local(f.occurred_to),
            "categories": category_names(f.data_categories, lang, declaration), "contact": f.contact,
            "ref": breach.id,
        }

    def draft(self, breach_id: int, lang: str) -> Mail:
        if lang not in ("en", "nb"):
            raise Invalid(f"unknown language '{lang}'; en or nb")
        breach = self.breaches.get(breach_id)
        return self.renderer.render(NOTICE, lang, "", **self.context(breach, lang))

    # --- the people ----------------------------------------------------------------------------
    def find(self, breach_id: int) -> Found:
        breach = self.breaches.get(breach_id)
        if breach.facts.selection is None:
            raise Conflict(f"breach {breach_id} names no selection (dataset rows) to find the people in")
        if breach.declaration_version_id is None:
            raise Conflict(f"breach {breach_id} was recorded without a declaration: no data map to search")
        version = self.declarations.version(breach.declaration_version_id)
        declaration = self.declarations.declaration_of(version).declaration
        datamap = datamap_of_version(version, declaration)
        connectors = {ref.key: connect_from_env(ref, self.environ, schema=datamap.datasets[ref.key].schema)
                      for ref in declaration.datasets if ref.key in datamap.datasets}
        try:
            return find_people(datamap, connectors, breach.facts.selection)
        finally:
            for connector in connectors.values():
                connector.close()

    def prepare(self, breach_id: int, *, actor: str, language: str | None = None) -> int:
        """Finds the people and stores them as recipients (idempotent); returns how many were added."""
        breach = self.breaches.get(breach_id)
        if breach.notices_approved_at is None:
            raise Conflict(f"breach {breach_id}: the notices are not approved yet (breach notify --approve)")
        lang = language or self._language(self.breaches.declaration_of(breach))
        found = self.find(breach_id)
        now = self.clock.now()
        added = 0
        with self.database.write() as session:
            repo = BreachRepository(session)
            for address in found.addresses:
                digest = self.sealer.hash(address)
                added += repo.add_recipient(breach_id, digest, self.sealer.seal(address), lang,
                                            self._message_id(breach_id, digest), now)
            self.audit.record(session, actor=actor, action="breach.recipients_found", target=breach.target,
                              details={"found": len(found.addresses), "added": added, "rows": found.rows,
                                       "path": found.path, "language": lang})
        return added

    @staticmethod
    def _language(declaration: Declaration | None) -> str:
        languages = declaration.controller.languages if declaration else ["en"]
        return "nb" if "nb" in languages else languages[0]

    def _message_id(self, breach_id: int, digest: str) -> str:
        domain = self.mailer.sender.rpartition("@")[2] or "personvern.invalid"
        return f"<breach-{breach_id}-{digest[:32]}@{domain}>"

    def counts(self, breach_id: int) -> dict[str, int]:
        with self.database.read() as session:
            return BreachRepository(session).recipient_counts(breach_id)

    # --- the run ---------------------------------------------------------------------------------
    def run(self, breach_id: int, *, actor: str, hook: Hook | None = None) -> RunResult:
        """Mails every pending recipient; one run per breach at a time (Conflict otherwise)."""
        breach = self.breaches.get(breach_id)
        if breach.notices_approved_at is None:
            raise Conflict(f"breach {breach_id}: the notices are not approved yet")
        with self.lock.hold(breach_id):
            return self._run(breach, actor, hook)

    def _run(self, breach: Breach, actor: str, hook: Hook | None) -> RunResult:
        breach_id = breach.id
        settled, uncertain = self._settle(breach, actor)
        sent = 0
        for recipient in self._recipients(breach_id, "pending"):
            with self.database.write() as session:
                if not BreachRepository(session).set_recipient_state(recipient.id, "sending", expect="pending"):
                    continue  # another run took it
            where = self._deliver(breach, recipient)
            if hook:
                hook("delivered", recipient.id)
            self._record(breach, recipient, where, actor, expect="sending")
            sent += 1
            if hook:
                hook("recorded", recipient.id)
        counts = self.counts(breach_id)
        remaining = counts.get("pending", 0)
        if counts and set(counts) == {"sent"} and breach.facts.people_informed_at is None:
            self._mark_informed(breach, counts["sent"], actor)
        return RunResult(sent, settled, uncertain, remaining)

    def _mark_informed(self, breach: Breach, people: int, actor: str) -> None:
        """Every recipient mailed: the record says when and how the people were informed (a revision)."""
        nb = self._language(self.breaches.declaration_of(breach)) == "nb"
        how = (f"E-post til hver berørt person ({people} personer)" if nb
               else f"Email to each person affected ({people} people)")
        self.breaches.update(breach.id, {"people_informed_at": self.clock.now().isoformat(),
                                         "people_informed_how": how},
                             actor=actor, reason=f"notices mailed to all {people} recipients")

    def _recipients(self, breach_id: int, state: str) -> list[Recipient]:
        with self.database.read() as session:
            return BreachRepository(session).recipients(breach_id, self.sealer, state=state)

    def _deliver(self, breach: Breach, recipient: Recipient) -> str:
        mail = self.renderer.render(NOTICE, recipient.language, recipient.address,
                                    **self.context(breach, recipient.language))
        now = self.clock.now()
        message = mail.to_message(self.mailer.sender, now)
        del message["Message-ID"]
        message["Message-ID"] = recipient.message_id
        return self.mailer.backend.deliver(message, now)

    def _record(self, breach: Breach, recipient: Recipient, where: str, actor: str, *, expect: str) -> None:
        with self.database.write() as session:
            BreachRepository(session).set_recipient_state(recipient.id, "sent", expect=expect,
                                                          now=self.clock.now(), delivered_to=where)
            self.audit.record(session, actor=actor, action="breach.notice_sent", target=breach.target,
                              details={"recipient": recipient.id, "language": recipient.language,
                                       "delivered_to": where})

    def _settle(self, breach: Breach, actor: str) -> tuple[int, int]:
        """Recipients left ``sending`` by a killed run: sent if the outbox has their mail, else pending
        again (outbox) or ``uncertain`` (a backend whose deliveries cannot be looked up)."""
        stuck = self._recipients(breach.id, "sending")
        if not stuck:
            return 0, 0
        backend = self.mailer.backend
        if not isinstance(backend, OutboxBackend):
            with self.database.write() as session:
                repo = BreachRepository(session)
                for r in stuck:
                    repo.set_recipient_state(r.id, "uncertain", expect="sending")
                self.audit.record(session, actor=actor, action="breach.notices_uncertain", target=breach.target,
                                  details={"recipients": [r.id for r in stuck]})
            return 0, len(stuck)
        delivered = _outbox_message_ids(backend.folder, {r.message_id for r in stuck})
        settled = 0
        for r in stuck:
            if r.message_id in delivered:
                self._record(breach, r, delivered[r.message_id], actor, expect="sending")
                settled += 1
            else:
                with self.database.write() as session:
                    BreachRepository(session).set_recipient_state(r.id, "pending", expect="sending")
        return settled, 0


def _outbox_message_ids(folder: Path, wanted: set[str]) -> dict[str, str]:
    """Message-ID -> file name, for the wanted ids found in the outbox folder (headers only)."""
    found: dict[str, str] = {}
    if not folder.is_dir():
        return found
    parser = BytesParser(policy=policy.default)
    for path in folder.glob("*.eml"):
        with path.open("rb") as handle:
            message_id = str(parser.parse(handle, headersonly=True)["Message-ID"] or "")
        if message_id in wanted:
            found[message_id] = path.name
    return found


def build_notice_service(container: object) -> NoticeService:
    c = container
    return NoticeService(c.db, c.audit, c.clock, c.keys, c.mailer, c.breaches,  # type: ignore[attr-defined]
                         c.declarations, c.settings.resolve(Path("locks")))  # type: ignore[attr-defined]
