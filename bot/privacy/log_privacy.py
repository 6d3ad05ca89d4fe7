"""Keeps patients' words out of the logs of all three processes.

Stock code logs patient text on failure paths (catalogue fact 5): Rasa's REST
channel logs ``text=`` at ERROR, SQLAlchemy errors end in ``[parameters: ...]``
with the values of the failed statement (FailSafeTrackerStore logs them when a
tracker save fails), Rasa's ``ClientResponseError`` carries the action
server's answer as ``body='...'`` and rasa-sdk's stock error answer holds the
whole tracker as ``request_body``. ``install()`` redacts those values from
every record's message and exception text before any handler sees it.

It works at record creation (a log record factory) as well as through a filter
on the root logger and its handlers: a logger's filter does not see records of
child loggers, and Rasa, Sanic and uvicorn add handlers of their own.
Redaction is deliberately greedy: it may hide more than the value, never less.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any

HIDDEN = "[hidden]"
# Keys whose values are patient data (Rasa's own list for its Pro anonymizer, plus the error bodies).
SENSITIVE_KEYS = frozenset({
    "text", "body", "request_body", "user_text", "response_text", "parse_data_text", "parse_data_entities",
    "slot_values", "tracker_latest_message", "message", "response", "user_message", "json_message",
    "rasa_event", "rasa_events", "prefilled_slots", "slot_candidates", "entity", "token_text", "tracker",
})
_QUOTED = r"""(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""  # a repr or JSON string on one line
# To the end of the message, or of this exception in a traceback of chained ones (patients' texts
# may hold blank lines, so a blank line alone does not end a value).
_NEXT = r"\n\n(?:The above exception was|During handling of the above exception)"
_TO_END = rf".*?(?={_NEXT}|\Z)"
_PATTERNS = (
    # SQLAlchemy: "[parameters: ...]" up to its "(Background on this error ...)" line, else to the end.
    ("[parameters: ", re.compile(r"\[parameters: .*?(?=\(Background on this error|\Z)", re.S),
     "[parameters: hidden]\n"),
    # PostgreSQL's DETAIL / CONTEXT lines quote values ("Failing row contains (...)").
    (":", re.compile(rf"\b(DETAIL|CONTEXT):[ \t].*?(?=\n\[SQL:|\n\(Background on this error|{_NEXT}|\Z)", re.S),
     rf"\1: {HIDDEN}"),
    # Rasa's ClientResponseError "body='<answer>'": the answer is not escaped, so hide to the end.
    ("body=", re.compile(r"\bbody=" + _TO_END, re.S), f"body={HIDDEN}"),
    # 'text': / "request_body": with a value quoted by repr or JSON: that value ...
    ("text", re.compile(rf"""(\b(?:text|user_text|parse_data_text|request_body)['"]?\s*:\s*){_QUOTED}"""),
     rf"\1'{HIDDEN}'"),
    # ... text= (structlog's console renderer, f-strings: quotes there prove nothing) and any other
    # request_body: to the end.
    ("text=", re.compile(r"(\b(?:text|user_text|parse_data_text)=)" + _TO_END, re.S), rf"\1{HIDDEN}"),
    ("request_body=", re.compile(r"(\brequest_body=)" + _TO_END, re.S), rf"\1{HIDDEN}"),
    ("request_body", re.compile(r"""(\brequest_body['"]?\s*:\s*)(?!'\[hidden\]')""" + _TO_END, re.S),
     rf"\1{HIDDEN}"),
)


def redact(text: str) -> str:
    """``text`` without the patient data it may carry; idempotent."""
    stripped = text.strip()
    if stripped.startswith("{") and stripped.endswith("}"):  # structlog's JSON lines (Rasa, not on a tty)
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if isinstance(data, dict):
            cleaned = _redact_value(data)
            return text if cleaned == data else json.dumps(cleaned)
    for needle, pattern, replacement in _PATTERNS:
        if needle in text:  # a substring test is much cheaper than a scan
            text = pattern.sub(replacement, text)
    return text


def _redact_value(value: Any, key: str = "") -> Any:
    if key in SENSITIVE_KEYS and value not in (None, "", HIDDEN):
        return HIDDEN
    if isinstance(value, dict):
        return {k: _redact_value(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_value(v) for v in value]
    if isinstance(value, str):
        return redact(value)
    return value


class PatientTextFilter(logging.Filter):
    """Rewrites a record's message, exception and stack text; never drops a record, never raises."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_patient_text_redacted", False):
            return True
        try:
            message = record.getMessage()
            cleaned = redact(message)
            if cleaned != message:  # keep msg/args otherwise: some formatters read record.args
                record.msg, record.args = cleaned, ()
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = redact(record.exc_text)
                record.exc_info = None  # so no formatter renders the raw exception again
            if record.stack_info:
                record.stack_info = redact(record.stack_info)
        except Exception:  # noqa: BLE001 - logging must go on; hide what could not be checked
            record.msg, record.args = "(log record hidden: redaction failed)", ()
            record.exc_info = record.exc_text = record.stack_info = None
        record._patient_text_redacted = True
        return True


def install() -> None:
    """Redacts every log record this process makes, whichever logger or handler it goes through."""
    root = logging.getLogger()
    if any(isinstance(existing, PatientTextFilter) for existing in root.filters):
        return
    privacy = PatientTextFilter()
    root.addFilter(privacy)
    for handler in root.handlers:
        handler.addFilter(privacy)
    make_record = logging.getLogRecordFactory()

    def redacted_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        privacy.filter(record)
        return record

    logging.setLogRecordFactory(redacted_record)
