"""`personvern dsr ...`: data-subject requests from the command line.

With ``--config personvern.yaml`` the declaration is loaded (a new version only when it
changed) and the request is bound to it; with ``--dataset FILE --url URL`` pairs (a Fides data
map, no declaration) the request runs on those databases with the default masking and no
retention rules. Running the same command again resumes an unfinished request of that kind
for that person instead of starting another one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from personvern.cli.common import cli_actor, fail, load_settings, open_container
from personvern.declaration.problems import DeclarationInvalid
from personvern.errors import DomainError
from personvern.requests.entities import DataRequest
from personvern.requests.service import RequestService
from personvern.requests.target import Target

app = typer.Typer(help="Data-subject requests: access, erasure, rectification, restriction, objection.",
                  no_args_is_help=True)

CONFIG = typer.Option(None, "--config", "-c", help="The declaration (personvern.yaml).")
IDENTITY = typer.Option(..., "--identity", "-i", help="NAME=VALUE, e.g. email=kari@example.com (repeatable).")
DATASET = typer.Option([], "--dataset", help="A Fides dataset file, instead of --config (repeatable, with --url).")
URL = typer.Option([], "--url", help="The database URL of the --dataset at the same position.")
LANG = typer.Option(None, "--lang", help="Language of the export README: en or nb.")


def _identities(values: list[str]) -> dict[str, str]:
    identities: dict[str, str] = {}
    for value in values:
        name, sep, given = value.partition("=")
        if not sep or not name.strip() or not given.strip():
            raise fail(f"--identity {value!r}: write NAME=VALUE, e.g. email=kari@example.com")
        identities[name.strip()] = given.strip()
    return identities


def _open(config: Path | None, datasets: list[Path], urls: list[str]) -> tuple[RequestService, Target]:
    if config is not None and datasets:
        raise fail("give either --config or --dataset/--url, not both")
    if len(datasets) != len(urls):
        raise fail(f"--dataset and --url come in pairs: {len(datasets)} datasets, {len(urls)} URLs")
    container = open_container(load_settings(config))
    service = container.requests
    try:
        if config is not None:
            container.declarations.load_file(config, actor=cli_actor())
            return service, service.current_target()
        if datasets:
            return service, service.files_target(list(zip(datasets, urls, strict=True)))
        return service, service.current_target()
    except DeclarationInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise fail(f"{len(exc.problems)} problems in the declaration; nothing was done") from None
    except DomainError as exc:
        raise fail(exc.message) from None


def _run(kind: str, config: Path | None, identity: list[str], datasets: list[Path], urls: list[str],
         *, params: dict[str, Any] | None = None, lang: str | None = None) -> tuple[RequestService, DataRequest]:
    service, target = _open(config, datasets, urls)
    actor = cli_actor()
    try:
        request, created = service.open_or_create(
            kind, _identities(identity), actor=actor, params=params, language=lang, target=target
        )
        typer.echo(f"request {request.id} ({kind}): {'created' if created else 'resuming'}", err=True)
        return service, service.execute(request.id, actor=actor, target=target)
    except DomainError as exc:
        raise fail(exc.message) from None


@app.command("access")
def access(
    out: Path = typer.Option(..., "--out", "-o", help="Where to write the package (a plain zip)."),
    config: Path | None = CONFIG, identity: list[str] = IDENTITY, dataset: list[Path] = DATASET,
    url: list[str] = URL, lang: str | None = LANG,
    portability: bool = typer.Option(False, help="Record it as a portability request (Art. 20)."),
) -> None:
    """Collect the person's data and write the export package (data.json, CSVs, README)."""
    service, request = _run("portability" if portability else "access", config, identity, dataset, url, lang=lang)
    out.write_bytes(service.package_bytes(request.id))
    rows = sum(request.result.get("collections", {}).values())
    typer.echo(f"request {request.id}: {rows} records from {len(request.result.get('collections', {}))} "
               f"collections written to {out}")


@app.command("erase")
def erase(
    config: Path | None = CONFIG, identity: list[str] = IDENTITY, dataset: list[Path] = DATASET,
    url: list[str] = URL,
) -> None:
    """Erase the person's data; keeps what a legal obligation still requires and says why."""
    _, request = _run("erasure", config, identity, dataset, url)
    result = request.result
    for item in result.get("erased", []):
        count = item.get("masked", 0) + item.get("deleted", 0) + item.get("erased_by_earlier_attempt", 0)
        typer.echo(f"erased  {item['collection']}: {count} rows ({item['action']})")
    for item in result.get("kept", []):
        release = item["release_date"] or "not yet known (the retention period has not started)"
        typer.echo(f"kept    {item['collection']}: {len(item['rows'])} rows, {item['reason']}; "
                   f"released {release}")
    if result.get("note"):
        typer.echo(f"note: {result['note']}")
    typer.echo(f"request {request.id}: {request.state}")


@app.command("rectify")
def rectify(
    set_: list[str] = typer.Option(..., "--set", help="collection.field=VALUE (repeatable)."),
    config: Path | None = CONFIG, identity: list[str] = IDENTITY, dataset: list[Path] = DATASET,
    url: list[str] = URL,
) -> None:
    """Correct named fields of the person's rows (values checked against the column types)."""
    changes: dict[str, str] = {}
    for item in set_:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise fail(f"--set {item!r}: write collection.field=VALUE")
        changes[name.strip()] = value
    _, request = _run("rectification", config, identity, dataset, url, params={"changes": changes})
    for item in request.result.get("updated", []):
        typer.echo(f"updated {item['collection']}: {item['rows']} rows ({', '.join(item['fields'])})")
    typer.echo(f"request {request.id}: {request.state}")


@app.command("restrict")
def restrict(
    config: Path | None = CONFIG, identity: list[str] = IDENTITY, dataset: list[Path] = DATASET,
    url: list[str] = URL, lift: bool = typer.Option(False, "--lift", help="Lift the restriction."),
) -> None:
    """Record (or lift) a restriction of processing (Art. 18)."""
    _, request = _run("restriction", config, identity, dataset, url, params={"lift": lift})
    typer.echo(f"request {request.id}: processing {'no longer ' if lift else ''}restricted")


@app.command("object")
def object_(
    purpose: list[str] = typer.Option(..., "--purpose", help="Activity key or data use (repeatable)."),
    config: Path | None = CONFIG, identity: list[str] = IDENTITY, dataset: list[Path] = DATASET,
    url: list[str] = URL, withdraw: bool = typer.Option(False, "--withdraw", help="Withdraw the objection."),
) -> None:
    """Record (or withdraw) an objection to purposes (Art. 21)."""
    _, request = _run("objection", config, identity, dataset, url, params={"purposes": purpose, "lift": withdraw})
    verb = "withdrawn for" if withdraw else "recorded for"
    typer.echo(f"request {request.id}: objection {verb} {', '.join(request.result.get('purposes', []))}")


@app.command("status")
def status(identity: list[str] = IDENTITY) -> None:
    """Whether processing of the person is restricted and which purposes they objected to."""
    service = open_container(load_settings()).requests
    result = service.status(_identities(identity))
    typer.echo(json.dumps({
        "restricted": result.restricted,
        "restricted_since": result.restricted_since.isoformat() if result.restricted_since else None,
        "objections": result.objections,
    }, indent=2))


@app.command("show")
def show(request_id: int = typer.Argument(..., help="The request's number.")) -> None:
    """A request, its steps and its result (JSON)."""
    service = open_container(load_settings()).requests
    try:
        request = service.get(request_id)
    except DomainError as exc:
        raise fail(exc.message) from None
    steps = [{"key": s.key, "state": s.state, "attempts": s.attempts, "result": s.result, "error": s.error}
             for s in service.steps(request_id)]
    typer.echo(json.dumps({
        "id": request.id, "kind": request.kind, "state": request.state, "source": request.source,
        "created_at": request.created_at.isoformat(), "result": request.result, "steps": steps,
    }, indent=2, default=str))


@app.command("run")
def run(request_id: int = typer.Argument(..., help="The request's number.")) -> None:
    """Execute (or resume) a request made under the declaration."""
    service = open_container(load_settings()).requests
    try:
        request = service.execute(request_id, actor=cli_actor())
    except DomainError as exc:
        raise fail(exc.message) from None
    typer.echo(f"request {request.id}: {request.state}")
