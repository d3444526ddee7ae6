"""Loading a declaration: YAML with positions, the model, the rules, every problem at once.

``load(path)`` returns a ``LoadedDeclaration`` or raises ``DeclarationInvalid`` listing every
problem found (YAML syntax, duplicate keys, structure, legal and cross-reference rules,
missing dataset files), each with its line and column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from personvern.datamap.check import check_declared_datasets
from personvern.declaration import rules
from personvern.declaration.model import Declaration
from personvern.declaration.paths import PathKey, describe, get
from personvern.declaration.problems import DeclarationInvalid, Problem
from personvern.declaration.structure import StructureTranslator
from personvern.declaration.yamlsource import NodeInfo, Position, parse


@dataclass(frozen=True)
class LoadedDeclaration:
    """A valid declaration with its source text and where each of its values is written."""

    path: Path
    declaration: Declaration
    text: str
    content_hash: str  # sha256 hex over the file's bytes, then each dataset file's bytes in order
    positions: Mapping[PathKey, NodeInfo] = field(repr=False, compare=False)

    def position(self, path: Sequence[str | int]) -> Position:
        """Where the value at ``path`` (e.g. ``("activities", 0, "retention")``) is written."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        info = self.positions.get(path)
        return info.value if info is not None else Position(1, 1)

    def dataset_files(self) -> list[Path]:
        """The dataset files named by the declaration, in order, as absolute paths."""
        return [(self.path.parent / ref.file).resolve() for ref in self.declaration.datasets]


def load(path: Path) -> LoadedDeclaration:
    """Reads and validates the declaration file at ``path``."""
    filename = str(path)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise DeclarationInvalid(
            [Problem(filename, 0, 0, "no such file; check the path")]
        ) from None
    except IsADirectoryError:
        raise DeclarationInvalid(
            [Problem(filename, 0, 0, "is a folder; give the path of personvern.yaml")]
        ) from None
    except OSError as exc:
        raise DeclarationInvalid(
            [Problem(filename, 0, 0, f"cannot be read: {exc.strerror}")]
        ) from None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = content[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        raise DeclarationInvalid(
            [
                Problem(
                    filename,
                    line,
                    column,
                    "the file is not UTF-8 text; save it with UTF-8 encoding",
                )
            ]
        ) from None
    return _load(text, content, filename, path, path.parent)


def load_text(
    text: str, filename: str = "personvern.yaml", *, base_dir: Path | None = None
) -> LoadedDeclaration:
    """Validates declaration ``text``; ``filename`` names it in problems, dataset files are
    looked up in ``base_dir`` (default: the folder of ``filename``)."""
    path = Path(filename)
    return _load(
        text,
        text.encode("utf-8"),
        filename,
        path,
        base_dir if base_dir is not None else path.parent,
    )


def _load(
    text: str, content: bytes, filename: str, path: Path, base_dir: Path
) -> LoadedDeclaration:
    parsed = parse(text, filename)
    problems = list(parsed.problems)
    data = parsed.data
    if problems and data is None:
        raise DeclarationInvalid(problems)
    if not isinstance(data, dict):
        problems.append(
            Problem(
                filename,
                1,
                1,
                (
                    "the file must be a mapping of keys at the top level (personvern: 1, "
                    "controller: ..., activities: ...)"
                ),
            )
        )
        raise DeclarationInvalid(problems)
    declaration: Declaration | None = None
    try:
        declaration = Declaration.model_validate(data)
    except ValidationError as exc:
        problems.extend(
            StructureTranslator(data, parsed.positions, filename).translate(exc.errors())
        )
    problems.extend(rules.check(data, parsed.positions, filename))
    dataset_bytes, dataset_problems = _dataset_files(data, parsed.positions, filename, base_dir)
    problems.extend(dataset_problems)
    if declaration is not None and not dataset_problems:
        problems.extend(
            check_declared_datasets(declaration, parsed.positions, filename, base_dir, text)
        )
    if problems or declaration is None:
        raise DeclarationInvalid(problems)
    digest = hashlib.sha256(content)
    for blob in dataset_bytes:
        digest.update(blob)
    return LoadedDeclaration(
        path=path,
        declaration=declaration,
        text=text,
        content_hash=digest.hexdigest(),
        positions=parsed.positions,
    )


def _dataset_files(
    data: dict, positions: Mapping[PathKey, NodeInfo], filename: str, base_dir: Path
) -> tuple[list[bytes], list[Problem]]:
    """The bytes of every dataset file, in order, and a problem for each one that cannot be read."""
    blobs: list[bytes] = []
    problems: list[Problem] = []
    refs = get(data, ("datasets",))
    for index, ref in enumerate(refs if isinstance(refs, list) else []):
        relative = ref.get("file") if isinstance(ref, dict) else None
        if not isinstance(relative, str):
            continue
        where = ("datasets", index, "file")
        info = positions.get(where)
        line, column = (info.value.line, info.value.column) if info else (1, 1)
        name = f"dataset file '{relative}' of {describe(data, where[:-1])}"
        message = _dataset_problem(relative, base_dir, name)
        if message is None:
            try:
                blobs.append((base_dir / relative).read_bytes())
            except OSError as exc:
                message = f"{name} cannot be read ({exc.strerror}); check its permissions"
        if message is not None:
            problems.append(Problem(filename, line, column, message))
    return blobs, problems


def _dataset_problem(relative: str, base_dir: Path, name: str) -> str | None:
    candidate = Path(relative)
    if candidate.is_absolute():
        return f"{name} must be a path relative to the declaration's folder, e.g. datasets/shop.yml"
    root = base_dir.resolve()
    target = (root / candidate).resolve()
    if not target.is_relative_to(root):
        return (
            f"{name} lies outside the declaration's folder; keep dataset files next to the "
            "declaration (e.g. in datasets/)"
        )
    if not target.exists():
        return (
            f"{name} does not exist (paths are relative to the declaration's folder); "
            "fix the path or add the file"
        )
    if not target.is_file():
        return f"{name} is not a file; give the path of the dataset YAML file"
    return None
