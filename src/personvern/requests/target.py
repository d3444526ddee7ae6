"""What a request runs against: the data map, the declaration (if any) and the databases.

A request made under a declaration is bound to that declaration's stored version, so a
resumed run sees the same data map and rules as the first run. The databases' URLs come from
the environment variables the declaration names. A request made from dataset files on the
command line (``--dataset FILE --url URL``) has no declaration; its URLs are given again by the
command that resumes it and are never stored.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from personvern.connectors.base import Connector
from personvern.connectors.factory import connect, connect_from_env
from personvern.datamap.declared import datamap_of_version
from personvern.datamap.loader import load_dataset_file
from personvern.datamap.model import DataMap
from personvern.declaration.entities import DeclarationVersion
from personvern.declaration.model import Declaration, DatasetRef
from personvern.errors import Invalid


@dataclass(frozen=True)
class Target:
    datamap: DataMap
    declaration: Declaration | None = None
    version_id: int | None = None
    refs: tuple[DatasetRef, ...] = ()
    urls: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def identities(self) -> list[str]:
        if self.declaration is not None:
            return list(self.declaration.requests.identities)
        return self.datamap.identities()

    def connect(self, environ: Mapping[str, str] = os.environ) -> dict[str, Connector]:
        connectors: dict[str, Connector] = {}
        for key, spec in self.datamap.datasets.items():
            ref = next((r for r in self.refs if r.key == key), None)
            if ref is not None:
                connectors[key] = connect_from_env(ref, environ, schema=spec.schema)
            elif key in self.urls:
                connectors[key] = connect(key, self.urls[key], schema=spec.schema)
            else:
                raise Invalid(f"no database URL for dataset '{key}'")
        return connectors


def from_version(version: DeclarationVersion, declaration: Declaration) -> Target:
    """The target of a stored declaration version (its dataset files as they were stored)."""
    return Target(
        datamap=datamap_of_version(version, declaration), declaration=declaration, version_id=version.id,
        refs=tuple(declaration.datasets),
    )


def from_files(pairs: list[tuple[Path, str]]) -> Target:
    """The target of ``--dataset FILE --url URL`` pairs (each file's datasets use that URL)."""
    if not pairs:
        raise Invalid("give at least one --dataset FILE with its --url")
    datasets = []
    urls: dict[str, str] = {}
    for path, url in pairs:
        for dataset in load_dataset_file(path):
            datasets.append(dataset)
            urls[dataset.key] = url
    return Target(datamap=DataMap.of(*datasets), urls=urls)
