"""Splits a message that asks several things into its questions.

"how much is it and does it hurt" is two questions; the classifier reads one
label per message, so the second would go unanswered. Conservative on
purpose: a split happens only at a question mark, a line break, or a
joining word ("and", "also", "plus", "&", ";") followed by a word that opens
a question, so "redness and swelling" or "wash and moisturise" stay whole.
"""
from __future__ import annotations

import re

QUESTION_OPENERS = (
    "how", "what", "whats", "what's", "when", "where", "why", "which", "who",
    "do", "does", "did", "is", "isn't", "are", "can", "could", "will", "would", "should", "shall",
    "may", "am", "have", "has", "any", "u", "r", "wat", "wut", "hw", "wht", "wen", "cn", "dose",
)
_JOINERS = r"(?:,? ?and also|, also|also,|and|also|plus|&|;|btw|oh and)"  # longest first
_JOINED = re.compile(rf"\s+(?:{_JOINERS})\s+(?=(?:{'|'.join(re.escape(w) for w in QUESTION_OPENERS)})\b)", re.IGNORECASE)
_HARD = re.compile(r"(?<=[?])\s*|\n+|(?<=[.!])\s+(?=(?:also|and|plus|btw)\b)", re.IGNORECASE)
MIN_WORDS = 2


def split_questions(text: str) -> list[str]:
    """The message's questions in order; one item when it asks one thing."""
    parts: list[str] = []
    for piece in _HARD.split(text):
        parts += _JOINED.split(piece)
    questions = [part.strip(" ,;.-") for part in parts]
    questions = [q for q in questions if len(q.split()) >= MIN_WORDS]
    return questions or [text.strip()]
