"""`personvern consent ...` on the embedded store (in-process with Typer's runner: fast;
the subprocess path of the CLI is covered by tests/cli)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from personvern.cli.main import app
from personvern.clock import FrozenClock
from personvern.consent.schemas import ConsentIn
from personvern.consent.service import Visitor
from personvern.container import Container
from personvern.settings import Settings
from tests.consent.conftest import FIXTURE, choice


class Result:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run(data_dir: Path, *args: str, check: bool = True) -> Result:
    outcome = CliRunner().invoke(app, list(args), env={"PERSONVERN__DATA_DIR": str(data_dir)})
    if check and outcome.exit_code != 0:
        raise AssertionError(f"{args} exited {outcome.exit_code}:\n{outcome.stdout}\n{outcome.stderr}")
    return Result(outcome.exit_code, outcome.stdout, outcome.stderr)


def test_verify_export_stats_checkpoint_integrity(tmp_path: Path) -> None:
    run(tmp_path, "init", str(tmp_path))
    run(tmp_path, "declaration", "load", str(FIXTURE))
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    container = Container(Settings.model_validate({"data_dir": tmp_path}), clock=FrozenClock(an_hour_ago))
    try:
        consent = container.consent
        visitor = Visitor(ip="192.0.2.44", user_agent="Test/1.0")
        receipts = [consent.record(ConsentIn.model_validate(choice(consent.config(), method=m)), visitor)
                    for m in ("accept_all", "reject_all")]
    finally:
        container.close()

    valid = run(tmp_path, "consent", "verify", receipts[0].cookie)
    assert valid.stdout.startswith("valid: matches stored record 1, unaltered")
    body, signature = receipts[1].cookie.split(".")
    edited = run(tmp_path, "consent", "verify", f"{body[:-2]}xx.{signature}", check=False)
    assert edited.returncode == 1 and "NOT valid" in edited.stderr

    out = tmp_path / "consents.jsonl"
    day = an_hour_ago.date().isoformat()
    exported = run(tmp_path, "consent", "export", "--from", day, "--to", day, "--property",
                   "https://shop.example.com", "--format", "jsonl", "--out", str(out))
    assert "2 records exported" in exported.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["method"] for line in lines] == ["accept_all", "reject_all"]
    assert lines[0]["ip"] == "192.0.2.0"
    csv_out = run(tmp_path, "consent", "export", "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("record_id,record,consent_id,recorded_at")
    assert "--from must be a date" in run(tmp_path, "consent", "export", "--from", "yesterday", check=False).stderr

    stats = run(tmp_path, "consent", "stats", "--from", day, "--to", day).stdout.splitlines()
    assert stats[0] == "day\timpressions\tdecisions\twithdrawals\tmarketing\tpreferences\tstatistics"
    assert stats[1] == f"{day}\t0\t2\t0\t1 (50%)\t1 (50%)\t1 (50%)"

    assert "records 1-2 (2)" in run(tmp_path, "consent", "checkpoint").stdout
    assert "consent log intact: 2 records, 1 checkpoints" in run(tmp_path, "consent", "integrity").stdout
    assert "entries verified" in run(tmp_path, "audit", "verify").stdout
