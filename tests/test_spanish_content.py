"""A Spanish patient reads the same answers, with the clinic's facts written the Spanish way."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from bot.content.hours import next_opening
from bot.content.knowledge import KnowledgeError, load
from bot.content.responses import build_responses

PROJECT = Path(__file__).resolve().parent.parent


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def spanish():
    return load(PROJECT / "knowledge", PROJECT / "knowledge" / "clinic.yml", "es")


def test_opening_hours_read_the_spanish_way(spanish) -> None:
    assert spanish.values["hours"] == (
        "de lunes a miércoles, de 09:00 a 18:00 h; jueves, de 09:00 a 20:00 h; viernes, de 09:00 a 17:00 h; "
        "sábado, de 10:00 a 14:00 h; domingo, cerrado"
    )
    saturday_evening = datetime(2025, 6, 14, 22, 0, tzinfo=timezone.utc)
    assert next_opening(spanish.clinic, saturday_evening, spanish.messages["calendar"]) == "el lunes a las 09:00"


def test_prices_and_the_clinic_protocol_are_in_spanish_with_the_clinic_figures(spanish) -> None:
    cost = spanish.answer_text("faq/cost")
    assert "una sesión cuesta $450" in cost and "Un paquete de 3 sesiones cuesta $1,200" in cost
    assert "presupuesto exacto" in cost and "quote" not in cost
    assert "24 horas" in spanish.answer_text("aftercare/makeup")


def test_a_protocol_sentence_not_translated_is_never_shown_in_english(knowledge_copy: Path) -> None:
    _edit(knowledge_copy / "clinic.yml", lambda clinic: clinic["translations"]["es"]["aftercare_protocol"].pop("makeup"))
    spanish = load(knowledge_copy, knowledge_copy / "clinic.yml", "es")
    makeup = spanish.answer_text("aftercare/makeup")
    assert "wait 24 hours" not in makeup and "varía según el profesional" in makeup
    assert "+1 555 010 0142" in makeup


def test_a_figure_in_the_clinic_translation_the_english_lacks_is_refused(knowledge_copy: Path) -> None:
    def invent(clinic):
        clinic["translations"]["es"]["aftercare_protocol"]["makeup"] = "Espere 48 horas antes de maquillarse."

    _edit(knowledge_copy / "clinic.yml", invent)
    with pytest.raises(KnowledgeError) as raised:
        load(knowledge_copy, knowledge_copy / "clinic.yml", "es")
    assert any("translations.es.aftercare_protocol.makeup" in p and "48" in p for p in raised.value.problems)


def test_a_calendar_wording_without_its_placeholders_is_refused(knowledge_copy: Path) -> None:
    _edit(knowledge_copy / "es" / "messages.yml", lambda m: m["calendar"].update(opening="el {day}"))
    with pytest.raises(KnowledgeError) as raised:
        load(knowledge_copy, knowledge_copy / "clinic.yml", "es")
    assert any("calendar.opening" in p for p in raised.value.problems)


def test_every_response_has_a_spanish_variation_chosen_by_the_language_slot(spanish) -> None:
    english = load(PROJECT / "knowledge", PROJECT / "knowledge" / "clinic.yml")
    responses = build_responses(english, [spanish])
    for name, variations in responses.items():
        default, translated = variations
        assert "condition" not in default, name
        assert translated["condition"] == [{"type": "slot", "name": "language", "value": "es"}], name
        assert translated["text"] != default["text"], name
        assert [b["payload"] for b in translated.get("buttons", [])] == [b["payload"] for b in default.get("buttons", [])]
    assert responses["utter_faq/downtime"][1]["custom"]["title"] == spanish.answers["faq/downtime"].title


def test_an_unknown_language_is_refused_with_the_fix() -> None:
    with pytest.raises(KnowledgeError) as raised:
        load(PROJECT / "knowledge", PROJECT / "knowledge" / "clinic.yml", "fr")
    assert "fr" in raised.value.problems[0] and "Fix" in raised.value.problems[0]
