"""What a described symptom means: emergency, urgent or routine.

Under-triage is the hazard that matters: a missed emergency can harm, an
over-cautious "call us" costs a phone call. So the highest level among the
signs a message states wins, and only a clearly negated sign ("no fever")
is ignored. The signs are clinic data in knowledge/triage.yml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import dateparser
import yaml

from bot.contract import TRIAGE_LEVELS
from bot.phrases import PhraseFinder, Rule, single_token

SEVERITY = {"routine": 0, "urgent": 1, "emergency": 2}
DAY_NUMBER = re.compile(r"\bday\s*(\d{1,2})\b", re.I)
TODAY_WORDS = ("today", "this morning", "this afternoon", "this evening", "earlier", "tonight")
YESTERDAY_WORDS = ("yesterday", "last night")


@dataclass(frozen=True)
class TriageResult:
    level: str
    signs: list[str] = field(default_factory=list)
    days_since_treatment: int | None = None


def days_since_treatment(text: str, dates: tuple[str, ...], today: date) -> int | None:
    """'day 4', 'two days ago', 'on Monday' -> whole days; None when not said.

    "worse today, had it done Monday": the treatment is the earliest time
    mentioned, so the largest number of days wins.
    """
    if match := DAY_NUMBER.search(text):
        return int(match.group(1))
    found = [days for phrase in dates if (days := _days_ago(phrase, today)) is not None]
    return max(found, default=None)


def _days_ago(phrase: str, today: date) -> int | None:
    lowered = phrase.lower()
    if any(word in lowered for word in TODAY_WORDS):
        return 0
    if any(word in lowered for word in YESTERDAY_WORDS):
        return 1
    cleaned = re.sub(r"^(on|since|last)\s+(?=(mon|tue|wed|thu|fri|sat|sun))", "", lowered)
    parsed = dateparser.parse(
        cleaned,
        languages=["en"],
        settings={"PREFER_DATES_FROM": "past", "RELATIVE_BASE": datetime.combine(today, time(12))},
    )
    if parsed and parsed.date() <= today:
        return (today - parsed.date()).days
    return None


class Triage:
    def __init__(self, labels: dict[str, tuple[str, str]], finder: PhraseFinder,
                 expected_healing_days: int | None = None) -> None:
        self._labels = labels  # sign key -> (level, label)
        self._finder = finder
        self._expected_healing_days = expected_healing_days

    def classify(self, text: str, today: date | None = None) -> TriageResult:
        analysis = self._finder.analyse(text)
        stated = [self._labels[key] for key in analysis.stated()]
        level = max((lvl for lvl, _ in stated), key=SEVERITY.__getitem__, default="routine")
        days = days_since_treatment(text, analysis.dates, today or date.today())
        signs = [label for lvl, label in stated]
        if (
            level == "routine" and signs and days is not None
            and self._expected_healing_days is not None and days > self._expected_healing_days
        ):
            level = "urgent"
            signs.append("lasting longer than the clinic expects")
        return TriageResult(level, signs, days)


def load_triage(knowledge_dir: Path, expected_healing_days: int | None = None) -> Triage:
    path = knowledge_dir / "triage.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    labels: dict[str, tuple[str, str]] = {}
    rules = []
    for level, body in data["levels"].items():
        if level not in TRIAGE_LEVELS:
            raise ValueError(f"{path}: unknown level '{level}'. Fix: use {', '.join(TRIAGE_LEVELS)}.")
        for sign in body["signs"]:
            key = sign["key"]
            if key in labels:
                raise ValueError(f"{path}: sign '{key}' appears twice. Fix: give each sign its own key.")
            labels[key] = (level, sign["label"])
            near = tuple(tuple(group) for group in sign.get("near") or ())
            for word in (w for group in near for w in group):
                if not single_token(word):
                    raise ValueError(f"{path}: sign '{key}': near word '{word}' is several tokens. Fix: use a phrase.")
            rules.append(Rule(key, tuple(sign.get("phrases") or ()), near=near))
    return Triage(labels, PhraseFinder(rules), expected_healing_days)
