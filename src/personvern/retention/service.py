"""The retention engine: plan, run (resumable), reports, legal holds.

A run's reference time is stored with it: every cutoff is computed from the run's
``started_at``, so a run that resumes after being killed removes exactly what the first
attempt would have (and a later run finds nothing more to do that day).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect

from personvern.audit.service import AuditService
from personvern.clock import Clock
from personvern.db.database import Database
from personvern.declaration.service import DeclarationService
from personvern.errors import Conflict, DomainError, Invalid, NotFound
from personvern.keys import Keys
from personvern.requests.sealing import Sealer
from personvern.retention import target as targets
from personvern.retention.entities import SCOPES, Hold, Plan, Run, Sweep, SweepProgress
from personvern.retention.guard import PersonGuard
from personvern.retention.lock import RunLock
from personvern.retention.order import sweep_order
from personvern.retention.own import OwnSweep, own_rules
from personvern.retention.repository import RetentionRepository
from personvern.retention.rules import SweepSpec, build_specs
from personvern.retention.runner import ProgressFn, Runner, plan_sweep, totals
from personvern.retention.sweeps import CollectionSweep
from personvern.retention.target import RetentionTarget
from personvern.settings import Settings

DECISIONS = ("keep", "release")


class UnavailableSweep:
    """A sweep whose database cannot be reached (its URL is missing): reported as failed."""

    def __init__(self, spec: SweepSpec, error: str) -> None:
        self.key, self.action, self._error, self.spec = spec.key, spec.action, error, spec

    blocked = None

    @property
    def error(self) -> str:
        return self._error

    def detail(self) -> dict[str, Any]:
        return {"dataset": self.spec.dataset, "collection": self.spec.collection,
                "rules": [r.as_dict() for r in self.spec.rules], "error": self._error}

    def next_batch(self, *_: Any) -> Any:  # pragma: no cover - never called when error is set
        raise NotImplementedError

    act = remaining = next_batch


class RetentionService:
    def __init__(self, database: Database, audit: AuditService, clock: Clock, keys: Keys,
                 declarations: DeclarationService, settings: Settings) -> None:
        self.database = database
        self.audit = audit
        self.clock = clock
        self.keys = keys
        self.declarations = declarations
        self.config = settings.retention
        self.sealer = Sealer(keys)
        self.lock = RunLock(database, settings.resolve(Path("locks")))

    # --- targets ------------------------------------------------------------------------
    def current_target(self) -> RetentionTarget:
        version = self.declarations.current()
        if version is None:
            raise Invalid("no declaration loaded; run `personvern declaration load personvern.yaml` "
                          "or give --config")
        return targets.from_version(version, self.declarations.declaration_of(version).declaration)

    @staticmethod
    def target_from(path: Path) -> RetentionTarget:
        return targets.from_path(path)

    # --- holds --------------------------------------------------------------------------
    def add_hold(self, *, scope: str, reason: str, actor: str, target: str | None = None,
                 identity: tuple[str, str] | None = None, decision: str = "keep") -> Hold:
        if scope not in SCOPES:
            raise Invalid(f"scope must be one of {', '.join(SCOPES)}, not '{scope}'")
        if decision not in DECISIONS:
            raise Invalid(f"decision must be 'keep' (a legal hold) or 'release', not '{decision}'")
        if not reason.strip():
            raise Invalid("a hold needs a reason (e.g. the case or the law that requires it)")
        identity_type = None
        if scope == "person":
            if identity is None or not identity[1].strip():
                raise Invalid("a hold on a person needs an identity, e.g. email=kari@example.com")
            identity_type, value = identity
            target = self.sealer.subject_hash(identity_type, value)
        else:
            if decision != "keep":
                raise Invalid("only a hold on a person can be a 'release' decision")
            if not target:
                raise Invalid(f"a hold on a {scope} needs the {scope}'s key")
        assert target is not None
        with self.database.write() as session:
            repo = RetentionRepository(session)
            if repo.active_hold(scope, target, decision) is not None:
                raise Conflict(f"there is already an active {decision} decision on this {scope}")
            hold = repo.add_hold(scope=scope, target=target, identity_type=identity_type, decision=decision,
                                 reason=reason.strip(), actor=actor, now=self.clock.now())
            self.audit.record(session, actor=actor, action="retention.hold.set", target=f"retention-hold:{hold.id}",
                              details=_hold_audit(hold))
        return hold

    def lift_hold(self, hold_id: int, *, reason: str, actor: str) -> Hold:
        with self.database.write() as session:
            repo = RetentionRepository(session)
            hold = repo.hold(hold_id)
            if hold is None:
                raise NotFound(f"no retention hold {hold_id}")
            if not hold.active:
                raise Conflict(f"hold {hold_id} was lifted already")
            hold = repo.lift_hold(hold_id, actor=actor, reason=reason.strip(), now=self.clock.now())
            self.audit.record(session, actor=actor, action="retention.hold.lifted",
                              target=f"retention-hold:{hold.id}", details=_hold_audit(hold))
        return hold

    def hold(self, hold_id: int) -> Hold:
        with self.database.read() as session:
            hold = RetentionRepository(session).hold(hold_id)
        if hold is None:
            raise NotFound(f"no retention hold {hold_id}")
        return hold

    def holds(self, *, active_only: bool = True) -> list[Hold]:
        with self.database.read() as session:
            return RetentionRepository(session).holds(active_only=active_only)

    # --- sweeps -------------------------------------------------------------------------
    def _guard(self) -> tuple[PersonGuard, list[Hold]]:
        with self.database.read() as session:
            repo = RetentionRepository(session)
            holds = repo.holds(active_only=True)
            restricted, objections = repo.subject_flags()
        guard = PersonGuard(
            held={h.target for h in holds if h.scope == "person" and h.decision == "keep"},
            released={h.target for h in holds if h.scope == "person" and h.decision == "release"},
            restricted=restricted, objections=objections,
        )
        return guard, holds

    def sweeps(self, target: RetentionTarget, now: datetime) -> list[Sweep]:
        guard, holds = self._guard()
        specs = build_specs(target.declaration, target.datamap, now.date())
        sweeps: list[Sweep] = []
        for spec in specs:
            held = _held(spec, holds)
            try:
                connector = None if held else target.connector(spec.dataset)
            except DomainError as exc:
                sweeps.append(UnavailableSweep(spec, exc.message))
                continue
            sweeps.append(CollectionSweep(spec, target.datamap, connector, guard=guard,
                                          hasher=self.sealer.subject_hash, keys=self.keys, now=now,
                                          held=held))
        ordered = sweep_order(sweeps, target.datamap)
        return [*ordered, *self._own_sweeps(target, now)]

    def _own_sweeps(self, target: RetentionTarget | None, now: datetime) -> list[Sweep]:
        from personvern.db.registry import metadata

        present = set(inspect(self.database.engine).get_table_names())
        rules = own_rules(self.config.own, target.declaration if target else None, sealer=self.sealer)
        return [OwnSweep(rule, self.database, metadata.tables[rule.table], now)
                for rule in rules if rule.table in present and rule.table in metadata.tables]

    # --- plan and run ---------------------------------------------------------------------
    def plan(self, target: RetentionTarget, *, batch_size: int | None = None) -> Plan:
        now = self.clock.now()
        size = batch_size or self.config.batch_size
        return Plan(now=now, declaration_hash=target.content_hash,
                    sweeps=[plan_sweep(s, size) for s in self.sweeps(target, now)])

    def run(self, target: RetentionTarget, *, actor: str, trigger: str = "cli",
            batch_size: int | None = None, progress: ProgressFn | None = None) -> Run:
        """Runs every sweep, or resumes the run a killed process left unfinished."""
        with self.lock.hold():
            run = self._run_to_do(target, actor=actor, trigger=trigger, batch_size=batch_size)
            runner = Runner(self.database, self.audit, self.clock, actor=actor, progress=progress)
            summary = runner.execute(run, self.sweeps(target, run.started_at))
            with self.database.write() as session:
                RetentionRepository(session).finish_run(run.id, "finished", self.clock.now(), summary)
                self.audit.record(session, actor=actor, action="retention.run.finished",
                                  target=f"retention-run:{run.id}", details=summary)
        return self.report(run.id)[0]

    def prepare(self, target: RetentionTarget, *, actor: str, trigger: str,
                batch_size: int | None = None) -> Run:
        """Records a new run for a worker to execute (``run`` picks it up); one at a time."""
        with self.database.read() as session:
            open_run = RetentionRepository(session).unfinished_run()
        if open_run is not None:
            raise Conflict(f"retention run {open_run.id} is not finished yet; it resumes on the next run")
        return self._new_run(target, actor=actor, trigger=trigger, batch_size=batch_size)

    def _run_to_do(self, target: RetentionTarget, *, actor: str, trigger: str,
                   batch_size: int | None) -> Run:
        with self.database.read() as session:
            run = RetentionRepository(session).unfinished_run()
        if run is not None and run.declaration_hash != target.content_hash:
            with self.database.write() as session:
                RetentionRepository(session).finish_run(run.id, "abandoned", self.clock.now(), run.totals,
                                                        error="the declaration changed before it finished")
                self.audit.record(session, actor=actor, action="retention.run.abandoned",
                                  target=f"retention-run:{run.id}", details={"reason": "declaration changed"})
            run = None
        if run is None:
            return self._new_run(target, actor=actor, trigger=trigger, batch_size=batch_size)
        with self.database.write() as session:
            begun = bool(RetentionRepository(session).sweeps(run.id))  # else: prepared, not begun
            if begun:
                self.audit.record(session, actor=actor, action="retention.run.resumed",
                                  target=f"retention-run:{run.id}", details={"trigger": trigger})
        return run

    def _new_run(self, target: RetentionTarget, *, actor: str, trigger: str, batch_size: int | None) -> Run:
        with self.database.write() as session:
            run = RetentionRepository(session).add_run(
                trigger=trigger, actor=actor, now=self.clock.now(),
                batch_size=batch_size or self.config.batch_size, declaration_hash=target.content_hash)
            self.audit.record(session, actor=actor, action="retention.run.started",
                              target=f"retention-run:{run.id}",
                              details={"trigger": trigger, "batch_size": run.batch_size,
                                       "declaration_hash": target.content_hash, "source": target.source})
        return run

    # --- reports ------------------------------------------------------------------------
    def report(self, run_id: int) -> tuple[Run, list[SweepProgress]]:
        with self.database.read() as session:
            repo = RetentionRepository(session)
            run = repo.run(run_id)
            if run is None:
                raise NotFound(f"no retention run {run_id}")
            progress = repo.sweeps(run_id)
        if run.state == "running":  # live totals
            run = Run(**{**run.__dict__, "totals": totals(progress)})
        return run, progress

    def runs(self, limit: int = 50) -> list[Run]:
        with self.database.read() as session:
            return RetentionRepository(session).runs(limit)


def _held(spec: SweepSpec, holds: list[Hold]) -> str | None:
    for hold in holds:
        if hold.decision != "keep":
            continue
        if (hold.scope == "dataset" and hold.target == spec.dataset) or (
                hold.scope == "activity" and hold.target in {a.activity for a in spec.activities}):
            return f"legal hold {hold.id} on {hold.scope} {hold.target}"  # its reason stays with it
    return None


def _hold_audit(hold: Hold) -> dict[str, Any]:
    target = f"subject:{hold.target[:16]}" if hold.scope == "person" else hold.target
    return {"scope": hold.scope, "target": target, "identity_type": hold.identity_type,
            "decision": hold.decision}  # the reason is free text: it stays in the hold, not the log


def build_retention_service(container: Any) -> RetentionService:
    """A retention service on the container's store (``Container.retention`` keeps one)."""
    return RetentionService(container.db, container.audit, container.clock, container.keys,
                            container.declarations, container.settings)
