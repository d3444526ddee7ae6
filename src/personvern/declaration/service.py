"""Declaration versions: load a file into the store, list versions, get one back.

Loading validates first (``loader.load`` raises ``DeclarationInvalid`` listing every
problem) and only then writes, in one transaction with its audit entry: a broken file
changes nothing. An unchanged file (same content hash as the current version) makes no
new version.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from personvern.audit.service import AuditService
from personvern.clock import Clock
from personvern.db.database import Database
from personvern.declaration.entities import DeclarationVersion, LoadOutcome
from personvern.declaration.loader import LoadedDeclaration, load
from personvern.declaration.repository import VersionRepository
from personvern.errors import NotFound

DECLARATION_FILE = "personvern.yaml"
PARSED_VERSIONS_KEPT = 8


class DeclarationService:
    def __init__(self, database: Database, audit: AuditService, clock: Clock) -> None:
        self.database = database
        self.audit = audit
        self.clock = clock
        # Versions never change, so a parsed version can be kept (per process, a few of them).
        self._parsed: dict[int, LoadedDeclaration] = {}

    def load_file(self, path: Path, *, actor: str) -> LoadOutcome:
        loaded = load(path)
        files = _files_of(loaded)
        with self.database.write() as session:
            repo = VersionRepository(session)
            current = repo.latest()
            if current is not None and current.content_hash == loaded.content_hash:
                return LoadOutcome(version=current, created=False)
            version = repo.add(
                content_hash=loaded.content_hash, loaded_at=self.clock.now(), loaded_by=actor,
                source_path=str(path.resolve()), controller=loaded.declaration.controller.name,
                files=files,
            )
            self.audit.record(
                session, actor=actor, action="declaration.loaded", target=f"declaration:{version.id}",
                details={
                    "content_hash": loaded.content_hash,
                    "previous": current.id if current else None,
                    "activities": len(loaded.declaration.activities),
                },
            )
        return LoadOutcome(version=version, created=True)

    def history(self) -> list[DeclarationVersion]:
        with self.database.read() as session:
            return VersionRepository(session).all()

    def current(self) -> DeclarationVersion | None:
        with self.database.read() as session:
            return VersionRepository(session).latest()

    def version(self, version_id: int) -> DeclarationVersion:
        with self.database.read() as session:
            version = VersionRepository(session).get(version_id)
        if version is None:
            raise NotFound(f"no declaration version {version_id}; see `personvern declaration history`")
        return version

    def declaration_of(self, version: DeclarationVersion) -> LoadedDeclaration:
        """The declaration exactly as it was stored in ``version`` (parsed once per process)."""
        parsed = self._parsed.get(version.id)
        if parsed is None or parsed.content_hash != version.content_hash:
            parsed = self._parse(version)
            if len(self._parsed) >= PARSED_VERSIONS_KEPT:
                self._parsed.pop(next(iter(self._parsed)))
            self._parsed[version.id] = parsed
        return parsed

    def _parse(self, version: DeclarationVersion) -> LoadedDeclaration:
        with tempfile.TemporaryDirectory(prefix="personvern-version-") as tmp:
            root = Path(tmp)
            for relative, content in version.files.items():
                target = (root / relative).resolve()
                if not target.is_relative_to(root.resolve()):
                    raise NotFound(f"version {version.id} names a file outside its folder: {relative}")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8")
            return load(root / DECLARATION_FILE)

    def current_declaration(self) -> LoadedDeclaration | None:
        version = self.current()
        return None if version is None else self.declaration_of(version)


def _files_of(loaded: LoadedDeclaration) -> dict[str, str]:
    """The declaration and every dataset file it names, by path relative to it."""
    base = loaded.path.parent
    files = {DECLARATION_FILE: loaded.text}
    for dataset in loaded.declaration.datasets:
        files[dataset.file] = (base / dataset.file).read_text(encoding="utf-8")
    return files
