"""Rasa's SQL tracker store without its most expensive per-message habits.

endpoints.yml: `type: bot.rasa_ext.tracker_store.FastSQLTrackerStore`.

Same table, same queries' meaning, same events, so conversations stored by
either store read the same. Per message Rasa reads the conversation once and
writes the new events once; the stock store

- builds an ORM object for every stored event just to read its JSON column,
  where selecting the column alone gives the same rows at a fraction of the
  cost, and
- counts the stored events again before writing, to know which events are
  new (half of every write), although the tracker it is writing was read a
  moment before under the conversation's lock, and
- writes the new events through the ORM's unit of work, one object each,
  where one multi-row INSERT of the same columns does.

This store remembers, per tracker object it read or wrote, how many of its
events are stored, and writes only the events after those; any other tracker
(a copy, one built elsewhere) falls back to Rasa's count.

It also answers the widget channel's one question before each button press,
"what did the assistant offer last?", from the newest rows alone instead of
rebuilding the whole conversation.
"""
from __future__ import annotations

import itertools
import json
import weakref
from typing import Any, Iterator, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker


LAST_TURN_ROWS = 20


def _row(sender_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """The columns Rasa's SQLTrackerStore.save fills for one event."""
    return {
        "sender_id": sender_id,
        "type_name": data.get("event"),
        "timestamp": data.get("timestamp"),
        "intent_name": ((data.get("parse_data") or {}).get("intent") or {}).get("name"),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


class FastSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # id(tracker) -> (weak reference to it, how many of its events the database holds)
        self._stored: dict[int, tuple[weakref.ref[DialogueStateTracker], int]] = {}

    def _remember(self, tracker: DialogueStateTracker, stored_events: int) -> None:
        key = id(tracker)
        self._stored[key] = (weakref.ref(tracker, lambda _: self._stored.pop(key, None)), stored_events)

    def _stored_events(self, tracker: DialogueStateTracker) -> Optional[int]:
        entry = self._stored.get(id(tracker))
        if entry is None or entry[0]() is not tracker:
            return None
        return entry[1]

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            rows = (
                self._event_query(session, sender_id, fetch_events_from_all_sessions)
                .with_entities(self.SQLEvent.data)
                .all()
            )
        if not (self.domain and rows):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(data) for (data,) in rows], self.domain.slots)
        if not fetch_events_from_all_sessions:
            self._remember(tracker, len(rows))
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        stored = self._stored_events(tracker)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = [_row(tracker.sender_id, event.as_dict()) for event in self._additional_events(session, tracker)]
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()
        self._remember(tracker, len(tracker.events))  # all of them are stored now

    async def last_turn(self, sender_id: str) -> Optional[list[dict[str, Any]]]:
        """The patient's last message and what the assistant said after it, oldest first.

        None when the newest rows hold no patient message (a conversation with
        no message yet, or an unusually long answer): read the whole tracker.
        """
        with self.session_scope() as session:
            rows = (
                session.query(self.SQLEvent.data)
                .filter(self.SQLEvent.sender_id == sender_id, self.SQLEvent.type_name.in_(("user", "bot")))
                .order_by(self.SQLEvent.id.desc())
                .limit(LAST_TURN_ROWS)
                .all()
            )
        turn: list[dict[str, Any]] = []
        for (data,) in rows:
            event = json.loads(data)
            turn.append(event)
            if event.get("event") == "user":
                return turn[::-1]
        return None
