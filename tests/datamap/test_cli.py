"""`personvern datamap show`."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from personvern.cli.datamap import app as datamap_app
from tests.datamap.fides import DATASET, EXTENDED, requires_fides
from tests.datamap.test_check import write

runner = CliRunner()
app = typer.Typer()
app.add_typer(datamap_app, name="datamap")


def test_registered_in_the_personvern_command() -> None:
    from personvern.cli.main import app as main

    result = runner.invoke(main, ["datamap", "--help"])
    assert result.exit_code == 0 and "show" in result.stdout


@requires_fides
def test_show_prints_the_plan_of_dataset_files() -> None:
    result = runner.invoke(app, ["datamap", "show", "--dataset", str(DATASET)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Plan for identities: email"
    assert lines[1].strip() == "1. postgres_example_test_dataset:customer"
    assert "email <- identity:email" in lines[2]
    assert any(line.strip().startswith("Erase order: postgres_example_test_dataset:order_item") for line in lines)


@requires_fides
def test_show_with_an_identity_and_a_picture(tmp_path: Path) -> None:
    out = tmp_path / "plan.mmd"
    result = runner.invoke(app, ["datamap", "show", "-d", str(DATASET), "-d", str(EXTENDED), "-i", "email",
                                 "--format", "mermaid", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"wrote the mermaid plan to {out}"
    picture = out.read_text()
    assert picture.startswith("flowchart LR")
    assert "postgres_example_test_extended_dataset:loyalty (unreachable)" in picture
    dot = runner.invoke(app, ["datamap", "show", "-d", str(DATASET), "-f", "dot"])
    assert dot.exit_code == 0 and dot.stdout.startswith("digraph datamap {")


@requires_fides
def test_show_from_the_declaration(tmp_path: Path) -> None:
    config = write(tmp_path)
    result = runner.invoke(app, ["datamap", "show", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Plan for identities: email, loyalty_id\n")
    assert "postgres_example_test_extended_dataset:loyalty" in result.stdout
    assert "no identity reaches" not in result.stdout


def test_show_needs_one_source_and_reports_bad_files(tmp_path: Path) -> None:
    result = runner.invoke(app, ["datamap", "show"])
    assert result.exit_code == 1
    assert "give either --config personvern.yaml or one or more --dataset FILE" in result.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text("dataset:\n  - fides_key: x\n    collections: [\n")
    result = runner.invoke(app, ["datamap", "show", "-d", str(bad)])
    assert result.exit_code == 1
    assert f"error: {bad}:4: invalid YAML" in result.stderr
    assert "Traceback" not in result.output
