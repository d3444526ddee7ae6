"""The data map a declaration names: its ``datasets`` entries, read from their files."""

from __future__ import annotations

from pathlib import Path

from personvern.datamap.loader import load_dataset_file, parse_datasets
from personvern.datamap.model import DataMap, DatamapError, DatasetSpec
from personvern.declaration.entities import DeclarationVersion
from personvern.declaration.model import Declaration, DatasetRef
from personvern.errors import Invalid


def dataset_path(ref: DatasetRef, base_dir: Path) -> Path:
    path = Path(ref.file)
    return path if path.is_absolute() else base_dir / path


def load_declared_dataset(ref: DatasetRef, base_dir: Path) -> DatasetSpec:
    """The dataset ``ref.key`` from ``ref.file`` (a file may describe several datasets)."""
    specs = load_dataset_file(dataset_path(ref, base_dir))
    for spec in specs:
        if spec.key == ref.key:
            return spec
    found = ", ".join(s.key for s in specs)
    raise DatamapError(
        f"the file has no dataset with fides_key '{ref.key}' (it has: {found})",
        file=str(dataset_path(ref, base_dir)),
    )


def load_declared(declaration: Declaration, base_dir: Path) -> DataMap:
    """Every declared dataset; raises ``DatamapError`` at the first unreadable one."""
    return DataMap.of(*(load_declared_dataset(ref, base_dir) for ref in declaration.datasets))


def datamap_of(loaded: object) -> DataMap:
    """The data map of a loaded declaration (``personvern.declaration.loader.load``)."""
    declaration: Declaration = loaded.declaration  # type: ignore[attr-defined]
    return load_declared(declaration, Path(loaded.path).parent)  # type: ignore[attr-defined]


def datamap_of_version(version: DeclarationVersion, declaration: Declaration) -> DataMap:
    """The data map of a stored declaration version (its dataset files as they were stored)."""
    datasets = []
    for ref in declaration.datasets:
        content = version.files.get(ref.file)
        if content is None:
            raise Invalid(f"declaration version {version.id} does not hold the dataset file {ref.file}")
        found = {d.key: d for d in parse_datasets(content, ref.file)}
        if ref.key not in found:
            raise Invalid(f"{ref.file} has no dataset with fides_key '{ref.key}'")
        datasets.append(found[ref.key])
    return DataMap.of(*datasets)
