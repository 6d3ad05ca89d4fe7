"""When a conversation changes language: a clear Spanish message switches it, short replies never do."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.language.guess import load_guesser

PROJECT = Path(__file__).resolve().parent.parent
SERVED = ("en", "es")


@pytest.fixture(scope="module")
def guesser():
    return load_guesser(PROJECT / "knowledge")


@pytest.mark.parametrize("text", [
    "hola, cuánto cuesta el tratamiento?",
    "me hice el tratamiento ayer y tengo la cara muy roja, es normal?",
    "Buenas tardes, quisiera saber si duele mucho",
])
def test_a_message_clearly_in_spanish_switches_an_english_conversation(guesser, text: str) -> None:
    assert guesser.switch_to(text, "en", SERVED) == "es"


@pytest.mark.parametrize("text", ["si", "ok", "gracias", "Maria Lopez", "212 555 0100", "no", "/affirm", ""])
def test_short_replies_names_and_buttons_never_switch(guesser, text: str) -> None:
    assert guesser.switch_to(text, "en", SERVED) is None
    assert guesser.switch_to(text, "es", SERVED) is None


def test_a_clear_english_message_switches_a_spanish_conversation_back(guesser) -> None:
    assert guesser.switch_to("how much does it cost and does it hurt?", "es", SERVED) == "en"
    assert guesser.switch_to("ok thanks", "es", SERVED) is None


def test_a_language_the_assistant_does_not_speak_switches_nothing(guesser) -> None:
    assert guesser.switch_to("bonjour, combien coûte le traitement pour mon visage?", "en", SERVED) is None
    assert guesser.switch_to("hola, cuánto cuesta el tratamiento?", "en", ("en",)) is None


def test_a_spanish_conversation_stays_spanish_on_spanish_messages(guesser) -> None:
    assert guesser.switch_to("y cuántas sesiones necesito?", "es", SERVED) is None
