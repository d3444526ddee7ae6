"""Where mail goes: an outbox folder (the default, and the demo's) or an SMTP server.

Chosen by ``settings.mail.backend``. The outbox writes each message as one ``.eml`` file,
atomically (a temporary file renamed into place), so a reader never sees half a message.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import time
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from personvern.settings import MailSettings, Settings

SMTP_TIMEOUT_SECONDS = 30


class MailBackend(Protocol):
    def deliver(self, message: EmailMessage, now: datetime) -> str:
        """Sends ``message``; returns where it went (a file name, or the server's host)."""
        ...


class OutboxBackend:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def deliver(self, message: EmailMessage, now: datetime) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Named by the wall clock (not the service's clock), so the folder sorts in writing order.
        written = datetime.fromtimestamp(time.time_ns() / 1e9, UTC)
        name = f"{written.strftime('%Y%m%dT%H%M%S%fZ')}-{uuid.uuid4().hex[:12]}.eml"
        target = self.folder / name
        temporary = self.folder / f".{name}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(message.as_bytes())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return name


class SmtpBackend:
    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings

    def deliver(self, message: EmailMessage, now: datetime) -> str:
        s = self.settings
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            if s.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_username:
                smtp.login(s.smtp_username, s.smtp_password.get_secret_value())
            smtp.send_message(message)
        return f"smtp://{s.smtp_host}:{s.smtp_port}"


def create_backend(settings: Settings) -> MailBackend:
    if settings.mail.backend == "smtp":
        return SmtpBackend(settings.mail)
    return OutboxBackend(settings.resolve(settings.mail.outbox_dir))
