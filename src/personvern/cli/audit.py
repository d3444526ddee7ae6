from __future__ import annotations

import json

import typer

from personvern.cli.common import load_settings, open_container

app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)


@app.command("verify")
def verify() -> None:
    """Check the whole chain; exit 1 naming the first broken entry."""
    container = open_container(load_settings())
    result = container.audit.verify()
    if result.ok:
        typer.echo(f"audit log intact: {result.checked} entries verified; the hash chain links every entry "
                   f"to the one before it; {result.anchor}")
        return
    typer.secho(
        f"audit log BROKEN at entry {result.broken_id}: {result.reason} "
        f"({result.checked} entries before it are intact)",
        fg=typer.colors.RED, err=True,
    )
    raise typer.Exit(1)


@app.command("list")
def list_entries(
    limit: int = typer.Option(20, min=1, max=10000, help="How many entries, newest first."),
    action: str | None = typer.Option(None, help="Filter by action; '*' is a wildcard."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Show the newest audit entries."""
    container = open_container(load_settings())
    for entry in container.audit.list(action=action, limit=limit):
        if as_json:
            typer.echo(json.dumps({**entry.__dict__, "at": entry.at.isoformat()}, default=str))
        else:
            typer.echo(
                f"{entry.id}\t{entry.at:%Y-%m-%d %H:%M:%S}\t{entry.actor}\t{entry.action}\t{entry.target}"
            )
