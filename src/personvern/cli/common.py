"""What every command needs: the folder's settings, a store that exists, output."""

from __future__ import annotations

from pathlib import Path

import typer

from personvern.config import ConfigError, Located, locate, settings_from
from personvern.container import Container
from personvern.db import storemeta
from personvern.db.migrate import applied_revisions, upgrade, upgrade_in_child_process
from personvern.errors import DomainError
from personvern.keys import SECRET_FILE
from personvern.settings import Settings

CLI_ACTOR = "cli"
KEY_CHECK_MESSAGE = b"personvern: the secret this store was created with"
HOW_TO_POINT = (
    "run the command in the folder that holds personvern.toml, pass --config PATH "
    "(personvern --config PATH COMMAND …), or set PERSONVERN_CONFIG; "
    "`personvern init` creates a new folder"
)


class _Invocation:
    """`personvern --config PATH COMMAND`: the root option, set by the root callback at every
    invocation (one command per process; in-process test runs set it anew each time)."""

    config: Path | None = None


def set_global_config(config: Path | None) -> None:
    _Invocation.config = config


def locate_config(config: Path | None = None) -> Located:
    try:
        return locate(config or _Invocation.config)
    except ConfigError as exc:
        raise fail(exc.message) from None


def load_settings(config: Path | None = None, **overrides: object) -> Settings:
    """The settings of the folder: ``config`` may be a personvern.toml, its folder, or the
    declaration beside it (which is then the declaration the command uses)."""
    located = locate_config(config)
    try:
        settings = settings_from(located)
    except ConfigError as exc:
        raise fail(exc.message) from None
    if config is not None and config.suffix in (".yaml", ".yml"):
        settings = settings.model_copy(update={"declaration": config})
    if overrides:
        settings = settings.model_copy(update=overrides)
    return settings


def store_path(settings: Settings) -> Path | None:
    """The embedded store's file, or None when the store is a server database."""
    url = settings.database_url()
    prefix = "sqlite:///"
    if url.startswith(prefix) and ":memory:" not in url:
        return Path(url[len(prefix):].split("?")[0]).resolve()
    return None


def require_store(settings: Settings) -> None:
    """Stop, naming where it looked, when there is no store (or no secret) to open: only
    `init`, `demo` and `serve` create them."""
    where = locate_config().looked_in
    file = store_path(settings)
    if file is not None and not file.is_file():
        raise fail(f"no personvern store at {file} (settings from {where}); {HOW_TO_POINT}")
    if not settings.security.secret_key.get_secret_value():
        secret = settings.resolve(Path(SECRET_FILE))
        if not secret.is_file():
            raise fail(
                f"the store's secret is missing: no {secret} and no PERSONVERN__SECURITY__SECRET_KEY "
                f"(settings from {where}); {HOW_TO_POINT}"
            )


def open_container(settings: Settings, *, long_running: bool = False, create: bool = False) -> Container:
    """A container on a migrated store whose secret matches the one it was created with.

    Without ``create`` a missing store or secret stops the command (nothing is created).
    Long-running commands migrate in a child process."""
    if not create:
        require_store(settings)
    container = Container(settings)
    if not create and store_path(settings) is None and not applied_revisions(container.db):
        container.close()
        raise fail(
            f"the database {settings.database.url.split('@')[-1]} holds no personvern store; "
            f"{HOW_TO_POINT}"
        )
    if long_running:
        upgrade_in_child_process(container.db)
    else:
        upgrade(container.db)
    check_secret(container)
    return container


def check_secret(container: Container) -> None:
    """The store remembers a check value of its secret; another secret is refused."""
    expected = container.keys.sign("store-key-check", KEY_CHECK_MESSAGE)
    stored = storemeta.write_once(container.db, storemeta.KEY_CHECK, expected)
    if stored != expected:
        container.close()
        raise fail(
            "the secret key does not match this store: it was created with another secret "
            f"(the key file is {container.settings.resolve(Path(SECRET_FILE))} unless "
            "PERSONVERN__SECURITY__SECRET_KEY is set). Signed records (consent proofs, links) "
            "cannot be verified with it; restore the store's own secret"
        )


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def cli_actor() -> str:
    import getpass

    try:
        return f"{CLI_ACTOR}:{getpass.getuser()}"
    except (KeyError, OSError):
        return CLI_ACTOR


def handle_domain_error(exc: DomainError) -> typer.Exit:
    return fail(exc.message)
