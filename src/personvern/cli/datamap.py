"""`personvern datamap show`: the traversal plan of the data map, as text or as a picture."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from personvern.cli.common import fail
from personvern.datamap.loader import load_datamap
from personvern.datamap.model import DataMap, DatamapError
from personvern.datamap.plan import build_plan, render_dot, render_mermaid, render_text

app = typer.Typer(help="The data map: datasets, identities and the traversal plan.", no_args_is_help=True)


class Format(str, Enum):
    text = "text"
    mermaid = "mermaid"
    dot = "dot"


RENDERERS = {Format.text: render_text, Format.mermaid: render_mermaid, Format.dot: render_dot}


def _from_config(config: Path) -> tuple[DataMap, list[str]]:
    from personvern.datamap.declared import datamap_of
    from personvern.declaration.loader import load
    from personvern.declaration.problems import DeclarationInvalid

    try:
        loaded = load(config)
    except DeclarationInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise fail(f"{len(exc.problems)} problems in the declaration; run `personvern check {config}`") from None
    return datamap_of(loaded), list(loaded.declaration.requests.identities)


@app.command("show")
def show(
    config: Path | None = typer.Option(None, "--config", "-c", help="The declaration (personvern.yaml)."),
    dataset: list[Path] = typer.Option([], "--dataset", "-d", help="A dataset file (repeatable)."),
    identity: list[str] = typer.Option(
        [], "--identity", "-i",
        help="Identity to start from (repeatable). Default: the declaration's requests.identities, "
        "or every identity the dataset files name.",
    ),
    output_format: Format = typer.Option(Format.text, "--format", "-f", help="text, mermaid or dot."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file instead of printing."),
) -> None:
    """Print the plan: which collections each identity reaches, in which order, from which values."""
    if (config is None) == (not dataset):
        raise fail("give either --config personvern.yaml or one or more --dataset FILE")
    try:
        if config is not None:
            datamap, declared = _from_config(config)
        else:
            datamap = load_datamap(dataset)
            declared = datamap.identities()
        plan = build_plan(datamap, identity or declared)
    except DatamapError as exc:
        raise fail(exc.message) from None
    rendered = RENDERERS[output_format](plan)
    if out is None:
        typer.echo(rendered, nl=False)
    else:
        out.write_text(rendered, encoding="utf-8")
        typer.echo(f"wrote the {output_format.value} plan to {out}")
