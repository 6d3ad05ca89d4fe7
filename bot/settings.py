"""Run-time settings from environment variables, each with a working default.

The defaults are what the README's run command uses on a fresh machine: a
SQLite tracker store in ./var, the in-memory lock store, the example clinic.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    knowledge_dir: Path
    clinic_file: Path
    data_dir: Path
    rasa_port: int
    action_port: int
    tracker_store_url: str
    database_url: str
    webhook_url: str | None
    webhook_secret: str | None
    console_url: str

    @property
    def spool_dir(self) -> Path:
        return self.data_dir / "spool"

    @property
    def action_endpoint_url(self) -> str:
        return os.environ.get("ACTION_ENDPOINT_URL", f"http://127.0.0.1:{self.action_port}/webhook")

    def rasa_environment(self) -> dict[str, str]:
        """Variables that endpoints.yml and the servers read."""
        return {
            "CLINIC_FILE": str(self.clinic_file),
            "KNOWLEDGE_DIR": str(self.knowledge_dir),
            "DATA_DIR": str(self.data_dir),
            "TRACKER_STORE_URL": self.tracker_store_url,
            "DATABASE_URL": self.database_url,
            "ACTION_ENDPOINT_URL": self.action_endpoint_url,
        }


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).resolve() if value else default


def _port(name: str, default: int) -> int:
    value = os.environ.get(name, str(default))
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise SystemExit(f"{name}={value!r} is not a port number. Fix: set it to a number from 1 to 65535.")
    return int(value)


def load_settings() -> Settings:
    data_dir = _path("DATA_DIR", PROJECT_DIR / "var")
    return Settings(
        knowledge_dir=_path("KNOWLEDGE_DIR", PROJECT_DIR / "knowledge"),
        clinic_file=_path("CLINIC_FILE", PROJECT_DIR / "knowledge" / "clinic.yml"),
        data_dir=data_dir,
        rasa_port=_port("RASA_PORT", 5005),
        action_port=_port("ACTION_PORT", 5055),
        tracker_store_url=os.environ.get("TRACKER_STORE_URL", f"sqlite:///{data_dir / 'tracker.db'}"),
        database_url=os.environ.get("DATABASE_URL", f"sqlite:///{data_dir / 'handoffs.db'}"),
        webhook_url=os.environ.get("STAFF_WEBHOOK_URL") or None,
        webhook_secret=os.environ.get("STAFF_WEBHOOK_SECRET") or None,
        console_url=os.environ.get("CONSOLE_URL", "http://127.0.0.1:8080"),
    )
