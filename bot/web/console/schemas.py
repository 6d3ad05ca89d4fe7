"""The JSON API's shapes (pydantic v1), which are also what /api/openapi.json describes."""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import List, Optional

from pydantic import BaseModel, Field

from bot.web.console.changes import MAX_NOTE_LENGTH
from bot.storage.models import LANGUAGES, REASONS


class StatusFilter(str, Enum):
    open = "open"
    new = "new"
    claimed = "claimed"
    resolved = "resolved"
    all = "all"


Reason = Enum("Reason", {reason: reason for reason in REASONS}, type=str)  # type: ignore[misc]  # the functional Enum API, members computed from REASONS
Language = Enum("Language", {code: code for code in LANGUAGES}, type=str)  # type: ignore[misc]  # the functional Enum API, members computed from LANGUAGES
LANGUAGE_DESCRIPTION = (f"The conversation's language code ({', '.join(LANGUAGES)}): the transcript is in it, as the patient "
                        "typed it; everything else stays in English.")
LANGUAGE_LABEL_DESCRIPTION = "The language by its own name, e.g. 'Español'; mark it up with lang=<language>."


class Urgency(str, Enum):
    emergency = "emergency"
    urgent = "urgent"
    routine = "routine"


class Status(str, Enum):
    new = "new"
    claimed = "claimed"
    resolved = "resolved"


class QueueItem(BaseModel):
    id: str
    urgency: Urgency
    urgency_label: str
    reason: str
    reason_label: str
    language: str = Field(..., description=LANGUAGE_DESCRIPTION)
    language_label: str = Field(..., description=LANGUAGE_LABEL_DESCRIPTION)
    status: Status
    status_label: str
    created_at: datetime
    age_seconds: int
    age: str = Field(..., description="How long the patient has waited, e.g. '12 min'.")
    claimed_by: Optional[str]


class TranscriptLineOut(BaseModel):
    sender: str = Field(..., description="patient, assistant, staff (live chat), notice (joined/left) or unknown")
    text: str
    time: Optional[str]
    name: Optional[str] = Field(None, description="the staff member's display name, on staff lines")


class FlagOut(BaseModel):
    flag: str
    label: str
    staff_note: str
    why: str = Field(..., description="What the patient was told about this flag.")


class TimelineEventOut(BaseModel):
    at: datetime
    kind: str = Field(..., description="created, claimed, note or resolved")
    by: Optional[str]
    text: Optional[str]


class ContactOut(BaseModel):
    name: Optional[str]
    phone: Optional[str]
    email: Optional[str]
    time: Optional[str]


class HandoffOut(BaseModel):
    id: str
    channel: Optional[str]
    reason: str
    reason_label: str
    urgency: Urgency
    language: str = Field(..., description=LANGUAGE_DESCRIPTION)
    language_label: str = Field(..., description=LANGUAGE_LABEL_DESCRIPTION)
    status: Status
    created_at: datetime
    age_seconds: int
    claimed_by: Optional[str]
    resolved_at: Optional[datetime]
    triage_level: Optional[str]
    triage_signs: List[str]
    days_since_treatment: Optional[int]
    prescreen_outcome: Optional[str]
    prescreen_flags: List[FlagOut]
    booking_preference: Optional[str]
    contact: ContactOut
    transcript: List[TranscriptLineOut]
    timeline: List[TimelineEventOut]


class NoteIn(BaseModel):
    text: str = Field(..., min_length=1, max_length=MAX_NOTE_LENGTH)

    class Config:
        extra = "forbid"


class ChangeOut(BaseModel):
    outcome: str = Field(..., description="ok")
    status: Status
    claimed_by: Optional[str]


class Problem(BaseModel):
    detail: str
    outcome: Optional[str] = None


class QuestionOut(BaseModel):
    text: str
    count: int
    last_seen: datetime
    offered: int = Field(0, description='Times "Did you mean ...?" choices were offered instead of only "please rephrase".')
    choices: List[str] = Field(default_factory=list, description="The topics offered last (full labels such as faq/cost).")


class TopicVotesOut(BaseModel):
    topic: str
    up: int
    down: int


class UnansweredOut(BaseModel):
    available: bool = Field(..., description="False when the conversation store could not be read.")
    questions: List[QuestionOut]
    feedback: List[TopicVotesOut]


class AuditOut(BaseModel):
    id: int
    at: datetime
    user_id: Optional[int]
    username: Optional[str]
    action: str
    handoff_id: Optional[str]
    outcome: str
    source_ip: Optional[str]


class MeOut(BaseModel):
    username: str
    role: str
    csrf_token: str = Field(..., description="Send it as X-CSRF-Token on every POST.")
    expires_at: datetime
    expires_in_seconds: int
