"""Access and portability (Art. 15, 20): collect, then build and store the encrypted package."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from personvern.requests.collecting import collect_rows, connected, personal_view, plan_for
from personvern.requests.entities import DataRequest, SubjectStatus
from personvern.requests.execution import StepContext, StepDef, StepOutcome
from personvern.requests.package import build_package
from personvern.requests.target import Target

COLLECT = "collect"
PACKAGE = "package"
PACKAGE_VALIDITY = timedelta(days=7)


def access_steps(
    target: Target,
    request: DataRequest,
    *,
    now: Callable[[], datetime],
    status: Callable[[], SubjectStatus],
    store: Callable[[int, bytes, datetime], dict[str, object]],
) -> list[StepDef]:
    """``store(request_id, zip_bytes, expires_at)`` encrypts and records the package."""

    def collect(_ctx: StepContext) -> StepOutcome:
        plan = plan_for(target, request.identities)
        with connected(target) as connectors:
            rows = collect_rows(plan, connectors, request.identities)
        view = personal_view(target.datamap, rows)
        return StepOutcome(
            result={"collections": {a: len(r) for a, r in view.items()}, "rows": sum(map(len, view.values()))},
            checkpoint=view,
        )

    def package(ctx: StepContext) -> StepOutcome:
        view = ctx.checkpoint(COLLECT) or {}
        generated = now()
        data = build_package(
            target.declaration, view, request.language, generated_at=generated, request_id=request.id,
            status=status(),
        )
        return StepOutcome(result=store(request.id, data, generated + PACKAGE_VALIDITY))

    return [StepDef(COLLECT, collect), StepDef(PACKAGE, package)]
