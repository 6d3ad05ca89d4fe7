"""What staff change on a handoff: claim it, add a note, resolve it.

Each change and its audit row are written in one transaction, so the log
never misses a change that happened nor records one that did not. Updates are
conditional (``WHERE status = ...``) so two people clicking at once get one
winner and one clear answer, not a silent overwrite.
"""
from __future__ import annotations

from typing import Optional

import sqlalchemy as sa

from bot.web.console.accounts import Staff
from bot.storage.audit import AuditLog
from bot.storage.database import Clock, system_clock, utc_now
from bot.storage.console_models import HandoffNote
from bot.storage.models import Handoff

MAX_NOTE_LENGTH = 2000
# Outcomes, also used as audit outcomes and as the message code shown after a form.
OK, NOT_FOUND, CLAIMED_BY_OTHER, ALREADY_RESOLVED, EMPTY_NOTE, NOTE_TOO_LONG = (
    "ok", "not_found", "claimed_by_other", "already_resolved", "empty_note", "note_too_long",
)


class Changes:
    def __init__(self, engine: sa.engine.Engine, audit: AuditLog, clock: Clock = system_clock) -> None:
        self.engine = engine
        self.audit = audit
        self.clock = clock
        self.handoffs = Handoff.__table__
        self.notes = HandoffNote.__table__

    def _state(self, connection: sa.engine.Connection, handoff_id: str) -> Optional[sa.engine.Row]:
        return connection.execute(
            sa.select(self.handoffs.c.status, self.handoffs.c.claimed_by).where(self.handoffs.c.id == handoff_id)
        ).first()

    def claim(self, handoff_id: str, staff: Staff, source_ip: Optional[str]) -> str:
        """Claims a new handoff (claiming one's own again is harmless); someone else's claim stands."""
        table = self.handoffs
        with self.audit.transaction() as connection:
            updated = connection.execute(
                table.update()
                .where(table.c.id == handoff_id)
                .where((table.c.status == "new") | ((table.c.status == "claimed") & (table.c.claimed_by == staff.username)))
                .values(status="claimed", claimed_by=staff.username, updated_at=utc_now(self.clock))
            ).rowcount
            if updated:
                outcome = OK
            else:
                state = self._state(connection, handoff_id)
                outcome = NOT_FOUND if state is None else ALREADY_RESOLVED if state.status == "resolved" else CLAIMED_BY_OTHER
            self.audit.append(connection, "claim", outcome, staff.id, handoff_id, source_ip)
        return outcome

    def add_note(self, handoff_id: str, staff: Staff, text: str, source_ip: Optional[str]) -> str:
        text = text.replace("\r\n", "\n").strip()
        with self.audit.transaction() as connection:
            if self._state(connection, handoff_id) is None:
                outcome = NOT_FOUND
            elif not text:
                outcome = EMPTY_NOTE
            elif len(text) > MAX_NOTE_LENGTH:
                outcome = NOTE_TOO_LONG
            else:
                connection.execute(self.notes.insert().values(
                    handoff_id=handoff_id, user_id=staff.id, text=text, created_at=utc_now(self.clock)
                ))
                outcome = OK
            self.audit.append(connection, "add_note", outcome, staff.id, handoff_id, source_ip)
        return outcome

    def resolve(self, handoff_id: str, staff: Staff, source_ip: Optional[str]) -> str:
        """Resolves and clears ``open_key`` (as ``HandoffStore.set_status`` does), so the patient can be helped again."""
        table = self.handoffs
        now = utc_now(self.clock)
        with self.audit.transaction() as connection:
            updated = connection.execute(
                table.update()
                .where(table.c.id == handoff_id, table.c.status != "resolved")
                .values(status="resolved", resolved_at=now, updated_at=now, open_key=None)
            ).rowcount
            outcome = OK if updated else NOT_FOUND if self._state(connection, handoff_id) is None else ALREADY_RESOLVED
            self.audit.append(connection, "resolve", outcome, staff.id, handoff_id, source_ip)
        return outcome
