"""`personvern jobs status`: what is queued, running, retrying and failed, with its age."""

from __future__ import annotations

import json
from datetime import timedelta

import typer

from personvern.cli.common import load_settings, open_container
from personvern.jobs.ledger import OPEN
from personvern.jobs.queue import queue_location

app = typer.Typer(help="The job queue: what waits, runs and failed.", no_args_is_help=True)


def _age(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


@app.command("status")
def status(
    failed: bool = typer.Option(True, "--failed/--no-failed", help="Also list the jobs that failed."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per job."),
) -> None:
    """Queued, running, retrying and failed jobs with their age; exit 1 when a job has failed."""
    settings = load_settings()
    container = open_container(settings)
    queue = container.jobs
    assert queue.ledger is not None
    now = container.clock.now()
    states = OPEN + (("failed",) if failed else ())
    jobs = queue.ledger.jobs(states)
    if as_json:
        for job in jobs:
            typer.echo(json.dumps({"task_id": job.task_id, "name": job.name, "ref": job.ref, "state": job.state,
                                   "attempts": job.attempts, "error": job.error,
                                   "queued_at": job.queued_at.isoformat(),
                                   "age_seconds": int(job.age(now).total_seconds())}))
    else:
        counts = queue.ledger.counts()
        typer.echo(f"queue: {settings.jobs.backend} at {queue_location(settings)}; "
                   f"waiting in the queue now: {_pending(queue)}")
        typer.echo("jobs: " + ", ".join(f"{state} {counts.get(state, 0)}"
                                         for state in (*OPEN, "failed", "done")))
        for job in jobs:
            ref = f" #{job.ref}" if job.ref is not None else ""
            error = f"  ({job.error})" if job.error else ""
            typer.echo(f"{job.state:9} {job.name}{ref}  queued {_age(job.age(now))} ago, "
                       f"{job.attempts} attempt(s){error}")
    container.close()
    if any(job.state == "failed" for job in jobs):
        raise typer.Exit(1)


def _pending(queue) -> str:  # type: ignore[no-untyped-def]
    try:
        return str(queue.huey.pending_count())
    except Exception as exc:  # noqa: BLE001 - the queue itself may be away; say so
        return f"unknown (the queue does not answer: {type(exc).__name__})"
