"""Symptom triage: no alarming description may be classed lower than it is."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.triage import SEVERITY, days_since_treatment, load_triage

PROJECT = Path(__file__).resolve().parent.parent
HELDOUT = yaml.safe_load((PROJECT / "tests" / "triage_heldout.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def triage():
    return load_triage(PROJECT / "knowledge")


def test_heldout_has_enough_cases():
    assert len(HELDOUT["alarming"]) >= 40 and len(HELDOUT["benign"]) >= 40


def test_no_alarming_description_is_under_triaged(triage):
    under = []
    for case in HELDOUT["alarming"]:
        level = triage.classify(case["text"]).level
        if SEVERITY[level] < SEVERITY[case["level"]]:
            under.append((case["text"], case["level"], level))
    assert not under, under


def test_over_triage_of_benign_descriptions_is_reported(triage):
    over = [case["text"] for case in HELDOUT["benign"] if triage.classify(case["text"]).level != "routine"]
    rate = len(over) / len(HELDOUT["benign"])
    results = PROJECT / "var" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "triage_heldout.json").write_text(json.dumps({
        "alarming": len(HELDOUT["alarming"]), "benign": len(HELDOUT["benign"]),
        "over_triaged": over, "over_triage_rate": round(rate, 4),
    }, indent=2), encoding="utf-8")
    print(f"over-triage rate {rate:.2%}")
    assert rate <= 0.25, over


@pytest.mark.parametrize("text, level", [
    ("my lips and tongue are swelling up", "emergency"),
    ("I fainted after the treatment", "emergency"),
    ("having chest pain since this morning", "emergency"),
    ("I have a fever since yesterday", "urgent"),
    ("there is pus on my cheek", "urgent"),
    ("the redness is spreading and hot", "urgent"),
    ("little blisters came up on my forehead", "urgent"),
    ("a cold sore popped up where they needled", "urgent"),
    ("my vision is blurry since the session", "urgent"),
    ("the pain is getting worse every day", "urgent"),
    ("my face is a bit red and tight", "routine"),
    ("no fever, no pus, just a little pink", "routine"),
    ("lips aren't swollen, only some redness", "routine"),
])
def test_levels(triage, text, level):
    assert triage.classify(text).level == level


def test_emergency_outranks_benign_words_in_the_same_message(triage):
    assert triage.classify("just a bit red but I can't breathe properly").level == "emergency"


def test_signs_are_listed_for_staff(triage):
    assert "fever or chills" in triage.classify("got a fever and chills").signs


@pytest.mark.parametrize("text, days", [
    ("peeling on day 4", 4),
    ("had it done two days ago", 2),
    ("treated yesterday", 1),
    ("since monday my face is red", 3),  # 2026-11-26 is a Thursday
    ("worse today, had it done on monday", 3),
])
def test_time_since_treatment(triage, text, days):
    assert triage.classify(text, today=date(2026, 11, 26)).days_since_treatment == days


def test_no_time_given():
    assert days_since_treatment("it itches", (), date(2026, 11, 26)) is None


def test_clinic_can_escalate_healing_that_lasts_too_long():
    triage = load_triage(PROJECT / "knowledge", expected_healing_days=5)
    assert triage.classify("still red on day 9", today=date(2026, 11, 26)).level == "urgent"
    assert triage.classify("still red on day 2", today=date(2026, 11, 26)).level == "routine"


def test_advice_starts_with_the_emergency_number():
    advice = yaml.safe_load((PROJECT / "knowledge" / "triage.yml").read_text(encoding="utf-8"))["advice"]
    assert advice["emergency"].lower().startswith("call your local emergency number now")
    assert "{phone}" in advice["urgent"] and "{phone}" in advice["routine"]
