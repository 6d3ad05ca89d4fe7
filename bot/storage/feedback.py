"""Patients' 👍/👎 on an answer, stored for the staff console's "unanswered" page.

The chat channel calls ``FeedbackStore.record`` from the Rasa process; the
console reads ``counts``. One vote per conversation and topic: voting again
replaces the earlier vote, so one person clicking repeatedly cannot skew the
counts. Only the topic, the vote and the conversation id are stored, no text.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.storage.database import make_engine, migrate
from bot.storage.console_models import VOTES, Feedback
from bot.content.contract import RETRIEVAL_KEYS

logger = logging.getLogger(__name__)
MAX_CONVERSATION_ID = 255


@dataclass(frozen=True)
class TopicVotes:
    topic: str
    up: int
    down: int


def valid_topic(topic: str) -> bool:
    """``faq/<key>`` or ``aftercare/<key>`` with a key from bot.content.contract."""
    intent, _, key = topic.partition("/")
    return key in RETRIEVAL_KEYS.get(intent, ())


class FeedbackStore:
    def __init__(self, database_url: str) -> None:
        self.engine = make_engine(database_url)
        self.table = Feedback.__table__
        self._migrated = False
        self._lock = threading.Lock()

    def migrate(self) -> None:
        """Creates the table if needed, once per store (the console and the action server also migrate at start)."""
        with self._lock:
            if not self._migrated:
                migrate(self.engine)
                self._migrated = True

    def record(self, topic: str, vote: str, conversation_id: str) -> None:
        """Stores a vote. Raises ValueError for a bad topic, vote or conversation id.

        Database errors are logged and swallowed: a lost vote must never break
        a patient's chat. This blocks on the database; call it from a thread
        (``run_in_executor``) in async code.
        """
        if vote not in VOTES:
            raise ValueError(f"vote must be one of {VOTES}, got {vote!r}")
        if not isinstance(topic, str) or not valid_topic(topic):
            raise ValueError(f"topic must be faq/<key> or aftercare/<key> from bot.content.contract, got {topic!r}")
        if not isinstance(conversation_id, str) or not 0 < len(conversation_id) <= MAX_CONVERSATION_ID:
            raise ValueError(f"conversation_id must be 1 to {MAX_CONVERSATION_ID} characters")
        try:
            self.migrate()
            self._upsert(topic, vote, conversation_id)
        except SQLAlchemyError as error:
            logger.warning("Feedback for %s not stored: database unavailable (%s).", topic, type(error).__name__)

    def _upsert(self, topic: str, vote: str, conversation_id: str) -> None:
        now = datetime.now(timezone.utc)
        same = (self.table.c.conversation_id == conversation_id) & (self.table.c.topic == topic)
        try:
            with self.engine.begin() as connection:
                connection.execute(self.table.insert().values(topic=topic, vote=vote, conversation_id=conversation_id, created_at=now))
        except IntegrityError:
            with self.engine.begin() as connection:
                connection.execute(self.table.update().where(same).values(vote=vote, created_at=now))

    def counts(self) -> list[TopicVotes]:
        """Votes per topic, most 👎 first."""
        self.migrate()
        up = sa.func.sum(sa.case((self.table.c.vote == "up", 1), else_=0))
        down = sa.func.sum(sa.case((self.table.c.vote == "down", 1), else_=0))
        query = (
            sa.select(self.table.c.topic, up.label("up"), down.label("down"))
            .group_by(self.table.c.topic)
            .order_by(down.desc(), self.table.c.topic)
        )
        with self.engine.connect() as connection:
            return [TopicVotes(row.topic, int(row.up), int(row.down)) for row in connection.execute(query)]
