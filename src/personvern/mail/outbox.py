"""Reading the outbox folder back (for the demo's outbox page and for tests)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from datetime import datetime
from pathlib import Path

NAME = re.compile(r"^[0-9]{8}T[0-9]{12}Z-[0-9a-f]{12}\.eml$")


@dataclass(frozen=True)
class OutboxMail:
    name: str
    to: str
    subject: str
    date: datetime | None
    language: str
    text: str
    html: str


def list_outbox(folder: Path, limit: int = 200) -> list[OutboxMail]:
    """The newest ``limit`` mails in the outbox, newest first."""
    if not folder.is_dir():
        return []
    names = sorted((p.name for p in folder.iterdir() if NAME.match(p.name)), reverse=True)[:limit]
    return [read_mail(folder, name) for name in names]


def read_mail(folder: Path, name: str) -> OutboxMail:
    if not NAME.match(name):
        raise FileNotFoundError(name)
    with (folder / name).open("rb") as handle:
        message = BytesParser(policy=policy.default).parse(handle)
    assert isinstance(message, EmailMessage)
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    date = message["Date"]
    return OutboxMail(
        name=name, to=str(message["To"] or ""), subject=str(message["Subject"] or ""),
        date=parsedate_to_datetime(str(date)) if date else None,
        language=str(message["Content-Language"] or ""),
        text=text_part.get_content() if text_part is not None else "",
        html=html_part.get_content() if html_part is not None else "",
    )
