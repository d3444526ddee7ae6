"""Run in a subprocess by test_notify: mails until the Nth delivery, then SIGKILLs itself
between the delivery and its record (the worst moment)."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

from personvern.breaches.notify import build_notice_service
from personvern.clock import FrozenClock
from personvern.container import Container
from tests.conftest import make_settings


def main() -> None:
    data_dir, breach_id, kill_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    environ, database_url = json.loads(sys.argv[4]), sys.argv[5]
    container = Container(make_settings(Path(data_dir), database_url), clock=FrozenClock())
    notices = build_notice_service(container)
    notices.environ = environ
    delivered = 0

    def hook(point: str, _recipient: int) -> None:
        nonlocal delivered
        if point == "delivered":
            delivered += 1
            if delivered == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    notices.run(breach_id, actor="child", hook=hook)


if __name__ == "__main__":
    main()
