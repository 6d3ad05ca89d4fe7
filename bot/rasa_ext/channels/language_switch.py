"""The conversation's language, kept in Rasa's tracker as the slot ``language``.

The widget channel switches it in two cases: the patient chooses a language
in the widget, or writes a message clearly in another language the assistant
speaks (bot.language.guess). The slot is appended under the conversation's
lock, before the message is handled, so the reply to that very message is
already in the new language; responses have a variation per language and the
actions read the slot. A short note in the new language, kept in the
tracker, says so and how to switch back.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from rasa.core.agent import Agent
from rasa.shared.core.events import BotUttered, SlotSet

from bot.content.contract import MESSAGE_KEY, Slot
from bot.content.knowledge import Knowledge, load, served_languages
from bot.content.settings import load_settings
from bot.language.guess import ENGLISH, LanguageGuesser, load_guesser

NOTE = "language_switched"  # knowledge/messages.yml template


@lru_cache(maxsize=1)
def served() -> tuple[str, ...]:
    return served_languages(load_settings().knowledge_dir)


@lru_cache(maxsize=1)
def guesser() -> LanguageGuesser:
    return load_guesser(load_settings().knowledge_dir)


@lru_cache(maxsize=None)
def knowledge(language: str) -> Knowledge:
    settings = load_settings()
    return load(settings.knowledge_dir, settings.clinic_file, language)


def reported(value: Any) -> Optional[str]:
    """A language code the widget sent, if the assistant speaks it."""
    return value if isinstance(value, str) and value in served() else None


def wanted_for(text: str, current: Optional[str]) -> Optional[str]:
    """The language this message asks for, judged from its words, if it differs from ``current``."""
    return guesser().switch_to(text, current or ENGLISH, served())


async def switch(agent: Agent, conversation_id: str, language: str) -> list[dict[str, Any]]:
    """Sets the conversation's language; returns the note for the widget ([] when it already was)."""
    processor = agent.processor
    assert processor is not None and agent.lock_store is not None and language in served()
    async with agent.lock_store.lock(conversation_id):
        tracker = await processor.fetch_tracker_and_update_session(conversation_id)
        if (tracker.get_slot(Slot.LANGUAGE) or ENGLISH) == language:
            return []
        text = knowledge(language).template(NOTE)
        tracker.update(SlotSet(Slot.LANGUAGE, language))
        tracker.update(BotUttered(text, metadata={MESSAGE_KEY: NOTE}))
        await processor.save_tracker(tracker)
    return [{"text": text}]
