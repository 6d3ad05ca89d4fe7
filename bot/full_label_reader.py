"""Reads which contract label a message is, faq/aftercare key included, in one step.

One logistic regression over all full labels (``faq/cost``, ``aftercare/makeup``,
``greet``, ...) on two kinds of features side by side: TF-IDF over words and
character n-grams (the exact wording, typos half-survive as character
n-grams) and a sentence embedding (the meaning: "price" and "cost" differ by
every letter). On the issue-11 validation split this read 0.97 of the
messages right where DIET followed by a ResponseSelector read 0.83, and it
trains in under a minute instead of six (docs/nlu-evaluation.md).

Rasa-free: the Rasa component (``bot.full_label_classifier``) hands it texts
and embeddings and files its reading in the parse data.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

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


class FullLabelReader:
    def __init__(self, c: float = 10.0) -> None:
        self._vectorizer = FeatureUnion([
            ("words", TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True)),
            ("chars", TfidfVectorizer(lowercase=True, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ])
        self._model = LogisticRegression(C=c, max_iter=3000)

    def _features(self, texts: Sequence[str], embeddings: np.ndarray, fitting: bool = False) -> csr_matrix:
        sparse = self._vectorizer.fit_transform(texts) if fitting else self._vectorizer.transform(texts)
        norms = np.sqrt(np.asarray(sparse.multiply(sparse).sum(axis=1))).ravel()
        norms[norms == 0] = 1.0
        sparse = sparse.multiply(1 / norms[:, None])
        return hstack([sparse, csr_matrix(np.asarray(embeddings) * EMBEDDING_WEIGHT)]).tocsr()

    def fit(self, texts: Sequence[str], embeddings: np.ndarray, labels: Sequence[str]) -> "FullLabelReader":
        self._model.fit(self._features(texts, embeddings, fitting=True), list(labels))
        return self

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self._model.classes_]

    def read(self, texts: Sequence[str], embeddings: np.ndarray) -> list[Reading]:
        if not texts:
            return []
        probabilities = self._model.predict_proba(self._features(texts, embeddings))
        labels = self.labels
        readings = []
        for row in probabilities:
            order = np.argsort(-row)
            readings.append(Reading(tuple((labels[i], float(row[i])) for i in order)))
        return readings
