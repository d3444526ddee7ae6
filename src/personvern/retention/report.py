"""Plans and run reports as text, for the command line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from personvern.retention.entities import Plan, Progress, Run, SweepPlan, SweepProgress


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in sorted(counts.items()) if n)


def _rules(detail: dict[str, Any]) -> Iterator[str]:
    for rule in detail.get("rules", []):
        yield f"    rule {rule['rule']}: {rule['summary']}"
    for note in detail.get("notes", []):
        yield f"    note: {note}"


def plan_lines(plan: Plan) -> Iterator[str]:
    yield (f"Retention plan for {plan.now.date().isoformat()} (UTC), declaration "
           f"{plan.declaration_hash[:12]}: nothing is changed")
    for sweep in plan.sweeps:
        yield from _plan_sweep(sweep)
    total = sum(s.rows for s in plan.sweeps)
    yield f"Total: {total} rows would be deleted, anonymised or wiped."


def _plan_sweep(sweep: SweepPlan) -> Iterator[str]:
    if sweep.blocked:
        yield f"  {sweep.key}: skipped — {sweep.blocked}"
        return
    if sweep.error:
        yield f"  {sweep.key}: cannot run — {sweep.error}"
        return
    yield f"  {sweep.key}: {sweep.action} {sweep.rows} rows"
    yield from _rules(sweep.detail)
    kept = {a: n for a, n in sweep.kept_by.items() if n}
    if kept:
        yield "    kept longer: " + ", ".join(
            f"{n} rows expired under every other activity but kept by {a}" for a, n in kept.items())
    if sweep.review_due:
        yield "    due for review: " + ", ".join(f"{r} {n} rows" for r, n in sweep.review_due.items())
    if sweep.skipped and _counts(dict(sweep.skipped)):
        yield f"    skipped: {_counts(dict(sweep.skipped))}"
    if sweep.examples:
        shown = "; ".join(", ".join(f"{k}={v}" for k, v in e.items()) for e in sweep.examples)
        yield f"    examples: {shown}"


def progress_line(step: Progress) -> str:
    if step.done:
        note = f" — {step.note}" if step.note else ""
        return f"  {step.key}: {step.state}, {step.action} {step.affected} rows{note}"
    skipped = f", skipped {step.skipped}" if step.skipped else ""
    return f"  {step.key}: batch {step.batch}, {step.action} {step.affected} rows so far{skipped}"


def run_lines(run: Run, sweeps: list[SweepProgress]) -> Iterator[str]:
    yield (f"Retention run {run.id} ({run.state}), started {run.started_at:%Y-%m-%d %H:%M:%S} UTC by "
           f"{run.actor} ({run.trigger}), batch size {run.batch_size}")
    for sweep in sweeps:
        skipped = _counts(sweep.skipped)
        line = (f"  {sweep.key}: {sweep.state}, {sweep.action} {sweep.affected} rows in {sweep.batches} "
                f"batches, {sweep.duration_ms} ms (longest batch {sweep.max_batch_ms} ms)")
        if skipped:
            line += f", skipped {skipped}"
        if sweep.failed:
            line += f", {sweep.failed} rows failed"
        yield line
        yield from _rules(sweep.detail)
        for error in sweep.errors:
            yield f"    {error}"
    totals = run.totals
    yield (f"Total: {totals.get('deleted', 0)} deleted, {totals.get('anonymised', 0)} anonymised, "
           f"{totals.get('affected', 0)} rows in all")
