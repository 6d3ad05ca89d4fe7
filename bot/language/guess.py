"""Which language a patient wrote in, well enough to say "I answer in English for now".

Only a clear case counts: a message is taken for another language when that
language's common words clearly outnumber English ones, or when it is written
in a script other than Latin. Short replies ("ok", "si", a name) stay English,
so the form questions are not interrupted by a guess.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Optional

import yaml

ENGLISH = "en"
OTHER = "other"
WORD = re.compile(r"[a-z]+")
SPANISH_MARKS = set("ñ¿¡áéíóú")
MIN_WORDS = 3


class LanguageGuesser:
    def __init__(self, words: dict[str, str]) -> None:
        self._words = {language: frozenset(listed.lower().split()) for language, listed in words.items()}

    def guess(self, text: str) -> str:
        letters = [char for char in text if char.isalpha()]
        if letters and sum(not _latin(char) for char in letters) > len(letters) / 2:
            return OTHER
        plain = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
        words = WORD.findall(plain)
        if len(words) < MIN_WORDS:
            return ENGLISH
        counts = {language: sum(word in listed for word in words) for language, listed in self._words.items()}
        counts["es"] = counts.get("es", 0) + sum(char in SPANISH_MARKS for char in text.lower())
        english = counts.pop(ENGLISH, 0)
        language, best = max(counts.items(), key=lambda item: item[1], default=(ENGLISH, 0))
        if best >= 2 and best > 1.5 * english:
            return language
        return ENGLISH


    def clearly_english(self, text: str) -> bool:
        """Enough English words and not one word or mark of another language: a switch back is safe."""
        plain = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
        words = WORD.findall(plain)
        english = self._words.get(ENGLISH, frozenset())
        others = [listed for language, listed in self._words.items() if language != ENGLISH]
        return (sum(word in english for word in words) >= MIN_WORDS
                and not any(word in listed and word not in english for word in words for listed in others)
                and not any(char in SPANISH_MARKS for char in text.lower()))

    def switch_to(self, text: str, current: str, served: tuple[str, ...]) -> Optional[str]:
        """The language a conversation in ``current`` should switch to for this message, or None.

        Into a served language when the message is clearly in it; back to
        English only when it is clearly English, so "ok" or a name in a Spanish
        conversation changes nothing.
        """
        if not text or text.startswith("/"):
            return None
        language = self.guess(text)
        if language != current and language != ENGLISH and language in served:
            return language
        if current != ENGLISH and self.clearly_english(text):
            return ENGLISH
        return None


def _latin(char: str) -> bool:
    return "LATIN" in unicodedata.name(char, "")


def load_guesser(knowledge_dir: Path) -> LanguageGuesser:
    data = yaml.safe_load((knowledge_dir / "languages.yml").read_text(encoding="utf-8"))
    return LanguageGuesser(data["words"])
