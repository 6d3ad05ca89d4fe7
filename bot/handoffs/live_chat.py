"""Live chats: who is waiting for a person, who joined, who is available.

Every change is one conditional UPDATE, so the database settles races that
two web app processes could not: of two staff members pressing "join" at
once exactly one row update succeeds; a timeout and a join cannot both win.
No patient text is kept here; the conversation itself stays in Rasa's
tracker, the one history of the conversation.
"""
from __future__ import annotations

import statistics
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Mapping, Optional

import sqlalchemy as sa

from bot.content.hours import is_open
from bot.storage.console_models import as_utc
from bot.storage.database import Clock, utc_now
from bot.storage.live_models import LiveChat, StaffPresence
from bot.storage.models import ENGLISH, Handoff

CHATS = LiveChat.__table__
PRESENCE = StaffPresence.__table__
HANDOFFS = Handoff.__table__
# A chat with its handoff's language (issue 14), so staff see it before joining; English without a handoff.
CHAT_ROWS = sa.select(CHATS, sa.func.coalesce(HANDOFFS.c.language, ENGLISH).label("language")).select_from(
    CHATS.outerjoin(HANDOFFS, HANDOFFS.c.id == CHATS.c.handoff_id))
URGENCY_ORDER = {"emergency": 0, "urgent": 1, "routine": 2}
# A console page sends a heartbeat every 30 s; two missed ones and the person counts as away.
PRESENCE_WINDOW = timedelta(seconds=75)
RECENT_CHATS = 20  # the waits the "usually answers within" estimate is the median of
OPEN = ("waiting", "active")

JOINED = "joined"
TAKEN = "taken"  # someone else joined first
GONE = "gone"  # timed out, ended or unknown


@dataclass(frozen=True)
class LiveChatView:
    id: str
    conversation_id: str
    handoff_id: Optional[str]
    urgency: str
    status: str
    requested_at: datetime
    joined_at: Optional[datetime]
    ended_at: Optional[datetime]
    staff_user_id: Optional[int]
    staff_name: Optional[str]
    staff_messages: int
    patient_messages: int
    language: str = ENGLISH  # the handoff's language code


@dataclass(frozen=True)
class JoinResult:
    outcome: str  # JOINED, TAKEN or GONE
    chat: Optional[LiveChatView]


def _view(row: sa.engine.Row) -> LiveChatView:
    return LiveChatView(
        id=row.id, conversation_id=row.conversation_id, handoff_id=row.handoff_id, urgency=row.urgency,
        status=row.status, requested_at=as_utc(row.requested_at),
        joined_at=as_utc(row.joined_at) if row.joined_at else None,
        ended_at=as_utc(row.ended_at) if row.ended_at else None,
        staff_user_id=row.staff_user_id, staff_name=row.staff_name, staff_messages=row.staff_messages,
        patient_messages=row.patient_messages, language=row.language,
    )


class LiveChats:
    def __init__(self, engine: sa.engine.Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock

    def _now(self) -> datetime:
        return utc_now(self.clock)

    # -- presence ------------------------------------------------------------------------
    def set_presence(self, user_id: int, display_name: str, available: bool) -> None:
        """Available for chats or not; also a heartbeat."""
        values = {"display_name": display_name[:64], "available": available, "seen_at": self._now()}
        with self.engine.begin() as connection:
            updated = connection.execute(PRESENCE.update().where(PRESENCE.c.user_id == user_id).values(**values))
            if not updated.rowcount:
                try:
                    with connection.begin_nested():
                        connection.execute(PRESENCE.insert().values(user_id=user_id, **values))
                except sa.exc.IntegrityError:  # the same person's other tab inserted first
                    connection.execute(PRESENCE.update().where(PRESENCE.c.user_id == user_id).values(**values))

    def heartbeat(self, user_id: int) -> bool:
        """The console page is still open (so its chats are still looked after); True if available for new ones."""
        with self.engine.begin() as connection:
            connection.execute(PRESENCE.update().where(PRESENCE.c.user_id == user_id).values(seen_at=self._now()))
        return self.is_available(user_id)

    def is_available(self, user_id: int) -> bool:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(PRESENCE.c.available, PRESENCE.c.seen_at).where(
                PRESENCE.c.user_id == user_id)).first()
        return bool(row and row.available and as_utc(row.seen_at) >= self._now() - PRESENCE_WINDOW)

    def display_name(self, user_id: int) -> Optional[str]:
        """The name patients see for this staff member, as they set it with their presence."""
        with self.engine.connect() as connection:
            return connection.execute(sa.select(PRESENCE.c.display_name).where(PRESENCE.c.user_id == user_id)).scalar()

    def available_staff(self) -> int:
        """How many people are online for chats now."""
        with self.engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.count()).select_from(PRESENCE).where(
                PRESENCE.c.available.is_(True), PRESENCE.c.seen_at >= self._now() - PRESENCE_WINDOW)).scalar() or 0)

    # -- the patient's side --------------------------------------------------------------
    def current(self, conversation_id: str) -> Optional[LiveChatView]:
        """The conversation's waiting or active chat, if any."""
        with self.engine.connect() as connection:
            row = connection.execute(CHAT_ROWS.where(
                CHATS.c.conversation_id == conversation_id, CHATS.c.status.in_(OPEN)
            ).order_by(CHATS.c.requested_at.desc())).first()
        return _view(row) if row else None

    def request(self, conversation_id: str, handoff_id: Optional[str], urgency: str = "routine") -> LiveChatView:
        """A new waiting chat, or the conversation's open one (a second click, a reload) unchanged."""
        existing = self.current(conversation_id)
        if existing:
            return existing
        chat_id = str(uuid.uuid4())
        with self.engine.begin() as connection:
            connection.execute(CHATS.insert().values(
                id=chat_id, conversation_id=conversation_id, handoff_id=handoff_id, urgency=urgency, status="waiting",
                requested_at=self._now(), staff_messages=0, patient_messages=0))
        chat = self.get(chat_id)
        assert chat is not None
        return chat

    def position(self, chat: LiveChatView) -> int:
        """1 for the first in line: urgent chats go first, then the oldest."""
        return next((number for number, waiting in enumerate(self.queue(), 1) if waiting.id == chat.id), 0)

    def typical_wait_minutes(self, default: int) -> int:
        """The median wait before a person joined, over the last chats; ``default`` before there are any."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(CHATS.c.requested_at, CHATS.c.joined_at).where(
                CHATS.c.joined_at.is_not(None)).order_by(CHATS.c.joined_at.desc()).limit(RECENT_CHATS)).all()
        if not rows:
            return default
        waits = [(as_utc(row.joined_at) - as_utc(row.requested_at)).total_seconds() for row in rows]
        return max(1, round(statistics.median(waits) / 60))

    def count_message(self, chat_id: str, staff: bool) -> None:
        column = CHATS.c.staff_messages if staff else CHATS.c.patient_messages
        with self.engine.begin() as connection:
            connection.execute(CHATS.update().where(CHATS.c.id == chat_id).values({column: column + 1}))

    # -- the staff side ------------------------------------------------------------------
    def get(self, chat_id: str) -> Optional[LiveChatView]:
        with self.engine.connect() as connection:
            row = connection.execute(CHAT_ROWS.where(CHATS.c.id == chat_id)).first()
        return _view(row) if row else None

    def queue(self) -> list[LiveChatView]:
        """Waiting chats, emergencies first, then urgent, then the longest wait."""
        with self.engine.connect() as connection:
            rows = connection.execute(CHAT_ROWS.where(CHATS.c.status == "waiting")).all()
        chats = [_view(row) for row in rows]
        return sorted(chats, key=lambda chat: (URGENCY_ORDER.get(chat.urgency, 3), chat.requested_at))

    def active(self) -> list[LiveChatView]:
        with self.engine.connect() as connection:
            rows = connection.execute(CHAT_ROWS.where(CHATS.c.status == "active")
                                      .order_by(CHATS.c.joined_at)).all()
        return [_view(row) for row in rows]

    def active_conversations(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(connection.execute(sa.select(CHATS.c.conversation_id).where(CHATS.c.status == "active")).scalars())

    def join(self, chat_id: str, user_id: int, staff_name: str) -> JoinResult:
        with self.engine.begin() as connection:
            won = connection.execute(CHATS.update().where(CHATS.c.id == chat_id, CHATS.c.status == "waiting").values(
                status="active", joined_at=self._now(), staff_user_id=user_id, staff_name=staff_name[:64])).rowcount
        chat = self.get(chat_id)
        if won:
            return JoinResult(JOINED, chat)
        if chat and chat.status == "active":
            return JoinResult(JOINED if chat.staff_user_id == user_id else TAKEN, chat)
        return JoinResult(GONE, chat)

    def finish(self, chat_id: str, user_id: int) -> Optional[LiveChatView]:
        """Ends the chat its own staff member leaves or hands back; None if it was not theirs or not active."""
        with self.engine.begin() as connection:
            done = connection.execute(CHATS.update().where(
                CHATS.c.id == chat_id, CHATS.c.status == "active", CHATS.c.staff_user_id == user_id
            ).values(status="ended", ended_at=self._now())).rowcount
        return self.get(chat_id) if done else None

    def withdraw(self, chat_id: str) -> Optional[LiveChatView]:
        """The patient chose a call-back after all while still waiting."""
        with self.engine.begin() as connection:
            done = connection.execute(CHATS.update().where(CHATS.c.id == chat_id, CHATS.c.status == "waiting")
                                      .values(status="ended", ended_at=self._now())).rowcount
        return self.get(chat_id) if done else None

    def abandoned(self) -> list[LiveChatView]:
        """Active chats whose staff member's console has gone quiet (closed, asleep, offline)."""
        cutoff = self._now() - PRESENCE_WINDOW
        seen = sa.select(PRESENCE.c.user_id).where(PRESENCE.c.seen_at >= cutoff)
        with self.engine.connect() as connection:
            rows = connection.execute(CHAT_ROWS.where(
                CHATS.c.status == "active", CHATS.c.staff_user_id.not_in(seen))).all()
        return [_view(row) for row in rows]

    def expire(self, limit: timedelta) -> list[LiveChatView]:
        """Marks chats nobody joined within ``limit`` as timed out and returns them (each exactly once)."""
        cutoff = self._now() - limit
        expired = []
        for chat in self.queue():
            if chat.requested_at > cutoff:
                continue
            with self.engine.begin() as connection:
                if connection.execute(CHATS.update().where(CHATS.c.id == chat.id, CHATS.c.status == "waiting")
                                      .values(status="timed_out", ended_at=self._now())).rowcount:
                    expired.append(chat)
        return expired


@dataclass(frozen=True)
class LiveChatRules:
    """clinic.yml ``live_chat``: how long a patient waits before the chat becomes a call-back."""

    wait_limit: timedelta
    default_wait_minutes: int

    @classmethod
    def from_clinic(cls, clinic: Mapping[str, Any]) -> "LiveChatRules":
        live = clinic.get("live_chat") or {}
        return cls(timedelta(minutes=int(live.get("wait_limit_minutes", 3))), int(live.get("default_wait_minutes", 2)))


def can_offer(clinic: Mapping[str, Any], live: LiveChats, moment: datetime) -> bool:
    """A live chat is offered in opening hours while at least one person is available in the console."""
    return is_open(clinic, moment) and live.available_staff() > 0
