"""The privacy center end to end, in headless Chromium, on the demo company.

The live server runs like ``personvern demo``: the demo folder and its company database,
the outbox mail backend, and the SQLite job queue consumed in background threads, so the
pages never wait on an execution. The browser starts at the landing page, reads its codes
and links from the demo's outbox page, and downloads the package; the package and the
company database are then checked against each other.
"""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from personvern.clock import Clock
from personvern.container import Container
from personvern.db.migrate import upgrade
from personvern.demo.setup import DemoFolder, prepare_demo_folder
from personvern.jobs.queue import EmbeddedConsumer
from tests.conftest import make_settings
from tests.e2e.conftest import free_port

pytestmark = pytest.mark.browser

KARI = "kari.nordmann@example.com"
OLA = "ola.nordmann@example.com"
WAIT_SECONDS = 45  # an upper bound for background work, not a timing assertion


class OffsetClock(Clock):
    """The real time plus an offset the test can move forward (to let links expire)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


@dataclass
class DemoServer:
    url: str
    container: Container
    folder: DemoFolder
    clock: OffsetClock
    admin_token: str

    def company(self, sql: str, *args: object) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.folder.database) as conn:
            return conn.execute(sql, args).fetchall()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    import uvicorn

    from personvern.web.app import create_app

    root = tmp_path_factory.mktemp("privacy-center-demo")
    folder = prepare_demo_folder(root / "demo", today=date.today())
    saved = {name: os.environ.get(name) for name in folder.environment}
    os.environ.update(folder.environment)
    port = free_port()
    data = root / "data"
    settings = make_settings(
        data,
        jobs={"backend": "sqlite", "sqlite_path": data / "jobs.sqlite3", "run_in_service": False},
        server={"host": "127.0.0.1", "port": port, "public_url": f"http://127.0.0.1:{port}"},
    )
    clock = OffsetClock()
    container = Container(settings, clock=clock)
    upgrade(container.db)
    container.demo = folder
    container.declarations.load_file(folder.declaration, actor="test")
    token = container.tokens.create(name="demo admin", role="admin", actor="test").secret
    # The service's embedded consumer, polling often so the test does not sit idle.
    consumer = EmbeddedConsumer(
        container.jobs.huey, workers=2, worker_type="thread", periodic=False, max_delay=0.5,
        check_worker_health=False,
    )
    consumer.start()
    app = create_app(settings, container=container)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, name="privacy-center-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the live server did not start"
        time.sleep(0.02)
    try:
        yield DemoServer(f"http://127.0.0.1:{port}", container, folder, clock, token)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        consumer.stop(graceful=True)
        container.close()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def until(condition, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.25)


def read_mail(page, server: DemoServer, to: str, subject: str) -> str:  # type: ignore[no-untyped-def]
    """Opens the newest outbox mail to ``to`` whose subject starts with ``subject``; its text."""
    page.bring_to_front()  # Chromium throttles background tabs, which slows every action there

    def newest() -> bool:
        page.goto(f"{server.url}/demo/outbox")
        for row in page.locator("tbody tr").all():
            cells = row.locator("td")
            if cells.nth(1).inner_text() == to and cells.nth(2).inner_text().startswith(subject):
                cells.nth(2).locator("a").click()
                return True
        return False

    until(newest, f"a mail to {to}: {subject}")
    return page.locator("pre").inner_text()


def wait_for_state(page, state: str) -> None:  # type: ignore[no-untyped-def]
    page.bring_to_front()

    def reached() -> bool:
        page.reload()
        return page.locator("#state").get_attribute("data-state") == state

    until(reached, f"the request to be {state}")


def shot(page, artifacts: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(artifacts / f"privacy-center-{name}.png"), full_page=True)


def open_form_from_landing(page, server: DemoServer, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.bring_to_front()
    page.goto(server.url + "/")
    page.get_by_role("link", name="Privacy center", exact=True).click()
    if lang == "nb":
        page.get_by_role("link", name="Norsk bokmål").click()
    assert page.locator("html").get_attribute("lang") == lang


def submit_and_verify(page, mails, server: DemoServer, artifacts: Path, *, lang: str, email: str,  # type: ignore[no-untyped-def]
                      choice: str, name: str) -> str:
    """From the landing page to a verified request; the URL of its status page."""
    open_form_from_landing(page, server, lang)
    page.get_by_label(choice, exact=True).check()
    page.get_by_label("E-postadresse" if lang == "nb" else "Email address", exact=True).fill(email)
    shot(page, artifacts, f"{name}-form")
    page.get_by_role("button", name="Send meg en kode" if lang == "nb" else "Send me a code").click()
    assert page.get_by_role("heading", level=1).inner_text() == ("Sjekk e-posten din" if lang == "nb" else "Check your email")
    assert email not in page.url and "%40" not in page.url
    text = read_mail(mails, server, email, "Koden din" if lang == "nb" else "Your code")
    shot(mails, artifacts, f"{name}-code-mail")
    code = re.search(r"^(\d{6})$", text, re.M).group(1)  # type: ignore[union-attr]
    page.bring_to_front()
    page.get_by_label("Koden fra e-posten" if lang == "nb" else "Code from the email").fill(code)
    page.get_by_role("button", name="Bekreft" if lang == "nb" else "Confirm").click()
    page.wait_for_url(re.compile(r"/privacy-center/status/\d+\?"))
    return page.url


def request_id_of(url: str) -> int:
    return int(re.search(r"/status/(\d+)\?", url).group(1))  # type: ignore[union-attr]


def person_rows(server: DemoServer, email: str) -> dict[str, set[int]]:
    """The ids of the person's rows in each table of the demo company (read with SQL)."""
    (customer,) = server.company("SELECT id FROM customers WHERE email = ?", email)[0]
    orders = {r[0] for r in server.company("SELECT id FROM orders WHERE customer_id = ?", customer)}
    invoices = {r[0] for r in server.company("SELECT id FROM invoices WHERE customer_id = ?", customer)}
    marks = ",".join("?" * len(orders))
    bills = ",".join("?" * len(invoices))
    return {
        "customers": {customer},
        "orders": orders,
        "invoices": invoices,
        "order_items": {r[0] for r in server.company(f"SELECT id FROM order_items WHERE order_id IN ({marks})", *orders)},
        "payments": {r[0] for r in server.company(f"SELECT id FROM payments WHERE invoice_id IN ({bills})", *invoices)},
        "newsletter_subscribers": {r[0] for r in server.company(
            "SELECT id FROM newsletter_subscribers WHERE email = ?", email)},
        "event_registrations": {r[0] for r in server.company(
            "SELECT id FROM event_registrations WHERE email = ?", email)},
    }


def test_access_from_the_landing_page_to_the_downloaded_package(demo_server, context, artifacts) -> None:
    page, mails = context.new_page(), context.new_page()
    expected = person_rows(demo_server, KARI)
    status_url = submit_and_verify(page, mails, demo_server, artifacts, lang="en", email=KARI,
                                   choice="See my data", name="access")
    wait_for_state(page, "completed")
    text = read_mail(mails, demo_server, KARI, "Your copy is ready")
    link = re.search(r"http://\S+/privacy-center/status/\S+", text).group(0)  # type: ignore[union-attr]
    assert request_id_of(link) == request_id_of(status_url)
    mails.get_by_role("link", name=link).click()  # follow the email's link
    assert mails.get_by_role("heading", name="Your copy").is_visible()
    shot(mails, artifacts, "access-status")
    with mails.expect_download() as event:
        mails.get_by_role("link", name="Download your data (zip)").click()
    with zipfile.ZipFile(io.BytesIO(Path(event.value.path()).read_bytes())) as archive:
        data = json.loads(archive.read("data.json"))["nordlys"]
        readme = archive.read("README.txt").decode()
        names = set(archive.namelist())
    (db_customer,) = demo_server.company(
        "SELECT id, email, first_name, last_name, phone, city FROM customers WHERE email = ?", KARI)
    customer = data["customers"][0]
    assert (customer["id"], customer["email"], customer["first_name"], customer["last_name"],
            customer["phone"], customer["city"]) == db_customer
    for table, ids in expected.items():
        assert {row["id"] for row in data.get(table, [])} == ids, table
        assert (f"nordlys/{table}.csv" in names) == bool(ids)
    assert "bokføringsloven § 13" in readme and "Datatilsynet" in readme


def test_erasure_in_norwegian_approved_through_the_api(demo_server, context, artifacts) -> None:
    page, mails = context.new_page(), context.new_page()
    before = person_rows(demo_server, OLA)
    (customer,) = before["customers"]
    original = demo_server.company("SELECT email, first_name, last_name, phone FROM customers WHERE id = ?", customer)[0]
    status_url = submit_and_verify(page, mails, demo_server, artifacts, lang="nb", email=OLA,
                                   choice="Slett opplysningene mine", name="erasure")
    assert page.locator("#state").get_attribute("data-state") == "verified"
    assert "ser på forespørsler av denne typen" in page.locator("main").inner_text()
    shot(page, artifacts, "erasure-waiting")
    assert demo_server.company("SELECT count(*) FROM customers WHERE email = ?", OLA) == [(1,)]
    request_id = request_id_of(status_url)
    approved = context.request.post(f"{demo_server.url}/api/v1/workflow/requests/{request_id}/approve",
                                    headers={"Authorization": f"Bearer {demo_server.admin_token}"})
    assert approved.status == 200, approved.text()
    wait_for_state(page, "completed")
    text = read_mail(mails, demo_server, OLA, f"Forespørsel nr. {request_id} er utført")
    assert "oppbevares etter bokføringsloven § 13" in text and "Datatilsynet" in text
    link = re.search(r"http://\S+/privacy-center/status/\S+", text).group(0)  # type: ignore[union-attr]
    mails.get_by_role("link", name=link).click()
    erased = mails.locator("#erased").inner_text()
    kept = mails.locator("#kept").inner_text()
    assert "Kundekontoer" in erased and "Nyhetsbrev" in erased  # purposes in words, with counts
    assert "customers" not in erased and "orders" not in kept  # never a table name
    assert re.search(r"Bokføring \(\d+ poster?\)", kept) and "bokføringsloven § 13" in kept
    shot(mails, artifacts, "erasure-status")
    # the company database afterwards: the account and the newsletter are gone, the bookkeeping is kept
    assert demo_server.company("SELECT count(*) FROM customers WHERE email = ?", OLA) == [(0,)]
    assert demo_server.company("SELECT count(*) FROM newsletter_subscribers WHERE email = ?", OLA) == [(0,)]
    masked = demo_server.company("SELECT email, first_name, last_name, phone FROM customers WHERE id = ?", customer)
    assert masked and not set(masked[0]) & set(original)  # the row the kept orders point to holds nothing of his
    kept_orders = {r[0] for r in demo_server.company("SELECT id FROM orders WHERE customer_id = ?", customer)}
    assert kept_orders == before["orders"]


def test_brute_force_and_someone_elses_link_are_refused_in_the_browser(demo_server, context, artifacts) -> None:
    page, mails = context.new_page(), context.new_page()
    open_form_from_landing(page, demo_server, "en")
    page.get_by_label("Erase my data", exact=True).check()
    page.get_by_label("Email address", exact=True).fill("sofie.lie@example.com")
    page.get_by_role("button", name="Send me a code").click()
    code = re.search(r"^(\d{6})$", read_mail(mails, demo_server, "sofie.lie@example.com", "Your code"),
                     re.M).group(1)  # type: ignore[union-attr]
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    page.bring_to_front()
    for _ in range(5):
        page.get_by_label("Code from the email").fill(wrong)
        page.get_by_role("button", name="Confirm").click()
    assert page.get_by_role("heading", level=1).inner_text() == "We could not confirm your request"
    shot(page, artifacts, "not-identified")
    assert demo_server.company("SELECT count(*) FROM newsletter_subscribers WHERE email = ?",
                               "sofie.lie@example.com") == [(1,)]  # nothing was executed
    # a status link changed to another request's number does not open it
    mine = submit_and_verify(page, mails, demo_server, artifacts, lang="en", email="nora.bakken@example.com",
                             choice="See my data", name="other")
    other = mine.replace(f"/status/{request_id_of(mine)}?", "/status/1?")
    page.bring_to_front()
    page.goto(other)
    assert page.get_by_role("heading", level=1).inner_text() == "This link does not work"
    assert KARI not in page.content()


def test_an_expired_download_link_gives_a_readable_page(demo_server, context, artifacts) -> None:
    page, mails = context.new_page(), context.new_page()
    status_url = submit_and_verify(page, mails, demo_server, artifacts, lang="en", email="emil.solberg@example.com",
                                   choice="Get a portable copy", name="portability")
    wait_for_state(page, "completed")
    page.bring_to_front()
    href = page.get_by_role("link", name="Download your data (zip)").get_attribute("href")
    demo_server.clock.offset = timedelta(days=8)
    try:
        page.goto(demo_server.url + href)
        assert page.get_by_role("heading", level=1).inner_text() == "This download link has expired"
        assert page.get_by_role("button", name="Send me a new link").is_visible()
        shot(page, artifacts, "download-expired")
        page.goto(status_url)
        assert "has been deleted" in page.locator("main").inner_text() or "expired" in page.locator("h1").inner_text()
    finally:
        demo_server.clock.offset = timedelta(0)
