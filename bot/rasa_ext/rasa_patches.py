"""Measured fixes to Rasa 3.6's per-message hot path, installed by ``python -m bot.rasa_ext`` in every Rasa process.

Each one keeps Rasa's behaviour and errors and only removes repeated work
that profiling (py-spy, docs/benchmarks.md) showed on every message:

- Action responses: Rasa checks every action server response with
  ``jsonschema.validate``, which builds a new validator and re-validates the
  schema itself on each call (47 % of the server's CPU in the widget load
  test: 37 ms per action call, 0.7 ms with a validator built once).
- Event classes: turning each stored event back into an object walks the
  whole ``Event`` class tree (``all_subclasses``) per event; 4 % of a message.
- Graph runs: NLU and each policy prediction run the model graph through
  ``dask.get``, whose scheduler costs more than the handful of nodes it
  runs (7 % of a message); a plain depth-first evaluation gives the same
  results in the same dependency order.
- Button payloads: Rasa runs the whole NLU pipeline (spaCy, NER, DIET) on a
  "/intent" payload, then its RegexMessageHandler throws the result away
  and builds a new message from the payload alone. Payloads Rasa would
  unpack are unpacked straight away, to the same parse data; anything else
  (an unknown intent, a malformed payload) still goes through the pipeline.

Each replaced function, and each private Rasa function or attribute the
project relies on (here, in bot.rasa_ext.tracker_store and in the widget
channel's database check), is pinned to the Rasa version and to a
fingerprint of its source. ``install`` refuses to start when either
differs: a Rasa upgrade must fail loudly here, not silently change what a
patch replaces or switch a safety check off.
"""
from __future__ import annotations

import hashlib
import inspect
from functools import lru_cache
from typing import Any, Callable, Optional

import rasa
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.constants import DOCS_BASE_URL, INTENT_MESSAGE_PREFIX
from rasa.shared.core.events import Event
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

RASA_VERSION = "3.6.21"
_STOCK_VALIDATE_ACTION_RESULT = RemoteAction._validate_action_result
_STOCK_RESOLVE_BY_TYPE = Event.resolve_by_type
_STOCK_RUN_GRAPH = DaskGraphRunner.run
_STOCK_PARSE_WITH_GRAPH = MessageProcessor._parse_message_with_graph


# The stock source of everything the project replaces or reads privately, by
# sha256 (first 16 hex digits) under Rasa RASA_VERSION. When Rasa changes one,
# read the new source, adapt the patch or the caller, then update the line.
RELIED_ON: dict[str, tuple[Callable[..., Any], str]] = {
    "RemoteAction._validate_action_result (replaced)": (_STOCK_VALIDATE_ACTION_RESULT, "f8cdb4be68123961"),
    "RemoteAction.action_response_format_spec (its schema)": (RemoteAction.action_response_format_spec, "091b74aa3738d126"),
    "Event.resolve_by_type (wrapped)": (_STOCK_RESOLVE_BY_TYPE, "b5cf570fa7f286c7"),
    "DaskGraphRunner.run (replaced)": (_STOCK_RUN_GRAPH, "45f0f52f574f3aa9"),
    "DaskGraphRunner.__init__ (_graph_schema, _instantiated_nodes)": (DaskGraphRunner.__init__, "29f069a010bd16a5"),
    "MessageProcessor._parse_message_with_graph (wrapped)": (_STOCK_PARSE_WITH_GRAPH, "0bd50a53b5c013af"),
    "YAMLStoryReader.unpack_regex_message (called)": (YAMLStoryReader.unpack_regex_message, "bf81f8a66c2c3e52"),
    "SQLTrackerStore._retrieve (overridden)": (SQLTrackerStore._retrieve, "c8adbf6f4b61ddd1"),
    "SQLTrackerStore._additional_events (overridden)": (SQLTrackerStore._additional_events, "d22f99eb863acb07"),
    "SQLTrackerStore.save (overridden)": (SQLTrackerStore.save, "57165e46eab3de08"),
    "SQLTrackerStore._event_query (called)": (SQLTrackerStore._event_query, "cd44f7901b860bfd"),
    "FailSafeTrackerStore.__init__ (_tracker_store)": (FailSafeTrackerStore.__init__, "a1d5d95d2f96830b"),
}


class RasaChanged(RuntimeError):
    """Rasa is not the version, or not the code, the patches were written against."""


def fingerprint(function: Callable[..., Any]) -> str:
    return hashlib.sha256(inspect.getsource(function).encode("utf-8")).hexdigest()[:16]


def problems(version: str = rasa.__version__, relied_on: Optional[dict[str, tuple[Callable[..., Any], str]]] = None
             ) -> list[str]:
    """What differs from the Rasa the patches were checked against; empty when nothing does."""
    found = []
    if version != RASA_VERSION:
        found.append(f"Rasa {version} is installed; the patches were checked against Rasa {RASA_VERSION}")
    for name, (function, expected) in (RELIED_ON if relied_on is None else relied_on).items():
        if (actual := fingerprint(function)) != expected:
            found.append(f"{name} changed (source fingerprint {actual}, expected {expected})")
    return found


def check() -> None:
    found = problems()
    if found:
        raise RasaChanged(
            "Refusing to start: " + "; ".join(found) + ". Fix: install the pinned Rasa (pip install -c "
            "constraints.txt -r requirements.txt), or read the changed Rasa source, adapt "
            "bot/rasa_ext/rasa_patches.py and update RASA_VERSION and RELIED_ON."
        )


@lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _action_response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from "
            f"the Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error


_event_classes: dict[str, type[Event]] = {}


def _resolve_by_type(type_name: str, default: Optional[type[Event]] = None) -> Optional[type[Event]]:
    """Rasa's lookup, remembered per name once it found a class (misses and defaults are not kept)."""
    known = _event_classes.get(type_name)
    if known is not None:
        return known
    found = _STOCK_RESOLVE_BY_TYPE(type_name, default)
    if found is not None and found is not default:
        _event_classes[type_name] = found
    return found


def _run_graph(
    self: DaskGraphRunner, inputs: Optional[dict[str, Any]] = None, targets: Optional[list[str]] = None
) -> dict[str, Any]:
    """DaskGraphRunner.run without dask: each needed node once, after the nodes it needs."""
    run_targets = targets if targets else self._graph_schema.target_names
    schemas: dict[tuple[str, ...], GraphSchema] = self.__dict__.setdefault("_minimal_schemas", {})
    key = tuple(run_targets)
    if key not in schemas:
        schemas[key] = self._graph_schema.minimal_graph_schema(run_targets)
    schema = schemas[key]
    results: dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and value in schema.nodes:
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of the input names "
                f"passed to the `run` method are the same as node names in the graph schema."
            )
        results[name] = (name, value)

    def output(name: str) -> Any:
        if name in results:
            return results[name]
        node = schema.nodes.get(name)
        if node is None:  # as dask does for a key it cannot resolve: the name itself
            return name
        results[name] = self._instantiated_nodes[name](*(output(need) for need in node.needs.values()))
        return results[name]

    try:
        return dict(output(target) for target in run_targets)
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error


def _parse_message_with_graph(
    self: MessageProcessor, message: UserMessage, tracker: DialogueStateTracker, only_output_properties: bool = True
) -> dict[str, Any]:
    """Rasa's parse, with "/intent" payloads unpacked as its RegexMessageHandler would, without the pipeline."""
    if (message.text or "").strip().startswith(INTENT_MESSAGE_PREFIX):
        unpacked = YAMLStoryReader.unpack_regex_message(
            Message({TEXT: message.text}), self.domain, entity_extractor_name=RegexMessageHandler.__name__
        )
        if unpacked.get(INTENT):
            parse_data = {TEXT: "", INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, ENTITIES: []}
            parse_data.update(unpacked.as_dict(only_output_properties=only_output_properties))
            return parse_data
    return _STOCK_PARSE_WITH_GRAPH(self, message, tracker, only_output_properties)


def installed() -> bool:
    return MessageProcessor._parse_message_with_graph is _parse_message_with_graph


def require_installed(what: str) -> None:
    """Called where the project's Rasa code is loaded, so a process started past ``bot.rasa_ext`` stops at once."""
    if not installed():
        raise RasaChanged(f"{what} needs the project's Rasa patches. Fix: start Rasa with "
                          "`python -m bot.rasa_ext ...` (for example `python -m bot.rasa_ext run`), not `rasa ...`.")


def install() -> None:
    """Checks Rasa, then replaces the four functions. Safe to call twice."""
    if installed():
        return
    check()
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    DaskGraphRunner.run = _run_graph
    MessageProcessor._parse_message_with_graph = _parse_message_with_graph
