"""Handoffs to staff: the record, its store, the durable spool."""
