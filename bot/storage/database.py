"""The one engine factory and the one migration step for every table of the project.

Handoffs, staff accounts, sessions, the audit log, notes and feedback share
one database and one Alembic history (bot/storage/migrations).
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


def utc_now(clock: Clock) -> datetime:
    """The clock's time in UTC, so SQLite (which drops the zone) stores UTC too."""
    return clock().astimezone(timezone.utc)


def make_engine(url: str) -> sa.engine.Engine:
    """An engine with short timeouts: a page must fail fast, not hang on a dead database, and a
    Rasa action that blocks for a minute loses its conversation's lock."""
    if url.startswith("sqlite"):
        return sa.create_engine(url, connect_args={"timeout": 15, "check_same_thread": False})
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 3})


def migrate(engine: sa.engine.Engine) -> None:
    """Upgrades to the newest Alembic revision."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
