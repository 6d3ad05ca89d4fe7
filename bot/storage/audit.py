"""The append-only, hash-chained audit log (HIPAA 164.312(b) and (c)).

One row per login, logout, failure, denied request, view of patient data and
change to a handoff: who (staff id), what (action), which handoff, when (UTC),
from where (source IP) and the outcome. Rows hold ids and codes only, never
patient text, so the log can be kept for years without becoming a second copy
of the records.

Each row stores the previous row's hash and ``row_hash = sha256(prev_hash +
its own content)``, and ids run without gaps, so ``verify`` finds a row that
was edited or deleted afterwards. This module has no update or delete
functions on purpose. Appends are serialised (an advisory lock on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite) so two requests never fork the chain.

Limits: the newest rows can be truncated without a trace, and someone who can
rewrite the whole table can recompute the chain. Denying the application's
database role UPDATE/DELETE on ``audit_log`` closes that in production.
"""
from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Iterator, Optional

import sqlalchemy as sa

from bot.storage.database import Clock, system_clock, utc_now
from bot.storage.console_models import AuditEntry, as_utc

GENESIS = "0" * 64
PG_LOCK_KEY = 7_300_364_001  # any constant; names the advisory lock that serialises appends


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    user_id: Optional[int]
    action: str
    handoff_id: Optional[str]
    outcome: str
    source_ip: Optional[str]
    prev_hash: str
    row_hash: str


def _stamp(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row_digest(prev_hash: str, row_id: int, at: datetime, user_id: Optional[int], action: str,
               handoff_id: Optional[str], outcome: str, source_ip: Optional[str]) -> str:
    content = json.dumps([row_id, _stamp(at), user_id, action, handoff_id, outcome, source_ip], separators=(",", ":"))
    return hashlib.sha256((prev_hash + content).encode()).hexdigest()


def _record(row: sa.engine.Row) -> AuditRecord:
    return AuditRecord(row.id, as_utc(row.at), row.user_id, row.action, row.handoff_id, row.outcome,
                       row.source_ip, row.prev_hash, row.row_hash)


class AuditLog:
    def __init__(self, engine: sa.engine.Engine, clock: Clock = system_clock) -> None:
        self.engine = engine
        self.clock = clock
        self.table = AuditEntry.__table__

    @contextmanager
    def transaction(self) -> Iterator[sa.engine.Connection]:
        """A transaction holding the append lock: a change and its audit row commit together or not at all."""
        with self.engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            elif connection.dialect.name == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
            yield connection

    def append(self, connection: sa.engine.Connection, action: str, outcome: str, user_id: Optional[int] = None,
               handoff_id: Optional[str] = None, source_ip: Optional[str] = None) -> int:
        """Adds one row inside ``transaction()``; returns its id."""
        last = connection.execute(
            sa.select(self.table.c.id, self.table.c.row_hash).order_by(self.table.c.id.desc()).limit(1)
        ).first()
        row_id, prev_hash = (last.id + 1, last.row_hash) if last else (1, GENESIS)
        at = utc_now(self.clock)
        source_ip = source_ip[:64] if source_ip else None
        connection.execute(self.table.insert().values(
            id=row_id, at=at, user_id=user_id, action=action[:32], handoff_id=handoff_id, outcome=outcome[:32],
            source_ip=source_ip, prev_hash=prev_hash,
            row_hash=row_digest(prev_hash, row_id, at, user_id, action[:32], handoff_id, outcome[:32], source_ip),
        ))
        return row_id

    def record(self, action: str, outcome: str, user_id: Optional[int] = None,
               handoff_id: Optional[str] = None, source_ip: Optional[str] = None) -> int:
        with self.transaction() as connection:
            return self.append(connection, action, outcome, user_id, handoff_id, source_ip)

    def latest(self, limit: int = 100, before: Optional[int] = None) -> list[AuditRecord]:
        """Newest first; ``before`` pages back to older rows."""
        query = sa.select(self.table).order_by(self.table.c.id.desc()).limit(limit)
        if before is not None:
            query = query.where(self.table.c.id < before)
        with self.engine.connect() as connection:
            return [_record(row) for row in connection.execute(query)]

    def for_handoff(self, handoff_id: str, actions: Iterable[str], outcome: str = "ok") -> list[AuditRecord]:
        query = (
            sa.select(self.table)
            .where(self.table.c.handoff_id == handoff_id, self.table.c.action.in_(list(actions)),
                   self.table.c.outcome == outcome)
            .order_by(self.table.c.id)
        )
        with self.engine.connect() as connection:
            return [_record(row) for row in connection.execute(query)]

    def count(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(sa.select(sa.func.count()).select_from(self.table)).scalar_one()

    def verify(self) -> list[int]:
        """Ids of rows that break the chain: edited (own hash wrong) or following a deleted row."""
        broken: list[int] = []
        previous_id, previous_hash = 0, GENESIS
        with self.engine.connect() as connection:
            rows = connection.execution_options(stream_results=True).execute(sa.select(self.table).order_by(self.table.c.id))
            for row in rows:
                expected = row_digest(row.prev_hash, row.id, row.at, row.user_id, row.action, row.handoff_id,
                                      row.outcome, row.source_ip)
                if row.id != previous_id + 1 or row.prev_hash != previous_hash or row.row_hash != expected:
                    broken.append(row.id)
                previous_id, previous_hash = row.id, row.row_hash
        return broken
