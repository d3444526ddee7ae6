"""Docs that cannot go stale: every setting is described, every command is in the README."""

from __future__ import annotations

from pathlib import Path

import typer.main
from pydantic import BaseModel

from personvern.cli.main import app
from personvern.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _fields(model: type[BaseModel], prefix: str = "PERSONVERN_"):
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _fields(annotation, f"{prefix}_{name.upper()}_")
        else:
            yield f"{prefix}_{name.upper()}", field


def test_every_setting_has_a_description() -> None:
    missing = [env for env, field in _fields(Settings) if not field.description]
    assert missing == []


def test_every_command_is_in_the_readme_and_has_help() -> None:
    group = typer.main.get_command(app)
    names = sorted(group.commands)
    assert {"check", "serve", "demo", "declaration", "token", "audit"} <= set(names)
    undocumented = [name for name in names if f"personvern {name}" not in README]
    assert undocumented == [], "add these commands to the README's 'Using it' section"
    without_help = [name for name, command in group.commands.items() if not (command.help or "").strip()]
    assert without_help == []


def test_readme_quick_start_names_the_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "scripts/demo" in quick_start and "scripts/test" in quick_start
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "scripts/test" in ci
