"""The tracker list shipped with the package (``data/trackers.csv``, Apache-2.0, see
``data/LICENSE.md``): cookie-name patterns and hosts with a vendor and a category guess."""

from __future__ import annotations

import csv
import fnmatch
from dataclasses import dataclass
from pathlib import Path

from personvern.errors import Invalid

BUILTIN = Path(__file__).parent / "data" / "trackers.csv"
CATEGORIES = ("necessary", "preferences", "statistics", "marketing")


@dataclass(frozen=True)
class TrackerEntry:
    type: str
    pattern: str
    vendor: str
    category: str
    note: str = ""


class TrackerList:
    def __init__(self, entries: list[TrackerEntry], source: str) -> None:
        self.source = source
        self._cookies = [e for e in entries if e.type == "cookie"]
        self._hosts = [e for e in entries if e.type == "host"]

    @classmethod
    def load(cls, extra: Path | None = None) -> TrackerList:
        entries = _read(BUILTIN)
        source = "personvern trackers.csv (Apache-2.0)"
        if extra is not None:
            # Entries of the company's own file come first, so they win.
            entries = _read(extra) + entries
            source += f" + {extra.name}"
        return cls(entries, source)

    def cookie(self, name: str) -> TrackerEntry | None:
        for entry in self._cookies:
            if fnmatch.fnmatchcase(name, entry.pattern):
                return entry
        return None

    def host(self, host: str) -> TrackerEntry | None:
        host = host.lower().rstrip(".")
        for entry in self._hosts:
            if host == entry.pattern or host.endswith("." + entry.pattern):
                return entry
        return None

    def __len__(self) -> int:
        return len(self._cookies) + len(self._hosts)


def _read(path: Path) -> list[TrackerEntry]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise Invalid(f"{path}: the tracker list cannot be read ({exc.strerror})") from None
    entries = []
    reader = csv.DictReader(text.splitlines())
    missing = {"type", "pattern", "vendor", "category"} - set(reader.fieldnames or [])
    if missing:
        raise Invalid(f"{path}:1: missing columns {', '.join(sorted(missing))}")
    for line, row in enumerate(reader, start=2):
        if row["type"] not in ("cookie", "host") or row["category"] not in CATEGORIES:
            raise Invalid(
                f"{path}:{line}: type must be cookie or host, category one of "
                f"{', '.join(CATEGORIES)}"
            )
        entries.append(TrackerEntry(row["type"], row["pattern"].strip(), row["vendor"].strip(),
                                    row["category"], (row.get("note") or "").strip()))
    return entries
