"""The training data covers the contract; the held-out file stays held out."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from bot.contract import full_labels
from bot.nlu_eval import read_examples

PROJECT = Path(__file__).resolve().parent.parent
TRAINING = sorted((PROJECT / "data" / "nlu").glob("*.yml"))
HELDOUT = PROJECT / "tests" / "nlu_heldout.yml"


def _normal(text: str) -> str:
    """Case and punctuation do not make a phrasing new (emoji-only ones stay as typed)."""
    words = " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())
    return words or text.strip()


def _training() -> list[tuple[str, str]]:
    return [pair for path in TRAINING for pair in read_examples(path)]


def test_every_label_has_enough_training_examples():
    counts = Counter(label for _, label in _training())
    for label in full_labels():
        minimum = 15 if "/" in label else 20
        assert counts[label] >= minimum, f"{label}: {counts[label]} examples, needs {minimum}"


def test_heldout_covers_every_label():
    counts = Counter(label for _, label in read_examples(HELDOUT))
    assert set(counts) == set(full_labels())
    assert min(counts.values()) >= 5


def test_heldout_phrasings_are_not_in_the_training_data():
    training = {_normal(text) for text, _ in _training()}
    leaked = [text for text, _ in read_examples(HELDOUT) if _normal(text) in training]
    assert not leaked, f"held-out phrasings found in training data: {leaked}"


def test_no_phrasing_is_trained_under_two_labels():
    labels: dict[str, set[str]] = {}
    for text, label in _training():
        labels.setdefault(_normal(text), set()).add(label)
    clashes = {text: found for text, found in labels.items() if len(found) > 1}
    assert not clashes, clashes
