"""The workflow on PostgreSQL (production's store): row locks, rate limits, merge, deadlines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from personvern.clock import FrozenClock
from personvern.container import Container
from personvern.db.migrate import upgrade
from personvern.demo.setup import prepare_demo_folder
from personvern.privacy_center.ratelimit import RateLimited
from tests.conftest import make_settings
from tests.privacy_center.conftest import KARI, OLA, TODAY, Demo

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_demo(tmp_path: Path, pg_url: str, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    folder = prepare_demo_folder(tmp_path / "demo", today=TODAY)
    for name, value in folder.environment.items():
        monkeypatch.setenv(name, value)
    built = Container(make_settings(tmp_path / "data", pg_url), clock=clock)
    upgrade(built.db)
    built.declarations.load_file(folder.declaration, actor="test")
    built.demo = folder
    yield Demo(built, folder, clock)
    built.close()


def test_the_whole_workflow_on_postgresql(pg_demo: Demo):
    demo = pg_demo
    access = demo.submit_and_verify("access", KARI)
    assert demo.center.shared.engine.request(access).state == "completed"
    first = demo.submit_and_verify("erasure", OLA)
    second = demo.submit_and_verify("erasure", OLA)
    assert demo.center.views.detail(second).row.case.merged_into == first
    case = demo.center.workflow.extend(first, actor="test", months=1, reason="Five systems to search, two archived.")
    assert case.due_on.isoformat() == "2026-03-16"
    demo.center.workflow.approve(first, actor="test")
    assert demo.center.shared.engine.request(first).state == "completed"
    assert demo.mails_to(OLA)[-1].subject == f"Your request no. {first} is done"
    ref = demo.submit("access", "nora.bakken@example.com")
    for _ in range(5):
        demo.center.intake.verify(ref, "000000" if demo.last_code("nora.bakken@example.com") != "000000" else "111111",
                                  "192.0.2.10")
    assert demo.center.intake.submission_state(ref)[0] == "failed"
    for i in range(7):
        demo.submit("access", f"p{i}@example.com", client="203.0.113.5")
    with pytest.raises(RateLimited):
        for i in range(7, 12):
            demo.submit("access", f"p{i}@example.com", client="203.0.113.5")
    demo.clock.advance(days=40)
    report = demo.center.sweep.run()
    assert report.pruned > 0 and report.expired  # the never-verified submissions are closed
