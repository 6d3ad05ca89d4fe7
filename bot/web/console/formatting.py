"""How values read to staff: ages, times in the clinic's zone, labels for codes."""
from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Optional

URGENCY_LABELS = {"emergency": "Emergency", "urgent": "Urgent", "routine": "Routine"}
REASON_LABELS = {
    "request": "Asked for a person",
    "booking": "Booking request",
    "prescreen_review": "Pre-screen review",
    "symptom": "Symptom report",
    "repeated_fallback": "Not understood twice",
}
STATUS_LABELS = {"new": "New", "claimed": "Claimed", "resolved": "Resolved"}
# Each language by its own name, as language pickers do; pages mark the name with lang="<code>" so a
# screen reader says "Español" in Spanish. A code without a name here shows as the code.
LANGUAGE_LABELS = {"en": "English", "es": "Español"}
STATUS_FILTER_LABELS = {"open": "Not resolved", "new": "New", "claimed": "Claimed", "resolved": "Resolved", "all": "All"}
# Message shown after a change, keyed by changes.py outcome codes (never reflected text).
CHANGE_MESSAGES = {
    "claimed": "You claimed this handoff.",
    "noted": "Your note was added.",
    "resolved": "The handoff is resolved.",
    "claimed_by_other": "Someone else has already claimed this handoff.",
    "already_resolved": "This handoff is already resolved.",
    "empty_note": "The note was empty, so nothing was added.",
    "note_too_long": "The note is too long; nothing was added. Keep it under 2,000 characters.",
}


def format_age(seconds: int) -> str:
    """'4 min', '2 h 5 min', '3 d 4 h': how long a patient has been waiting."""
    minutes = seconds // 60
    if minutes < 1:
        return "under 1 min"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def format_time(moment: Optional[datetime | str], zone: tzinfo) -> str:
    """Clinic-local time; transcript lines carry ISO strings, rows carry datetimes."""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return str(moment)
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    return local.strftime("%a %d %b %Y, %H:%M ") + (local.tzname() or "")


def label(mapping: dict[str, str], code: Optional[str]) -> str:
    return mapping.get(code or "", code or "")
