"""A problem in a declaration file, with its position, and the error that carries them all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from personvern.errors import Invalid


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a file. ``line`` and ``column`` are 1-based; 0 means "the whole file"."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Every distinct problem once, in file order (file, line, column, then message)."""
    return sorted(set(problems))


class DeclarationInvalid(Invalid):
    """The declaration has problems; ``problems`` lists every one of them, sorted by position."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted_problems(problems)
        count = len(self.problems)
        first = f": {self.problems[0]}" if self.problems else ""
        super().__init__(f"the declaration has {count} problem{'s' if count != 1 else ''}{first}")
