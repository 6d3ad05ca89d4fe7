"""The Spanish knowledge files (knowledge/es/) are checked against the English ones at start-up (issue 14)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.content.knowledge import KnowledgeError, load


def _edit(folder: Path, name: str, change) -> None:
    path = folder / "es" / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _problems(folder: Path) -> str:
    with pytest.raises(KnowledgeError) as refused:
        load(folder, folder / "clinic.yml")
    return str(refused.value)


def test_the_spanish_files_match_the_english_ones(knowledge):
    assert knowledge.answers  # load() checked knowledge/es/ too, or it would have raised


def test_a_key_missing_in_spanish_is_refused(knowledge_copy: Path) -> None:
    _edit(knowledge_copy, "faq.yml", lambda data: data["faq"].pop("cost"))
    assert "knowledge/es/faq.yml: faq.cost.answer is missing" in _problems(knowledge_copy).replace(str(knowledge_copy.parent) + "/", "")


def test_a_figure_the_english_and_the_clinic_do_not_have_is_refused(knowledge_copy: Path) -> None:
    def invent(data):
        data["faq"]["downtime"]["answer"] += " La mayoría se recupera en 45 días."
    _edit(knowledge_copy, "faq.yml", invent)
    assert "faq.downtime.answer has the figure(s) 45" in _problems(knowledge_copy)


def test_placeholders_sources_and_payloads_stay_as_in_english(knowledge_copy: Path) -> None:
    def translate_too_much(data):
        data["faq"]["what_is"]["sources"][0] = "Definición"
    _edit(knowledge_copy, "faq.yml", translate_too_much)

    def rename(data):
        template = data["templates"]["live_joined"]
        template["text"] = template["text"].replace("{person}", "{persona}")
        data["templates"]["ask_contact_consent"]["buttons"][0]["payload"] = "/afirmar"
    _edit(knowledge_copy, "messages.yml", rename)
    problems = _problems(knowledge_copy)
    assert "faq.what_is.sources[0] must be" in problems
    assert "templates.live_joined.text has placeholders ['clinic_name', 'persona']" in problems
    assert "templates.ask_contact_consent.buttons[0].payload must be '/affirm'" in problems


def test_a_clinic_without_a_spanish_folder_still_loads(knowledge_copy: Path) -> None:
    import shutil

    shutil.rmtree(knowledge_copy / "es")
    assert load(knowledge_copy, knowledge_copy / "clinic.yml").answers
