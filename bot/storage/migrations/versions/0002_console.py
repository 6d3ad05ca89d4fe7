"""Create the staff console's tables: staff, sessions, audit log, notes, feedback.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('staff', 'admin')", name="ck_staff_users_role"),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("staff_users.id"), nullable=False, index=True),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("handoff_id", sa.String(36), index=True),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("source_ip", sa.String(64)),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("row_hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "handoff_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("handoff_id", sa.String(36), sa.ForeignKey("handoffs.id"), nullable=False, index=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("staff_users.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("topic", sa.String(100), nullable=False, index=True),
        sa.Column("vote", sa.String(4), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("conversation_id", "topic", name="uq_feedback_conversation_topic"),
        sa.CheckConstraint("vote IN ('up', 'down')", name="ck_feedback_vote"),
    )


def downgrade() -> None:
    op.drop_table("feedback")
    op.drop_table("handoff_notes")
    op.drop_table("audit_log")
    op.drop_table("staff_sessions")
    op.drop_table("staff_users")
