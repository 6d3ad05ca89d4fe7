"""Server-side staff sessions: the cookie holds a random token, the database its hash.

Storing only the sha256 of the token means a copy of the database cannot be
used to log in. Logging out, disabling an account or running out of time ends
the row, so an old cookie is refused at once (ASVS 7.3, 7.4). The limits are
HIPAA's "automatic logoff": 15 minutes idle, 12 hours in all (NIST 800-63B AAL2).
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

import sqlalchemy as sa

from bot.web.console.accounts import Staff
from bot.storage.database import Clock, system_clock, utc_now
from bot.storage.console_models import StaffSession, StaffUser, as_utc

IDLE_TIMEOUT = timedelta(minutes=15)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
MAX_TOKEN_LENGTH = 100


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class ActiveSession:
    id: str  # the token's hash
    staff: Staff
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime

    @property
    def expires_at(self) -> datetime:
        """When the session ends if nothing else happens: idle or absolute limit, whichever is first."""
        return min(self.last_seen_at + IDLE_TIMEOUT, self.created_at + ABSOLUTE_TIMEOUT)


class Sessions:
    def __init__(self, engine: sa.engine.Engine, clock: Clock = system_clock) -> None:
        self.engine = engine
        self.clock = clock
        self.table = StaffSession.__table__

    def start(self, staff: Staff) -> tuple[str, ActiveSession]:
        """A brand-new session (never a reused id, so a planted cookie is worthless); returns the cookie value."""
        token = secrets.token_urlsafe(32)
        now = utc_now(self.clock)
        session = ActiveSession(token_hash(token), staff, secrets.token_urlsafe(32), now, now)
        with self.engine.begin() as connection:
            connection.execute(self.table.insert().values(
                id=session.id, user_id=staff.id, csrf_token=session.csrf_token,
                created_at=now, last_seen_at=now, ended_at=None,
            ))
        return token, session

    def resume(self, token: Optional[str], activity: bool = True) -> Optional[ActiveSession]:
        """The live session for a cookie value, or None. ``activity`` resets the idle timer.

        Background refreshes (the queue polling every few seconds) pass
        ``activity=False``: an unattended screen must still log itself out.
        """
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        users = StaffUser.__table__
        query = (
            sa.select(self.table, users.c.username, users.c.role, users.c.disabled)
            .join(users, users.c.id == self.table.c.user_id)
            .where(self.table.c.id == token_hash(token), self.table.c.ended_at.is_(None))
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        now = utc_now(self.clock)
        session = ActiveSession(
            row.id, Staff(row.user_id, row.username, row.role, bool(row.disabled)), row.csrf_token,
            as_utc(row.created_at), as_utc(row.last_seen_at),
        )
        if row.disabled or now >= session.expires_at:
            self.end(session.id)
            return None
        if activity:
            with self.engine.begin() as connection:
                connection.execute(self.table.update().where(self.table.c.id == session.id).values(last_seen_at=now))
            session = ActiveSession(session.id, session.staff, session.csrf_token, session.created_at, now)
        return session

    def end(self, session_id: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                self.table.update()
                .where(self.table.c.id == session_id, self.table.c.ended_at.is_(None))
                .values(ended_at=utc_now(self.clock))
            )

    def end_all(self, user_id: int) -> int:
        """Ends every live session of one person (account disabled); returns how many."""
        with self.engine.begin() as connection:
            result = connection.execute(
                self.table.update()
                .where(self.table.c.user_id == user_id, self.table.c.ended_at.is_(None))
                .values(ended_at=utc_now(self.clock))
            )
            return result.rowcount
