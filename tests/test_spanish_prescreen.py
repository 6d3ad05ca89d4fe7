"""The pre-screen in Spanish: the questions in Spanish, and free text read as in English."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.care.screening import load_screening

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def spanish():
    return load_screening(PROJECT / "knowledge", "es")


@pytest.mark.parametrize(("text", "flag"), [
    ("tomo Eliquis", "anticoagulants"),
    ("tomo sintrom desde hace años por el corazón", "anticoagulants"),
    ("estoy embarazada de 5 meses", "pregnancy"),
    ("estoy dando pecho a mi bebé", "pregnancy"),
    ("me salen herpes labiales a menudo", "cold_sores"),
    ("tuve Roaccutan el año pasado", "isotretinoin"),
    ("tomo isotretinoína", "isotretinoin"),
])
def test_a_spanish_statement_raises_its_flag(spanish, text: str, flag: str) -> None:
    assert spanish.statements(text) == {flag: "yes"}


@pytest.mark.parametrize(("text", "flag"), [
    ("no tomo anticoagulantes", "anticoagulants"),
    ("nunca he tenido herpes", "cold_sores"),
    ("no estoy embarazada", "pregnancy"),
])
def test_a_spanish_negation_answers_no(spanish, text: str, flag: str) -> None:
    assert spanish.statements(text) == {flag: "no"}


def test_a_negated_sign_that_is_no_question_raises_nothing(spanish) -> None:
    assert spanish.statements("no tengo fiebre") == {}


@pytest.mark.parametrize(("text", "answer"), [("sí", "yes"), ("si claro", "yes"), ("no", "no"), ("nunca", "no"),
                                              ("no sé", "not_sure"), ("ni idea", "not_sure")])
def test_short_spanish_replies_answer_the_question_asked(spanish, text: str, answer: str) -> None:
    assert spanish.read_answer(text, None, "pregnancy") == answer


def test_a_statement_about_another_question_is_not_a_yes_to_this_one(spanish) -> None:
    assert spanish.read_answer("tomo Eliquis", None, "pregnancy") is None


def test_the_questions_are_in_spanish_and_the_staff_notes_stay_english(spanish) -> None:
    english = load_screening(PROJECT / "knowledge")
    for question, original in zip(spanish.questions, english.questions, strict=True):
        assert question.flag == original.flag and question.flag_when == original.flag_when
        assert question.ask != original.ask and question.why != original.why
        assert question.staff_note == original.staff_note
    assert "¿" in spanish.question("pregnancy").ask


def test_the_not_sure_button_counts_as_not_sure_in_spanish(spanish) -> None:
    """The button's payload is 'not sure' in every language; it was once read as a plain no."""
    assert spanish.read_answer("not sure", "deny", "isotretinoin") == "not_sure"
