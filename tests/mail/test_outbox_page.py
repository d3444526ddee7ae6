"""``/demo/outbox``: the demo's mails, served only in the demo with the outbox backend."""

from __future__ import annotations

from personvern.mail.message import Mail

MAIL = Mail(
    to="kari.nordmann@example.com", subject="Your code: 123456",
    text="Hello,\n\nOpen http://127.0.0.1:8000/privacy-center/verify/abc?lang=en <now>.\n",
    html='<!doctype html><html lang="en"><p style="color:red">Hello</p></html>', language="en", template="code",
)


def test_no_outbox_page_outside_the_demo(client, container):
    container.mailer.deliver(MAIL)
    response = client.get("/demo/outbox")
    assert response.status_code == 404
    assert "kari" not in response.text


def test_the_demo_outbox_lists_and_shows_mails(client, container):
    container.demo = object()
    name = container.mailer.deliver(MAIL)
    listing = client.get("/demo/outbox")
    assert listing.status_code == 200 and listing.headers["cache-control"] == "no-store"
    assert "kari.nordmann@example.com" in listing.text and f'href="/demo/outbox/{name}"' in listing.text
    page = client.get(f"/demo/outbox/{name}")
    assert page.status_code == 200
    assert '<a href="http://127.0.0.1:8000/privacy-center/verify/abc?lang=en"' in page.text
    assert "&lt;now&gt;" in page.text  # the mail's text is escaped
    html = client.get(f"/demo/outbox/{name}/html")
    assert html.headers["content-security-policy"].startswith("default-src 'none'")
    assert "Hello" in html.text


def test_the_outbox_page_refuses_paths_outside_it(client, container):
    container.demo = object()
    assert client.get("/demo/outbox/..%2Fsecret.key").status_code == 404
    assert client.get("/demo/outbox/20260101T000000000000Z-000000000000.eml").status_code == 404


def test_no_outbox_page_when_mail_goes_out_by_smtp(client, container):
    container.demo = object()
    container.settings.mail.backend = "smtp"
    assert client.get("/demo/outbox").status_code == 404
