"""`personvern requests ...` on the same store (in-process, with the settings from the environment)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from personvern.cli.main import app
from tests.privacy_center.conftest import KARI, OLA, Demo

REASON = "The search covers five systems, two of them archived."


@pytest.fixture
def cli(demo: Demo, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    settings = demo.container.settings
    monkeypatch.setenv("PERSONVERN__DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PERSONVERN__DATABASE__URL", settings.database_url())
    monkeypatch.setenv("PERSONVERN__SECURITY__SECRET_KEY", settings.security.secret_key.get_secret_value())
    monkeypatch.setenv("PERSONVERN__JOBS__BACKEND", "memory")
    monkeypatch.setenv("PERSONVERN__MAIL__OUTBOX_DIR", str(demo.outbox_dir))
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, ["requests", *args])
        assert result.exit_code == code, result.output
        return result.output

    return run


def test_list_and_show(demo: Demo, cli):  # type: ignore[no-untyped-def]
    erasure = demo.submit_and_verify("erasure", OLA)
    access = demo.submit_and_verify("access", KARI)
    listed = cli("list").splitlines()
    assert listed[0].startswith(f"{access}\taccess\tcompleted")
    assert listed[1].startswith(f"{erasure}\terasure\tverified\tdue 2026-02-16")
    assert "OVERDUE" in listed[1]  # the command runs on today's clock, long after the demo's January
    assert cli("list", "--state", "verified", "--json").count("\n") == 1
    row = json.loads(cli("list", "--kind", "erasure", "--json"))
    assert row["id"] == erasure and row["needs_review"] == "approval_required"
    shown = cli("show", str(erasure))
    assert f"identity: email={OLA}" in shown and "waits for approval: approval_required" in shown
    assert "request.received" in shown and "request.verified" in shown
    assert "no request 999" in cli("show", "999", code=1)
    assert "not a date" in cli("list", "--due-before", "tomorrow", code=1)


def test_approve_and_refuse(demo: Demo, cli):  # type: ignore[no-untyped-def]
    first = demo.submit_and_verify("erasure", OLA)
    assert f"request {first} approved (completed)" in cli("approve", str(first))
    second = demo.submit_and_verify("rectification", KARI, correction="My phone is +47 922 22 222.")
    assert "needs the changes" in cli("approve", str(second), code=1)
    assert "is not FIELD=VALUE" in cli("approve", str(second), "--change", "phone", code=1)
    assert "approved (completed)" in cli("approve", str(second), "--change", "customers.phone=+4792222222")
    third = demo.submit_and_verify("erasure", "sofie.lie@example.com")
    assert "the person has been told why" in cli("refuse", str(third), "--reason", "Unfounded: repeats no. 1.")
    assert demo.mails_to("sofie.lie@example.com")[-1].subject == f"Your request no. {third} is refused"


def test_extend_follows_the_rules(demo: Demo, cli):  # type: ignore[no-untyped-def]
    request_id = demo.submit_and_verify("erasure", OLA)
    late = cli("extend", str(request_id), "--reason", REASON, code=1)
    assert "first month ended on 2026-02-16" in late
    assert "Invalid value" in cli("extend", str(request_id), "--reason", REASON, "--months", "3", code=2)
