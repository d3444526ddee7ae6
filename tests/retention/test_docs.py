"""docs/retention.md names every retention command and setting (it fails when one is added
without being documented)."""

from __future__ import annotations

from pathlib import Path

from personvern.cli.retention import app, holds_app
from personvern.retention.config import OwnDataRetention, RetentionSettings

DOC = Path(__file__).resolve().parents[2] / "docs" / "retention.md"


def test_every_command_and_setting_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    commands = [f"personvern retention {c.name}" for c in app.registered_commands]
    commands += [f"personvern retention holds {c.name}" for c in holds_app.registered_commands
                 if c.name != "list"]
    missing = [c for c in commands if c not in text]
    settings = [name.upper() for name in RetentionSettings.model_fields if name != "own"]
    settings += [f"OWN__{name.upper()}" for name in OwnDataRetention.model_fields]
    missing += [s for s in settings if s not in text]
    assert missing == []
    assert "pseudonymisation, not anonymisation" in text
