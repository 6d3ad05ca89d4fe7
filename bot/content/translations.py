"""Checks a translation of the knowledge files (knowledge/<language>/) against the English ones.

A translated answer must stay the same answer: the same keys, the same
sources, the same button payloads, the same placeholders, and no figure the
English entry or the clinic file does not have (issue 14: a number in
Spanish that nobody set is an invented fact). Problems read like the
loader's own, with the file, the entry and the fix.
"""
from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any, Iterator

import yaml

TRANSLATED_FILES = ("faq.yml", "aftercare.yml", "messages.yml")
LANGUAGES = ("es",)
FIGURE = re.compile(r"\d+(?:[.,]\d+)?")
# Leaves that are not words for the patient and must be copied unchanged.
VERBATIM = ("sources", "payload")


def _flatten(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _flatten(item, f"{path}[{index}]")
    else:
        yield path, value


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"<broken braces>"}


def figures(text: str) -> set[str]:
    return {figure.replace(",", ".") for figure in FIGURE.findall(text)}


def read_yaml(path: Path, problems: list[str], missing: str) -> Any:
    """A knowledge file's data, or None with the problem noted (``missing`` says how to fix an absent file)."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path}: file is missing. Fix: {missing}")
    except yaml.YAMLError as error:
        problems.append(f"{path}: is not valid YAML ({error}). Fix: correct the syntax at the line shown.")
    return None


def translation_problems(knowledge_dir: Path, clinic: Any, language: str) -> list[str]:
    """Everything wrong with knowledge/<language>/ against knowledge/; empty when it may be served."""
    problems: list[str] = []
    clinic_figures = {figure for _, value in _flatten(clinic) if isinstance(value, (str, int, float))
                      for figure in figures(str(value))}
    for name in TRANSLATED_FILES:
        english = read_yaml(knowledge_dir / name, problems, "restore it from git.")
        path = knowledge_dir / language / name
        translated = read_yaml(path, problems, "translate the English file of the same name.")
        if english is None or translated is None:
            continue
        source, target = dict(_flatten(english)), dict(_flatten(translated))
        for key in sorted(source.keys() - target.keys()):
            problems.append(f"{path}: {key} is missing. Fix: translate it from knowledge/{name}.")
        for key in sorted(target.keys() - source.keys()):
            problems.append(f"{path}: {key} is not in knowledge/{name}. Fix: remove it, or add it in English too.")
        for key in sorted(source.keys() & target.keys()):
            original, text = source[key], target[key]
            if any(part in key for part in VERBATIM):
                if original != text:
                    problems.append(f"{path}: {key} must be {original!r} as in knowledge/{name}. Fix: copy it unchanged.")
                continue
            if not isinstance(original, str) or not isinstance(text, str):
                continue
            if not text.strip():
                problems.append(f"{path}: {key} is empty. Fix: write the translation.")
            if _fields(text) != _fields(original):
                problems.append(f"{path}: {key} has placeholders {sorted(_fields(text))}, the English "
                                f"{sorted(_fields(original))}. Fix: keep the English placeholders, untranslated.")
            invented = figures(text) - figures(original) - clinic_figures
            if invented:
                problems.append(f"{path}: {key} has the figure(s) {', '.join(sorted(invented))} that neither "
                                f"knowledge/{name} nor the clinic file has. Fix: take them out or use a placeholder.")
    return problems
