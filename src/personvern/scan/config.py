"""What a scan is told: options of one run, the site file (another banner's selectors,
hosts of declared services), and the settings of scheduled scans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from personvern.errors import Invalid

CATEGORIES = ("preferences", "statistics", "marketing")
STATE_RE = re.compile(r"^(none|reject|accept|only:(preferences|statistics|marketing))$")


class BannerSelectors(BaseModel):
    """CSS selectors of a banner that is not personvern's own."""

    model_config = ConfigDict(extra="forbid")
    accept: str = Field(description="The 'Accept all' button.")
    reject: str | None = Field(None, description="The 'Reject all' button.")
    settings: str | None = Field(
        None, description="Opens the per-category settings (needed only when 'reject' is on "
        "the second layer, or for the only:<category> states).",
    )
    save: str | None = Field(None, description="Saves the per-category settings.")
    category: dict[str, str] = Field(
        default_factory=dict,
        description="A checkbox per category, e.g. {statistics: '#cc-statistics'}.",
    )
    banner: str | None = Field(
        None, description="The banner element (waited for, and screenshotted)."
    )


class SiteConfig(BaseModel):
    """The optional ``--site-config`` YAML file."""

    model_config = ConfigDict(extra="forbid")
    banner: BannerSelectors | None = Field(
        None, description="Selectors of another banner; absent: personvern's own banner."
    )
    hosts: dict[str, str] = Field(
        default_factory=dict,
        description="Host (or parent domain) -> key of the declared cookie service it serves.",
    )
    necessary_hosts: list[str] = Field(
        default_factory=list,
        description="Other hosts the site needs before consent (e.g. its own CDN).",
    )


def load_site_config(path: Path | None) -> SiteConfig:
    if path is None:
        return SiteConfig()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise Invalid(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise Invalid(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    try:
        return SiteConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise Invalid(f"{path}: {problems}") from None


def parse_states(text: str) -> list[str]:
    states = [part.strip() for part in text.split(",") if part.strip()]
    bad = [s for s in states if not STATE_RE.match(s)]
    if not states or bad:
        raise Invalid(
            f"unknown state {', '.join(bad) or '(none given)'}: use none, reject, accept or "
            f"only:<{'|'.join(CATEGORIES)}>, separated by commas"
        )
    return list(dict.fromkeys(states))


@dataclass
class ScanOptions:
    pages: int = 20
    states: list[str] = field(default_factory=lambda: ["none", "reject", "accept"])
    timeout_s: float = 15.0  # every navigation and every banner wait
    settle_s: float = 0.5  # quiet time allowed for late requests after a page loaded
    scope: str = "path"  # "path" (under the start URL's folder), "origin" or "site"
    budget_s: float = 600.0  # the whole scan; pages left over are reported as not visited

    def __post_init__(self) -> None:
        if self.pages < 1:
            raise Invalid("--pages must be at least 1")
        if self.scope not in ("path", "origin", "site"):
            raise Invalid("--scope must be path, origin or site")
        if self.timeout_s <= 0:
            raise Invalid("--timeout must be more than 0 seconds")


class ScanSettings(BaseModel):
    """Scheduled scans (``PERSONVERN__SCAN__…``)."""

    url: str = Field("", description="Site scanned on schedule; empty: no scheduled scan.")
    pages: int = Field(20, ge=1, le=500, description="Page budget of a scheduled scan.")
    states: str = Field("none,reject,accept", description="States of a scheduled scan.")
    hour: int = Field(3, ge=0, le=23, description="Hour (UTC) of the daily scheduled scan.")
    site_config: Path | None = Field(None, description="Optional site file (banner selectors).")
    report_dir: Path = Field(
        Path("scan-reports"), description="Folder (in the data folder) of the last scan report."
    )
    timeout: float = Field(15.0, gt=0, description="Seconds allowed for each navigation.")
