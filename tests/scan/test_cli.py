"""`personvern scan` as a user runs it: a separate process with its own Chromium."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.scan.conftest import DEMO_DECLARATION

pytestmark = pytest.mark.browser


def run(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "personvern", "scan", *args],
                          capture_output=True, text=True, timeout=timeout)


def test_scan_of_the_demo_website_is_clean(site: str, tmp_path: Path) -> None:
    out = tmp_path / "report"
    done = run(f"{site}/demo/website", "--config", str(DEMO_DECLARATION), "--pages", "3",
               "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "[none 1/3]" in done.stderr and "[accept 1/3]" in done.stderr
    assert "clean: no violations" in done.stdout
    assert json.loads((out / "report.json").read_text())["summary"]["violation"] == 0
    assert (out / "banner-none.png").exists() and (out / "requests.har").exists()


def test_violations_give_exit_code_1(site: str, tmp_path: Path) -> None:
    done = run(f"{site}/t/bad", "--config", str(DEMO_DECLARATION), "--pages", "1",
               "--states", "none", "--out", str(tmp_path), "--quiet")
    assert done.returncode == 1, done.stderr
    assert "cookie '_phub' of 'pixelhub_pixel' (marketing) was set before any consent" in done.stdout
    assert "request(s) to 127.0.0.2" in done.stdout and done.stderr == ""


def test_bad_input_is_refused_with_exit_code_2(tmp_path: Path) -> None:
    missing = run("http://127.0.0.1:9/", "--config", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "nope.yaml: no such file" in missing.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("personvern: 1\ncontroller:\n  name: [unclosed\n")
    invalid = run("http://127.0.0.1:9/", "--config", str(broken))
    assert invalid.returncode == 2 and "broken.yaml:4:1: invalid YAML" in invalid.stderr
    states = run("http://127.0.0.1:9/", "--config", str(DEMO_DECLARATION), "--states", "maybe")
    assert states.returncode == 2 and "unknown state maybe" in states.stderr
    url = run("www.example.com", "--config", str(DEMO_DECLARATION), "--out", str(tmp_path))
    assert url.returncode == 2 and "not a web address" in url.stderr
    assert "Traceback" not in missing.stderr + invalid.stderr + states.stderr + url.stderr
