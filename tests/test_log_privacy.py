"""The log redaction filter (bot.privacy.log_privacy), property-style (catalogue B3).

Every PHI-like value is rendered the ways stock Rasa, rasa-sdk, SQLAlchemy and
structlog render it on their failure paths (real exception objects where they
can be made here), logged through a real logging handler, and the output must
not contain it. Also: redaction is idempotent, never raises, leaves ordinary
log lines alone and is fast.
"""
from __future__ import annotations

import io
import itertools
import json
import logging
import time
import uuid

import pytest
import sqlalchemy as sa
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError

from bot.privacy import log_privacy
from bot.privacy.log_privacy import PatientTextFilter, redact

SHAPES = [
    "{c}",
    "{c}@example.com",
    "+1 212 555 0199 {c}",
    "Zoë O'Connor-{c}",
    "my face is \"swollen\" {c} and it's [red]\nsince (Tuesday)\t\\ok",
    "{{\"name\": \"{c}\", \"flags\": [\"a\", \"b\"]}}",
    "[parameters: {c}] (Background on this error at: x)",
    "body='{c}'\n\nmore {c}",
    "text={c}\r\nünïcødé ✓ 漢字 {c}",
    "', 'x': '{c}",
    "\" }} ] ) {c} ' \\\\",
]


def _values() -> list[tuple[str, str]]:
    values = []
    for shape in SHAPES:
        canary = f"PHICANARY-{uuid.uuid4().hex}"
        values.append((canary, shape.format(c=canary)))
    return values


def _sql_error(value: str) -> sa.exc.DBAPIError:
    """A real SQLAlchemy error for a statement that carried ``value`` (as in a failed tracker save)."""
    engine = sa.create_engine("sqlite://")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("INSERT INTO events (sender_id, data) VALUES (:sender_id, :data)"),
                               {"sender_id": "abc", "data": json.dumps({"event": "user", "text": value})})
    except sa.exc.DBAPIError as error:
        return error
    raise AssertionError("the insert should fail")


def _action_error(value: str, body_kind: str) -> RasaException:
    """Rasa's custom-action failure chained to a ClientResponseError whose body echoes the request."""
    if body_kind == "sdk":
        body = json.dumps({"error": "boom", "request_body": {"tracker": {"latest_message": {"text": value}}}})
    else:
        body = f"<html>{value}</html>"
    try:
        try:
            raise ClientResponseError(500, "Internal Server Error", body)
        except ClientResponseError as error:
            raise RasaException("Failed to execute custom action 'action_triage_symptom'") from error
    except RasaException as error:
        return error


def _emit(logger: logging.Logger, value: str) -> None:
    """Logs ``value`` the ways stock code does on failure paths."""
    sql_error = _sql_error(value)
    # FailSafeTrackerStore.on_tracker_store_error
    logger.error(f"Error happened when trying to save conversation tracker to 'SQLTrackerStore'. Falling back "
                 f"to use the 'InMemoryTrackerStore'. Please investigate the following error: {sql_error}.")
    try:
        raise sql_error
    except sa.exc.DBAPIError:
        logger.exception("Tracker could not be saved.")
    for kind in ("sdk", "html"):
        error = _action_error(value, kind)
        try:
            raise error
        except RasaException:
            # MessageProcessor._run_action
            logger.exception("Encountered an exception while running action 'action_triage_symptom'."
                             "Bot will continue, but the actions events are lost.")
        # action.py: slot mapping warning, the error text in the middle of the message
        logger.warning(f"Failed to execute custom action 'x' as a result of error '{error.__cause__}'. "
                       f"The default action 'action_extract_slots' failed to fill slots with custom mappings.")
    # rest.py: structlog as rendered when not on a tty (JSON) and on a tty (console)
    logger.error(json.dumps({"text": value, "event": "rest.message.received.failure", "level": "error",
                             "exception": [{"exc_type": "StatementError", "exc_value": str(sql_error)}]}))
    logger.error("rest.message.received.failure text=%s", value)
    logger.error("rest.message.received.failure text=%r", value)
    logger.info("Received user message %s", {"text": value, "intent": {"name": "report_symptom"}})
    logger.error("null value in column \"x\" violates not-null constraint\nDETAIL:  Failing row contains "
                 "(1, %s).\n[SQL: INSERT]", value)


@pytest.fixture
def capture():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s - %(message)s"))
    handler.addFilter(PatientTextFilter())
    logger = logging.getLogger(f"test.log_privacy.{uuid.uuid4().hex}")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    yield logger, stream
    logger.removeHandler(handler)


@pytest.mark.parametrize("canary,value", _values())
def test_no_patient_value_survives_any_failure_path(capture, canary, value):
    logger, stream = capture
    _emit(logger, value)
    output = stream.getvalue()
    assert "Falling back to use the 'InMemoryTrackerStore'" in output and "Traceback" in output
    assert canary not in output, output
    # the redaction leaves the useful part: what failed, where
    assert "[parameters: hidden]" in output and "RasaException: Failed to execute custom action" in output


def _messages(value: str) -> list[str]:
    records = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger(f"test.log_privacy.raw.{uuid.uuid4().hex}")
    logger.propagate, keep = False, Keep()
    logger.addHandler(keep)
    installed = logging.getLogRecordFactory()
    logging.setLogRecordFactory(logging.LogRecord)  # the stock records, even if another test installed the filter
    try:
        _emit(logger, value)
    finally:
        logging.setLogRecordFactory(installed)
        logger.removeHandler(keep)
    formatter = logging.Formatter()
    return [formatter.format(record) for record in records]


@pytest.mark.parametrize("canary,value", _values())
def test_redaction_is_idempotent_and_fast(canary, value):
    messages = _messages(value)
    assert sum(canary in message for message in messages) >= 8  # unfiltered, stock code does leak it
    for message in messages:
        started = time.process_time()
        once = redact(message)
        elapsed = time.process_time() - started
        assert canary not in once
        assert redact(once) == once
        assert elapsed < 0.05, f"{elapsed * 1000:.1f} ms for {len(message)} characters"  # no ReDoS (F4)


@pytest.mark.parametrize("message", [
    "Handoff 6f1c2a opened (reason symptom, urgency urgent).",
    "Webhook for handoff 6f1c2a answered 500 (attempt 2).",
    "Starting worker [2113]",
    "Action server on http://127.0.0.1:5055",
    "Widget message could not be handled (KeyError).",
    "Loading model /work/main/models/clinic.tar.gz...",
])
def test_ordinary_lines_are_left_alone(message):
    assert redact(message) == message


@pytest.mark.parametrize("msg,args", [
    ("%s %s", ("only one",)),           # bad arguments
    (b"text=PHICANARY-x", ()),
    (None, ()),
    (RuntimeError("text=PHICANARY-x"), ()),
    ("{not json text='PHICANARY-x'", ()),
    ("x" * 200_000 + " body='PHICANARY-x'", ()),
] + [("%s", (value,)) for value in itertools.islice((chr(code) * 3 for code in range(0, 0x3000, 97)), 40)])
def test_the_filter_never_raises_nor_drops_a_record(msg, args):
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, msg, args, None)
    assert PatientTextFilter().filter(record) is True
    rendered = logging.Formatter().format(record)
    assert "PHICANARY-x" not in rendered


def test_install_covers_handlers_added_later_and_child_loggers():
    root = logging.getLogger()
    factory, filters = logging.getLogRecordFactory(), list(root.filters)
    handlers = {handler: list(handler.filters) for handler in root.handlers}
    stream = io.StringIO()
    late = logging.StreamHandler(stream)
    logger = logging.getLogger("test.log_privacy.late.child")
    logger.propagate = False
    try:
        log_privacy.install()
        log_privacy.install()  # idempotent
        logger.addHandler(late)  # as Rasa, Sanic and uvicorn do after start-up
        canary = f"PHICANARY-{uuid.uuid4().hex}"
        try:
            raise _sql_error(canary)
        except sa.exc.DBAPIError:
            logger.exception("save failed text=%r", canary)
        assert canary not in stream.getvalue() and "[parameters: hidden]" in stream.getvalue()
        assert sum(isinstance(f, PatientTextFilter) for f in root.filters) == 1
    finally:
        logger.removeHandler(late)
        logging.setLogRecordFactory(factory)
        root.filters[:] = filters
        for handler, kept in handlers.items():
            handler.filters[:] = kept
