"""Add the patient's language to each handoff (issue 14: the assistant talks Spanish too).

A short code ("en", "es"), never NULL. Handoffs recorded before this
revision were all English conversations, so the server default "en" is
their true value, not a placeholder. No CHECK constraint: the known codes
are the translated languages (bot/content/translations.py) plus English, and
a new translation must not need a migration.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-11
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("handoffs", sa.Column("language", sa.String(8), nullable=False, server_default="en"))


def downgrade() -> None:
    with op.batch_alter_table("handoffs") as batch:
        batch.drop_column("language")
