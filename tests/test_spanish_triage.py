"""Spanish free text in the red-flag screen counts as English does: signs, negation, questions, dates, typos."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.care.red_flags import load_screen
from bot.care.triage import days_since_treatment

PROJECT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 12, 4)  # a Friday


@pytest.fixture(scope="module")
def screen():
    return load_screen(PROJECT / "knowledge")


@pytest.mark.parametrize("text", [
    "me hice el tratamiento hace una hora y no puedo respirar bien",
    "se me está hinchando la lengua y los labios muy rápido",
    "no tengo fiebre pero me cuesta respirar",
])
def test_a_spanish_emergency_is_an_emergency(screen, text: str) -> None:
    assert screen.screen(text).level == "emergency"


@pytest.mark.parametrize("text", [
    "tengo fiebre de 38.5 desde anoche",
    "me sale pus de los granitos de la frente",
    "el dolor es 9 de 10 y cada vez peor",
])
def test_a_spanish_urgent_sign_is_urgent(screen, text: str) -> None:
    assert screen.screen(text).level == "urgent"


@pytest.mark.parametrize("text", [
    "no tengo fiebre, ¿cuándo me puedo maquillar?",
    "¿se puede infectar la piel después del tratamiento?",
    "si me da calentura después del tratamiento, ¿qué hago?",
    "a mi prima le dio herpes después de un láser hace tiempo, ¿eso pasa con esto?",
    "quién ganó el partido ayer jaja",
    "¿se puede hacer en el cuello y el escote?",
])
def test_a_spanish_question_negation_or_someone_elses_sign_raises_nothing(screen, text: str) -> None:
    assert screen.screen(text).level == "none", screen.screen(text)


@pytest.mark.parametrize("text", [
    # The Spanish second detector alone raised each of these (Spanish NLU test10, validation since its first read)
    # before its benign bank grew (knowledge/es/red_flag_examples_everyday_more.yml).
    "Disculpe, ¿me está contestando una persona o es un programa de la computadora? es que contesta muy rápido",
    "Mire, yo prefiero que me llame una enfermera o la doctora porque así por escrito no le entiendo bien y ya estoy "
    "grande, ¿me puede comunicar con alguien de allí?",
])
def test_everyday_spanish_is_not_triaged_by_the_detector_alone(screen, text: str) -> None:
    result = screen.screen(text)
    assert not result.alarming, (text, result.detector_score)


def test_spanish_words_are_never_read_as_english_typos(screen) -> None:
    """'dolor' once became 'color' by edit distance, and the pain score was lost."""
    assert screen.triage.classify("I need a nurse, el dolor is like 9 de 10", language="en").level == "urgent"


@pytest.mark.parametrize(("text", "days"), [
    ("me lo hice hace dos días y tengo la cara roja", 2),
    ("me hice el tratamiento el lunes", 4),
    ("tercer día y me pica", 3),
    ("antier me lo hice", 2),
    ("estoy en el día 5", 5),
])
def test_spanish_dates_give_the_days_since_treatment(text: str, days: int) -> None:
    assert days_since_treatment(text, (), TODAY) == days


def test_a_spanish_message_goes_to_the_spanish_detector(screen) -> None:
    """The English detector scored any Spanish sentence as unfamiliar, so alarming."""
    assert set(screen.detectors) == {"en", "es"}
    assert screen.screen("quién ganó el partido ayer jaja").detector_level is None
    assert screen.screen("me falta el aire y se me cierra la garganta").detector_level == "emergency"


def test_with_the_database_down_a_spanish_conversation_is_answered_in_spanish(monkeypatch, tmp_path) -> None:
    from bot.content.settings import load_settings
    from bot.handoffs.safety_net import SafetyNet

    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    net = SafetyNet(load_settings())
    replies = net.replies("no puedo respirar y se me hincha la lengua", "c-1", "widget", "es")
    assert replies[0]["text"].startswith("Llame ahora a su número local de emergencias")
    assert replies[1]["text"].startswith("Lo siento, ahora mismo no puedo responder")
    assert net.replies("hola, cuánto cuesta?", "c-2", "widget", "es")[0]["text"].startswith("Lo siento")
    spooled = net.spool.pending()
    assert len(spooled) == 1 and json.loads(spooled[0].read_text())["request"]["language"] == "es"


@pytest.mark.parametrize("text", [
    # The Spanish detector alone raised each of these (Spanish NLU validation sets, 2026-12-05).
    "¿Sirve para la caída del pelo? Se me está clareando mucho la coronilla desde la menopausia.",
    "Ay, ¿eso duele? Porque mi hermana me dijo que en la frente se siente bien fuerte",
    "¿Cómo es la sesión paso a paso? ¿Qué me van a hacer desde que llego?",
    # And these (issue 14's validation splits, 2026-12-06).
    "¿Vale para las estrías? las tengo desde el embarazo de mi peque",
    "se puede hacel en la mano y en el pecho o nada ma en la cara",
    "eso duele mucho mi hija yo soy muy floja pal dolol me da miedo",
    "Mi marido se está quedando calvo por la coronilla, ¿esto le serviría en la cabeza?",
])
def test_a_spanish_question_asked_before_the_treatment_is_answered_not_triaged(screen, text: str) -> None:
    assert screen.triage.asks_ahead(text) and not screen.screen(text).alarming, text


@pytest.mark.parametrize(("text", "level"), [
    ("me duele horrores, no puedo ni dormir, ¿es normal?", "urgent"),  # "me duele" is a report, not a question ahead
    ("me lo hice ayer, ¿sirve para las manchas? tengo la cara hinchada y no puedo respirar bien", "emergency"),
    ("¿sirve pa las estrías? ah y tengo fiebre de 39 desde anoche", "urgent"),
    ("¿es seguro? porque me cuesta respirar y se me hincha la lengua", "emergency"),
    ("eso duele? me duele horrible la cara desde ayer y cada vez peor", "urgent"),
])
def test_a_spanish_report_or_sign_beside_such_a_question_is_still_triaged(screen, text: str, level: str) -> None:
    got = screen.screen(text).level
    assert got == level or (level == "urgent" and got == "emergency"), got  # never lower than the sign
