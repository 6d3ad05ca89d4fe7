"""Reads which contract label a message is, faq/aftercare key included, in one step.

One logistic regression over all full labels (``faq/cost``, ``aftercare/makeup``,
``greet``, ...) on two kinds of features side by side: TF-IDF over words and
character n-grams (the exact wording, typos half-survive as character
n-grams) and a sentence embedding (the meaning: "price" and "cost" differ by
every letter). On the issue-11 validation split this read 0.97 of the
messages right where DIET followed by a ResponseSelector read 0.83, and it
trains in under a minute instead of six (docs/nlu-evaluation.md).

Rasa-free: the Rasa component (``bot.rasa_ext.full_label_classifier``) hands it texts
and embeddings and files its reading in the parse data.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

EMBEDDING_WEIGHT = 2.0  # the embedding's share beside the TF-IDF block (each block has unit norm)


@dataclass(frozen=True)
class Reading:
    """Probabilities over the full labels, likeliest first."""

    ranked: tuple[tuple[str, float], ...]

    @property
    def label(self) -> str:
        return self.ranked[0][0]

    @property
    def confidence(self) -> float:
        return self.ranked[0][1]

    def probability(self, label: str) -> float:
        return dict(self.ranked).get(label, 0.0)


def tfidf_vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    """Words (1-2) and characters within words (2-5): the wording, with typos half-surviving."""
    return (TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(lowercase=True, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True))


def tfidf_features(vectorizers: Sequence[TfidfVectorizer], texts: Sequence[str], fitting: bool = False) -> csr_matrix:
    """Both blocks side by side, each row scaled to unit length."""
    blocks = [v.fit_transform(texts) if fitting else v.transform(texts) for v in vectorizers]
    return normalize(hstack(blocks).tocsr())


class FullLabelReader:
    def __init__(self, c: float = 10.0) -> None:
        self._vectorizers = tfidf_vectorizers()
        self._model = LogisticRegression(C=c, max_iter=3000)
        self._weights = np.zeros((0, 0))
        self._intercept = np.zeros(0)

    def _features(self, texts: Sequence[str], embeddings: np.ndarray, fitting: bool = False) -> csr_matrix:
        sparse = tfidf_features(self._vectorizers, texts, fitting)  # one unit-length block beside the embedding
        return hstack([sparse, csr_matrix(np.asarray(embeddings) * EMBEDDING_WEIGHT)]).tocsr()

    def fit(self, texts: Sequence[str], embeddings: np.ndarray, labels: Sequence[str]) -> "FullLabelReader":
        self._model.fit(self._features(texts, embeddings, fitting=True), list(labels))
        # Scored by hand at run time: sklearn's per-call checks cost more than the arithmetic
        # on a one-message batch (5 of a parse's 25 ms); tests compare it with predict_proba.
        self._weights = np.ascontiguousarray(self._model.coef_.T)
        self._intercept = self._model.intercept_.copy()
        return self

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self._model.classes_]

    def probabilities(self, texts: Sequence[str], embeddings: np.ndarray, sharpen: float = 1.0) -> np.ndarray:
        """``sharpen`` > 1 scales the logits: a reader over two languages spreads its probability
        thinner than one over a language alone, and the same gates would fall back too often."""
        logits = (np.asarray(self._features(texts, embeddings) @ self._weights) + self._intercept) * sharpen
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def read(self, texts: Sequence[str], embeddings: np.ndarray, sharpen: float = 1.0) -> list[Reading]:
        if not texts:
            return []
        probabilities = self.probabilities(texts, embeddings, sharpen)
        labels = self.labels
        readings = []
        for row in probabilities:
            order = np.argsort(-row)
            readings.append(Reading(tuple((labels[i], float(row[i])) for i in order)))
        return readings


def fit_reader(c: float, texts: Sequence[str], embeddings: np.ndarray, labels: Sequence[str]) -> FullLabelReader:
    """A fitted reader; a function at module level, so a worker process can run it (FullLabelClassifier.train)."""
    return FullLabelReader(c).fit(texts, embeddings, labels)

