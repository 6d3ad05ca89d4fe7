"""Create the handoffs table.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("urgency", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("open_key", sa.String(300), nullable=True, unique=True),
        sa.Column("triage_level", sa.String(16)),
        sa.Column("triage_signs", sa.JSON, nullable=False),
        sa.Column("days_since_treatment", sa.Integer),
        sa.Column("prescreen_outcome", sa.String(16)),
        sa.Column("prescreen_flags", sa.JSON, nullable=False),
        sa.Column("booking_preference", sa.Text),
        sa.Column("contact_name", sa.String(200)),
        sa.Column("contact_phone", sa.String(40)),
        sa.Column("contact_email", sa.String(254)),
        sa.Column("contact_time", sa.String(200)),
        sa.Column("transcript", sa.JSON, nullable=False),
        sa.Column("channel", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(100)),
        sa.Column("resolved_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_handoffs_status_created", "handoffs", ["status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_handoffs_status_created", table_name="handoffs")
    op.drop_table("handoffs")
