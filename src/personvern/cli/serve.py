"""`serve`, `worker` and `demo`: the long-running commands."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import typer

from personvern.cli.common import cli_actor, fail, load_settings, open_container
from personvern.config import Located, settings_from
from personvern.jobs.queue import queue_location
from personvern.container import Container
from personvern.declaration.problems import DeclarationInvalid
from personvern.settings import Settings


def _load_declaration(container: Container, path: Path | None) -> None:
    if path is None:
        return
    try:
        outcome = container.declarations.load_file(path, actor=cli_actor())
    except DeclarationInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise fail(f"{path}: {len(exc.problems)} problems; fix them or run `personvern check`") from None
    state = "new version" if outcome.created else "unchanged"
    typer.echo(f"declaration {path}: version {outcome.version.id} ({state})", err=True)


def _run(settings: Settings, container: Container) -> None:
    import uvicorn

    from personvern.web.app import create_app

    app = create_app(settings, container=container)
    uvicorn.run(
        app, host=settings.server.host, port=settings.server.port,
        log_level=settings.log_level.lower(), access_log=False,
    )


def serve(
    config: Path | None = typer.Option(None, "--config", "-c", help="The declaration (personvern.yaml)."),
    host: str | None = typer.Option(None, help="Interface to bind (default from settings: 127.0.0.1)."),
    port: int | None = typer.Option(None, help="Port (default from settings: 8000)."),
    workers: int = typer.Option(
        1, min=1, max=64,
        help="API processes. One is enough for most sites; more use more cores (e.g. for many "
        "consent writes per second). The job consumer then runs in the supervising process.",
    ),
) -> None:
    """Run the service: admin API, privacy center, consent endpoints, and the embedded job worker."""
    settings = load_settings(config)
    server = settings.server.model_copy(
        update={k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    )
    settings = settings.model_copy(update={"server": server})
    container = open_container(settings, long_running=True, create=True)
    _load_declaration(container, config if config is not None and config.suffix in (".yaml", ".yml")
                      else settings.declaration)
    if workers == 1:
        _run(settings, container)
    else:
        _run_workers(settings, container, config, workers)


def _run_workers(settings: Settings, container: Container, config: Path | None, workers: int) -> None:
    """Several API processes (uvicorn's supervisor) built from the environment; jobs run here."""
    import uvicorn

    if settings.declaration is not None:
        os.environ["PERSONVERN__DECLARATION"] = str(Path(settings.declaration).resolve())
    for name, value in _settings_environment(settings).items():
        os.environ.setdefault(name, value)
    consumer = None
    if settings.jobs.run_in_service and settings.jobs.backend != "memory":
        consumer = container.jobs.consumer(settings.jobs.workers, embedded=True)
        consumer.start()
    try:
        uvicorn.run(
            "personvern.web.factory:app_from_environment", factory=True, workers=workers,
            host=settings.server.host, port=settings.server.port,
            log_level=settings.log_level.lower(), access_log=False,
        )
    finally:
        if consumer is not None:
            consumer.stop(graceful=True)


def _settings_environment(settings: Settings) -> dict[str, str]:
    """The folder's settings as PERSONVERN__ variables, for the API processes uvicorn starts."""
    return {
        "PERSONVERN__DATA_DIR": str(settings.data_dir),
        "PERSONVERN__DATABASE__URL": settings.database_url(),
        "PERSONVERN__JOBS__BACKEND": settings.jobs.backend,
        "PERSONVERN__JOBS__SQLITE_PATH": str(settings.resolve(settings.jobs.sqlite_path)),
        "PERSONVERN__JOBS__REDIS_URL": settings.jobs.redis_url,
        "PERSONVERN__MAIL__BACKEND": settings.mail.backend,
        "PERSONVERN__MAIL__OUTBOX_DIR": str(settings.resolve(settings.mail.outbox_dir)),
        "PERSONVERN__SERVER__PUBLIC_URL": settings.server.public_url,
    }


def worker(
    workers: int | None = typer.Option(None, help="Worker threads (default from settings)."),
) -> None:
    """Run a job worker alone (for the Redis backend with several machines)."""
    settings = load_settings()
    container = open_container(settings, long_running=True)
    consumer = container.jobs.consumer(workers or settings.jobs.workers, embedded=False)
    typer.echo(f"worker consuming the {settings.jobs.backend} queue at {queue_location(settings)}: "
               f"{', '.join(container.jobs.names)}", err=True)
    consumer.run()


def demo(
    dir: Path = typer.Option(Path("personvern-demo"), "--dir", help="Folder for the demo (created if missing)."),
    port: int = typer.Option(8000, help="Port to serve on (127.0.0.1)."),
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
) -> None:
    """Create the demo company (if missing) and serve it with personvern on http://127.0.0.1:8000."""
    from personvern.demo.setup import prepare_demo_folder
    from personvern.demo.tokens import ensure_demo_token

    folder = prepare_demo_folder(dir, today=date.today(), host=host, port=port)
    os.environ.update(folder.environment)  # this folder's database, whatever the shell says
    settings = settings_from(Located(folder.config, str(folder.root)), environment=False)
    settings = settings.model_copy(update={"declaration": folder.declaration})
    server = settings.server.model_copy(
        update={"host": host, "port": port, "public_url": f"http://{host}:{port}"}
    )
    settings = settings.model_copy(update={"server": server})
    data = settings.data_dir
    container = open_container(settings, long_running=True, create=True)
    container.demo = folder
    _load_declaration(container, folder.declaration)
    token = ensure_demo_token(container, folder)
    typer.echo(f"demo folder: {data} (its settings: {folder.config}; run commands there, "
               f"e.g. cd {data} && personvern requests list)", err=True)
    typer.echo(f"admin token for the demo (also in {folder.token_file}): {token}", err=True)
    typer.echo(f"open http://{host}:{port}/", err=True)
    _run(settings, container)
