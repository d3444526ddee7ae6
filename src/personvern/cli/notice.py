"""`personvern notice`, `personvern notice diff V1 V2` and `personvern ropa`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Literal

import typer

from personvern.cli.common import fail, load_settings, open_container
from personvern.container import Container
from personvern.declaration.model import Declaration
from personvern.declaration.problems import DeclarationInvalid
from personvern.errors import DomainError
from personvern.notice.context import NoticeMeta

app = typer.Typer(
    help="The privacy notice, generated from the declaration (and `diff` between two versions).",
    invoke_without_command=True,
)

ConfigOption = typer.Option(
    None, "--config", "-c", help="Render this declaration file (default: the current stored version)."
)
VersionOption = typer.Option(None, "--version", help="Render a stored version (see `declaration history`).")


def _source(config: Path | None, version: int | None) -> tuple[Declaration, NoticeMeta]:
    """The declaration to render: a file (meta from the store when stored), a stored version,
    or the current stored version."""
    from personvern.declaration.loader import load
    from personvern.notice.service import NoticeService

    if config is not None and version is not None:
        raise fail("give either --config or --version, not both")
    container: Container = open_container(load_settings(config))
    service = NoticeService(container.declarations)
    try:
        if config is not None:
            try:
                loaded = load(config)
            except DeclarationInvalid as exc:
                for problem in exc.problems:
                    typer.echo(str(problem), err=True)
                raise fail(f"{len(exc.problems)} problems found; fix them or run `personvern check`") from None
            return loaded.declaration, service.meta_for(loaded.content_hash, date.today())
        if version is not None:
            return service.at(version)
        return service.current()
    except DomainError as exc:
        raise fail(exc.message) from None
    finally:
        container.close()


def _write(content: str | bytes, out: Path | None) -> None:
    if out is None:
        if isinstance(content, bytes):
            raise fail("this format is binary; give --out FILE")
        typer.echo(content, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        out.write_bytes(content)
    else:
        out.write_text(content, encoding="utf-8")
    typer.echo(f"written to {out}", err=True)


@app.callback()
def notice(
    ctx: typer.Context,
    config: Path | None = ConfigOption,
    lang: Literal["en", "nb"] = typer.Option("en", "--lang", help="Language: en or nb."),
    format: Literal["html", "md"] = typer.Option("html", "--format", help="html (a page) or md (Markdown)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file (default: standard output)."),
    version: int | None = VersionOption,
) -> None:
    """Render the privacy notice (GDPR Art. 13/14) from the declaration."""
    if ctx.invoked_subcommand is not None:
        return
    from personvern.notice.context import build_notice
    from personvern.notice.render import render_notice

    declaration, meta = _source(config, version)
    _write(render_notice(build_notice(declaration, lang, meta), format), out)


@app.command("diff")
def diff(
    v1: int = typer.Argument(..., help="The older version id (see `declaration history`)."),
    v2: int = typer.Argument(..., help="The newer version id."),
    lang: Literal["en", "nb"] = typer.Option("en", "--lang", help="Language: en or nb."),
    format: Literal["text", "json"] = typer.Option("text", "--format", help="text or json."),
) -> None:
    """What changed between two stored versions, in words: what people must be told."""
    from personvern.notice.diff import diff as diff_declarations
    from personvern.notice.diff import render_text
    from personvern.notice.service import NoticeService
    from personvern.notice.wording import date_words

    container = open_container(load_settings())
    try:
        service = NoticeService(container.declarations)
        old, old_meta = service.at(v1)
        new, new_meta = service.at(v2)
    except DomainError as exc:
        raise fail(exc.message) from None
    finally:
        container.close()
    changes = diff_declarations(old, new, lang)
    if format == "json":
        typer.echo(json.dumps({"from": v1, "to": v2, "lang": lang,
                               "changes": [c.as_dict() for c in changes]}, ensure_ascii=False, indent=2))
        return
    if lang == "en":
        title = (f"Changes from version {v1} ({date_words(old_meta.date, lang)}) "
                 f"to version {v2} ({date_words(new_meta.date, lang)}):")
    else:
        title = (f"Endringer fra versjon {v1} ({date_words(old_meta.date, lang)}) "
                 f"til versjon {v2} ({date_words(new_meta.date, lang)}):")
    typer.echo(render_text(changes, lang, title=title), nl=False)


def ropa(
    format: Literal["xlsx", "csv", "html"] = typer.Option(..., "--format", help="xlsx, csv or html."),
    out: Path = typer.Option(..., "--out", "-o", help="The file to write."),
    config: Path | None = ConfigOption,
    lang: Literal["en", "nb"] = typer.Option("en", "--lang", help="Language of headers and wording."),
    version: int | None = VersionOption,
) -> None:
    """Write the record of processing activities (GDPR Art. 30)."""
    from personvern.notice import ropa as records

    declaration, meta = _source(config, version)
    rows = records.ropa_rows(declaration, lang)
    name = declaration.controller.name
    if format == "xlsx":
        content: str | bytes = records.to_xlsx(rows, lang, title=f"{records.TITLE[lang]} – {name}")
    elif format == "csv":
        content = records.to_csv(rows, lang)
    else:
        version_text = records.version_text(meta.version, meta.content_hash, meta.date, lang)
        content = records.to_html(rows, lang, controller=name, version=version_text)
    _write(content, out)
