"""Reads phone typos of sign words ("breth", "swolen", "feaver") as the word meant.

A list of misspellings only ever holds the ones somebody thought of. Instead,
a word that is not an English word is compared by edit distance with the
vocabulary of the sign rules, and read as the closest sign word when it is
near enough. Real words are never changed: "never" must not become "fever",
nor "lives" "hives". Three exceptions: a real word patients write for a sign
word because it sounds the same ("the pane is so bad") is read as the sign
word (data), a sign word with its g dropped ("makin", "bleedin") is the sign
word, and a long word one slip from a real word is that real word, not a sign
word two slips away ("swiming" is not "seizing").
"""
from __future__ import annotations

import re

from functools import lru_cache
from string import ascii_lowercase
from typing import Iterable, Mapping, Optional

INFLECTIONS = ("s", "es", "ed", "d", "ing", "ly", "er", "est")
MIN_LENGTH = 4  # "pus" and "lip" are too short to guess from: one edit reaches too many words
# Spanish diminutives: "lueguito" is "luego", "hinchadita" is "hinchada" (issue 14's validation splits).
DIMINUTIVE = re.compile(r"(?:cit|it|cic|ic|cill|ill)(?:o|a|os|as)$")


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (adjacent transpositions count one), stopping past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    """One slip in a short word, two in a long one ("wheasing")."""
    return 1 if len(word) <= 6 else 2


def one_edit(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in ascii_lowercase}
            | {a + c + b for a, b in splits for c in ascii_lowercase})


class TypoReader:
    def __init__(self, vocabulary: Iterable[str], known_words: Iterable[str],
                 sound_alike: Optional[Mapping[str, str]] = None, diminutives: bool = False) -> None:
        """``diminutives``: read a Spanish diminutive as its base word ("lueguito" stays a known word,
        "hinchadita" is the sign word "hinchada") before guessing a typo."""
        self._vocabulary = sorted({w for w in vocabulary if w.isalpha() and len(w) >= MIN_LENGTH})
        self._vocabulary_set = frozenset(self._vocabulary)
        # By length: a word two slips away is at most two letters longer or shorter, and most of the
        # vocabulary is never compared (this runs on every unknown word of every message).
        self._by_length: dict[int, list[str]] = {}
        for candidate in self._vocabulary:
            self._by_length.setdefault(len(candidate), []).append(candidate)
        self._known = frozenset(w for w in known_words if w.isalpha() and w.islower())
        self._sound_alike = {k.lower(): v.lower() for k, v in (sound_alike or {}).items()}
        self._diminutives = diminutives
        self.correct = lru_cache(maxsize=4096)(self._correct)

    @property
    def vocabulary(self) -> frozenset[str]:
        """The words typos are read towards."""
        return self._vocabulary_set

    def _inflected(self, word: str) -> bool:
        """A known word with an English ending: "heals" is "heal", not "wheals"."""
        return any(word.endswith(ending) and word[: -len(ending)] in self._known
                   for ending in INFLECTIONS if len(word) - len(ending) >= MIN_LENGTH - 1)

    def _diminutive_base(self, word: str) -> Optional[str]:
        """The word a diminutive is made from, when it is a sign word or a known word; else None."""
        match = DIMINUTIVE.search(word)
        if match is None or match.start() < MIN_LENGTH - 1:
            return None
        stem = word[: match.start()]
        # The spelling the ending forced comes undone: "poquito" is "poco", "lueguito" is "luego".
        if stem.endswith("qu"):
            stems = [stem, stem[:-2] + "c"]
        elif stem.endswith("gu"):
            stems = [stem, stem[:-1]]
        else:
            stems = [stem]
        plural = "s" if word.endswith("s") else ""
        endings = ("a", "o", "e", "") if word.rstrip("s").endswith("a") else ("o", "a", "e", "")  # its gender first
        for base in (s + ending + plural for s in stems for ending in endings):
            if base in self._vocabulary_set or base in self._known:
                return base
        return None

    def _correct(self, word: str) -> str:
        """The sign word meant by ``word``, or ``word`` itself."""
        lowered = word.lower()
        if lowered in self._sound_alike:
            return self._sound_alike[lowered]
        # A dropped g ("wife says im not makin sense", split 56): the dictionary knows "makin", so it would
        # never be read as a typo; the sign word with its g is what was meant.
        if len(lowered) > MIN_LENGTH and lowered.endswith("in") and lowered + "g" in self._vocabulary_set:
            return word + "g"
        if (len(lowered) < MIN_LENGTH or not lowered.isalpha() or lowered in self._known
                or lowered in self._vocabulary_set or self._inflected(lowered)):
            return word
        if self._diminutives and (base := self._diminutive_base(lowered)) is not None:
            return base if base in self._vocabulary_set else word
        limit = allowed_edits(lowered)
        # Closest first; on a tie, a word with the same first letter (phone slips rarely hit it).
        # Two slips only when the first letter is right: "needling" is not "feeling".
        near = [candidate for length in range(len(lowered) - limit, len(lowered) + limit + 1)
                for candidate in self._by_length.get(length, ())]
        scored = [
            (distance, candidate[0] != lowered[0], candidate)
            for candidate in near
            if (distance := edit_distance(lowered, candidate, limit if candidate[0] == lowered[0] else 1)) <= 1
            or (distance <= limit and candidate[0] == lowered[0])
        ]
        if not scored:
            return word
        distance, _, candidate = min(scored)
        if distance > 1 and not self._known.isdisjoint(one_edit(lowered)):
            return word
        return candidate
