"""What a patient reads first for a triage level: the advice text, in their language and for the hour.

An emergency starts with "call your local emergency number now" (in Spanish
and English for a Spanish message). Urgent advice says "call the clinic now"
only while the clinic is open; when it is closed it names what to do now
instead: the clinic's after-hours line if the clinic file sets one, else
urgent care or an out-of-hours doctor, and the emergency number if it gets
worse. A symptom no sign matches is never reassured.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Mapping, Optional

from bot.content.hours import is_open, next_opening
from bot.content.knowledge import Knowledge
from bot.care.triage import NONE

SPANISH = "es"


def now() -> datetime:
    """The current time, one place to replace in tests of out-of-hours advice."""
    return datetime.now(timezone.utc)


def advice(knowledge: Knowledge, templates: Mapping[str, str], level: str, language: str = "en",
           moment: Optional[datetime] = None) -> str:
    """``knowledge`` and ``templates`` are the conversation's language; ``language`` is the message's.

    A Spanish message in an English conversation (a channel that did not
    switch the conversation) gets the emergency and urgent lines in both.
    """
    moment = moment or now()
    clinic = knowledge.clinic
    bilingual = language == SPANISH and knowledge.language != SPANISH
    if level == "emergency":
        return knowledge.render(templates["emergency_es" if bilingual else "emergency"])
    if level == "urgent":
        if is_open(clinic, moment):
            return knowledge.render(templates["urgent_es" if bilingual else "urgent"])
        closed = knowledge.render(
            templates["urgent_closed"], after_hours=_after_hours(knowledge, templates),
            next_opening=next_opening(clinic, moment, knowledge.messages["calendar"]) or knowledge.values["hours"],
        )
        if not bilingual:
            return closed
        # Not urgent_es: its "llame a la clínica" reaches nobody now.
        spanish = knowledge.render(templates["urgent_closed_es"], after_hours=_after_hours(knowledge, templates, "_es"))
        return f"{spanish} / {closed}"
    if level == NONE:
        return knowledge.render(templates["unplaced"])
    return knowledge.render(templates["routine"])


def _after_hours(knowledge: Knowledge, templates: Mapping[str, str], suffix: str = "") -> str:
    """What to do now with the clinic closed: its after-hours line if it has one, else urgent care."""
    after_hours_phone = knowledge.clinic.get("after_hours_phone")
    if after_hours_phone:
        return knowledge.render(templates[f"after_hours_line{suffix}"], after_hours_phone=after_hours_phone)
    return knowledge.render(templates[f"after_hours_none{suffix}"])


def other_language_note(knowledge: Knowledge, templates: Mapping[str, str]) -> str:
    return knowledge.render(templates["other_language"])
