"""spaCy's DATE/TIME entities (the days since treatment) for the parse data, at a third of the stock cost.

Rasa's SpacyEntityExtractor runs the whole spaCy pipeline a second time on
every message, because SpacyNLP's own doc is lower-cased and NER needs case.
In en_core_web_sm only the NER component matters for entities, and it has its
own token-to-vector layer, so running NER alone on the original text gives the
same entities as the stock extractor without the tagger and lemmatizer.

SpacyNLP's own pass would run NER too, on the lower-cased text, and nothing
reads those entities; this component switches NER off in that shared pass
(it still runs it itself, through the pipe), a tenth of every message's CPU.
"""
from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_ext.config_component import ConfigOnlyComponent


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP"
)
class SpacyNerExtractor(ConfigOnlyComponent, EntityExtractorMixin):
    @classmethod
    def required_components(cls) -> list[type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"dimensions": None}

    def __init__(self, config: dict[str, Any]) -> None:
        self.dimensions = config.get("dimensions")

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        nlp = model.model
        ner = nlp.get_pipe("ner")
        if "ner" in nlp.pipe_names:  # enabled: SpacyNLP would run it on every lower-cased message
            nlp.disable_pipe("ner")
        for message in messages:
            text = message.get(TEXT) or ""
            doc = ner(nlp.make_doc(text))
            found = [
                {"entity": ent.label_, "value": ent.text, "start": ent.start_char,
                 "end": ent.end_char, "confidence": None}
                for ent in doc.ents
                if not self.dimensions or ent.label_ in self.dimensions
            ]
            message.set(
                ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(found), add_to_output=True
            )
        return messages
