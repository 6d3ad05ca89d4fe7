"""The gate and languages: Spanish reaches the classifier; a language the assistant does not speak gets the note."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from bot.rasa_ext import rasa_patches

rasa_patches.install()

from rasa.nlu.utils.spacy_utils import SpacyModel  # noqa: E402 - after the project's patches, as every Rasa import
from rasa.shared.nlu.training_data.message import Message  # noqa: E402 - as above

from bot.rasa_ext.red_flag_gate import RedFlagGate  # noqa: E402 - as above

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def spacy_model() -> SpacyModel:
    return SpacyModel(model=spacy.load(PROJECT / "var" / "spacy" / "en_core_web_sm"), model_name="en_core_web_sm")


def _read(gate: RedFlagGate, model: SpacyModel, text: str) -> str:
    message = Message(data={"text": text, "intent": {"name": "faq", "confidence": 0.9},
                            "intent_ranking": [{"name": "faq", "confidence": 0.9}]})
    gate.process([message], model)
    return message.get("intent")["name"]


def test_spanish_reaches_the_classifier_and_other_languages_fall_back(spacy_model: SpacyModel) -> None:
    default, switched = RedFlagGate(RedFlagGate.get_default_config()), RedFlagGate({"other_languages_fall_back": False})
    assert _read(default, spacy_model, "hola, cuanto cuesta el tratamiento en su clinica?") == "faq"
    french = "bonjour, combien coute le traitement pour mon visage?"
    assert _read(default, spacy_model, french) == "nlu_fallback"
    assert _read(switched, spacy_model, french) == "faq"
    # English is never touched, and an alarm in Spanish is a symptom either way.
    assert _read(default, spacy_model, "how much does it cost?") == "faq"
    assert _read(default, spacy_model, "no puedo respirar y se me hinchan los labios") == "report_symptom"
