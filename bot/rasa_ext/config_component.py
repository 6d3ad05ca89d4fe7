"""The base of our NLU components that train nothing: Rasa's ``create`` from the config alone."""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


class ConfigOnlyComponent(GraphComponent):
    """Rasa builds every component through the same four-argument ``create``; a component
    with nothing trained and nothing stored needs only its config, so it is written once here.
    Subclasses take ``__init__(self, config)``."""

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> GraphComponent:
        return cls(config)
