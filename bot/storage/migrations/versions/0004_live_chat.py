"""Create the live-chat tables: live_chats and staff_presence.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_chats",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
        sa.Column("handoff_id", sa.String(36), sa.ForeignKey("handoffs.id"), index=True),
        sa.Column("urgency", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True)),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
        sa.Column("staff_user_id", sa.Integer, sa.ForeignKey("staff_users.id")),
        sa.Column("staff_name", sa.String(64)),
        sa.Column("staff_messages", sa.Integer, nullable=False),
        sa.Column("patient_messages", sa.Integer, nullable=False),
        sa.CheckConstraint("status IN ('waiting', 'active', 'ended', 'timed_out')", name="ck_live_chats_status"),
    )
    op.create_table(
        "staff_presence",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("staff_users.id"), primary_key=True),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("available", sa.Boolean, nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("staff_presence")
    op.drop_table("live_chats")
