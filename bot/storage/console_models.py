"""The console's tables, on the same declarative ``Base`` as the handoffs.

Sharing ``Base`` keeps one metadata and one Alembic history (migration
``0002_console``) for everything in the handoff database. Times are stored in
UTC; SQLite hands them back naive, so readers go through ``as_utc``.
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa

from bot.storage.models import Base

ROLES = ("staff", "admin")
VOTES = ("up", "down")


def as_utc(moment: datetime) -> datetime:
    """The same instant as an aware UTC datetime (SQLite drops the zone)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


class StaffUser(Base):
    __tablename__ = "staff_users"

    id = sa.Column(sa.Integer, primary_key=True)
    username = sa.Column(sa.String(64), nullable=False, unique=True)
    password_hash = sa.Column(sa.String(255), nullable=False)
    role = sa.Column(sa.String(16), nullable=False, default="staff")
    disabled = sa.Column(sa.Boolean, nullable=False, default=False)
    failed_logins = sa.Column(sa.Integer, nullable=False, default=0)
    locked_until = sa.Column(sa.DateTime(timezone=True))
    created_at = sa.Column(sa.DateTime(timezone=True), nullable=False)


class StaffSession(Base):
    __tablename__ = "staff_sessions"

    id = sa.Column(sa.String(64), primary_key=True)  # sha256 of the cookie value, never the value
    user_id = sa.Column(sa.Integer, sa.ForeignKey("staff_users.id"), nullable=False, index=True)
    csrf_token = sa.Column(sa.String(64), nullable=False)
    created_at = sa.Column(sa.DateTime(timezone=True), nullable=False)
    last_seen_at = sa.Column(sa.DateTime(timezone=True), nullable=False)
    ended_at = sa.Column(sa.DateTime(timezone=True))


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id = sa.Column(sa.Integer, primary_key=True)
    at = sa.Column(sa.DateTime(timezone=True), nullable=False)
    user_id = sa.Column(sa.Integer)
    action = sa.Column(sa.String(32), nullable=False)
    handoff_id = sa.Column(sa.String(36), index=True)
    outcome = sa.Column(sa.String(32), nullable=False)
    source_ip = sa.Column(sa.String(64))
    prev_hash = sa.Column(sa.String(64), nullable=False)
    row_hash = sa.Column(sa.String(64), nullable=False)


class HandoffNote(Base):
    __tablename__ = "handoff_notes"

    id = sa.Column(sa.Integer, primary_key=True)
    handoff_id = sa.Column(sa.String(36), sa.ForeignKey("handoffs.id"), nullable=False, index=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("staff_users.id"), nullable=False)
    text = sa.Column(sa.Text, nullable=False)
    created_at = sa.Column(sa.DateTime(timezone=True), nullable=False)


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (sa.UniqueConstraint("conversation_id", "topic", name="uq_feedback_conversation_topic"),)

    id = sa.Column(sa.Integer, primary_key=True)
    topic = sa.Column(sa.String(100), nullable=False, index=True)
    vote = sa.Column(sa.String(4), nullable=False)
    conversation_id = sa.Column(sa.String(255), nullable=False)
    created_at = sa.Column(sa.DateTime(timezone=True), nullable=False)
