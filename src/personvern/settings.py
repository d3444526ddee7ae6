"""One typed settings object, built once (from the environment) and passed down.

Every field can be set with an environment variable ``PERSONVERN__SECTION__KEY``,
e.g. ``PERSONVERN__DATABASE__URL=postgresql+psycopg://localhost/personvern``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from personvern.retention.config import RetentionSettings
from personvern.scan.config import ScanSettings


class DatabaseSettings(BaseModel):
    url: str = Field(
        "sqlite:///personvern.sqlite3",
        description="SQLAlchemy URL of personvern's own store: a SQLite file (embedded default) "
        "or postgresql+psycopg://user@host/db.",
    )
    echo: bool = Field(False, description="Log every SQL statement (development only).")


class JobsSettings(BaseModel):
    backend: Literal["sqlite", "redis", "memory"] = Field(
        "sqlite",
        description="Queue backend: 'sqlite' (embedded, one file), 'redis' (several workers on "
        "several machines) or 'memory' (in-process, for one-shot CLI runs).",
    )
    sqlite_path: Path = Field(
        Path("personvern-jobs.sqlite3"), description="Queue file for the 'sqlite' backend."
    )
    redis_url: str = Field("redis://127.0.0.1:6379/0", description="Redis URL for 'redis'.")
    workers: int = Field(2, ge=1, le=64, description="Worker threads started with the service.")
    run_in_service: bool = Field(
        True, description="Run a consumer inside `personvern serve` (embedded default)."
    )


class SecuritySettings(BaseModel):
    secret_key: SecretStr = Field(
        SecretStr(""),
        description="Master secret (at least 32 characters) for signed links, consent-cookie "
        "HMACs and keyed hashes. Empty: a random key is generated into the data folder.",
    )
    export_key: SecretStr = Field(
        SecretStr(""),
        description="AES-256-GCM key for export packages at rest, 64 hex characters. Empty: "
        "derived from secret_key.",
    )


class MailSettings(BaseModel):
    backend: Literal["outbox", "smtp"] = Field(
        "outbox", description="'outbox' writes each mail as a .eml file; 'smtp' sends it."
    )
    outbox_dir: Path = Field(Path("outbox"), description="Folder of the 'outbox' backend.")
    smtp_host: str = Field("127.0.0.1", description="SMTP server host.")
    smtp_port: int = Field(25, description="SMTP server port.")
    smtp_username: str = Field("", description="SMTP user name (empty: no login).")
    smtp_password: SecretStr = Field(SecretStr(""), description="SMTP password.")
    smtp_starttls: bool = Field(False, description="Use STARTTLS.")
    sender: str = Field("privacy@example.com", description="From address of outgoing mail.")


class ServerSettings(BaseModel):
    host: str = Field("127.0.0.1", description="Interface `personvern serve` binds to.")
    port: int = Field(8000, description="Port `personvern serve` listens on.")
    public_url: str = Field(
        "http://127.0.0.1:8000", description="Base URL used in links sent to people."
    )


class Settings(BaseSettings):
    """All of personvern's configuration."""

    model_config = SettingsConfigDict(
        env_prefix="PERSONVERN__", env_nested_delimiter="__", extra="ignore"
    )

    data_dir: Path = Field(
        Path("."), description="Folder for the embedded store, keys, exports and the outbox."
    )
    declaration: Path | None = Field(
        None, description="Path of the declaration file (personvern.yaml) the service loads."
    )
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    jobs: JobsSettings = Field(default_factory=JobsSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    mail: MailSettings = Field(default_factory=MailSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    retention: RetentionSettings = Field(
        default_factory=RetentionSettings,
        description="Retention: batch size, schedule, periods for personvern's own data.",
    )
    scan: ScanSettings = Field(default_factory=ScanSettings, description="Scheduled website scans.")
    log_level: str = Field("INFO", description="Log level of the service.")

    def resolve(self, path: Path) -> Path:
        """A relative path inside the data folder."""
        return path if path.is_absolute() else self.data_dir / path

    def database_url(self) -> str:
        url = self.database.url
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
            return prefix + str(self.resolve(Path(url[len(prefix):])))
        return url
