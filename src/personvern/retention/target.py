"""What a retention run works on: a declaration, its data map, and the company databases.

The databases are reached through the connectors package (``connect_from_env``: the URL is
read from the environment variable the declaration names). The sweeps build their own
SQLAlchemy Core statements on the connector's engine and reflected tables
(``SqlConnector.handle.engine`` and ``SqlConnector.table``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from personvern.connectors.base import ConnectorError
from personvern.connectors.factory import connect_from_env
from personvern.datamap.declared import datamap_of_version, load_declared
from personvern.datamap.model import DataMap, DatamapError
from personvern.declaration.entities import DeclarationVersion
from personvern.declaration.loader import load
from personvern.declaration.model import Declaration
from personvern.errors import Invalid


@dataclass
class RetentionTarget:
    declaration: Declaration
    datamap: DataMap
    content_hash: str
    source: str
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ, repr=False)
    _connectors: dict[str, Any] = field(default_factory=dict, repr=False)

    def connector(self, dataset: str) -> Any:
        """The dataset's connector (raises ConnectorError when its URL is missing or wrong)."""
        if dataset not in self._connectors:
            ref = next((r for r in self.declaration.datasets if r.key == dataset), None)
            if ref is None:
                raise ConnectorError(dataset, "the declaration has no datasets entry for it")
            spec = self.datamap.datasets.get(dataset)
            self._connectors[dataset] = connect_from_env(ref, self.environ,
                                                         schema=spec.schema if spec else None)
        return self._connectors[dataset]


def from_path(path: Path, environ: Mapping[str, str] = os.environ) -> RetentionTarget:
    loaded = load(path)  # raises DeclarationInvalid with every problem
    try:
        datamap = load_declared(loaded.declaration, loaded.path.parent)
    except DatamapError as exc:
        raise Invalid(exc.message) from None
    return RetentionTarget(loaded.declaration, datamap, loaded.content_hash, str(path), environ)


def from_version(version: DeclarationVersion, declaration: Declaration,
                 environ: Mapping[str, str] = os.environ) -> RetentionTarget:
    """The target of a stored declaration version (its dataset files as they were stored)."""
    return RetentionTarget(declaration, datamap_of_version(version, declaration), version.content_hash,
                           f"declaration version {version.id}", environ)
