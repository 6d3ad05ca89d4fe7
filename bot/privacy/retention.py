"""Retention and erasure: what is deleted when, and the audit row that says so (docs/privacy.md).

- ``purge(settings, now)`` deletes conversations whose *latest* tracker event
  is older than RETENTION_CONVERSATION_DAYS (all their events and their
  feedback votes) and resolved handoffs resolved longer ago than
  RETENTION_RESOLVED_HANDOFF_DAYS (their notes, then the handoffs). A handoff
  that is not resolved is never deleted, whatever its age, and a conversation
  with such a handoff keeps its events and votes.
- ``erase_conversation(settings, conversation_id)`` deletes everything about
  one conversation at once: its events, all its handoffs and their notes, its
  votes. The console erases by handoff (``erase_handoff_conversation``).

Each run is one transaction per database (one in all when the tracker store
is the handoff database) and writes one audit row in the handoff database's
transaction: ``retention_purge`` or ``conversation_erased``, whose outcome is
counts only (``c`` conversations, ``h`` handoffs, ``n`` notes, ``f`` votes,
``e`` events), never a conversation id or patient text. With two databases
the tracker's transaction commits first, so a deletion is never audited
without having happened.

All SQL is built by SQLAlchemy with bound parameters. Rasa's ``events``
table may not exist yet; that is not an error. Nothing here logs patient
data: errors are logged by type only, because a driver's message can quote
the statement's parameters (conversation ids).
"""
from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterable, Iterator, Optional, Sequence

import sqlalchemy as sa

from bot.storage.audit import PG_LOCK_KEY, AuditLog
from bot.storage.database import Clock, make_engine, migrate, system_clock
from bot.storage.console_models import Feedback, HandoffNote, as_utc
from bot.storage.live_models import LiveChat
from bot.storage.models import Handoff
from bot.content.settings import Settings

logger = logging.getLogger(__name__)

PURGE_ACTION = "retention_purge"
ERASE_ACTION = "conversation_erased"
CLI_SOURCE = "cli"  # audit source_ip of runs from the command line, as bot.web.console.manage
SCHEDULE_SOURCE = "schedule"  # ... and of the web app's daily run
SCHEDULE_INTERVAL = timedelta(hours=24)
ERASE_CONFIRMATION = "ERASE"  # what an admin types in the console to confirm an erasure
MAX_OUTCOME = 32  # audit_log.outcome is String(32)
CHUNK = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit

EVENTS = sa.table("events", sa.column("id"), sa.column("sender_id"), sa.column("timestamp"))
HANDOFFS = Handoff.__table__
NOTES = HandoffNote.__table__
FEEDBACK = Feedback.__table__
LIVE_CHATS = LiveChat.__table__  # no patient text, only who joined when; goes with its conversation or handoff


def counts_outcome(counts: Sequence[tuple[str, int]]) -> str:
    """``"c3 h1 n2 f1 e40"``: fits the audit outcome column (no spaces, then fewer fields, if it must)."""
    fields = [f"{key}{value}" for key, value in counts]
    while fields:
        for text in (" ".join(fields), "".join(fields)):
            if len(text) <= MAX_OUTCOME:
                return text
        fields.pop()
    return ""


@dataclass(frozen=True)
class PurgeReport:
    conversation_cutoff: datetime
    handoff_cutoff: datetime
    conversations: int = 0  # conversations deleted (events, or votes of a conversation with no events left)
    events: int = 0
    feedback: int = 0
    handoffs: int = 0
    notes: int = 0
    kept_open: int = 0  # conversations past the cutoff kept because a handoff of theirs is not resolved
    dry_run: bool = False

    def outcome(self) -> str:
        return counts_outcome([("c", self.conversations), ("h", self.handoffs), ("n", self.notes),
                               ("f", self.feedback), ("e", self.events)])

    def summary(self) -> str:
        verb = "Would delete" if self.dry_run else "Deleted"
        return (f"{verb} {self.conversations} conversation(s) with {self.events} event(s) and "
                f"{self.feedback} feedback vote(s) (last activity before {self.conversation_cutoff:%Y-%m-%d %H:%M} UTC), "
                f"and {self.handoffs} resolved handoff(s) with {self.notes} note(s) (resolved before "
                f"{self.handoff_cutoff:%Y-%m-%d %H:%M} UTC). Kept {self.kept_open} old conversation(s) "
                f"that have a handoff not yet resolved.")


@dataclass(frozen=True)
class ErasureReport:
    events: int = 0
    handoffs: int = 0
    notes: int = 0
    feedback: int = 0

    def outcome(self) -> str:
        return counts_outcome([("h", self.handoffs), ("n", self.notes), ("f", self.feedback), ("e", self.events)])


# -- the databases --------------------------------------------------------------------------
@dataclass
class _Stores:
    engine: sa.engine.Engine  # the handoff database: handoffs, notes, feedback, audit log
    tracker: Optional[sa.engine.Engine]  # Rasa's tracker store; None if it is the same database or not created yet
    same: bool  # the tracker store is the handoff database: one connection, one transaction
    owned: list[sa.engine.Engine] = field(default_factory=list)

    def close(self) -> None:
        for engine in self.owned:
            engine.dispose()


def _same_database(first: Any, second: Any) -> bool:
    a, b = sa.engine.make_url(first), sa.engine.make_url(second)
    if a.get_backend_name() != b.get_backend_name():
        return False
    if a.get_backend_name() == "sqlite":
        return bool(a.database and b.database and a.database != ":memory:"
                    and Path(a.database).resolve() == Path(b.database).resolve())
    return a.render_as_string(hide_password=False) == b.render_as_string(hide_password=False)


def _open(settings: Settings, engine: Optional[sa.engine.Engine]) -> _Stores:
    owned: list[sa.engine.Engine] = []
    if engine is None:
        engine = make_engine(settings.database_url)
        owned.append(engine)
        try:
            migrate(engine)  # a fresh database gets its tables; harmless otherwise
        except Exception:
            engine.dispose()
            raise
    if _same_database(engine.url, settings.tracker_store_url):
        return _Stores(engine, None, True, owned)
    url = sa.engine.make_url(settings.tracker_store_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return _Stores(engine, None, False, owned)  # Rasa has not written a conversation yet; do not create the file
    tracker = make_engine(settings.tracker_store_url)
    owned.append(tracker)
    return _Stores(engine, tracker, False, owned)


@contextmanager
def _transaction(engine: sa.engine.Engine, dry_run: bool) -> Iterator[sa.engine.Connection]:
    """A write transaction (a read-only one, rolled back, for a dry run)."""
    if dry_run:
        with engine.connect() as connection:
            yield connection
        return
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # The write lock first, as AuditLog.transaction: what is read and deleted is one state,
            # and the audit append stays serialised.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield connection


@contextmanager
def _tracker_transaction(stores: _Stores, connection: sa.engine.Connection,
                         dry_run: bool) -> Iterator[Optional[sa.engine.Connection]]:
    """The tracker store's connection, or None when it has no ``events`` table (yet)."""
    if stores.same:
        yield connection if sa.inspect(connection).has_table("events") else None
    elif stores.tracker is None:
        yield None
    else:
        with _transaction(stores.tracker, dry_run) as tracker:
            yield tracker if sa.inspect(tracker).has_table("events") else None


def _append_audit(connection: sa.engine.Connection, audit: AuditLog, action: str, outcome: str,
                  user_id: Optional[int], handoff_id: Optional[str], source_ip: Optional[str]) -> None:
    """The audit row, in the run's own transaction. On PostgreSQL the append lock is taken only now,
    so a long purge does not hold up every other audited request."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
    audit.append(connection, action, outcome, user_id, handoff_id, source_ip)


def _record_failure(audit: AuditLog, action: str, user_id: Optional[int], handoff_id: Optional[str],
                    source_ip: Optional[str]) -> None:
    """Best effort: the database that failed may be the one holding the audit log."""
    try:
        audit.record(action, "failed", user_id, handoff_id, source_ip)
    except Exception as error:  # noqa: BLE001 - the original error is what the caller reports
        logger.warning("Could not audit the failed %s (%s).", action, type(error).__name__)


def _apply(connection: sa.engine.Connection, table: sa.sql.TableClause, condition: Any, dry_run: bool) -> int:
    """Deletes the matching rows and returns how many; a dry run only counts them."""
    if dry_run:
        return int(connection.execute(sa.select(sa.func.count()).select_from(table).where(condition)).scalar_one())
    return int(connection.execute(table.delete().where(condition)).rowcount or 0)


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    values = sorted(values)
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _timestamp(moment: datetime) -> float:
    return as_utc(moment).timestamp()


# -- purge ----------------------------------------------------------------------------------
def _purge(connection: sa.engine.Connection, tracker: Optional[sa.engine.Connection], conversation_cutoff: datetime,
           handoff_cutoff: datetime, dry_run: bool) -> PurgeReport:
    protected = set(connection.execute(
        sa.select(HANDOFFS.c.conversation_id).where(HANDOFFS.c.status != "resolved").distinct()
    ).scalars())

    # Conversations whose latest event is older than the cutoff, unless a handoff of theirs is open.
    stale: set[str] = set()
    events = 0
    if tracker is not None:
        cutoff = _timestamp(conversation_cutoff)
        stale = set(tracker.execute(
            sa.select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id).having(sa.func.max(EVENTS.c.timestamp) < cutoff)
        ).scalars())
        recent = EVENTS.alias("recent")
        still_idle = ~sa.exists().where(recent.c.sender_id == EVENTS.c.sender_id, recent.c.timestamp >= cutoff)
        for chunk in _chunks(stale - protected):
            events += _apply(tracker, EVENTS, sa.and_(EVENTS.c.sender_id.in_(chunk), still_idle), dry_run)
    doomed = stale - protected

    # Votes of a conversation with no events left (the tracker store was purged or never had it):
    # kept as long as the conversation would have been.
    idle_votes = set(connection.execute(
        sa.select(FEEDBACK.c.conversation_id).group_by(FEEDBACK.c.conversation_id)
        .having(sa.func.max(FEEDBACK.c.created_at) < as_utc(conversation_cutoff))
    ).scalars()) - protected - doomed
    if idle_votes and tracker is not None:
        for chunk in _chunks(idle_votes):
            idle_votes -= set(tracker.execute(
                sa.select(EVENTS.c.sender_id).where(EVENTS.c.sender_id.in_(chunk)).distinct()
            ).scalars())
    feedback = 0
    for chunk in _chunks(doomed | idle_votes):
        feedback += _apply(connection, FEEDBACK, FEEDBACK.c.conversation_id.in_(chunk), dry_run)

    # Resolved handoffs past their time (resolved_at; updated_at for a row resolved without one).
    cutoff_at = as_utc(handoff_cutoff)
    old = sa.and_(HANDOFFS.c.status == "resolved", sa.or_(
        HANDOFFS.c.resolved_at < cutoff_at, sa.and_(HANDOFFS.c.resolved_at.is_(None), HANDOFFS.c.updated_at < cutoff_at)))
    notes = _apply(connection, NOTES, NOTES.c.handoff_id.in_(sa.select(HANDOFFS.c.id).where(old)), dry_run)
    _apply(connection, LIVE_CHATS, LIVE_CHATS.c.handoff_id.in_(sa.select(HANDOFFS.c.id).where(old)), dry_run)
    handoffs = _apply(connection, HANDOFFS, old, dry_run)

    return PurgeReport(
        conversation_cutoff=conversation_cutoff, handoff_cutoff=handoff_cutoff, conversations=len(doomed | idle_votes),
        events=events, feedback=feedback, handoffs=handoffs, notes=notes, kept_open=len(stale & protected),
        dry_run=dry_run,
    )


def purge(settings: Settings, now: datetime, *, dry_run: bool = False, source_ip: Optional[str] = CLI_SOURCE,
          engine: Optional[sa.engine.Engine] = None, audit: Optional[AuditLog] = None) -> PurgeReport:
    """Deletes what the retention policy says is past its time, as of ``now``; audited (a dry run is not).

    ``engine``/``audit`` reuse a running console's; by default they are made from ``settings``
    (migrating the handoff database first) and the audit row is stamped ``now``.
    """
    now = as_utc(now)
    conversation_cutoff = now - timedelta(days=settings.retention_conversation_days)
    handoff_cutoff = now - timedelta(days=settings.retention_resolved_handoff_days)
    stores = _open(settings, engine)
    try:
        audit = audit or AuditLog(stores.engine, lambda: now)
        try:
            with _transaction(stores.engine, dry_run) as connection:
                with _tracker_transaction(stores, connection, dry_run) as tracker:
                    report = _purge(connection, tracker, conversation_cutoff, handoff_cutoff, dry_run)
                if not dry_run:
                    _append_audit(connection, audit, PURGE_ACTION, report.outcome(), None, None, source_ip)
        except Exception:
            if not dry_run:
                _record_failure(audit, PURGE_ACTION, None, None, source_ip)
            raise
    finally:
        stores.close()
    logger.info("Retention purge%s: %s", " (dry run)" if dry_run else "", report.outcome() or "nothing")
    return report


# -- erasure --------------------------------------------------------------------------------
def _erase(connection: sa.engine.Connection, tracker: Optional[sa.engine.Connection], conversation_id: str) -> ErasureReport:
    of_conversation = HANDOFFS.c.conversation_id == conversation_id
    notes = _apply(connection, NOTES, NOTES.c.handoff_id.in_(sa.select(HANDOFFS.c.id).where(of_conversation)), False)
    _apply(connection, LIVE_CHATS, LIVE_CHATS.c.conversation_id == conversation_id, False)
    handoffs = _apply(connection, HANDOFFS, of_conversation, False)
    feedback = _apply(connection, FEEDBACK, FEEDBACK.c.conversation_id == conversation_id, False)
    events = _apply(tracker, EVENTS, EVENTS.c.sender_id == conversation_id, False) if tracker is not None else 0
    return ErasureReport(events=events, handoffs=handoffs, notes=notes, feedback=feedback)


def _run_erasure(settings: Settings, find: Callable[[sa.engine.Connection], Optional[str]], user_id: Optional[int],
                 handoff_id: Optional[str], source_ip: Optional[str], engine: Optional[sa.engine.Engine],
                 audit: Optional[AuditLog]) -> Optional[ErasureReport]:
    stores = _open(settings, engine)
    try:
        audit = audit or AuditLog(stores.engine)
        try:
            with _transaction(stores.engine, False) as connection:
                conversation_id = find(connection)
                if conversation_id is None:
                    _append_audit(connection, audit, ERASE_ACTION, "not_found", user_id, handoff_id, source_ip)
                    return None
                with _tracker_transaction(stores, connection, False) as tracker:
                    report = _erase(connection, tracker, conversation_id)
                _append_audit(connection, audit, ERASE_ACTION, report.outcome(), user_id, handoff_id, source_ip)
        except Exception:
            _record_failure(audit, ERASE_ACTION, user_id, handoff_id, source_ip)
            raise
    finally:
        stores.close()
    logger.info("Conversation erased: %s", report.outcome())
    return report


def erase_conversation(settings: Settings, conversation_id: str, *, user_id: Optional[int] = None,
                       handoff_id: Optional[str] = None, source_ip: Optional[str] = None,
                       engine: Optional[sa.engine.Engine] = None, audit: Optional[AuditLog] = None) -> ErasureReport:
    """Deletes the conversation's events, all its handoffs and their notes, and its votes; audited
    as ``conversation_erased`` by ``user_id`` on ``handoff_id`` (the one acted on, if any)."""
    report = _run_erasure(settings, lambda _: conversation_id, user_id, handoff_id, source_ip, engine, audit)
    assert report is not None
    return report


def erase_handoff_conversation(settings: Settings, handoff_id: str, *, user_id: Optional[int],
                               source_ip: Optional[str] = None, engine: Optional[sa.engine.Engine] = None,
                               audit: Optional[AuditLog] = None) -> Optional[ErasureReport]:
    """Erases the conversation of this handoff (the console's erase button); None if there is no such handoff."""
    def find(connection: sa.engine.Connection) -> Optional[str]:
        return connection.execute(
            sa.select(HANDOFFS.c.conversation_id).where(HANDOFFS.c.id == handoff_id)
        ).scalar_one_or_none()

    return _run_erasure(settings, find, user_id, handoff_id, source_ip, engine, audit)


# -- the command and the schedule -------------------------------------------------------------
def run_command(settings: Settings, dry_run: bool = False) -> int:
    """``python -m bot.ops.cli purge [--dry-run]``: prints the counts; 1 if a database failed."""
    try:
        report = purge(settings, datetime.now(timezone.utc), dry_run=dry_run, source_ip=CLI_SOURCE)
    except sa.exc.SQLAlchemyError as error:
        print(f"Purge failed ({type(error).__name__}); nothing was deleted in the database that failed. "
              "Fix: check that DATABASE_URL and TRACKER_STORE_URL are reachable, then run it again.")
        return 1
    print(report.summary())
    print(f"Policy: conversations {settings.retention_conversation_days} days after their last message "
          f"(RETENTION_CONVERSATION_DAYS), resolved handoffs {settings.retention_resolved_handoff_days} days "
          f"after resolution (RETENTION_RESOLVED_HANDOFF_DAYS).")
    if dry_run:
        print("Dry run: nothing was deleted.")
    return 0


async def _purge_periodically(settings: Settings, clock: Clock) -> None:
    loop = asyncio.get_running_loop()
    while True:
        try:
            await loop.run_in_executor(None, lambda: purge(settings, clock(), source_ip=SCHEDULE_SOURCE))
        except Exception as error:  # noqa: BLE001 - logged by type only; the next run tries again
            logger.error("Scheduled retention purge failed (%s); it runs again in %s.",
                         type(error).__name__, SCHEDULE_INTERVAL)
        await asyncio.sleep(SCHEDULE_INTERVAL.total_seconds())


def scheduled_purges(settings: Settings, clock: Clock = system_clock) -> Callable[[Any], Any]:
    """A FastAPI lifespan: purges in the background at start-up and every 24 h (off: RETENTION_SCHEDULE=off).

    Start-up does not wait for the purge; the task stops with the app.
    """
    @asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        task = asyncio.create_task(_purge_periodically(settings, clock)) if settings.retention_schedule else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                try:
                    await task
                except asyncio.CancelledError:
                    pass

    return lifespan
