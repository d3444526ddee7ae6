"""Scheduled scans: run the configured scan, keep its reports in the data folder, audit it,
and hand out the last report."""

from __future__ import annotations

import json
import re
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from personvern.audit.service import AuditService
from personvern.clock import Clock
from personvern.db.database import Database
from personvern.declaration.service import DeclarationService
from personvern.errors import Conflict, Invalid, NotFound
from personvern.scan.config import ScanOptions, ScanSettings, load_site_config, parse_states
from personvern.scan.report import JSON_NAME, write_all
from personvern.scan.scanner import Scanner
from personvern.scan.trackers import TrackerList

if TYPE_CHECKING:
    from personvern.scan.browser import BrowserSession

LAST = "last.txt"  # names the folder of the last finished scan
KEEP = 10  # finished scans kept; older folders are removed
FILE_NAME = re.compile(r"^[A-Za-z0-9_.-]+\.(html|json|har|png)$")


class ScanService:
    def __init__(self, database: Database, audit: AuditService, clock: Clock,
                 declarations: DeclarationService, settings: ScanSettings,
                 report_dir: Path) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.declarations = declarations
        self.settings = settings
        self.report_dir = report_dir
        self._running = threading.Lock()

    def run(self, *, actor: str, url: str | None = None,
            session: BrowserSession | None = None) -> dict[str, int | str]:
        """Scans ``url`` (default: the configured one) against the current declaration."""
        target = url or self.settings.url
        if not target:
            raise Invalid("no site to scan: set PERSONVERN__SCAN__URL (or give a url)")
        loaded = self.declarations.current_declaration()
        if loaded is None:
            raise NotFound("no declaration is loaded: load one before scanning")
        options = ScanOptions(pages=self.settings.pages, states=parse_states(self.settings.states),
                              timeout_s=self.settings.timeout)
        site = load_site_config(self.settings.site_config)
        if not self._running.acquire(blocking=False):
            raise Conflict("a scan is already running")
        try:
            folder = self.report_dir / self.clock.now().strftime("%Y%m%dT%H%M%S")
            scanner = Scanner(loaded.declaration, TrackerList.load(), site, session)
            report = scanner.run(target, options, folder)
            write_all(report, folder)
            (self.report_dir / LAST).write_text(folder.name, encoding="utf-8")
            summary: dict[str, int | str] = {**report.summary(),
                                             "exit_code": report.exit_code(),
                                             "report": folder.name}
            with self.db.write() as session_:
                self.audit.record(session_, actor=actor, action="scan.completed",
                                  target=target, details=summary)
            self._prune()
            return summary
        finally:
            self._running.release()

    def last(self) -> dict[str, object]:
        """The last finished scan's JSON report."""
        return json.loads((self._last_folder() / JSON_NAME).read_text(encoding="utf-8"))

    def last_file(self, name: str) -> Path:
        """A file of the last report (report.html, a screenshot…), by its plain name."""
        if not FILE_NAME.match(name):
            raise NotFound(f"no file {name!r} in the last scan report")
        path = self._last_folder() / name
        if not path.is_file():
            raise NotFound(f"no file {name!r} in the last scan report")
        return path

    def _last_folder(self) -> Path:
        try:
            name = (self.report_dir / LAST).read_text(encoding="utf-8").strip()
        except OSError:
            raise NotFound("no scan has finished yet") from None
        folder = self.report_dir / name
        if not name or not (folder / JSON_NAME).is_file():
            raise NotFound("the last scan report is missing from the report folder")
        return folder

    def _prune(self) -> None:
        folders = sorted(p for p in self.report_dir.iterdir() if p.is_dir())
        for old in folders[:-KEEP]:
            shutil.rmtree(old, ignore_errors=True)


def build_scan_service(container: Any) -> ScanService:
    """A scan service on the container's store (``Container.scan`` keeps one)."""
    settings = container.settings
    return ScanService(container.db, container.audit, container.clock, container.declarations,
                       settings.scan, settings.resolve(settings.scan.report_dir))
