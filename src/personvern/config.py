"""A personvern folder: ``personvern.toml`` names the store, the queue, the data folder, the
public URL, the declaration and the env file with the datasets' connection URLs.

Every process finds it the same way (``serve``, ``worker``, each command, the demo):

1. ``--config PATH``: a ``personvern.toml``, a folder holding one, or a declaration
   (``personvern.yaml``) with a ``personvern.toml`` beside it;
2. the environment variable ``PERSONVERN_CONFIG``;
3. ``personvern.toml`` in the current folder.

Values come, strongest first, from ``PERSONVERN__SECTION__KEY`` environment variables, then
the file, then the defaults. Relative paths in the file are relative to the file's folder,
which is also the default data folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotenv import dotenv_values
from pydantic import ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from personvern.errors import Invalid
from personvern.settings import Settings

CONFIG_FILE = "personvern.toml"
CONFIG_ENV = "PERSONVERN_CONFIG"
DECLARATION_SUFFIXES = (".yaml", ".yml")


class ConfigError(Invalid):
    """The configuration file cannot be found or read; the message says where it looked."""


@dataclass(frozen=True)
class Located:
    """Where the settings come from: a config file, or none (environment and defaults)."""

    file: Path | None
    looked_in: str


def locate(explicit: Path | None = None, *, cwd: Path | None = None) -> Located:
    """The folder's config file, by the rules in the module's docstring."""
    cwd = (cwd or Path.cwd()).resolve()
    if explicit is not None:
        path = (cwd / explicit).resolve() if not explicit.is_absolute() else explicit
        if path.is_dir():
            candidate = path / CONFIG_FILE
            if not candidate.is_file():
                raise ConfigError(f"there is no {CONFIG_FILE} in {path}")
            return Located(candidate, str(path))
        if path.suffix in DECLARATION_SUFFIXES:
            beside = path.parent / CONFIG_FILE
            return Located(beside if beside.is_file() else None, str(path.parent))
        if not path.is_file():
            raise ConfigError(f"the configuration file {path} does not exist")
        return Located(path, str(path.parent))
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        path = Path(from_env).expanduser()
        if path.is_dir():
            path = path / CONFIG_FILE
        if not path.is_file():
            raise ConfigError(f"{CONFIG_ENV} names {path}, which does not exist")
        return Located(path.resolve(), f"{CONFIG_ENV}={from_env}")
    here = cwd / CONFIG_FILE
    return Located(here if here.is_file() else None, str(cwd))


def read_file(path: Path) -> dict[str, Any]:
    """The file's values, with relative paths made absolute against its folder."""
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it: {exc.strerror}") from None
    folder = path.parent.resolve()
    values["data_dir"] = str(_absolute(folder, values.get("data_dir", ".")))
    for key in ("declaration", "env_file"):
        if key in values:
            values[key] = str(_absolute(folder, values[key]))
    return values


def _absolute(folder: Path, value: object) -> Path:
    path = Path(str(value)).expanduser()
    return path if path.is_absolute() else (folder / path).resolve()


class _FileSource(PydanticBaseSettingsSource):
    def __init__(self, settings_cls: type[BaseSettings], values: dict[str, Any]) -> None:
        super().__init__(settings_cls)
        self._values = values

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self._values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {k: v for k, v in self._values.items() if k in self.settings_cls.model_fields}


def settings_from(located: Located, *, environment: bool = True) -> Settings:
    """Settings from the environment over the file over the defaults (``environment=False``:
    the file over the defaults, as the demo wants); the file's env file is loaded into the
    environment first (variables already set win)."""
    values = read_file(located.file) if located.file is not None else {}
    env_file = values.pop("env_file", None)
    if env_file is not None:
        load_env_file(Path(env_file))

    class FromFile(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            if environment:
                return init_settings, env_settings, _FileSource(settings_cls, values)
            return init_settings, _FileSource(settings_cls, values)

    try:
        built = FromFile()
    except ValidationError as exc:
        where = located.file or "the environment"
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"{where}: {problems}") from None
    return Settings.model_validate(built.model_dump())


def load_env_file(path: Path) -> None:
    if not path.is_file():
        raise ConfigError(f"the env file {path} named in {CONFIG_FILE} does not exist")
    for key, value in dotenv_values(path).items():
        if value is not None:
            os.environ.setdefault(key, value)


def render(
    *,
    declaration: str | None,
    env_file: str | None = None,
    database_url: str = "sqlite:///personvern.sqlite3",
    jobs_backend: str = "sqlite",
    jobs_file: str = "jobs.sqlite3",
    public_url: str = "http://127.0.0.1:8000",
    host: str = "127.0.0.1",
    port: int = 8000,
) -> str:
    """The text of a new ``personvern.toml`` (paths relative to its folder)."""
    lines = [
        "# personvern's configuration for this folder. Every process started here, or with",
        "# --config pointing here (or PERSONVERN_CONFIG), reads it. Environment variables",
        "# PERSONVERN__SECTION__KEY override a value; paths are relative to this folder.",
        "",
    ]
    if declaration:
        lines.append(f'declaration = "{declaration}"')
    if env_file:
        lines.append(f'env_file = "{env_file}"            # the datasets\' connection URLs')
    lines += [
        'data_dir = "."',
        "",
        "[database]",
        f'url = "{database_url}"',
        "",
        "[jobs]",
        f'backend = "{jobs_backend}"',
        f'sqlite_path = "{jobs_file}"',
        "",
        "[mail]",
        'backend = "outbox"',
        'outbox_dir = "outbox"',
        "",
        "[server]",
        f'host = "{host}"',
        f"port = {port}",
        f'public_url = "{public_url}"',
        "",
    ]
    return "\n".join(lines)
