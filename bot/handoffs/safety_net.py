"""What the chat channel says and records when the assistant could not answer.

If the action server is down, Rasa runs the symptom triage and the handoff
actions into nothing and the patient would see silence (RasaHQ/rasa#5588).
The channel then runs the same triage rules itself: an emergency still gets
"call your local emergency number" first, an urgent sign the clinic's phone,
and for both a handoff request goes into the durable spool, which the action
server lands once it is back (bot.handoffs.spool).
"""
from __future__ import annotations

import threading
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any, Optional

from bot.handoffs.spool import Spool
from bot.handoffs.store import HandoffRequest
from bot.content.knowledge import ENGLISH, Knowledge, load_all
from bot.care.red_flags import RedFlagScreen, screen_in_use
from bot.content.settings import Settings
from bot.care.triage import load_advice
from bot.care.triage_advice import advice


class SafetyNet:
    """Speaks the conversation's language when the channel knows it (English otherwise)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.contents: dict[str, Knowledge] = load_all(settings.knowledge_dir, settings.clinic_file)
        self.knowledge = self.contents[ENGLISH]
        self.advice_templates = {language: load_advice(settings.knowledge_dir, language) for language in self.contents}
        self.unavailable = self.knowledge.template("chat_unavailable")
        self.spool = Spool(settings.spool_dir)
        self._screen: Optional[RedFlagScreen] = None
        self._lock = threading.Lock()

    def screen(self) -> RedFlagScreen:
        """Taken on first failure only: in Rasa's process the gate's screen, elsewhere a new one (spaCy costs
        memory the healthy path does not need)."""
        with self._lock:
            if self._screen is None:
                self._screen = screen_in_use(self.settings)
            return self._screen

    def unavailable_in(self, language: Optional[str]) -> str:
        return self.contents.get(language or ENGLISH, self.knowledge).template("chat_unavailable")

    def replies(self, text: str, conversation_id: str, channel: str,
                language: Optional[str] = None) -> list[dict[str, Any]]:
        """The patient's answer when the assistant produced nothing; spools a handoff for alarming signs."""
        content = self.contents.get(language or ENGLISH, self.knowledge)
        unavailable = content.template("chat_unavailable")
        result = self.screen().screen(text)
        if not result.alarming:
            return [{"text": unavailable}]
        request = HandoffRequest(
            conversation_id=conversation_id, reason="symptom", urgency=result.level, channel=channel,
            triage_level=result.level, triage_signs=list(result.signs), language=language or result.language,
            days_since_treatment=result.days_since_treatment,
            transcript=[{"sender": "patient", "text": text, "time": datetime.now(timezone.utc).isoformat()}],
        )
        self.spool.put({"op": "open", "request": asdict(request)})
        return [
            {"text": advice(content, self.advice_templates[content.language], result.level, result.language)},
            {"text": unavailable},
            {"custom": {"type": "handoff", "reason": "symptom", "urgency": result.level}},
        ]
