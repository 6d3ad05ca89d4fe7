"""The soft pre-screen: what each answer or free-text statement means.

Nothing here decides whether someone can be treated. A raised flag only says
"a clinician should review this"; the outcome is ``no_flags`` or
``needs_review`` (or ``incomplete`` when the person stops), as the contract
fixes. The questions, flags and phrases are clinic data in
knowledge/prescreen.yml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

import yaml

from bot.content.contract import PRESCREEN_FLAGS, Intent
from bot.language.spanish import plain

if TYPE_CHECKING:
    from bot.language.phrases import PhraseFinder, Rule

YES, NO, NOT_SURE = "yes", "no", "not_sure"
ANSWERS = (YES, NO, NOT_SURE)
NOT_SURE_KEY = "_not_sure"
BARE_YES = re.compile(r"^\s*(yes|yeah|yep|yup|ya|yea|y|sure|correct|i do|i am|i have)\b", re.I)
BARE_NO = re.compile(r"^\s*(no|nope|nah|n|never|not really|i don'?t|i'?m not|i haven'?t|none)\b", re.I)
# A Spanish reply starting "sí", "claro", "no", "nunca"... (accents folded before matching).
BARE_YES_ES = re.compile(r"^\s*[¡¿]?\s*(si|sip|claro|correcto|asi es|efectivamente|por supuesto)\b", re.I)
BARE_NO_ES = re.compile(r"^\s*[¡¿]?\s*(no|nop|nunca|jamas|para nada|tampoco|ninguno|ninguna|nada)\b", re.I)
ENGLISH = "en"


@dataclass(frozen=True)
class Question:
    flag: str
    label: str
    ask: str
    flag_when: str
    why: str
    staff_note: str

    @property
    def slot(self) -> str:
        return f"prescreen_{self.flag}"

    def raises_flag(self, answer: str | None) -> bool:
        return answer == NOT_SURE or answer == self.flag_when


@dataclass(frozen=True)
class Outcome:
    outcome: str
    flags: list[str]


class Screening:
    def __init__(self, questions: list[Question], finder: PhraseFinder, language: str = ENGLISH) -> None:
        self.language = language
        self.questions = tuple(questions)
        self._by_flag = {q.flag: q for q in questions}
        self._finder = finder

    def question(self, flag: str) -> Question:
        return self._by_flag[flag]

    def flag_for_slot(self, slot: str | None) -> str | None:
        flag = (slot or "").removeprefix("prescreen_")
        return flag if flag in self._by_flag else None

    def statements(self, text: str) -> dict[str, str]:
        """Facts the person states about any question, asked or not.

        A flag mentioned both ways in one message ("not pregnant but
        breastfeeding") counts as stated: when in doubt, a clinician reviews.
        """
        answers: dict[str, str] = {}
        for finding in self._finder.analyse(text).findings:
            if finding.key == NOT_SURE_KEY:
                continue
            flag, polarity = finding.key.rsplit(":", 1)
            value = polarity if not finding.negated else (NO if polarity == YES else YES)
            if polarity == NO and finding.negated:
                continue  # "I don't refuse" is too uncertain to read either way
            if answers.get(flag) == YES and value == NO:
                continue
            answers[flag] = value
        return answers

    def read_answer(self, text: str, intent: str | None, flag: str) -> str | None:
        """The answer to the question just asked, or None when the message is not one."""
        analysis = self._finder.analyse(text)
        if any(f.key == NOT_SURE_KEY for f in analysis.findings):
            return NOT_SURE
        stated = self.statements(text)
        if flag in stated:
            return stated[flag]
        bare_yes, bare_no = (BARE_YES, BARE_NO) if self.language == ENGLISH else (BARE_YES_ES, BARE_NO_ES)
        reply = plain(text)
        if intent == Intent.AFFIRM or bare_yes.match(reply):
            return YES
        if intent == Intent.DENY or bare_no.match(reply):
            return NO
        return None

    def outcome(self, answers: Mapping[str, str | None], stopped: bool = False) -> Outcome:
        flags = [q.flag for q in self.questions if q.raises_flag(answers.get(q.flag))]
        if stopped:
            return Outcome("incomplete", flags)
        return Outcome("needs_review" if flags else "no_flags", flags)


def _rules(entry: dict) -> list["Rule"]:
    from bot.language.phrases import Rule

    flag = entry["flag"]
    return [
        Rule(f"{flag}:yes", tuple(entry.get("yes") or ()), fuzzy=tuple(entry.get("fuzzy") or ())),
        Rule(f"{flag}:no", tuple(entry.get("no") or ())),
    ]


def read_questions(knowledge_dir: Path, language: str = ENGLISH) -> tuple[dict[str, Any], list[Question]]:
    """The questions without the language machinery (for building responses).

    Another language's file (knowledge/<language>/prescreen.yml) gives the
    patient's words and phrase lists; the staff note stays the English one,
    since staff read the console in English.
    """
    english_path = knowledge_dir / "prescreen.yml"
    english = yaml.safe_load(english_path.read_text(encoding="utf-8"))
    path = english_path if language == ENGLISH else knowledge_dir / language / "prescreen.yml"
    data = english if language == ENGLISH else yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data["questions"]
    flags = [entry["flag"] for entry in entries]
    if flags != [entry["flag"] for entry in english["questions"]]:
        raise ValueError(f"{path}: questions must cover exactly the contract flags in the English order, found {flags}")
    if sorted(flags) != sorted(PRESCREEN_FLAGS):
        raise ValueError(f"{path}: questions must cover exactly the contract flags {PRESCREEN_FLAGS}, found {flags}")
    questions = []
    for entry, original in zip(entries, english["questions"], strict=False):
        if entry["flag_when"] not in (YES, NO) or entry["flag_when"] != original["flag_when"]:
            raise ValueError(f"{path}: {entry['flag']}: flag_when must be 'yes' or 'no', as in {english_path.name}")
        entry = {"staff_note": original.get("staff_note"), **entry}
        for field in ("label", "ask", "why", "staff_note"):
            if not str(entry.get(field) or "").strip():
                raise ValueError(f"{path}: {entry['flag']}: '{field}' is empty. Fix: write it.")
        questions.append(Question(entry["flag"], entry["label"].strip(), entry["ask"].strip(), entry["flag_when"],
                                  entry["why"].strip(), entry["staff_note"].strip()))
    return data, questions


def load_screening(knowledge_dir: Path, language: str = ENGLISH) -> Screening:
    from bot.language.phrases import PhraseFinder, Rule

    data, questions = read_questions(knowledge_dir, language)
    not_sure = list(data["not_sure"])
    if language != ENGLISH:  # the "Not sure" button's payload is the same English text in every language
        english, _ = read_questions(knowledge_dir)
        not_sure += [phrase for phrase in english["not_sure"] if phrase not in not_sure]
    rules = [Rule(NOT_SURE_KEY, tuple(not_sure))]
    for entry in data["questions"]:
        rules.extend(_rules(entry))
    return Screening(questions, PhraseFinder(rules, language), language)
