"""The handoff record as staff see it.

``open_key`` is ``<conversation>:<reason>`` while a handoff is open and NULL
once resolved. Its unique index is what makes retries and parallel requests
land on one row (NULLs do not collide, so a resolved handoff never blocks a
new one).
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeMeta, declarative_base

from bot.content.translations import LANGUAGES as TRANSLATED_LANGUAGES

# Annotated so type checkers see a class: SQLAlchemy 1.4 builds it at run time.
Base: DeclarativeMeta = declarative_base()

STATUSES = ("new", "claimed", "resolved")
REASONS = ("request", "booking", "prescreen_review", "symptom", "repeated_fallback")
URGENCIES = ("emergency", "urgent", "routine")
# The patient's language: English, the clinic's own, and every translation of the knowledge files.
ENGLISH = "en"
LANGUAGES = (ENGLISH, *TRANSLATED_LANGUAGES)


class Handoff(Base):
    __tablename__ = "handoffs"

    id = sa.Column(sa.String(36), primary_key=True)
    conversation_id = sa.Column(sa.String(255), nullable=False, index=True)
    reason = sa.Column(sa.String(32), nullable=False)
    urgency = sa.Column(sa.String(16), nullable=False)
    status = sa.Column(sa.String(16), nullable=False, default="new")
    open_key = sa.Column(sa.String(300), unique=True, nullable=True)
    triage_level = sa.Column(sa.String(16))
    triage_signs = sa.Column(sa.JSON, nullable=False, default=list)
    days_since_treatment = sa.Column(sa.Integer)
    prescreen_outcome = sa.Column(sa.String(16))
    prescreen_flags = sa.Column(sa.JSON, nullable=False, default=list)
    booking_preference = sa.Column(sa.Text)
    contact_name = sa.Column(sa.String(200))
    contact_phone = sa.Column(sa.String(40))
    contact_email = sa.Column(sa.String(254))
    contact_time = sa.Column(sa.String(200))
    transcript = sa.Column(sa.JSON, nullable=False, default=list)
    channel = sa.Column(sa.String(64))
    language = sa.Column(sa.String(8), nullable=False, default=ENGLISH, server_default=ENGLISH)  # migration 0005
    created_at = sa.Column(sa.DateTime(timezone=True), nullable=False)
    updated_at = sa.Column(sa.DateTime(timezone=True), nullable=False)
    claimed_by = sa.Column(sa.String(100))
    resolved_at = sa.Column(sa.DateTime(timezone=True))
