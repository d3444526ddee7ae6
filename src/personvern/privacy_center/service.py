"""The privacy center as one object: the person's side, the officer's side, the sweep, the views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from personvern.privacy_center.context import Shared, shared_for
from personvern.privacy_center.intake import Intake
from personvern.privacy_center.sweep import Sweep
from personvern.privacy_center.views import Views
from personvern.privacy_center.workflow import Workflow


@dataclass(frozen=True)
class PrivacyCenter:
    shared: Shared
    intake: Intake
    workflow: Workflow
    sweep: Sweep
    views: Views


def privacy_center_for(container: Any) -> PrivacyCenter:
    found = container.__dict__.get("privacy_center_service")
    if found is None:
        shared = shared_for(container)
        workflow = Workflow(shared)
        found = PrivacyCenter(
            shared=shared, intake=Intake(shared, workflow), workflow=workflow,
            sweep=Sweep(shared, workflow), views=Views(shared),
        )
        container.__dict__["privacy_center_service"] = found
    return found
