"""The privacy center as one object: the person's side, the officer's side, the sweep, the views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from personvern.privacy_center.context import Shared, build_shared
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


def build_privacy_center(container: Any) -> PrivacyCenter:
    """The privacy center on the container's services (``Container.privacy_center`` keeps one)."""
    shared = build_shared(container)
    workflow = Workflow(shared)
    return PrivacyCenter(
        shared=shared, intake=Intake(shared, workflow), workflow=workflow,
        sweep=Sweep(shared, workflow), views=Views(shared),
    )
