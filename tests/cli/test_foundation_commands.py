"""The foundation's commands, run as a user runs them: `python -m personvern ...` in a subprocess."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "saas-vendor" / "personvern.yaml"


def run(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PERSONVERN__DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "personvern", *args], env=env, capture_output=True, text=True, timeout=120
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{args} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def test_help_lists_the_commands(tmp_path: Path) -> None:
    out = run(tmp_path, "--help").stdout
    for command in ("check", "serve", "demo", "declaration", "token", "audit", "worker"):
        assert command in out


def test_token_create_prints_once_and_audit_verify_detects_edits(tmp_path: Path) -> None:
    run(tmp_path, "init", str(tmp_path))  # a personvern folder, as a user starts one
    created = run(tmp_path, "token", "create", "--role", "dpo", "--name", "privacy officer")
    secret = created.stdout.strip()
    assert secret.startswith("pv_") and "shown only now" in created.stderr
    listed = run(tmp_path, "token", "list").stdout
    assert "privacy officer" in listed and secret not in listed
    assert "1 entries verified" in run(tmp_path, "audit", "verify").stdout

    with sqlite3.connect(tmp_path / "personvern.sqlite3") as conn:
        conn.execute("UPDATE audit_entries SET target = 'token:999' WHERE id = 1")
    broken = run(tmp_path, "audit", "verify", check=False)
    assert broken.returncode == 1
    assert "BROKEN at entry 1" in broken.stderr


def test_bad_role_is_a_clear_error(tmp_path: Path) -> None:
    run(tmp_path, "init", str(tmp_path))  # a personvern folder, as a user starts one
    result = run(tmp_path, "token", "create", "--role", "root", "--name", "x", check=False)
    assert result.returncode == 1
    assert "unknown role 'root': choose one of admin, dpo, viewer" in result.stderr
    assert "Traceback" not in result.stderr


def test_declaration_load_and_history(tmp_path: Path) -> None:
    run(tmp_path, "init", str(tmp_path))  # a personvern folder, as a user starts one
    first = run(tmp_path, "declaration", "load", str(EXAMPLE)).stdout
    assert first.startswith("stored as version 1")
    again = run(tmp_path, "declaration", "load", str(EXAMPLE)).stdout
    assert again.startswith("unchanged: version 1")
    history = run(tmp_path, "declaration", "history").stdout.strip().splitlines()
    assert len(history) == 1 and history[0].startswith("1\t")
    shown = run(tmp_path, "declaration", "show", "1").stdout
    assert shown == EXAMPLE.read_text()


def test_broken_declaration_changes_nothing(tmp_path: Path) -> None:
    run(tmp_path, "init", str(tmp_path))  # a personvern folder, as a user starts one
    broken = tmp_path / "personvern.yaml"
    broken.write_text("personvern: 1\ncontroller:\n  name: X\n")
    result = run(tmp_path, "declaration", "load", str(broken), check=False)
    assert result.returncode == 1
    assert "nothing was stored" in result.stderr
    assert "personvern.yaml:" in result.stdout
    with sqlite3.connect(tmp_path / "personvern.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM declaration_versions").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM audit_entries").fetchone() == (0,)
