"""Desk settings from environment variables and an optional ``tactful.toml`` (issue 6, item 6).

Precedence: environment variable > ``tactful.toml`` in the working directory > default.
Every bad value raises ``ConfigError`` naming the setting and what is wrong with it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Mapping

from tactful.errors import ConfigError

ENV_PREFIX = "TACTFUL_"


def default_database_url() -> str:
    """A SQLite file in the user's data directory (zero setup)."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("tactful"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'tactful.db'}"


@dataclass(frozen=True)
class Settings:
    """Everything the desk needs to know about its surroundings."""

    database_url: str = ""
    database_schema: str = ""             # PostgreSQL schema to use (default: the search_path)
    shop_dir: str = ""
    imap_host: str = ""
    imap_port: int = 143
    imap_user: str = ""
    imap_password: str = ""
    imap_folder: str = "INBOX"
    imap_ssl: bool = False
    imap_sent_folder: str = "Sent"        # where the provider files mail sent over SMTP (SMTP crash recovery)
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    smtp_retries: int = 5
    smtp_backoff_seconds: float = 30.0
    smtp_timeout_seconds: float = 30.0    # per SMTP network operation
    ack: bool = False                     # ACK: send an automatic acknowledgement
    surge_count: int = 5                  # ESCALATE: N similar tickets ...
    surge_window_minutes: int = 60        # ... within this window open an incident
    soon_hours: float = 4.0               # SLA-24: "soon to breach" horizon
    follow_up_days: int = 3               # FOLLOW: follow-up after a promised solution
    follow_up_email: bool = False         # FOLLOW: the worker emails "are you satisfied?" when due
    notify: bool = False                  # NOTIFY: the worker queues proactive order notices
    supervisor: str = "supervisor"        # ESCALATE queue name
    lease_seconds: int = 300              # a worker's hold on a message before others may retry it
    batch_size: int = 20                  # messages per processing job / transaction
    volume_open_tickets: int = 300        # VOLUME: this many open unanswered tickets (0: off) ...
    volume_waiting_messages: int = 200    # ... or this many messages waiting: concise drafts (0: off)

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or default_database_url()

    @property
    def is_postgres(self) -> bool:
        return self.resolved_database_url.startswith("postgresql")


def _coerce(name: str, kind: Any, value: Any, where: str) -> Any:
    try:
        if kind in (bool, "bool"):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(f"expected true/false, got {value!r}")
        if kind in (int, "int"):
            if isinstance(value, bool):
                raise ValueError("expected a whole number")
            number = int(str(value).strip())
            if number < 0:
                raise ValueError("must not be negative")
            return number
        if kind in (float, "float"):
            number = float(str(value).strip())
            if number < 0:
                raise ValueError("must not be negative")
            return number
        return str(value)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}", field=name) from exc


def load_settings(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Settings:
    """Read settings from ``tactful.toml`` (``[desk]`` table or top level) and ``TACTFUL_*`` env."""
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    values: dict[str, Any] = {}
    toml_path = cwd / "tactful.toml"
    known = {f.name: f.type for f in fields(Settings)}
    if toml_path.is_file():
        try:
            data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"not valid TOML: {exc}", path=str(toml_path)) from exc
        table = data.get("desk", data)
        for key, value in table.items():
            if isinstance(value, dict):
                continue
            if key not in known:
                raise ConfigError(f"unknown setting {key!r} in tactful.toml "
                                  f"(known: {', '.join(sorted(known))})", path=str(toml_path), field=key)
            values[key] = _coerce(key, known[key], value, f"{toml_path} setting {key!r}")
    for key, kind in known.items():
        env_name = ENV_PREFIX + key.upper()
        if env_name in env:
            values[key] = _coerce(key, kind, env[env_name], f"environment variable {env_name}")
    settings = Settings(**values)
    validate(settings)
    return settings


def validate(settings: Settings) -> None:
    url = settings.database_url
    if url and not (url.startswith("sqlite") or url.startswith("postgresql")):
        raise ConfigError(f"database_url must start with sqlite:// or postgresql+psycopg://, got {url!r}",
                          field="database_url")
    if settings.surge_count < 2:
        raise ConfigError("surge_count must be at least 2", field="surge_count")
    if settings.batch_size < 1:
        raise ConfigError("batch_size must be at least 1", field="batch_size")
    if settings.surge_window_minutes < 1:
        raise ConfigError("surge_window_minutes must be at least 1", field="surge_window_minutes")
    if settings.shop_dir and not Path(settings.shop_dir).is_dir():
        raise ConfigError(f"shop_dir {settings.shop_dir!r} is not a folder", field="shop_dir")


def require(settings: Settings, *names: str) -> None:
    """Fail clearly when a command needs settings that are empty."""
    for name in names:
        if not getattr(settings, name):
            raise ConfigError(f"setting {name!r} is required for this command; set "
                              f"{ENV_PREFIX}{name.upper()} or '{name}' in tactful.toml", field=name)
