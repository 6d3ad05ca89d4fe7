"""The soft pre-screen: free text, negation, typos, outcome wording."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.content.contract import PRESCREEN_FLAGS
from bot.care.screening import load_screening

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def screening():
    return load_screening(PROJECT / "knowledge")


@pytest.mark.parametrize("text, flag, answer", [
    ("yes, I take Eliquis", "anticoagulants", "yes"),
    ("had accutane last spring", "isotretinoin", "yes"),
    ("I'm 20 weeks pregnant", "pregnancy", "yes"),
    ("I get cold sores a lot", "cold_sores", "yes"),
    ("im on xeralto for my heart", "anticoagulants", "yes"),
    ("took roacutane as a teen", "isotretinoin", "yes"),
    ("im breastfeeding my little one", "pregnancy", "yes"),
    ("I don't take blood thinners", "anticoagulants", "no"),
    ("im not pregnant", "pregnancy", "no"),
    ("i dont want my blood taken", "blood_products", "no"),
])
def test_free_text_statements_answer_their_question(screening, text, flag, answer):
    assert screening.statements(text).get(flag) == answer


def test_one_message_can_answer_several_questions(screening):
    stated = screening.statements("I'm on warfarin and I'm pregnant")
    assert stated["anticoagulants"] == "yes" and stated["pregnancy"] == "yes"


def test_a_general_question_is_not_a_statement_about_other_flags(screening):
    assert screening.statements("does it hurt?") == {}


@pytest.mark.parametrize("text, intent, answer", [
    ("yes", "affirm", "yes"),
    ("nope", "deny", "no"),
    ("not sure", "deny", "not_sure"),
    ("i dont know tbh", "out_of_scope", "not_sure"),
    ("no, never", "deny", "no"),
])
def test_replies_to_the_question_asked(screening, text, intent, answer):
    assert screening.read_answer(text, intent, "pregnancy") == answer


@pytest.mark.parametrize("payload, intent, answer", [("/affirm", "affirm", "yes"), ("/deny", "deny", "no")])
def test_button_payloads_answer_by_their_intent_and_state_nothing_else(screening, payload, intent, answer):
    assert screening.statements(payload) == {}
    assert screening.read_answer(payload, intent, "pregnancy") == answer


def test_the_same_words_read_the_same_every_time(screening):
    text = "I'm not pregnant but I do take warfarin"
    first = screening.statements(text)
    assert first == screening.statements(text) == screening.statements(text)
    assert first.get("anticoagulants") == "yes" and first.get("pregnancy") == "no"


def test_unrelated_message_is_not_an_answer(screening):
    assert screening.read_answer("how much does it cost", "faq", "pregnancy") is None


def test_not_sure_raises_a_flag_for_review(screening):
    answers = {flag: "no" for flag in PRESCREEN_FLAGS} | {"blood_products": "yes", "pregnancy": "not_sure"}
    outcome = screening.outcome(answers)
    assert outcome.outcome == "needs_review" and outcome.flags == ["pregnancy"]


def test_clear_answers_give_no_flags(screening):
    answers = {flag: "no" for flag in PRESCREEN_FLAGS} | {"blood_products": "yes"}
    assert screening.outcome(answers).outcome == "no_flags"
    assert screening.outcome(answers).flags == []


def test_refusing_a_blood_draw_raises_the_blood_products_flag(screening):
    answers = {flag: "no" for flag in PRESCREEN_FLAGS}
    assert screening.outcome(answers).flags == ["blood_products"]


@pytest.mark.parametrize("flag", PRESCREEN_FLAGS)
def test_every_flag_can_be_raised(screening, flag):
    question = screening.question(flag)
    answers = {f: ("yes" if f == "blood_products" else "no") for f in PRESCREEN_FLAGS}
    answers[flag] = question.flag_when
    assert screening.outcome(answers).flags == [flag]


def test_stopping_gives_incomplete_with_flags_so_far(screening):
    outcome = screening.outcome({"anticoagulants": "yes"}, stopped=True)
    assert outcome.outcome == "incomplete" and outcome.flags == ["anticoagulants"]


def test_questions_never_decide_treatment():
    """Soft pre-screen: no text says someone can or cannot be treated."""
    data = yaml.safe_load((PROJECT / "knowledge" / "prescreen.yml").read_text(encoding="utf-8"))
    messages = yaml.safe_load((PROJECT / "knowledge" / "messages.yml").read_text(encoding="utf-8"))
    texts = [q[k] for q in data["questions"] for k in ("ask", "why")]
    texts += [v if isinstance(v, str) else v["text"] for k, v in messages["templates"].items() if k.startswith("prescreen")]
    for text in texts:
        lowered = text.lower()
        for verdict in ("you can't have", "you cannot have", "you are not a candidate", "you're not a candidate",
                        "you are a candidate", "you're a good candidate", "not suitable for you", "you are suitable"):
            assert verdict not in lowered, text
