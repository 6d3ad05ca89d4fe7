"""Held-out NLU accuracy of the trained model, full labels (faq/cost exactly)."""
from __future__ import annotations

import json
from pathlib import Path

from bot.nlu_eval import evaluate

PROJECT = Path(__file__).resolve().parent.parent
MINIMUM_ACCURACY = 0.90
# A wrong answer misleads a patient; a fallback only asks them to rephrase.
MAXIMUM_WRONG_ANSWERS = 0.05


def test_heldout_full_label_accuracy(model):
    report = evaluate(model, PROJECT / "tests" / "nlu_heldout.yml")
    summary = report.summary()
    results = PROJECT / "var" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "nlu_heldout.json").write_text(
        json.dumps({"summary": summary, "errors": report.errors}, indent=2), encoding="utf-8"
    )
    print(json.dumps(summary))
    assert summary["served_accuracy"] >= MINIMUM_ACCURACY, report.errors
    assert summary["wrong_answer_rate"] <= MAXIMUM_WRONG_ANSWERS, report.errors
