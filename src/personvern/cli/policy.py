"""`personvern policy extract|draft|audit`: read a published privacy policy, draft a
declaration from it, and audit it against a declaration."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import typer

from personvern.cli.common import fail
from personvern.declaration.loader import load
from personvern.declaration.problems import DeclarationInvalid
from personvern.policytext.audit import audit as audit_policy
from personvern.policytext.draft import draft as draft_declaration
from personvern.policytext.entities import Extraction
from personvern.policytext.extract import extract as extract_policy
from personvern.policytext.extract import render_text
from personvern.policytext.reader import PolicyUnreadable, read_policy
from personvern.policytext.render import render_html
from personvern.policytext.render import render_text as render_audit_text

app = typer.Typer(help="Read a privacy policy: extract what it says, draft a declaration, audit it.",
                  no_args_is_help=True)

PolicyArg = typer.Argument(..., help="The policy: a .txt, .md or .html file.")
LangOption = typer.Option("auto", "--lang", help="Language of the policy: auto, en or nb.")
OutOption = typer.Option(None, "--out", "-o", help="Write to this file (default: standard output).")


def _read(policy: Path, lang: str) -> Extraction:
    try:
        return extract_policy(read_policy(policy), lang)
    except PolicyUnreadable as exc:
        raise fail(exc.message, 2) from None


def _write(content: str, out: Path | None) -> None:
    if out is None:
        typer.echo(content, nl=False)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise fail(f"{out}: cannot be written ({exc.strerror})", 2) from None
    typer.echo(f"written to {out}", err=True)


@app.command("extract")
def extract(
    policy: Path = PolicyArg,
    lang: Literal["auto", "en", "nb"] = LangOption,
    format: Literal["json", "text"] = typer.Option("json", "--format", help="json (the shared schema) or text."),
    out: Path | None = OutOption,
) -> None:
    """What the policy says: retention, legal bases, rights, contacts, recipients, transfers and
    the Art. 13 checklist, each with its quote and character offsets."""
    extraction = _read(policy, lang)
    if format == "json":
        _write(json.dumps(extraction.as_dict(), ensure_ascii=False, indent=1) + "\n", out)
    else:
        _write(render_text(extraction), out)


@app.command("draft")
def draft(
    policy: Path = PolicyArg,
    out: Path | None = OutOption,
    lang: Literal["auto", "en", "nb"] = LangOption,
) -> None:
    """A declaration draft from the policy; every value quotes its sentence, TODO marks the rest
    (`personvern check` on the draft lists each TODO)."""
    _write(draft_declaration(_read(policy, lang)), out)


@app.command("audit")
def audit(
    policy: Path = PolicyArg,
    config: Path = typer.Option(..., "--config", "-c", help="The declaration (personvern.yaml) to hold the text against."),
    format: Literal["text", "html", "json"] = typer.Option("text", "--format", help="text, html or json."),
    lang: Literal["auto", "en", "nb"] = LangOption,
    out: Path | None = OutOption,
) -> None:
    """Contradictions, omissions and unkept promises between the policy and the declaration.
    Exits 1 when there is a contradiction (for CI), 2 on unreadable input."""
    extraction = _read(policy, lang)
    try:
        loaded = load(config)
    except DeclarationInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise fail(f"{len(exc.problems)} problems in {config}; fix them first (`personvern check`)", 2) from None
    report = audit_policy(extraction, loaded)
    if format == "json":
        _write(json.dumps(report.as_dict(), ensure_ascii=False, indent=1) + "\n", out)
    elif format == "html":
        _write(render_html(report), out)
    else:
        _write(render_audit_text(report), out)
    if report.contradictions:
        raise typer.Exit(1)
