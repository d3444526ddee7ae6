"""The mailer: renders a text, queues it sealed, and delivers it from a job.

A mail is rendered when it is decided (inside the service that decides it), sealed with
AES-256-GCM and handed to the job queue as an opaque string: the queue (a SQLite file or
Redis) never holds an address or a one-time code in plain text. The job ``mail.send``
opens it, delivers it through the configured backend and audits the delivery (which text,
in which language, for which request: never the address or the content).
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from personvern.clock import Clock
from personvern.keys import Keys
from personvern.mail.backends import MailBackend, create_backend
from personvern.mail.message import Mail
from personvern.mail.render import MailRenderer
from personvern.settings import Settings

SEAL_PURPOSE = "mail-queue"
MAIL_TEXTS = Path(__file__).parent / "templates" / "texts"
NONCE_BYTES = 12


class Mailer:
    def __init__(
        self, settings: Settings, keys: Keys, clock: Clock, renderer: MailRenderer,
        backend: MailBackend | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.renderer = renderer
        self.backend = backend or create_backend(settings)
        self._cipher = AESGCM(keys.derive(SEAL_PURPOSE))

    @property
    def sender(self) -> str:
        return self.settings.mail.sender

    def render(self, name: str, lang: str, to: str, **context: Any) -> Mail:
        return self.renderer.render(name, lang, to, **context)

    def deliver(self, mail: Mail) -> str:
        """Sends ``mail`` now through the backend; returns where it went."""
        return self.backend.deliver(mail.to_message(self.sender, self.clock.now()), self.clock.now())

    def seal(self, mail: Mail) -> str:
        nonce = os.urandom(NONCE_BYTES)
        plain = json.dumps(mail.as_dict(), sort_keys=True).encode()
        return base64.b64encode(nonce + self._cipher.encrypt(nonce, plain, SEAL_PURPOSE.encode())).decode()

    def open(self, sealed: str) -> Mail:
        raw = base64.b64decode(sealed)
        try:
            plain = self._cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], SEAL_PURPOSE.encode())
        except InvalidTag:
            raise ValueError("a queued mail does not open (altered, or sealed with another key)") from None
        return Mail(**json.loads(plain))


def build_mailer(container: Any) -> Mailer:
    """A mailer for the container's settings (``Container.mailer`` keeps one)."""
    renderer = MailRenderer([MAIL_TEXTS])
    return Mailer(container.settings, container.keys, container.clock, renderer)
