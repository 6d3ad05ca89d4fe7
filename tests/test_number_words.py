"""Numbers in words, as a patient dictating a temperature gives them."""
from __future__ import annotations

import pytest

from bot.language.number_words import spelled_numbers


@pytest.mark.parametrize("text, value, words", [
    ("temperature is a hundred and one point five", 101.5, "a hundred and one point five"),
    ("ninety nine point eight this morning", 99.8, "ninety nine point eight"),
    ("one hundred two", 102.0, "one hundred two"),
    ("thirty-eight point five", 38.5, "thirty-eight point five"),
    ("tengo treinta y ocho y medio", 38.5, "treinta y ocho y medio"),
    ("treinta y siete con dos", 37.2, "treinta y siete con dos"),
    ("fiebre de cuarenta", 40.0, "cuarenta"),
    ("veintiocho grados afuera", 28.0, "veintiocho"),
    ("it's a hundred and three and a half", 103.5, "a hundred and three and a half"),
    ("Me dio TREINTA Y NUEVE", 39.0, "TREINTA Y NUEVE"),
])
def test_a_number_in_words_is_read_with_its_decimals(text, value, words):
    (number,) = spelled_numbers(text)
    assert number.value == value and text[number.start:number.end] == words


@pytest.mark.parametrize("text", [
    "one of the two spots is red", "it's been three days", "I'm in LA", "con mi hermana", "",
])
def test_small_numbers_and_plain_words_are_not_read(text):
    assert spelled_numbers(text) == []


def test_the_place_of_each_number_is_kept_through_accents():
    text = "día dos, temperatura de treinta y nueve"
    (number,) = spelled_numbers(text)
    assert text[number.start:number.end] == "treinta y nueve"
