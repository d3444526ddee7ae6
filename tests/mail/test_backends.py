"""The outbox folder and SMTP (against a real local SMTP server), chosen by settings."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest

from personvern.clock import FrozenClock
from personvern.keys import Keys
from personvern.mail.backends import OutboxBackend, SmtpBackend, create_backend
from personvern.mail.message import Mail
from personvern.mail.outbox import list_outbox, read_mail
from personvern.mail.render import MailRenderer
from personvern.mail.service import MAIL_TEXTS, Mailer
from tests.conftest import make_settings

MAIL = Mail(
    to="kari.nordmann@example.com", subject="Din kode: 123456", text="Hei,\n\nKoden er 123456.\n",
    html="<!doctype html><p>Koden er 123456.</p>", language="nb", template="code",
)


def _mailer(settings, clock=None) -> Mailer:  # type: ignore[no-untyped-def]
    return Mailer(settings, Keys(b"k" * 32), clock or FrozenClock(), MailRenderer([MAIL_TEXTS]))


def test_the_outbox_is_the_default_backend(tmp_path: Path):
    settings = make_settings(tmp_path)
    backend = create_backend(settings)
    assert isinstance(backend, OutboxBackend) and backend.folder == tmp_path / "outbox"
    smtp = create_backend(make_settings(tmp_path, mail={"backend": "smtp", "smtp_port": 2525}))
    assert isinstance(smtp, SmtpBackend)


def test_the_outbox_writes_one_complete_eml_per_mail(tmp_path: Path):
    settings = make_settings(tmp_path)
    mailer = _mailer(settings)
    first = mailer.deliver(MAIL)
    second = mailer.deliver(Mail(**{**MAIL.as_dict(), "subject": "Second"}))
    folder = tmp_path / "outbox"
    assert sorted(p.name for p in folder.iterdir()) == sorted([first, second])  # no temporary files left
    assert (folder / first).stat().st_mode & 0o077 == 0  # readable by the service only
    parsed = message_from_bytes((folder / first).read_bytes(), policy=policy.default)
    assert parsed["To"] == MAIL.to and parsed["From"] == "privacy@example.com"
    assert parsed["Content-Language"] == "nb" and parsed["Auto-Submitted"] == "auto-generated"
    assert parsed.get_body(("plain",)).get_content() == MAIL.text
    assert "Koden er 123456" in parsed.get_body(("html",)).get_content()
    listed = list_outbox(folder)
    assert [m.subject for m in listed] == ["Second", MAIL.subject]  # newest first
    assert read_mail(folder, first).text == MAIL.text


def test_the_outbox_reader_refuses_other_file_names(tmp_path: Path):
    (tmp_path / "secret.txt").write_text("x")
    with pytest.raises(FileNotFoundError):
        read_mail(tmp_path, "../secret.txt")
    assert list_outbox(tmp_path) == []
    assert list_outbox(tmp_path / "missing") == []


def test_smtp_delivers_to_a_real_server(tmp_path: Path, smtp_server):
    settings = make_settings(tmp_path, mail={"backend": "smtp", "smtp_host": smtp_server.host,
                                             "smtp_port": smtp_server.port, "sender": "pv@example.com"})
    where = _mailer(settings).deliver(MAIL)
    assert where == f"smtp://{smtp_server.host}:{smtp_server.port}"
    assert len(smtp_server.received) == 1
    got = smtp_server.received[0]
    assert got.mail_from == "pv@example.com" and got.rcpt_tos == [MAIL.to]
    parsed = message_from_bytes(got.content, policy=policy.default)
    assert parsed["Subject"] == MAIL.subject
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == MAIL.text


def test_smtp_logs_in_when_a_user_is_set(tmp_path: Path, smtp_server_with_login):
    server = smtp_server_with_login
    settings = make_settings(tmp_path, mail={
        "backend": "smtp", "smtp_host": server.host, "smtp_port": server.port,
        "smtp_username": "personvern", "smtp_password": "s3cret-for-tests",
    })
    _mailer(settings).deliver(MAIL)
    assert server.logins == ["personvern"] and len(server.received) == 1


def test_a_queued_mail_is_sealed_and_opens_only_with_the_key(tmp_path: Path):
    mailer = _mailer(make_settings(tmp_path))
    sealed = mailer.seal(MAIL)
    assert "kari" not in sealed and "123456" not in sealed
    assert mailer.open(sealed) == MAIL
    other = Mailer(make_settings(tmp_path), Keys(b"x" * 32), FrozenClock(), MailRenderer([MAIL_TEXTS]))
    with pytest.raises(ValueError, match="does not open"):
        other.open(sealed)


def test_the_send_job_delivers_and_audits_without_the_address(container):
    mailer = container.mailer
    container.jobs.enqueue("mail.send", mailer.seal(MAIL), "request:5")
    folder = container.settings.resolve(container.settings.mail.outbox_dir)
    assert [m.to for m in list_outbox(folder)] == [MAIL.to]
    entries = container.audit.list(action="mail.sent")
    assert len(entries) == 1 and entries[0].target == "request:5"
    assert entries[0].details["template"] == "code" and entries[0].details["language"] == "nb"
    assert "kari" not in str(entries[0].details) and "123456" not in str(entries[0].details)


def test_the_send_job_over_smtp(tmp_path: Path, smtp_server, clock):
    from personvern.container import Container
    from personvern.db.migrate import upgrade

    settings = make_settings(tmp_path, mail={"backend": "smtp", "smtp_host": smtp_server.host,
                                             "smtp_port": smtp_server.port})
    built = Container(settings, clock=clock)
    upgrade(built.db)
    try:
        built.jobs.enqueue("mail.send", built.mailer.seal(MAIL), "request:9")
    finally:
        built.close()
    assert [r.rcpt_tos for r in smtp_server.received] == [[MAIL.to]]
