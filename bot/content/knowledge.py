"""Loads, validates and renders the clinic-approved content in ``knowledge/``.

Everything a patient reads comes from YAML a clinic can review: the answers
(each tied to a section of the seed article), the assistant's own messages and
the clinic's facts. A mistake there must stop start-up with a message that
names the file, the entry and the fix, because a wrong or empty answer shown to
a patient is worse than a bot that does not start.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers

from bot.content.contract import RETRIEVAL_KEYS
from bot.content.translations import LANGUAGES, figures, read_yaml, translation_problems

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ENGLISH = "en"
# How knowledge/messages.yml's ``calendar`` writes hours; the default for callers without a messages file.
ENGLISH_CALENDAR: Mapping[str, Any] = {
    "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], "closed": "closed", "day_range": "{first}–{last}",
    "time_range": "{start}–{end}", "entry": "{days} {times}", "separator": ", ", "opening": "{day} {time}",
}
REQUIRED_CLINIC_TEXT = ("name", "phone", "emergency_number", "email", "address", "booking_url")
# Placeholder -> key of the clinic's ``aftercare_protocol``.
PROTOCOL_PLACEHOLDERS = {
    "protocol_skincare": "skincare",
    "protocol_sun_protection": "sun_protection",
    "protocol_makeup": "makeup",
    "protocol_exercise": "exercise",
    "protocol_actives": "actives_restart",
    "protocol_spacing": "session_spacing",
    "protocol_course": "course",
}
CLINIC_PLACEHOLDERS = {
    "clinic_name": "name",
    "phone": "phone",
    "emergency_number": "emergency_number",
    "email": "email",
    "address": "address",
    "booking_url": "booking_url",
}
PLACEHOLDERS = frozenset(
    [*CLINIC_PLACEHOLDERS, *PROTOCOL_PLACEHOLDERS, "hours", "price_guidance"]
)
# The unset-fact texts are rendered into other answers, so they may only use
# the clinic's plain facts (no recursion).
PLAIN_PLACEHOLDERS = frozenset([*CLINIC_PLACEHOLDERS, "hours"])
# Custom actions fill these in at run time.
TEMPLATE_PLACEHOLDERS = PLAIN_PLACEHOLDERS | {"points", "when", "next_opening", "topic", "position", "minutes", "person"}
HOURS_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


class KnowledgeError(ValueError):
    """Raised with every problem found, so one run shows all that needs fixing."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "The clinic content is not valid:\n" + "\n".join(f"  - {p}" for p in problems)
        )


@dataclass(frozen=True)
class Answer:
    """One faq/aftercare answer as written in knowledge/, before rendering."""

    intent: str
    key: str
    title: str
    sources: tuple[str, ...]
    template: str

    @property
    def label(self) -> str:
        return f"{self.intent}/{self.key}"


@dataclass(frozen=True)
class Knowledge:
    """The validated content with the clinic's facts filled in."""

    clinic: Mapping[str, Any]
    answers: Mapping[str, Answer]
    messages: Mapping[str, Any]
    values: Mapping[str, str]
    language: str = ENGLISH

    def render(self, template: str, **extra: str) -> str:
        return _squash(template.format_map({**self.values, **extra}))

    def template(self, name: str, **extra: str) -> str:
        """A custom action's text from messages.yml ``templates``."""
        entry = self.messages["templates"][name]
        return self.render(entry["text"] if isinstance(entry, dict) else entry, **extra)

    def template_buttons(self, name: str) -> list[dict[str, str]]:
        entry = self.messages["templates"][name]
        return list(entry.get("buttons") or []) if isinstance(entry, dict) else []

    def saved_replies(self) -> list[dict[str, str]]:
        """The clinic's canned answers staff insert in a live chat (messages.yml ``saved_replies``)."""
        return [{"title": str(reply["title"]), "text": self.render(str(reply["text"]))}
                for reply in self.messages.get("saved_replies") or []]

    def answer_buttons(self) -> list[dict[str, str]]:
        """Yes / No / Not sure under each pre-screen question."""
        return [dict(button) for button in self.messages["answer_buttons"]]

    def answer_text(self, label: str) -> str:
        return self.render(self.answers[label].template)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _read_yaml(path: Path, problems: list[str]) -> Any:
    return read_yaml(path, problems, "restore it from git or point the setting at the right file.")


def _placeholders(path: Path, entry: str, template: str, allowed: frozenset[str], problems: list[str]) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as error:
        problems.append(f"{path}: {entry}: broken braces ({error}). Fix: write placeholders as {{name}}.")
        return
    for name in fields:
        if name not in allowed:
            problems.append(
                f"{path}: {entry}: unknown placeholder {{{name}}}. "
                f"Fix: use one of {', '.join(sorted(allowed))}."
            )


def seed_sections(seed_article: Path) -> set[str]:
    """Headings and FAQ questions of the seed article an answer may cite."""
    sections: set[str] = set()
    for line in seed_article.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            sections.add(line[3:].strip())
        elif line.startswith("Q: "):
            sections.add(line.strip())
    return sections


def _clinic_problems(path: Path, clinic: Any) -> list[str]:
    if not isinstance(clinic, dict):
        return [f"{path}: must be a mapping of the clinic's facts. Fix: copy the example clinic file."]
    problems = []
    for field in REQUIRED_CLINIC_TEXT:
        value = clinic.get(field)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{path}: '{field}' is missing or empty. Fix: set the clinic's {field}.")
    hours = clinic.get("hours")
    if not isinstance(hours, dict) or set(hours) != set(DAYS):
        problems.append(f"{path}: 'hours' must list {', '.join(DAYS)}. Fix: give each day HH:MM-HH:MM or closed.")
    else:
        for day, value in hours.items():
            if value != "closed" and not (isinstance(value, str) and HOURS_PATTERN.match(value)):
                problems.append(f"{path}: hours.{day} is '{value}'. Fix: write HH:MM-HH:MM (24-hour) or closed.")
    protocol = clinic.get("aftercare_protocol") or {}
    if not isinstance(protocol, dict):
        problems.append(f"{path}: 'aftercare_protocol' must be a mapping. Fix: see the example clinic file.")
        protocol = {}
    for key in protocol:
        if key not in PROTOCOL_PLACEHOLDERS.values():
            problems.append(
                f"{path}: aftercare_protocol.{key} is not a known item. "
                f"Fix: use {', '.join(PROTOCOL_PLACEHOLDERS.values())}."
            )
    prices = clinic.get("prices") or {}
    if not isinstance(prices, dict):
        problems.append(f"{path}: 'prices' must be a mapping. Fix: see the example clinic file.")
    else:
        for package in prices.get("packages") or []:
            if not isinstance(package, dict) or not isinstance(package.get("sessions"), int) or not package.get("price"):
                problems.append(f"{path}: prices.packages entry {package!r}. Fix: give sessions (a number) and price.")
    try:
        ZoneInfo(str(clinic.get("timezone")))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"{path}: timezone '{clinic.get('timezone')}' is unknown. Fix: use a name like Europe/London.")
    if clinic.get("phone_region") not in phonenumbers.SUPPORTED_REGIONS:
        problems.append(f"{path}: phone_region '{clinic.get('phone_region')}' is unknown. Fix: use a code like US or GB.")
    after_hours = clinic.get("after_hours_phone")
    if after_hours is not None and (not isinstance(after_hours, str) or not after_hours.strip()):
        problems.append(f"{path}: after_hours_phone must be a phone number or null. Fix: quote the number.")
    live = clinic.get("live_chat") or {}
    for key in ("wait_limit_minutes", "default_wait_minutes"):
        value = live.get(key, 1) if isinstance(live, dict) else None
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 60:
            problems.append(f"{path}: live_chat.{key} must be a whole number of minutes from 1 to 60.")
    days = (clinic.get("triage") or {}).get("expected_healing_days")
    if days is not None and (not isinstance(days, int) or days < 0):
        problems.append(f"{path}: triage.expected_healing_days must be a whole number of days or null.")
    problems.extend(_translated_clinic_problems(path, clinic))
    texts = [str(v) for v in _leaves(clinic)]
    if any("{" in text or "}" in text for text in texts):
        problems.append(f"{path}: curly braces are not allowed in clinic facts. Fix: remove them.")
    return problems


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def format_hours(hours: Mapping[str, str], calendar: Mapping[str, Any] = ENGLISH_CALENDAR) -> str:
    """'Mon–Wed 09:00–18:00, Sun closed': consecutive days with equal hours grouped, in the calendar's words."""
    names = list(calendar["days"])
    groups: list[tuple[int, int, str]] = []
    for index, day in enumerate(DAYS):
        value = hours[day]
        if groups and groups[-1][2] == value:
            groups[-1] = (groups[-1][0], index, value)
        else:
            groups.append((index, index, value))
    parts = []
    for first, last, value in groups:
        days = names[first] if first == last else calendar["day_range"].format(first=names[first], last=names[last])
        if value == "closed":
            times = calendar["closed"]
        else:
            start, end = value.split("-")
            times = calendar["time_range"].format(start=start, end=end)
        parts.append(calendar["entry"].format(days=days, times=times))
    return calendar["separator"].join(parts)


def _price_guidance(clinic: Mapping[str, Any], messages: Mapping[str, Any], price_unset: str, note: Any) -> str:
    prices = clinic.get("prices") or {}
    wording = messages["price_sentences"]
    sentences = []
    if prices.get("per_session"):
        sentences.append(wording["per_session"].format(clinic_name=clinic["name"], price=prices["per_session"]))
    for package in prices.get("packages") or []:
        sentences.append(wording["package"].format(sessions=package["sessions"], price=package["price"]))
    if not sentences:
        return price_unset
    if note:
        sentences.append(str(note))
    return " ".join(sentences)


def clinic_text(clinic: Mapping[str, Any], language: str) -> Mapping[str, Any]:
    """The clinic's free-text facts (aftercare protocol, price note) in ``language``.

    They are sentences in the clinic's voice, written in English in the clinic
    file; another language reads them from ``translations.<language>``. One
    missing there is treated as unset, so a Spanish patient is offered the team
    rather than shown an English sentence or a guess.
    """
    if language == ENGLISH:
        return {"aftercare_protocol": clinic.get("aftercare_protocol") or {},
                "prices_note": (clinic.get("prices") or {}).get("note")}
    english = clinic_text(clinic, ENGLISH)
    translated = ((clinic.get("translations") or {}).get(language) or {})
    protocol = translated.get("aftercare_protocol") or {}
    return {  # a fact the clinic unset in English stays unset in every language
        "aftercare_protocol": {key: text for key, text in protocol.items() if english["aftercare_protocol"].get(key)},
        "prices_note": translated.get("prices_note") if english["prices_note"] else None,
    }


def _values(clinic: Mapping[str, Any], messages: Mapping[str, Any], language: str) -> dict[str, str]:
    plain = {placeholder: str(clinic[field]) for placeholder, field in CLINIC_PLACEHOLDERS.items()}
    plain["hours"] = format_hours(clinic["hours"], messages["calendar"])
    unset = _squash(messages["unset_fact"].format_map(plain))
    price_unset = _squash(messages["price_unset"].format_map(plain))
    texts = clinic_text(clinic, language)
    protocol = texts["aftercare_protocol"]
    values = dict(plain)
    values["price_guidance"] = _price_guidance(clinic, messages, price_unset, texts["prices_note"])
    for placeholder, key in PROTOCOL_PLACEHOLDERS.items():
        values[placeholder] = str(protocol.get(key) or unset)
    return values


def _answers(path: Path, intent: str, data: Any, sections: set[str], problems: list[str]) -> dict[str, Answer]:
    entries = data.get(intent) if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        problems.append(f"{path}: needs a top-level '{intent}:' mapping of answers. Fix: see the other knowledge files.")
        return {}
    for key in RETRIEVAL_KEYS[intent]:
        if key not in entries:
            problems.append(f"{path}: {intent}/{key} is missing. Fix: add an entry '{key}' with title, sources and answer.")
    answers = {}
    for key, entry in entries.items():
        label = f"{intent}/{key}"
        if not isinstance(entry, dict):
            problems.append(f"{path}: {label} must be a mapping. Fix: give title, sources and answer.")
            continue
        template = entry.get("answer")
        if not isinstance(template, str) or not template.strip():
            problems.append(f"{path}: {label} has an empty answer. Fix: write the answer text.")
            continue
        title = entry.get("title")
        if not isinstance(title, str) or not title.strip():
            problems.append(f"{path}: {label} has no title. Fix: add the question it answers as title.")
        sources = entry.get("sources")
        if not isinstance(sources, list) or not sources:
            problems.append(
                f"{path}: {label} has no sources. Fix: list the seed-article section(s) the answer rests on."
            )
            sources = []
        for source in sources:
            if source not in sections:
                problems.append(
                    f"{path}: {label} cites '{source}', which is not a section of the seed article. "
                    "Fix: copy a '## ' heading or a 'Q: ' line exactly."
                )
        _placeholders(path, label, template, PLACEHOLDERS, problems)
        answers[label] = Answer(intent, key, str(title or ""), tuple(sources), template)
    return answers


def _message_problems(path: Path, messages: Any) -> list[str]:
    if not isinstance(messages, dict) or not isinstance(messages.get("responses"), dict):
        return [f"{path}: needs a 'responses:' mapping. Fix: see the example messages file."]
    problems: list[str] = []
    for name in ("unset_fact", "price_unset"):
        text = messages.get(name)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{path}: '{name}' is missing or empty. Fix: write the sentence.")
        else:
            _placeholders(path, name, text, PLAIN_PLACEHOLDERS, problems)
    for name, response in messages["responses"].items():
        text = response.get("text") if isinstance(response, dict) else None
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{path}: {name} has an empty text. Fix: write the message.")
            continue
        _placeholders(path, name, text, PLAIN_PLACEHOLDERS, problems)
        for button in response.get("buttons") or []:
            if not (isinstance(button, dict) and button.get("title") and button.get("payload")):
                problems.append(f"{path}: {name} has a button without title or payload. Fix: give both.")
    problems.extend(_calendar_problems(path, messages))
    answer_buttons = messages.get("answer_buttons")
    if not (isinstance(answer_buttons, list) and answer_buttons
            and all(isinstance(b, dict) and b.get("title") and b.get("payload") for b in answer_buttons)):
        problems.append(f"{path}: 'answer_buttons' needs a list of buttons, each with a title and a payload "
                        "(the pre-screen's Yes / No / Not sure). Fix: see the example messages file.")
    saved = messages.get("saved_replies") or []
    if not isinstance(saved, list):
        problems.append(f"{path}: 'saved_replies' must be a list of replies with a title and a text.")
        saved = []
    for number, reply in enumerate(saved, 1):
        if not (isinstance(reply, dict) and reply.get("title") and isinstance(reply.get("text"), str) and reply["text"].strip()):
            problems.append(f"{path}: saved reply {number} needs a title and a text. Fix: give both.")
        else:
            _placeholders(path, f"saved_replies {number}", reply["text"], PLAIN_PLACEHOLDERS, problems)
    templates = messages.get("templates")
    if not isinstance(templates, dict):
        return problems + [f"{path}: needs a 'templates:' mapping for the custom actions."]
    for name, entry in templates.items():
        text = entry.get("text") if isinstance(entry, dict) else entry
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{path}: templates.{name} is empty. Fix: write the message.")
        else:
            _placeholders(path, f"templates.{name}", text, TEMPLATE_PLACEHOLDERS, problems)
    return problems


CALENDAR_FIELDS = {"closed": set(), "day_range": {"first", "last"}, "time_range": {"start", "end"},
                   "entry": {"days", "times"}, "separator": set(), "opening": {"day", "time"}}
PRICE_FIELDS = {"per_session": {"clinic_name", "price"}, "package": {"sessions", "price"}}


def _calendar_problems(path: Path, messages: Mapping[str, Any]) -> list[str]:
    """How hours and prices are written: each wording with exactly its placeholders."""
    problems = []
    calendar, prices = messages.get("calendar"), messages.get("price_sentences")
    if not isinstance(calendar, dict) or not (isinstance(calendar.get("days"), list) and len(calendar["days"]) == 7):
        return [f"{path}: 'calendar' needs 'days' (seven names, Monday first) and {', '.join(CALENDAR_FIELDS)}. "
                "Fix: see knowledge/messages.yml."]
    if not isinstance(prices, dict):
        return [f"{path}: 'price_sentences' needs {', '.join(PRICE_FIELDS)}. Fix: see knowledge/messages.yml."]
    for group, wording, expected in (("calendar", calendar, CALENDAR_FIELDS), ("price_sentences", prices, PRICE_FIELDS)):
        for name, fields in expected.items():
            text = wording.get(name)
            if not isinstance(text, str):
                problems.append(f"{path}: {group}.{name} is missing. Fix: see knowledge/messages.yml.")
                continue
            try:
                found = {field for _, field, _, _ in string.Formatter().parse(text) if field}
            except ValueError:
                found = {"<broken braces>"}
            if found != fields:
                problems.append(f"{path}: {group}.{name} must use exactly {sorted(fields) or 'no placeholders'}. "
                                "Fix: see knowledge/messages.yml.")
    return problems


def _translated_clinic_problems(path: Path, clinic: Mapping[str, Any]) -> list[str]:
    """The clinic's sentences in other languages: known items only, and no figure the English lacks."""
    translations = clinic.get("translations") or {}
    if not isinstance(translations, dict):
        return [f"{path}: 'translations' must map a language code to its texts. Fix: see the example clinic file."]
    problems = []
    english = clinic_text(clinic, ENGLISH)
    for language, texts in translations.items():
        if language not in LANGUAGES or not isinstance(texts, dict):
            problems.append(f"{path}: translations.{language} is not a served language with texts. "
                            f"Fix: use one of {', '.join(LANGUAGES)}.")
            continue
        for key in texts:
            if key not in ("aftercare_protocol", "prices_note"):
                problems.append(f"{path}: translations.{language}.{key} is not translatable. "
                                "Fix: use aftercare_protocol or prices_note.")
        pairs = [("prices_note", english["prices_note"], texts.get("prices_note"))]
        protocol = texts.get("aftercare_protocol") or {}
        pairs += [(f"aftercare_protocol.{key}", (english["aftercare_protocol"] or {}).get(key), text)
                  for key, text in (protocol.items() if isinstance(protocol, dict) else ())]
        for name, original, text in pairs:
            if text is None:
                continue
            if original is None:
                continue  # unset in English, so unset in every language (clinic_text)
            invented = figures(str(text)) - figures(str(original))
            if invented:
                problems.append(f"{path}: translations.{language}.{name} has the figure(s) {', '.join(sorted(invented))} "
                                "that the English sentence does not. Fix: use the same figures.")
    return problems


def load_clinic(clinic_file: Path) -> dict[str, Any]:
    """The clinic file alone, checked as load() checks it (for pages that need only its facts)."""
    problems: list[str] = []
    clinic = _read_yaml(clinic_file, problems)
    if clinic is not None:
        problems.extend(_clinic_problems(clinic_file, clinic))
    if problems:
        raise KnowledgeError(problems)
    return clinic


def load(knowledge_dir: Path, clinic_file: Path, language: str = ENGLISH) -> Knowledge:
    """Reads and checks all content; raises KnowledgeError listing every problem.

    ``language``: the answers and messages of ``knowledge/<language>/`` (English
    from ``knowledge/`` itself), with the same clinic facts. Every language a
    clinic serves is checked whichever is loaded, so one bad translation stops
    every process, not only the Spanish conversations.
    """
    problems: list[str] = []
    if language != ENGLISH and language not in LANGUAGES:
        raise KnowledgeError([f"language '{language}' is not served. Fix: use {ENGLISH} or one of {', '.join(LANGUAGES)}."])
    content_dir = knowledge_dir if language == ENGLISH else knowledge_dir / language
    clinic = _read_yaml(clinic_file, problems)
    messages = _read_yaml(content_dir / "messages.yml", problems)
    seed = knowledge_dir / "seed-article.md"
    sections = seed_sections(seed) if seed.exists() else set()
    if not sections:
        problems.append(f"{seed}: missing or without sections. Fix: restore the seed article.")
    answers: dict[str, Answer] = {}
    for intent in RETRIEVAL_KEYS:
        path = content_dir / f"{intent}.yml"
        data = _read_yaml(path, problems)
        if data is not None:
            answers.update(_answers(path, intent, data, sections, problems))
    if clinic is not None:
        problems.extend(_clinic_problems(clinic_file, clinic))
    if messages is not None:
        problems.extend(_message_problems(content_dir / "messages.yml", messages))
    for served in LANGUAGES:
        if (knowledge_dir / served).is_dir():  # a clinic serves a language once its folder exists
            problems.extend(translation_problems(knowledge_dir, clinic, served))
    if problems:
        raise KnowledgeError(problems)
    return Knowledge(clinic=clinic, answers=answers, messages=messages, values=_values(clinic, messages, language),
                     language=language)


def load_all(knowledge_dir: Path, clinic_file: Path) -> dict[str, Knowledge]:
    """The knowledge of every language the clinic serves, English first."""
    return {language: load(knowledge_dir, clinic_file, language) for language in served_languages(knowledge_dir)}


def served_languages(knowledge_dir: Path) -> tuple[str, ...]:
    """English and every translated language whose folder exists, in a stable order."""
    return (ENGLISH, *(language for language in LANGUAGES if (knowledge_dir / language).is_dir()))
