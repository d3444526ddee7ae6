"""`personvern retention`: plan, run, report, runs, holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personvern.cli.main import app
from tests.conftest import create_store_from_environment
from tests.retention.shop import DECLARATION, keys

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_shop: str) -> str:
    monkeypatch.setenv("PERSONVERN__DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PERSONVERN__DATABASE__URL", f"sqlite:///{tmp_path / 'data' / 'pv.sqlite3'}")
    monkeypatch.setenv("PERSONVERN__JOBS__BACKEND", "memory")
    monkeypatch.setenv("PERSONVERN__SECURITY__SECRET_KEY", "test-secret-key-0123456789abcdef0123456789")
    create_store_from_environment()
    return sqlite_shop


def invoke(*args: str):
    result = runner.invoke(app, ["retention", *args])
    return result


def test_plan_then_run_then_report(env: str) -> None:
    plan = invoke("plan", "--config", str(DECLARATION))
    assert plan.exit_code == 0, plan.output
    assert "nothing is changed" in plan.output.splitlines()[0]
    assert "shop:orders: delete" in plan.output and "examples: id=" in plan.output
    assert "rule bookkeeping[0]: delete P5Y after the end of the calendar year of placed_at" in plan.output
    data = json.loads(invoke("plan", "--config", str(DECLARATION), "--json").output)
    planned = {s["key"]: s["rows"] for s in data["sweeps"]}
    before = keys(env, "messages")

    dry = invoke("run", "--config", str(DECLARATION), "--dry-run")
    assert dry.exit_code == 0 and "nothing is changed" in dry.output
    assert keys(env, "messages") == before

    done = invoke("run", "--config", str(DECLARATION), "--batch-size", "1")
    assert done.exit_code == 0, done.output
    assert "shop:messages: batch 1, delete 1 rows so far" in done.output
    assert done.output.splitlines()[-1].startswith("Total:")
    assert len(keys(env, "messages")) == len(before) - planned["shop:messages"]

    report = invoke("report", "1", "--json")
    sweeps = {s["key"]: s for s in json.loads(report.output)["sweeps"]}
    assert {k: sweeps[k]["affected"] for k in planned} == planned
    text = invoke("report", "1")
    assert text.output.startswith("Retention run 1 (finished)")
    assert invoke("runs").output.startswith("1\t")
    assert invoke("report", "7").exit_code == 1


def test_holds_from_the_command_line(env: str) -> None:
    added = invoke("holds", "add", "--person", "email=hans@example.com", "--reason", "court case")
    assert added.exit_code == 0, added.output
    assert added.output.startswith("hold 1: keep person email:")
    assert "hans" not in added.output
    assert invoke("holds", "add", "--dataset", "shop", "--reason", "audit").exit_code == 0
    assert invoke("holds", "add", "--dataset", "shop", "--activity", "x", "--reason", "r").exit_code == 1
    assert invoke("holds", "add", "--person", "hans", "--reason", "r").exit_code == 1
    listed = invoke("holds", "list")
    assert len(listed.output.splitlines()) == 2 and "dataset shop" in listed.output
    run = invoke("run", "--config", str(DECLARATION))
    assert "shop:orders: skipped, delete 0 rows — legal hold 2 on dataset shop" in run.output
    assert invoke("holds", "lift", "2", "--reason", "audit done").exit_code == 0
    assert invoke("holds", "lift", "2", "--reason", "again").exit_code == 1
    assert len(invoke("holds", "list").output.splitlines()) == 1
    assert len(invoke("holds", "list", "--all").output.splitlines()) == 2
