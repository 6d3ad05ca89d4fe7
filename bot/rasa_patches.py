"""Measured fixes to Rasa 3.6's per-message hot path, installed in the Rasa server by the channel modules.

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
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
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

_STOCK_RESOLVE_BY_TYPE = Event.resolve_by_type
_STOCK_RUN_GRAPH = DaskGraphRunner.run
_STOCK_PARSE_WITH_GRAPH = MessageProcessor._parse_message_with_graph


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


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign,assignment]
    DaskGraphRunner.run = _run_graph  # type: ignore[method-assign]
    MessageProcessor._parse_message_with_graph = _parse_message_with_graph  # type: ignore[method-assign]
