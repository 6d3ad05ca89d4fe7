"""Run-time settings from environment variables, each with a working default.

The defaults are what the README's run command uses on a fresh machine: a
SQLite tracker store in ./var, the in-memory lock store, the example clinic.
"""
from __future__ import annotations

import os
from urllib.parse import quote
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


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
    web_port: int
    chat_url: str
    rasa_urls: tuple[str, ...]
    allowed_origins: tuple[str, ...]
    cookie_secure: bool
    # Retention (docs/privacy.md): days a conversation / a resolved handoff is kept; daily purge on or off.
    retention_conversation_days: int = 30
    retention_resolved_handoff_days: int = 365
    retention_schedule: bool = True
    # Redis URL for live-chat events shared by every web app process (LIVE_BUS_URL);
    # None keeps them in the one process, enough for the README's single web app.
    live_bus_url: str | None = None

    def _secret(self, variable: str, filename: str) -> str:
        """The variable's value, else a random secret kept in DATA_DIR (mode 0600).

        Kept on disk so it survives a restart. The servers of `cli serve` start
        together and each may be first to need it: the secret is written whole
        to a file of this process's own and hard-linked into place, so no
        process reads a file another is still writing (an empty secret made
        the web app's sessions invalid on one replica, CI 2026-12-07).
        """
        value = os.environ.get(variable)
        if value:
            return value
        path = self.data_dir / filename
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            draft = path.with_name(f".{filename}.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
            try:
                os.link(draft, path)
            except FileExistsError:  # another process put its secret in place first; all use that one
                pass
            finally:
                draft.unlink()
        return path.read_text().strip()

    @property
    def session_secret(self) -> bytes:
        """Signs the widget's conversation ids (SESSION_SECRET)."""
        return self._secret("SESSION_SECRET", "session_secret").encode()

    @property
    def action_secret(self) -> str:
        """What Rasa sends the action server in X-Action-Secret (ACTION_SECRET)."""
        return self._secret("ACTION_SECRET", "action_secret")

    @property
    def relay_secret(self) -> str:
        """What the web app sends Rasa's widget channel with a staff message (LIVE_RELAY_SECRET)."""
        return self._secret("LIVE_RELAY_SECRET", "live_relay_secret")

    @property
    def cache_dir(self) -> Path:
        """Trained red-flag readers kept between starts (CACHE_DIR): servers of one machine may share them."""
        return _path("CACHE_DIR", self.data_dir / "cache")

    @property
    def spool_dir(self) -> Path:
        return self.data_dir / "spool"

    @property
    def action_endpoint_url(self) -> str:
        return os.environ.get("ACTION_ENDPOINT_URL", f"http://127.0.0.1:{self.action_port}/webhook")

    def rasa_environment(self) -> dict[str, str]:
        """Variables that endpoints.yml and the servers read; the secrets once, so every replica shares them."""
        return {
            "CLINIC_FILE": str(self.clinic_file),
            "KNOWLEDGE_DIR": str(self.knowledge_dir),
            "DATA_DIR": str(self.data_dir),
            "TRACKER_STORE_URL": self.tracker_store_url,
            "DATABASE_URL": self.database_url,
            "ACTION_ENDPOINT_URL": self.action_endpoint_url,
            "ACTION_SECRET": self.action_secret,
            "SESSION_SECRET": self.session_secret.decode(),
            "LIVE_RELAY_SECRET": self.relay_secret,
        }


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).resolve() if value else default


def _port(name: str, default: int) -> int:
    value = os.environ.get(name, str(default))
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise SystemExit(f"{name}={value!r} is not a port number. Fix: set it to a number from 1 to 65535.")
    return int(value)


def _days(name: str, default: int) -> int:
    value = os.environ.get(name, str(default)).strip()
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(
            f"{name}={value!r} is not a number of days. Fix: set it to a whole number of days, 1 or more "
            f"(default {default})."
        )
    return int(value)


def _redis_url() -> str | None:
    """The live-chat bus on the Redis of Rasa's lock store (REDIS_HOST, REDIS_PORT, REDIS_PASSWORD), if one is set."""
    host = os.environ.get("REDIS_HOST")
    if not host:
        return None
    password = os.environ.get("REDIS_PASSWORD") or ""
    auth = f":{quote(password, safe='')}@" if password else ""
    return f"redis://{auth}{host}:{os.environ.get('REDIS_PORT') or '6379'}/0"


def load_settings() -> Settings:
    data_dir = _path("DATA_DIR", PROJECT_DIR / "var")
    rasa_port = _port("RASA_PORT", 5005)
    web_port = _port("WEB_PORT", 8080)
    return Settings(
        knowledge_dir=_path("KNOWLEDGE_DIR", PROJECT_DIR / "knowledge"),
        clinic_file=_path("CLINIC_FILE", PROJECT_DIR / "knowledge" / "clinic.yml"),
        data_dir=data_dir,
        rasa_port=rasa_port,
        action_port=_port("ACTION_PORT", 5055),
        tracker_store_url=os.environ.get("TRACKER_STORE_URL", f"sqlite:///{data_dir / 'tracker.db'}"),
        database_url=os.environ.get("DATABASE_URL", f"sqlite:///{data_dir / 'handoffs.db'}"),
        webhook_url=os.environ.get("STAFF_WEBHOOK_URL") or None,
        webhook_secret=os.environ.get("STAFF_WEBHOOK_SECRET") or None,
        console_url=os.environ.get("CONSOLE_URL", f"http://127.0.0.1:{web_port}"),
        web_port=web_port,
        chat_url=os.environ.get("CHAT_URL", "/chat"),
        rasa_urls=tuple(
            url.strip().rstrip("/")
            for url in os.environ.get("RASA_URLS", f"http://127.0.0.1:{rasa_port}").split(",")
            if url.strip()
        ),
        allowed_origins=tuple(
            origin.strip().rstrip("/")
            for origin in os.environ.get(
                "ALLOWED_ORIGINS", f"http://127.0.0.1:{web_port},http://localhost:{web_port}"
            ).split(",")
            if origin.strip()
        ),
        cookie_secure=os.environ.get("CONSOLE_COOKIE_SECURE", "true").lower() not in ("0", "false", "no"),
        retention_conversation_days=_days("RETENTION_CONVERSATION_DAYS", 30),
        retention_resolved_handoff_days=_days("RETENTION_RESOLVED_HANDOFF_DAYS", 365),
        live_bus_url=os.environ.get("LIVE_BUS_URL") or _redis_url(),
        retention_schedule=os.environ.get("RETENTION_SCHEDULE", "on").strip().lower() not in ("off", "0", "false", "no"),
    )
