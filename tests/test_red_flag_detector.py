"""The second red-flag detector: trained from the bank, scored by hand exactly as sklearn scores."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.care.red_flag_detector import everyday_messages
from bot.care.red_flags import NLU_DIR, load_screen

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def detector():
    return load_screen(PROJECT / "knowledge").detector


@pytest.mark.parametrize("text", [
    "how much does it cost", "cant breth, throat closing", "my face is a bit red on day 2",
    "hola, cuanto cuesta?", "", "zzz zzz", "there's a whistling noise when I breathe out",
])
def test_the_hand_scoring_equals_the_fitted_model(detector, text):
    assert detector.alarming_probability(text) == pytest.approx(detector._alarming.predict_proba([text])[0][1], abs=1e-9)


def test_it_raises_lay_descriptions_the_rules_do_not_hold(detector):
    verdict = detector.judge("there's a whistly noise from my chest whenever I breathe out")
    assert verdict.level in ("emergency", "urgent")


def test_it_stays_quiet_on_everyday_messages(detector):
    for text in ("hi", "thanks so much", "book me in pls", "is it safe for dark skin", "212 555 0100"):
        assert detector.judge(text).level is None, text


def test_symptom_reports_of_the_training_data_are_not_counted_as_everyday():
    everyday = everyday_messages(NLU_DIR)
    assert len(everyday) > 1000
    assert not any("can't breathe" in text.lower() for text in everyday)


def test_a_short_reply_of_function_words_is_not_judged(detector):
    """One content word is too little to judge: "ticket and" scored 0.96 alarming before the minimum."""
    for text in ("ticket and", "in", "I'm in LA", "at home", "my email is ab12cd@example.com"):
        assert detector.judge(text).level is None, text
    assert detector.content_words("I'm in Denver") == 1 and detector.content_words("can't breathe") == 2
    assert detector.judge("cant breth, throat closing").level == "emergency"
