"""Handoffs to staff: the store, the durable spool, transcripts, contact details, notifications,
and the safety net that files a handoff when the assistant itself is down."""
