"""The demo company under a migrated personvern, with the privacy center and its outbox."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from personvern.clock import FrozenClock
from personvern.container import Container
from personvern.db.migrate import upgrade
from personvern.demo.setup import DemoFolder, prepare_demo_folder
from personvern.mail.outbox import OutboxMail, list_outbox
from personvern.privacy_center.intake import Form
from personvern.privacy_center.service import PrivacyCenter
from tests.conftest import make_settings

KARI = "kari.nordmann@example.com"
OLA = "ola.nordmann@example.com"
TODAY = date(2026, 1, 15)  # the FrozenClock's day: the demo data is planted relative to it
VERIFY_URL = "http://testserver/privacy-center/verify/{ref}"


@dataclass
class Demo:
    container: Container
    folder: DemoFolder
    clock: FrozenClock

    @property
    def center(self) -> PrivacyCenter:
        return self.container.privacy_center

    @property
    def outbox_dir(self) -> Path:
        settings = self.container.settings
        return settings.resolve(settings.mail.outbox_dir)

    def outbox(self) -> list[OutboxMail]:
        return list_outbox(self.outbox_dir)

    def mails_to(self, address: str) -> list[OutboxMail]:
        """Oldest first."""
        return list(reversed([m for m in self.outbox() if m.to == address]))

    def last_code(self, address: str) -> str:
        codes = [m for m in self.mails_to(address) if re.search(r"^\d{6}$", m.text, re.M)]
        assert codes, f"no code mail to {address}"
        return re.search(r"^(\d{6})$", codes[-1].text, re.M).group(1)  # type: ignore[union-attr]

    def submit(self, asked: str = "access", email: str = KARI, **fields: object) -> str:
        client = str(fields.pop("client", "192.0.2.10"))
        form = Form(asked=asked, email=email, language=str(fields.pop("language", "en")), **fields)  # type: ignore[arg-type]
        return self.center.intake.submit(form, client, VERIFY_URL)

    def submit_and_verify(self, asked: str = "access", email: str = KARI, **fields: object) -> int:
        ref = self.submit(asked, email, **fields)
        outcome = self.center.intake.verify(ref, self.last_code(email), "192.0.2.10")
        assert outcome.outcome == "verified"
        return outcome.request_id


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated store with the demo declaration loaded, and the demo folder: built once, copied per test."""
    root = tmp_path_factory.mktemp("demo-template")
    folder = prepare_demo_folder(root / "demo", today=TODAY)
    saved = {name: os.environ.get(name) for name in folder.environment}
    os.environ.update(folder.environment)
    try:
        built = Container(make_settings(root / "data"), clock=FrozenClock())
        upgrade(built.db)
        built.declarations.load_file(folder.declaration, actor="test")
        built.close()  # the last connection closes: the WAL is folded into the file
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return root


@pytest.fixture
def demo(tmp_path: Path, demo_template: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    shutil.copytree(demo_template / "demo", tmp_path / "demo")
    (tmp_path / "data").mkdir()
    shutil.copy2(demo_template / "data" / "personvern.sqlite3", tmp_path / "data" / "personvern.sqlite3")
    folder = prepare_demo_folder(tmp_path / "demo", today=TODAY)  # rewrites demo.env for the copy
    for name, value in folder.environment.items():
        monkeypatch.setenv(name, value)
    built = Container(make_settings(tmp_path / "data"), clock=clock)
    upgrade(built.db)
    built.demo = folder
    yield Demo(built, folder, clock)
    built.close()


@pytest.fixture
def demo_client(demo: Demo) -> Iterator[TestClient]:
    from personvern.web.app import create_app

    app = create_app(demo.container.settings, container=demo.container)
    with TestClient(app, base_url="http://testserver") as client:
        yield client
