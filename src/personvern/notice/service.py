"""Declaration versions as the notice sees them: the declaration plus its NoticeMeta.

Versions never change once stored, so each process keeps the few it used last (a cache,
not shared state: any process can rebuild any version from the store).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from threading import Lock

from personvern.declaration.model import Declaration
from personvern.declaration.service import DeclarationService
from personvern.errors import NotFound
from personvern.notice.context import NoticeMeta

_CACHE_SIZE = 8


class NoticeService:
    def __init__(self, declarations: DeclarationService) -> None:
        self.declarations = declarations
        self._cache: OrderedDict[tuple[int, str], tuple[Declaration, NoticeMeta]] = OrderedDict()
        self._lock = Lock()

    def current(self) -> tuple[Declaration, NoticeMeta]:
        version = self.declarations.current()
        if version is None:
            raise NotFound("no declaration loaded yet; run `personvern declaration load personvern.yaml`")
        return self._get(version.id)

    def at(self, version_id: int) -> tuple[Declaration, NoticeMeta]:
        return self._get(version_id)

    def _get(self, version_id: int) -> tuple[Declaration, NoticeMeta]:
        version = self.declarations.version(version_id)
        key = (version.id, version.content_hash)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        loaded = self.declarations.declaration_of(version)
        entry = (loaded.declaration, NoticeMeta(version.id, version.content_hash, version.loaded_at.date()))
        with self._lock:
            self._cache[key] = entry
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return entry

    def meta_for(self, content_hash: str, today: date) -> NoticeMeta:
        """The meta of a declaration file: its stored version if one has the same content,
        else a draft dated ``today``."""
        for version in reversed(self.declarations.history()):
            if version.content_hash == content_hash:
                return NoticeMeta(version.id, content_hash, version.loaded_at.date())
        return NoticeMeta(None, content_hash, today)
