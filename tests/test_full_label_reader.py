"""The one-step reader of intent and answer key: its hand-scored probabilities are sklearn's."""
from __future__ import annotations

import numpy as np

from bot.language.full_label_reader import FullLabelReader

TEXTS = ["how much does it cost", "what is the price", "does it hurt", "is it painful", "hi there", "hello"]
LABELS = ["faq/cost", "faq/cost", "faq/pain", "faq/pain", "greet", "greet"]


def _embeddings(texts: list[str]) -> np.ndarray:
    rng = np.random.default_rng(len(" ".join(texts)))
    vectors = rng.normal(size=(len(texts), 8))
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_hand_scored_probabilities_equal_predict_proba():
    reader = FullLabelReader().fit(TEXTS, _embeddings(TEXTS), LABELS)
    texts = ["how much is a session", "hurts?", "hey", "zxqv"]
    embeddings = _embeddings(texts)
    expected = reader._model.predict_proba(reader._features(texts, embeddings))
    assert np.allclose(reader.probabilities(texts, embeddings), expected, atol=1e-9)


def test_a_reading_ranks_every_label_and_sums_to_one():
    reader = FullLabelReader().fit(TEXTS, np.zeros((len(TEXTS), 8)), LABELS)  # the wording alone decides
    [reading] = reader.read(["how much does one session cost"], np.zeros((1, 8)))
    assert reading.label == "faq/cost" and [label for label, _ in reading.ranked].count("greet") == 1
    assert abs(sum(p for _, p in reading.ranked) - 1) < 1e-9 and reading.confidence == reading.ranked[0][1]
