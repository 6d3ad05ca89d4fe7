"""Rasa component: intent and faq/aftercare answer in one reading (``bot.language.full_label_reader``).

It replaces DIET and the ResponseSelector (docs/nlu-evaluation.md) and files
its reading the way they did, so everything downstream is unchanged: the
intent with its confidence (the probability of all labels under it), the
intent ranking, and for faq/aftercare the chosen answer under
``response_selector`` with ``utter_action``, which Rasa's own answer action
(``utter_faq``) reads. An answer's confidence there is its share of the
probability of all answers, so intent x answer is the label's probability.

One reader per language the assistant speaks, in one component: English
messages are read by a reader trained on the English examples only, so
adding Spanish costs English nothing (one model for both cost it 0.9 points
of served accuracy on an English test split, docs/nlu-evaluation.md); a
Spanish message is read by a reader trained on both, which also understands
Spanglish, over a multilingual embedding (multilingual-e5-small) instead of the
English one (config ``multilingual``). A message's language is its conversation's, which the widget
channel passes in the message metadata; without it, the message's own words
decide (bot.language.guess).

A message that asks two things ("how much is it and does it hurt") is also
read part by part (``bot.language.question_split``): a part whose topic differs from
the one answered is filed under ``also_asked`` and answered too when its
reading is confident (``action_answer_also``).
"""
from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Optional

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.content.settings import load_settings
from bot.language.full_label_reader import FullLabelReader, Reading, fit_reader
from bot.language.guess import ENGLISH, load_guesser
from bot.language.question_split import split_questions
from bot.language.sentence_embeddings import TRAINING_THREADS, SentenceEncoder
from bot.language.topic_choices import ALSO_ASKED, CHOOSABLE_INTENTS, RETRIEVAL_INTENTS

logger = logging.getLogger(__name__)
_FILE = "full_label_reader.joblib"
# The message metadata key for the conversation's language (bot.rasa_ext.channels.widget sets it).
LANGUAGE_KEY = "language"
SPANISH = "es"
RANKING_LENGTH = 10


def parse_fields(reading: Reading) -> dict[str, Any]:
    """The intent, its ranking and the selected answer, as DIET and the ResponseSelector filed them."""
    by_intent: dict[str, float] = {}
    for label, probability in reading.ranked:
        intent = label.split("/", 1)[0]
        by_intent[intent] = by_intent.get(intent, 0.0) + probability
    chosen = reading.label.split("/", 1)[0]
    ranking = [{"name": chosen, "confidence": by_intent[chosen]}] + [
        {"name": name, "confidence": p} for name, p in sorted(by_intent.items(), key=lambda i: -i[1]) if name != chosen
    ]
    answers = [(label, p) for label, p in reading.ranked if label.split("/", 1)[0] in RETRIEVAL_INTENTS]
    all_answers = sum(p for _, p in answers) or 1.0
    selector: dict[str, Any] = {"all_retrieval_intents": list(RETRIEVAL_INTENTS)}
    if answers:
        top_label = reading.label if chosen in RETRIEVAL_INTENTS else answers[0][0]
        pick = {
            "response": {"intent_response_key": top_label, "utter_action": f"utter_{top_label}",
                         "confidence": reading.probability(top_label) / all_answers, "responses": []},
            "ranking": [{"id": i, "intent_response_key": label, "confidence": p / all_answers}
                        for i, (label, p) in enumerate(answers[:RANKING_LENGTH])],
        }
        selector["default"] = pick
        if chosen in RETRIEVAL_INTENTS:
            selector[chosen] = pick
    return {"intent": dict(ranking[0]), "intent_ranking": ranking[:RANKING_LENGTH], "response_selector": selector}


def _language(example: Message) -> str:
    """A training example's language: ``metadata: {language: es}`` on its intent block (data/nlu/es/)."""
    return str(((example.get("metadata") or {}).get("intent") or {}).get(LANGUAGE_KEY) or ENGLISH)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FullLabelClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "C": 10.0,
            "featurizers": ["sentence_embedding"],  # the alias of the sentence-embedding featurizer
            "also_floor": 0.3,  # a second question read at least this confidently is offered ...
            "also_answer": 0.5,  # ... and at least this confidently, answered
            "sharpen": {},  # language -> logit scale of its reader (FullLabelReader.probabilities)
            # Languages whose reader reads the multilingual embedding (SentenceEncoder.load_multilingual)
            # instead of the featurizer's English one.
            "multilingual": [],
        }

    def __init__(self, config: dict[str, Any], storage: ModelStorage, resource: Resource,
                 readers: Optional[dict[str, FullLabelReader]] = None) -> None:
        self.config = config
        self._storage, self._resource = storage, resource
        self.readers = readers or {}
        self._guesser = load_guesser(load_settings().knowledge_dir)

    @property
    def reader(self) -> Optional[FullLabelReader]:
        """The English reader."""
        return self.readers.get(ENGLISH)

    def language_of(self, message: Message) -> str:
        """The conversation's language from the metadata, else the message's own; English without a reader for it."""
        stated = (message.get("metadata") or {}).get(LANGUAGE_KEY)
        language = stated if isinstance(stated, str) else self._guesser.guess(message.get(TEXT) or "")
        return language if language in self.readers else ENGLISH

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FullLabelClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "FullLabelClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                readers = joblib.load(Path(directory) / _FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("The model has no trained full-label reader: every message will fall back.")
            readers = None
        return cls(config, model_storage, resource, readers)

    def _embedding(self, message: Message) -> np.ndarray:
        _, sentence = message.get_dense_features(TEXT, self.config["featurizers"])
        if sentence is None:
            raise ValueError("FullLabelClassifier needs the sentence-embedding featurizer before it in the pipeline.")
        return np.asarray(sentence.features).reshape(-1)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        texts = [e.get(TEXT) for e in examples]
        labels = [e.get_full_intent() for e in examples]
        embeddings = np.vstack([self._embedding(e) for e in examples])
        english = [i for i, e in enumerate(examples) if _language(e) != SPANISH]
        c = float(self.config["C"])
        english_data = ([texts[i] for i in english], embeddings[english], [labels[i] for i in english])
        if len(english) == len(texts):
            self.readers = {ENGLISH: fit_reader(c, *english_data)}
        else:
            # The English reader is fitted in a second process while this one encodes every example with
            # the multilingual model and fits the Spanish reader: on two cores training takes the time
            # of the longer of the two (docs/benchmarks.md), and the readers are the same.
            with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
                english_reader = pool.submit(fit_reader, c, *english_data)
                multilingual = SPANISH in (self.config.get("multilingual") or [])
                spanish_embeddings = (SentenceEncoder.load_multilingual(TRAINING_THREADS).encode(texts)
                                      if multilingual else embeddings)
                spanish_reader = fit_reader(c, texts, spanish_embeddings, labels)
                self.readers = {ENGLISH: english_reader.result(), SPANISH: spanish_reader}
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self.readers, Path(directory) / _FILE)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if not self.readers:
            return messages
        for message in messages:
            language = self.language_of(message)
            reader, sharpen = self.readers[language], self._sharpen(language)
            text = message.get(TEXT) or ""
            encoder = self._encoder(language)
            vector = self._embedding(message).reshape(1, -1) if encoder is None else encoder.encode([text])
            reading = reader.read([text], vector, sharpen)[0]
            for key, value in parse_fields(reading).items():
                message.set(key, value, add_to_output=True)
            also = self.second_question(text, reading.label, reader, sharpen, encoder)
            if also:
                message.set(ALSO_ASKED, also, add_to_output=True)
        return messages

    def _encoder(self, language: str) -> Optional[SentenceEncoder]:
        """The multilingual encoder for a language that reads it; None for the featurizer's embedding."""
        return SentenceEncoder.shared_multilingual() if language in (self.config.get("multilingual") or []) else None

    def _sharpen(self, language: str) -> float:
        return float((self.config.get("sharpen") or {}).get(language, 1.0))

    def second_question(self, text: str, answered: str, reader: Optional[FullLabelReader] = None,
                        sharpen: float = 1.0, encoder: Optional[SentenceEncoder] = None) -> Optional[dict[str, Any]]:
        """The other question of a message that asks two, when a part reads as another topic."""
        reader = reader or self.reader
        if answered.split("/", 1)[0] not in RETRIEVAL_INTENTS:
            return None
        parts = split_questions(text)
        if len(parts) < 2 or reader is None:
            return None
        for reading in reader.read(parts, (encoder or SentenceEncoder.shared()).encode(parts), sharpen):
            label = reading.label
            choosable = label.split("/", 1)[0] in RETRIEVAL_INTENTS or label in CHOOSABLE_INTENTS
            if choosable and label != answered and reading.confidence >= float(self.config["also_floor"]):
                return {"label": label, "confidence": round(reading.confidence, 4),
                        "confirmed": reading.confidence >= float(self.config["also_answer"])}
        return None
