"""One outgoing mail, as plain data and as an RFC 5322 message."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from datetime import datetime


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str
    language: str  # en | nb
    template: str = ""  # which text it is (for the audit trail, never the content)

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def to_message(self, sender: str, now: datetime) -> EmailMessage:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = self.to
        message["Subject"] = self.subject
        message["Date"] = format_datetime(now)
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to us
        if self.template:
            message["X-Personvern-Template"] = self.template
        message.set_content(self.text)
        if self.html:
            message.add_alternative(self.html, subtype="html")
        message["Content-Language"] = self.language  # after the body: set_content would move it
        return message
