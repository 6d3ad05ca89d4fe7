"""The content patients read: complete, faithful to its sources, clinic facts filled in."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.content.contract import RETRIEVAL_KEYS
from bot.content.knowledge import KnowledgeError, format_hours, load
from bot.content.responses import build_responses, render_file

PROJECT = Path(__file__).resolve().parent.parent


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _problems(knowledge_dir: Path, clinic: Path | None = None) -> list[str]:
    with pytest.raises(KnowledgeError) as raised:
        load(knowledge_dir, clinic or knowledge_dir / "clinic.yml")
    return raised.value.problems


def test_every_contract_key_has_an_answer(knowledge):
    for intent, keys in RETRIEVAL_KEYS.items():
        for key in keys:
            assert knowledge.answer_text(f"{intent}/{key}").strip()


def test_answers_cite_real_sections_of_the_seed_article(knowledge):
    article = (PROJECT / "knowledge" / "seed-article.md").read_text(encoding="utf-8")
    for answer in knowledge.answers.values():
        assert answer.sources
        for source in answer.sources:
            assert source in article


def test_no_figure_in_an_answer_that_the_clinic_file_does_not_set(knowledge):
    clinic_text = yaml.safe_dump(knowledge.clinic, allow_unicode=True)
    for label in knowledge.answers:
        for number in re.findall(r"\d+", knowledge.answer_text(label)):
            assert number in clinic_text, f"{label} shows {number}, which the clinic file does not set"


def test_rendered_answers_have_no_leftover_placeholders(knowledge):
    for label in knowledge.answers:
        assert "{" not in knowledge.answer_text(label)


def test_clinic_facts_reach_the_answers(knowledge):
    cost = knowledge.answer_text("faq/cost")
    assert "$450" in cost and "$1,200" in cost
    assert "24 hours" in knowledge.answer_text("aftercare/makeup")
    assert "+1 555 010 0142" in knowledge.template("person_requested")


def test_unset_clinic_facts_say_it_varies_and_offer_the_team(knowledge_copy):
    def clear(clinic):
        clinic["prices"] = {"per_session": None, "packages": []}
        clinic["aftercare_protocol"] = {key: None for key in clinic["aftercare_protocol"]}

    _edit(knowledge_copy / "clinic.yml", clear)
    knowledge = load(knowledge_copy, knowledge_copy / "clinic.yml")
    for label in ("aftercare/makeup", "aftercare/exercise", "aftercare/next_session", "faq/sessions"):
        text = knowledge.answer_text(label)
        assert "varies by clinician and case" in text
        assert knowledge.clinic["phone"] in text
        assert not re.search(r"\b\d+\s*(hours?|days?|weeks?|sessions?)\b", text), text
    cost = knowledge.answer_text("faq/cost")
    assert "quotes prices at the consultation" in cost and "$" not in cost


def test_missing_answer_is_named_with_its_fix(knowledge_copy):
    _edit(knowledge_copy / "faq.yml", lambda data: data["faq"].pop("cost"))
    problems = _problems(knowledge_copy)
    assert any("faq.yml" in p and "faq/cost is missing" in p and "Fix:" in p for p in problems)


def test_unknown_placeholder_is_named(knowledge_copy):
    def typo(data):
        data["aftercare"]["makeup"]["answer"] += " {protocol_makup}"

    _edit(knowledge_copy / "aftercare.yml", typo)
    problems = _problems(knowledge_copy)
    assert any("aftercare/makeup" in p and "{protocol_makup}" in p for p in problems)


def test_empty_answer_and_missing_source_are_named(knowledge_copy):
    def damage(data):
        data["faq"]["pain"]["answer"] = "  "
        data["faq"]["safety"]["sources"] = []
        data["faq"]["cost"]["sources"] = ["A section that does not exist"]

    _edit(knowledge_copy / "faq.yml", damage)
    problems = "\n".join(_problems(knowledge_copy))
    assert "faq/pain has an empty answer" in problems
    assert "faq/safety has no sources" in problems
    assert "faq/cost cites 'A section that does not exist'" in problems


def test_broken_clinic_file_is_named(knowledge_copy):
    def damage(clinic):
        clinic["phone"] = ""
        clinic["hours"]["mon"] = "9 till 5"

    _edit(knowledge_copy / "clinic.yml", damage)
    problems = "\n".join(_problems(knowledge_copy))
    assert "'phone' is missing or empty" in problems
    assert "hours.mon is '9 till 5'" in problems


def test_invalid_yaml_is_named(knowledge_copy):
    (knowledge_copy / "messages.yml").write_text("responses: [unclosed", encoding="utf-8")
    problems = _problems(knowledge_copy)
    assert any("messages.yml" in p and "not valid YAML" in p for p in problems)


def test_opening_hours_are_grouped_for_reading():
    hours = {"mon": "09:00-18:00", "tue": "09:00-18:00", "wed": "09:00-18:00", "thu": "09:00-20:00",
             "fri": "09:00-17:00", "sat": "closed", "sun": "closed"}
    assert format_hours(hours) == "Mon–Wed 09:00–18:00, Thu 09:00–20:00, Fri 09:00–17:00, Sat–Sun closed"


def test_generated_responses_match_the_knowledge(knowledge):
    """data/responses.yml is what Rasa trains on; it must be today's knowledge."""
    committed = (PROJECT / "data" / "responses.yml").read_text(encoding="utf-8")
    spanish = load(PROJECT / "knowledge", PROJECT / "knowledge" / "clinic.yml", "es")
    assert committed == render_file(knowledge, [spanish]), "Run `python -m bot.ops.cli build` and commit data/responses.yml"


def test_answer_payload_carries_topic_and_sources_for_the_widget(knowledge):
    response = build_responses(knowledge)["utter_faq/cost"][0]
    assert response["text"] == knowledge.answer_text("faq/cost")
    assert response["custom"]["topic"] == "faq/cost"
    assert response["custom"]["sources"] == ["Common questions (FAQ) of microneedling with PRP", "Q: What does it cost?"]


def test_follow_up_offers_candidacy_and_staff(knowledge):
    buttons = build_responses(knowledge)["utter_anything_else"][0]["buttons"]
    payloads = {button["payload"] for button in buttons}
    assert {"/check_candidacy", "/request_human"} <= payloads


def test_the_pre_screen_answer_buttons_come_from_the_messages_file(knowledge, knowledge_copy):
    assert [b["title"] for b in knowledge.answer_buttons()] == ["Yes", "No", "Not sure"]
    _edit(knowledge_copy / "messages.yml", lambda data: data["answer_buttons"][1].pop("title"))
    problems = _problems(knowledge_copy)
    assert any("messages.yml" in p and "'answer_buttons'" in p and "Fix:" in p for p in problems)
