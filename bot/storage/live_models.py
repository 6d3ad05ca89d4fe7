"""The live-chat tables, on the shared ``Base`` (migration ``0004_live_chat``).

``live_chats`` holds one row per "chat with a person now" request: who is
waiting, since when, who joined. The conditional update on ``status`` is what
lets exactly one of two staff members take a chat. ``staff_presence`` says
who is available for chats; a row whose ``seen_at`` is older than the
heartbeat window counts as offline, so a closed laptop does not keep a clinic
"online".
"""
from __future__ import annotations

import sqlalchemy as sa

from bot.storage.models import Base

LIVE_STATUSES = ("waiting", "active", "ended", "timed_out")


class LiveChat(Base):
    __tablename__ = "live_chats"

    id = sa.Column(sa.String(36), primary_key=True)
    conversation_id = sa.Column(sa.String(255), nullable=False, index=True)
    handoff_id = sa.Column(sa.String(36), sa.ForeignKey("handoffs.id"), nullable=True, index=True)
    urgency = sa.Column(sa.String(16), nullable=False, default="routine")
    status = sa.Column(sa.String(16), nullable=False, default="waiting", index=True)
    requested_at = sa.Column(sa.DateTime(timezone=True), nullable=False)
    joined_at = sa.Column(sa.DateTime(timezone=True))
    ended_at = sa.Column(sa.DateTime(timezone=True))
    staff_user_id = sa.Column(sa.Integer, sa.ForeignKey("staff_users.id"))
    staff_name = sa.Column(sa.String(64))
    staff_messages = sa.Column(sa.Integer, nullable=False, default=0)
    patient_messages = sa.Column(sa.Integer, nullable=False, default=0)
    __table_args__ = (sa.CheckConstraint("status IN ('waiting', 'active', 'ended', 'timed_out')", name="ck_live_chats_status"),)


class StaffPresence(Base):
    __tablename__ = "staff_presence"

    user_id = sa.Column(sa.Integer, sa.ForeignKey("staff_users.id"), primary_key=True)
    display_name = sa.Column(sa.String(64), nullable=False)
    available = sa.Column(sa.Boolean, nullable=False, default=False)
    seen_at = sa.Column(sa.DateTime(timezone=True), nullable=False)
