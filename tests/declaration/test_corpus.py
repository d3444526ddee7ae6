"""The bad-input corpus: every file in bad/ is broken in one way (50 has many problems), and
`personvern check` must report exactly the lines in its .expected file, in order."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from personvern.cli.check import check_command
from personvern.declaration.loader import load
from personvern.declaration.problems import DeclarationInvalid

BAD = Path(__file__).parent / "bad"
CASES = sorted(path.stem for path in BAD.glob("*.yaml"))
ROOT = Path(__file__).resolve().parents[2]


def expected(name: str) -> list[str]:
    return (BAD / f"{name}.expected").read_text(encoding="utf-8").splitlines()


def footer(count: int) -> str:
    return f"{count} problem{'' if count == 1 else 's'} found"


def test_the_corpus_has_an_expected_file_for_each_of_at_least_30_broken_files() -> None:
    assert len(CASES) >= 30
    assert sorted(p.stem for p in BAD.glob("*.expected")) == CASES
    for name in CASES:
        lines = expected(name)
        assert lines, name
        assert all(line.startswith(f"{name}.yaml:") for line in lines), name


@pytest.mark.parametrize("name", CASES)
def test_check_prints_exactly_the_expected_problems(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(BAD)
    code = check_command(Path(f"{name}.yaml"))
    lines = expected(name)
    assert capsys.readouterr().out.splitlines() == [*lines, footer(len(lines))]
    assert code == 1


@pytest.mark.parametrize("name", CASES)
def test_load_raises_with_every_problem_at_its_position(name: str) -> None:
    path = BAD / f"{name}.yaml"
    with pytest.raises(DeclarationInvalid) as caught:
        load(path)
    got = [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]
    assert got == [line.split(":", 1)[1] for line in expected(name)]
    assert all(p.file == str(path) for p in caught.value.problems)


@pytest.mark.parametrize(
    "name", ["01-yaml-syntax", "31-consent-also-under-another-basis", "50-several-problems"]
)
def test_the_installed_cli_reports_the_same(name: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "personvern", "check", f"{name}.yaml"],
        cwd=BAD,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = expected(name)
    assert result.stdout.splitlines() == [*lines, footer(len(lines))], result.stderr
    assert result.returncode == 1


def test_the_installed_cli_accepts_a_valid_declaration() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "personvern", "check", "examples/agency/personvern.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(
        "examples/agency/personvern.yaml: valid declaration (content hash "
    )
