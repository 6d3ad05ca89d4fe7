"""Numbers written in words, in English and Spanish: "a hundred and one point five", "treinta y ocho y medio".

Patients dictating on a phone, or writing as they speak, give a temperature in
words; the screen's temperature reader (bot.care.triage) needs the value.
Only what a thermometer shows is read: whole numbers up to 199 with an
optional decimal part ("point five", "coma cinco") or a half.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
    "cero": 0, "uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9,
}
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16,
    "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
    "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80,
    "noventa": 90,
}
HUNDRED = {"hundred", "cien", "ciento"}
POINT = {"point", "dot", "coma", "punto", "con"}
HALF = ("and a half", "y medio", "y media")
WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class SpelledNumber:
    start: int
    end: int
    value: float
    decimal: bool


def _plain(text: str) -> str:
    """Lower case without accents, same length as ``text``, so offsets hold."""
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text.lower())


def _veinti(word: str) -> Optional[int]:
    """Spanish 21-29 in one word: "veintiuno", "veintidos"."""
    if word.startswith("veinti") and word[6:] in UNITS:
        return 20 + UNITS[word[6:]]
    return None


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.words = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]

    def word(self, i: int) -> Optional[str]:
        return self.words[i][0] if i < len(self.words) else None

    def below_hundred(self, i: int) -> tuple[Optional[int], int]:
        """(value, next index) of 1-99 starting at word i."""
        word = self.word(i)
        if word is None:
            return None, i
        if word in TEENS:
            return TEENS[word], i + 1
        if _veinti(word) is not None:
            return _veinti(word), i + 1
        if word in TENS:
            value, j = TENS[word], i + 1
            k = j + 1 if self.word(j) == "y" else j  # "treinta y ocho"; English joins with a hyphen or nothing
            unit = self.word(k)
            if unit is not None and unit in UNITS and unit not in ("oh", "un", "una"):
                return value + UNITS[unit], k + 1
            return value, j
        if word in UNITS and word not in ("oh",):
            return UNITS[word], i + 1
        return None, i

    def whole(self, i: int) -> tuple[Optional[int], int]:
        word = self.word(i)
        if word in ("a", "one") and self.word(i + 1) == "hundred":
            i += 1
            word = "hundred"
        if word in HUNDRED:
            j = i + 1
            if self.word(j) == "and":
                j += 1
            rest, k = self.below_hundred(j)
            return (100 + rest, k) if rest is not None else (100, i + 1)
        return self.below_hundred(i)

    def number(self, i: int) -> Optional[tuple[SpelledNumber, int]]:
        value, j = self.whole(i)
        if value is None:
            return None
        end, decimal, fraction = self.words[j - 1][2], False, 0.0
        if self.word(j) in POINT:
            digits, k = "", j + 1
            while (digit := self.word(k)) is not None and digit in UNITS and len(digits) < 2:
                digits += str(UNITS[digit])
                k += 1
            if digits:
                fraction, decimal, end, j = float("0." + digits), True, self.words[k - 1][2], k
        else:
            after = self.text[end:]
            for half in HALF:
                spoken = re.match(rf"\s+{half}\b", after)
                if spoken:
                    fraction, decimal = 0.5, True
                    end += len(spoken.group())
                    break
        start = self.words[i][1]
        return SpelledNumber(start, end, value + fraction, decimal), j


def spelled_numbers(text: str, minimum: float = 20) -> list[SpelledNumber]:
    """Every number of at least ``minimum`` written in words, with its place in ``text``."""
    reader = _Reader(_plain(text))
    found: list[SpelledNumber] = []
    i = 0
    while i < len(reader.words):
        parsed = reader.number(i)
        if parsed is None:
            i += 1
            continue
        number, next_index = parsed
        if number.value >= minimum:
            found.append(number)
        i = max(next_index, i + 1)
    return found
