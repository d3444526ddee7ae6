from __future__ import annotations

import typer

from personvern.cli.common import cli_actor, fail, load_settings, open_container
from personvern.errors import DomainError

app = typer.Typer(help="Admin API tokens (roles: admin, dpo, viewer).", no_args_is_help=True)


@app.command("create")
def create(
    role: str = typer.Option(..., help="admin, dpo or viewer"),
    name: str = typer.Option(..., help="Who or what uses this token (e.g. 'privacy officer')."),
) -> None:
    """Create a token and print it once; only its hash is stored."""
    container = open_container(load_settings())
    try:
        issued = container.tokens.create(name=name, role=role, actor=cli_actor())
    except DomainError as exc:
        raise fail(exc.message) from None
    typer.echo(issued.secret)
    typer.secho(
        f"token {issued.token.id} '{issued.token.name}' with role {issued.token.role} created; "
        "it is shown only now.", err=True,
    )


@app.command("list")
def list_tokens() -> None:
    """List tokens (never their secrets)."""
    container = open_container(load_settings())
    for token in container.tokens.list():
        state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
        typer.echo(f"{token.id}\t{token.role}\tpv_{token.prefix}_…\t{token.name}\t{state}")


@app.command("revoke")
def revoke(token_id: int = typer.Argument(..., help="The token's id from `token list`.")) -> None:
    """Revoke a token; it stops working at once."""
    container = open_container(load_settings())
    try:
        token = container.tokens.revoke(token_id, actor=cli_actor())
    except DomainError as exc:
        raise fail(exc.message) from None
    typer.echo(f"token {token.id} revoked")
