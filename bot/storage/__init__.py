"""Storage: one SQLAlchemy base, one engine factory and one Alembic history for every table.

Handoffs, staff accounts and sessions, the audit log, notes and feedback.
"""
