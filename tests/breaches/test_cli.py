"""`personvern breach ...` as a user runs it: clear messages and exit 1 on bad input; the whole flow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from personvern.demo.setup import prepare_demo_folder
from personvern.mail.outbox import list_outbox

RECORD = """\
title: Order export sent to the wrong partner
cause: misdirected_email
aware_at: "2026-01-16T17:00:00+01:00"
description: A CSV export of orders was emailed to a wrong address.
people: {value: 30, estimate: true}
records: {value: 60, estimate: true}
data_categories:
  - user.name
  - {bad}
  - user.behavior.purchase_history
subjects: [customer]
datasets: [nordlys.orders]
consequences: Others may know what you bought and where you live.
selection:
  collection: nordlys.orders
  field: placed_at
  start: "2025-12-01T00:00:00Z"
  end: "2026-01-10T00:00:00Z"
"""


@pytest.fixture
def demo_env(tmp_path: Path) -> dict[str, str]:
    folder = prepare_demo_folder(tmp_path / "demo", today=date(2026, 1, 15))
    env = {**os.environ, "PERSONVERN__DATA_DIR": str(tmp_path / "data"), **folder.environment}
    subprocess.run([sys.executable, "-m", "personvern", "init", str(tmp_path / "data")],
                   env=env, check=True, capture_output=True, timeout=120)
    subprocess.run([sys.executable, "-m", "personvern", "declaration", "load", str(folder.declaration)],
                   env=env, check=True, capture_output=True, timeout=120)
    return env


def pv(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "personvern", "breach", *args], env=env, capture_output=True,
                          text=True, timeout=120)


def test_bad_input_gives_a_line_and_exit_1(tmp_path: Path, demo_env: dict[str, str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(RECORD.replace("{bad}", "user.shoe_size"))
    result = pv(demo_env, "new", "--file", str(bad))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{bad}:9:5: " in result.stderr and "unknown data category 'user.shoe_size'" in result.stderr
    negative = tmp_path / "negative.yaml"
    negative.write_text(RECORD.replace("{bad}", "user.contact.address").replace("value: 30", "value: -30"))
    result = pv(demo_env, "new", "--file", str(negative))
    assert result.returncode == 1 and f"{negative}:5:" in result.stderr and "people.value" in result.stderr
    missing = tmp_path / "missing.yaml"
    missing.write_text(RECORD.replace("{bad}", "user.contact.address").replace(
        'aware_at: "2026-01-16T17:00:00+01:00"\n', ""))
    result = pv(demo_env, "new", "--file", str(missing))
    assert result.returncode == 1 and "aware_at: Field required" in result.stderr
    assert pv(demo_env, "show", "7").returncode == 1
    assert "no breach 7" in pv(demo_env, "show", "7").stderr


def test_the_flow_from_the_command_line(tmp_path: Path, demo_env: dict[str, str]) -> None:
    good = tmp_path / "breach.yaml"
    good.write_text(RECORD.replace("{bad}", "user.contact.address"))
    created = pv(demo_env, "new", "--file", str(good), "--json")
    assert created.returncode == 0, created.stderr
    breach = json.loads(created.stdout)
    assert breach["clocks"][0]["due_local"].startswith("2026-01-19T17:00:00+01:00")
    listed = pv(demo_env, "list").stdout
    assert "art33 due 2026-01-19 17:00" in listed
    scored = pv(demo_env, "assess", "1", "--confidentiality", "disclosed", "--adjust", "other:+1:addresses with purchases")
    assert scored.returncode == 0, scored.stderr
    assert "severity: high" in scored.stdout
    decided = pv(demo_env, "decide", "1", "--as-proposed", "--reasoning", "as proposed: addresses and purchases")
    assert "notify authority=yes, inform people=yes" in decided.stdout
    pdf = tmp_path / "avvik.pdf"
    reported = pv(demo_env, "report", "1", "--phase", "initial", "--submit", "--at", "2026-01-17T10:00:00+01:00",
                  "--format", "pdf", "--out", str(pdf))
    assert reported.returncode == 0, reported.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    count = pv(demo_env, "notify", "1", "--count")
    people = int(count.stdout.split()[0])
    assert people > 3
    sent = pv(demo_env, "notify", "1", "--approve")
    assert sent.returncode == 0 and f"sent {people};" in sent.stdout
    again = pv(demo_env, "notify", "1", "--send")
    assert "sent 0;" in again.stdout
    outbox = list_outbox(Path(demo_env["PERSONVERN__DATA_DIR"]) / "outbox", limit=10_000)
    assert len(outbox) == people == len({m.to for m in outbox})
    assert all(m.language == "nb" and "sikkerhetsbrudd" in m.text for m in outbox)
    xlsx = tmp_path / "register.xlsx"
    assert pv(demo_env, "register", "--out", str(xlsx)).returncode == 0 and xlsx.stat().st_size > 0
    show = pv(demo_env, "show", "1").stdout
    assert "rev 4" in show and "reported initial" in show
