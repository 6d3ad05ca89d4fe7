"""Spanish understanding and triage on sets nobody on the project wrote, gated at their first reads.

The Spanish NLU test split (tests/nlu_eval_es/test.yml, 299 messages by three
authors) was read once on 2026-12-04 after the pipeline, the Spanish reader's
sharpening and the gates were chosen on the validation split; the gates sit
just under that read (docs/nlu-evaluation.md), not at the issue's targets
(served 0.90, wrong 4 %), which it misses. A message of a Spanish set is read
as in a Spanish conversation: the widget channel passes the language.

A second Spanish test split (tests/nlu_eval_es/test2.yml, 289 messages by two
more authors: Puerto Rico and Dominican Republic phone typing, Argentina and
Uruguay voseo, Peru and Bolivia day-3 patients, Andalusia, Mexico City slang,
Texas and Florida Spanglish) was read once on 2026-12-05 with nothing changed
for Spanish since the first: served 0.803, wrong 13.8 %. It is gated there.

The Spanish adversarial triage set (tests/triage_eval/es_adversarial.yml, 140
messages by an author who never saw the rules) was read once the same day:
0 of 95 alarming messages screened lower, 6 of 45 benign raised. Two fixes
followed (real Spanish words are never typos; "fiebre no" denies the fever),
so it is validation data now, like tests/triage_eval/es_validation.yml.

A second Spanish adversarial set (es_adversarial2.yml, 130 messages by
another such author: Galicia and Asturias, Honduras and El Salvador, Ecuador
and Peru, Miami and New York Spanglish, Chile, the Dominican Republic, heavy
misspelling, sensations only) and a third Spanish NLU split
(tests/nlu_eval_es/test3.yml, 284 messages) were read once on 2026-12-05,
after the Spanish questions asked before the treatment stopped counting the
Spanish detector (Triage.asks_ahead). Triage: 1 of 85 under-triaged (a pale
patch in Spanglish, read since), 6 of 45 benign raised. NLU: served 0.824,
wrong 10.9 % (2.5 % by the screen).

Since 2026-12-06 the Spanish reader reads a multilingual embedding
(multilingual-e5-small) instead of MiniLM: every split below is gated where
that model reads it, and the seventh split (tests/nlu_eval_es/test7.yml, 284
messages by two more authors) was read once with it: served 0.905, wrong 7.0 %
(5.3 % by the red-flag screen).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.care.red_flags import load_screen
from bot.language.nlu_eval import Report
from bot.ops.triage_eval import evaluate as screen_items, read_items as triage_items
from bot.rasa_ext.model_eval import evaluate

PROJECT = Path(__file__).resolve().parent.parent
NLU_TEST = PROJECT / "tests" / "nlu_eval_es" / "test.yml"
TRIAGE = PROJECT / "tests" / "triage_eval"

# First read: served 0.870, raw 0.886, wrong 9.0 % (4.0 % by the red-flag screen), rephrase 2.0 %,
# report_symptom 15/16, weakest label out_of_scope 2/8 (the rest offered or asked again, none wrong).
# 2026-12-06, with the regional examples of data/nlu/es/written/: served 0.937, wrong 4.0 %, rephrase 0.7 %,
# report_symptom 15/16, weakest labels 0.83, out_of_scope 0.88.
# With the multilingual embedding: served 0.970, wrong 1.7 % (1.3 % by the screen), rephrase 1.3 %,
# report_symptom 16/16, weakest label thank 3/4, out_of_scope 8/8.
# With the Spanish detector at 0.45 and split 21's readings (2026-12-06): served 0.980, wrong 0.7 %; with the
# detector's larger benign bank: 0.983, 0.3 %.
MIN_SERVED = 0.98
MAX_WRONG = 0.005
MAX_REPHRASE = 0.015
MIN_REPORT_SYMPTOM_RECALL = 1.0
MIN_PER_LABEL = 0.75
MIN_OUT_OF_SCOPE = 0.85


@pytest.fixture(scope="module")
def spanish_report(model) -> Report:
    return evaluate(model, NLU_TEST, language="es")


def test_spanish_questions_are_served_near_the_first_read(spanish_report: Report) -> None:
    summary = spanish_report.summary()
    assert spanish_report.total == 299
    assert summary["served_accuracy"] >= MIN_SERVED, summary
    assert summary["wrong_answer_rate"] <= MAX_WRONG, summary
    assert summary["rephrase_rate"] <= MAX_REPHRASE, summary


def test_spanish_speakers_describing_their_own_symptom_are_understood(spanish_report: Report) -> None:
    counts = spanish_report.per_label["report_symptom"]
    assert counts["served"] / counts["support"] >= MIN_REPORT_SYMPTOM_RECALL, dict(counts)


def test_no_spanish_label_hides_below_its_floor(spanish_report: Report) -> None:
    accuracies = spanish_report.label_accuracy()
    weak = {label: round(accuracy, 2) for label, accuracy in accuracies.items()
            if accuracy < (MIN_OUT_OF_SCOPE if label == "out_of_scope" else MIN_PER_LABEL)}
    assert len(accuracies) == 45 and not weak, weak
    assert spanish_report.per_label["out_of_scope"]["wrong"] == 0  # its misses are offered or asked again


# Second split's first read: served 0.803, raw 0.830, wrong 13.8 % (5.5 % by the red-flag screen),
# rephrase 1.7 %, report_symptom 16/16, out_of_scope 0/9, weakest other label faq/hair_loss 2/6.
# Third split's first read: served 0.824, raw 0.849, wrong 10.9 % (2.5 % by the screen), rephrase 1.4 %,
# report_symptom 14/16 (one offered, one wrong), out_of_scope 0.40, weakest other labels 0.67.
# 2026-12-06, with the regional examples (validation data since their first reads): test2 served 0.920, wrong
# 5.5 %; test3 served 0.909, wrong 5.6 %, report_symptom 13/16.
# Fourth split's first read (2026-12-06, after the regional examples): served 0.855, wrong 11.1 % (5.7 % by the
# screen, most of it the Spanish detector on Caribbean phonetic spelling), rephrase 2.0 %, report_symptom 16/16,
# out_of_scope 4/12, weakest other label affirm 3/5. Measured again after the risk-question reading: 0.859, 10.8 %;
# after it was kept from emergency signs and from messages that speak of now: back to the first read.
# 2026-12-06, with the English other-treatment examples and split 15-17's screen fixes: test2 wrong 5.5 % -> 6.2 %
# (a Spanish comparison with a peel now answered as faq/alternatives), test3 "please rephrase" 0.7 % -> 1.1 %,
# test4 served 0.855 -> 0.852.
# Fifth split's first read (2026-12-06, with Spanish other-treatment examples since dropped): served 0.835,
# wrong 13.5 % (5.4 % by the screen), report_symptom 16/16, out_of_scope 8/14; without them 0.831, 13.5 %,
# out_of_scope 5/14, weakest other label faq/safety 3/5.
# Sixth split's first read (2026-12-06): served 0.820, wrong 13.1 % (3.9 % by the screen, 9.2 % by the
# classifier), rephrase 2.1 %, report_symptom 13/16, out_of_scope 4/13, weakest other label faq/anesthesia 3/6.
# With the multilingual embedding (2026-12-06, served / wrong / by the screen): test2 0.965 / 1.7 % / 1.4 %,
# test3 0.947 / 2.1 % / 1.4 %, test4 0.906 / 7.4 % / 6.1 %, test5 0.919 / 6.1 % / 5.1 %, test6 0.901 / 6.7 % / 3.9 %;
# the seventh split's first read 0.905 / 7.0 % / 5.3 %, rephrase 1.1 %, report_symptom 16/16, out_of_scope 12/15,
# weakest other labels faq/indications 3/6, thank 3/5. What is left is mostly the red-flag screen's Spanish
# detector answering questions with triage (docs/nlu-evaluation.md).
# The eighth split's first read (after the Spanish question guard took "¿vale para…?", "¿es seguro?", "eso duele"):
# served 0.920, wrong 5.9 % (3.1 % by the screen, 2.8 % by the classifier), rephrase 1.4 %, report_symptom 16/16,
# out_of_scope 12/16, weakest other labels 4/6 (check_candidacy 6/9).
# The ninth split's first read (tests/nlu_eval_es/test9.yml, 279 by two more authors; after the Spanish detector
# went to 0.45 and split 21's readings): served 0.928, wrong 4.7 % (3.6 % by the screen), rephrase 2.5 % (Portuguese
# mixed in), report_symptom 16/16. Read after: "tomo sintrom x una arritmia", "hay gente que no se lo puede hacer",
# "si ya tengo cicatrices, ¿… las empeore?", questions ahead ("¿consigue mejorarlas?", "¿se aplica en el cuero
# cabelludo?", "¿qué tipo de anestesia?", "cómo transcurre una sesión").
# The tenth split's first read (test10.yml, 289, after test9's readings): served 0.914, wrong 4.5 % (4.2 % by the
# screen, eight of its twelve by the Spanish detector alone), rephrase 2.1 %, report_symptom 16/16. Read after: a
# larger benign bank for the Spanish detector (knowledge/es/red_flag_examples_everyday_more.yml).
# The eleventh split's first read (test11.yml, 287, after that bank): served 0.958, wrong 2.1 % (1.4 % by the
# screen), rephrase 0.7 %, report_symptom 16/16, weakest labels request_human 5/7, out_of_scope 0.89: issue 14's
# targets (0.90, 4 %) met.
# Every split measured with the bank (served / wrong), gated just under: test2 0.972 / 1.0 %, test3 0.951 / 1.4 %,
# test4 0.943 / 3.4 %, test5 0.953 / 2.4 %, test6 0.933 / 3.2 %, test7 0.944 / 2.8 %, test8 0.927 / 5.2 %,
# test9 0.957 / 1.8 %, test10 0.924 / 3.1 %, test11 0.958 / 2.1 %. On 2026-12-06 (night) a model trained afresh
# from the same commit (a054f84, pinned packages; two trainings gave the same figures) served test4 0.939 and
# test9 0.950 (rephrase 1.3 % and 2.9 %): two and three messages read differently, not by that session's changes, cause not found. Those two
# are gated under the lower figure.
LATER_SPLITS = {
    "test2.yml": {"items": 289, "served": 0.965, "wrong": 0.015, "rephrase": 0.015, "symptom": 1.0, "label": 0.8},
    "test3.yml": {"items": 284, "served": 0.945, "wrong": 0.02, "rephrase": 0.025, "symptom": 1.0, "label": 0.65},
    "test4.yml": {"items": 297, "served": 0.935, "wrong": 0.038, "rephrase": 0.015, "symptom": 1.0, "label": 0.6},
    "test5.yml": {"items": 296, "served": 0.95, "wrong": 0.028, "rephrase": 0.01, "symptom": 1.0, "label": 0.7},
    "test6.yml": {"items": 283, "served": 0.93, "wrong": 0.035, "rephrase": 0.008, "symptom": 0.93, "label": 0.75},
    "test7.yml": {"items": 284, "served": 0.94, "wrong": 0.032, "rephrase": 0.012, "symptom": 1.0, "label": 0.65},
    "test8.yml": {"items": 287, "served": 0.925, "wrong": 0.055, "rephrase": 0.015, "symptom": 1.0, "label": 0.65},
    "test9.yml": {"items": 279, "served": 0.945, "wrong": 0.025, "rephrase": 0.03, "symptom": 1.0, "label": 0.75},
    "test10.yml": {"items": 289, "served": 0.92, "wrong": 0.033, "rephrase": 0.022, "symptom": 1.0, "label": 0.55},
    "test11.yml": {"items": 287, "served": 0.955, "wrong": 0.022, "rephrase": 0.008, "symptom": 1.0, "label": 0.7},
}


@pytest.mark.parametrize("split", sorted(LATER_SPLITS))
def test_the_later_spanish_splits_hold_their_first_reads(model, split: str) -> None:
    gate = LATER_SPLITS[split]
    report = evaluate(model, NLU_TEST.with_name(split), language="es")
    summary = report.summary()
    assert report.total == gate["items"]
    assert summary["served_accuracy"] >= gate["served"], summary
    assert summary["wrong_answer_rate"] <= gate["wrong"], summary
    assert summary["rephrase_rate"] <= gate["rephrase"], summary
    counts = report.per_label["report_symptom"]
    assert counts["served"] / counts["support"] >= gate["symptom"], dict(counts)
    weak = {label: round(accuracy, 2) for label, accuracy in report.label_accuracy().items()
            if label != "out_of_scope" and accuracy < gate["label"]}
    assert not weak, weak


# es_adversarial3 (130 by another such author, read once on 2026-12-06): 1 of 85 under-triaged (clinical "edema …
# de progresión rápida", read since), 17 of 45 benign raised (37.8 %: the Spanish detector on expected healing).
# es_adversarial4 (130 by another, read once on 2026-12-06 with the Spanish detector at 0.5): 2 of 85 under-triaged
# (clinical "dolor torácico opresivo irradiado a brazo izquierdo"; "sangrado persistente … no cede", scored 0.41
# by the detector), 9 of 45 benign raised; both read since, the detector at 0.45. Benign raised now: 4, 3, 5, 14
# and 10 of 45 / 40; with the detector's larger benign bank 3, 2, 3, 14 and 8.
@pytest.mark.parametrize(("name", "max_over"), [("es_adversarial", 0.07), ("es_validation", 0.055),
                                               ("es_adversarial2", 0.07), ("es_adversarial3", 0.32),
                                               ("es_adversarial4", 0.18)])
def test_no_spanish_emergency_or_urgent_message_is_screened_lower(name: str, max_over: float) -> None:
    items = triage_items([TRIAGE / f"{name}.yml"])
    result = screen_items(load_screen(PROJECT / "knowledge"), items)
    assert result["under_triaged"] == 0, result["under"]
    for level in ("emergency", "urgent"):
        bucket = result["per_level"][level]
        assert bucket["right"] == bucket["total"], (level, result["under"])
    assert result["over_escalation_rate"] <= max_over, result["over"]
