"""The custom actions with a fake tracker, against a real SQLite handoff store."""
from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.booking import ActionSubmitBooking
from actions.consent import ActionAcceptConsent
from actions.contact_form import ActionSaveContact, ValidateContactForm
from actions.fallback import ActionFallback
from actions.open_handoff import ActionOpenHandoff
from actions.prescreen import ActionStartPrescreen, ActionSubmitPrescreen, ValidatePrescreenForm
from actions.triage import ActionTriageSymptom
from bot.content.contract import PRESCREEN_FLAGS
from tests.action_case import run_action

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_store(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/handoffs.db")
    monkeypatch.delenv("STAFF_WEBHOOK_URL", raising=False)
    services.store.cache_clear()
    yield
    services.store.cache_clear()


def tracker(text: str = "", intent: str = "inform", slots: dict[str, Any] | None = None, sender: str = "patient-1",
            events: list[dict[str, Any]] | None = None) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    history = events if events is not None else [
        {"event": "user", "text": text, "timestamp": time.time(), "parse_data": message, "input_channel": "rest"},
    ]
    return Tracker(sender, slots or {}, message, history, False, None, {}, "action_listen")


def run(action, track: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The events and what the patient reads (the widget's handoff notices are checked apart)."""
    events, messages = run_all(action, track)
    return events, [m for m in messages if m.get("text")]


def run_all(action, track: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    result = run_action(action, track)
    return result.events, result.messages


def handoff_notices(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m["custom"] for m in messages if (m.get("custom") or {}).get("type") == "handoff"]


def slots(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_emergency_says_call_the_emergency_number_first_and_opens_an_urgent_handoff():
    events, everything = run_all(ActionTriageSymptom(), tracker("my lips are swelling and I can't breathe", "report_symptom"))
    assert everything[0]["text"].lower().startswith("call your local emergency number now")
    # The widget is told a person has the conversation, after the emergency advice.
    assert handoff_notices(everything) == [{"type": "handoff", "reason": "symptom", "urgency": "emergency"}]
    messages = [m for m in everything if m.get("text")]
    set_slots = slots(events)
    assert set_slots["triage_level"] == "emergency"
    row = services.store().get(set_slots["handoff_id"])
    assert row.urgency == "emergency" and row.reason == "symptom"
    assert "swelling" in " ".join(row.triage_signs) or row.triage_signs
    assert any("contact you" in m["text"] for m in messages)  # consent asked after, not before


def test_urgent_gives_the_clinic_phone_and_opens_a_handoff_before_asking_anything():
    events, messages = run(ActionTriageSymptom(), tracker("there's pus on my cheek since yesterday", "report_symptom"))
    assert "+1 555 010 0142" in messages[0]["text"]
    row = services.store().get(slots(events)["handoff_id"])
    assert row.urgency == "urgent" and row.days_since_treatment == 1
    assert row.transcript[0]["text"] == "there's pus on my cheek since yesterday"


def test_routine_symptom_reassures_from_the_article_without_a_handoff():
    events, messages = run(ActionTriageSymptom(), tracker("a bit red and tight on day 2", "report_symptom"))
    assert slots(events)["triage_level"] == "routine" and "handoff_id" not in slots(events)
    assert "varies by clinician and case" in messages[0]["text"]


def test_routine_symptom_during_the_prescreen_offers_to_carry_on_later():
    _, messages = run(ActionTriageSymptom(), tracker("bit red on day 2", "report_symptom", {"prescreen_pregnancy": "no"}))
    assert any("carry on where we left off" in m["text"] for m in messages)


def test_the_message_that_starts_the_prescreen_counts_as_an_answer():
    events, messages = run(ActionStartPrescreen(), tracker("I'm on blood thinners, can I still do it?", "check_candidacy"))
    assert slots(events)["prescreen_anticoagulants"] == "yes"
    assert "only a clinician" in messages[0]["text"]


def test_form_reads_the_answer_and_other_facts_in_one_message():
    form = ValidatePrescreenForm()
    track = tracker("yes, and I take Eliquis", "affirm", {"requested_slot": "prescreen_pregnancy"})
    events = asyncio.run(form.get_extraction_events(CollectingDispatcher(), track, {}))
    assert slots(events) == {"prescreen_pregnancy": "yes", "prescreen_anticoagulants": "yes"}


def test_form_does_not_take_a_question_as_an_answer():
    form = ValidatePrescreenForm()
    track = tracker("does it hurt?", "faq", {"requested_slot": "prescreen_pregnancy"})
    assert asyncio.run(form.get_extraction_events(CollectingDispatcher(), track, {})) == []


def _answers(**overrides: str) -> dict[str, str]:
    answers = {f"prescreen_{f}": "no" for f in PRESCREEN_FLAGS} | {"prescreen_blood_products": "yes"}
    return answers | {f"prescreen_{k}": v for k, v in overrides.items()}


def test_prescreen_with_flags_is_soft_and_opens_a_review_handoff():
    events, messages = run(ActionSubmitPrescreen(), tracker("no", "deny", _answers(anticoagulants="yes", pregnancy="not_sure")))
    set_slots = slots(events)
    assert set_slots["prescreen_outcome"] == "needs_review"
    assert set_slots["prescreen_flags"] == ["anticoagulants", "pregnancy"]
    text = messages[0]["text"]
    assert "blood-thinning" in text and "doesn't stop you booking" in text
    row = services.store().get(set_slots["handoff_id"])
    assert row.reason == "prescreen_review" and row.prescreen_flags == ["anticoagulants", "pregnancy"]


def test_prescreen_without_flags_says_a_clinician_confirms_at_consultation():
    events, messages = run(ActionSubmitPrescreen(), tracker("no", "deny", _answers()))
    assert slots(events) == {"prescreen_outcome": "no_flags", "prescreen_flags": []}
    assert "a clinician will still confirm at your consultation" in messages[0]["text"]


def test_request_for_a_person_opens_one_handoff_even_when_repeated():
    first, messages = run(ActionOpenHandoff(), tracker("talk to a person", "request_human"))
    assert "+1 555 010 0142" in messages[0]["text"]
    handoff_id = slots(first)["handoff_id"]
    again, _ = run(ActionOpenHandoff(), tracker("a human please", "request_human", slots(first)))
    assert slots(again)["handoff_id"] == handoff_id
    assert len(services.store().for_conversation("patient-1")) == 1


def test_bad_phone_is_asked_again_and_a_good_one_is_kept():
    form = ValidateContactForm()
    dispatcher = CollectingDispatcher()
    assert form.validate_contact_reach("12", dispatcher, tracker(), {}) == {"contact_reach": None}
    assert "doesn't look like a phone number" in dispatcher.messages[0]["text"]
    good = form.validate_contact_reach("call me on (212) 555-0100", CollectingDispatcher(), tracker(), {})
    assert good["contact_phone"] == "+12125550100"


def test_contact_details_are_added_to_the_handoff():
    opened, _ = run(ActionOpenHandoff(), tracker("talk to a person", "request_human"))
    state = slots(opened) | {"contact_name": "Sam Lee", "contact_phone": "+12125550100", "contact_time": "mornings"}
    _, messages = run(ActionSaveContact(), tracker("mornings", "inform", state))
    row = services.store().get(state["handoff_id"])
    assert (row.contact_name, row.contact_phone, row.contact_time) == ("Sam Lee", "+12125550100", "mornings")
    assert "will contact you" in messages[0]["text"]


def test_booking_request_becomes_a_booking_handoff():
    events, _ = run(ActionSubmitBooking(), tracker("tuesday mornings", "inform", {"booking_preference": "tuesday mornings"}))
    row = services.store().get(slots(events)["handoff_id"])
    assert row.reason == "booking" and row.booking_preference == "tuesday mornings"


def test_second_fallback_in_a_row_hands_over_to_a_person():
    miss = {"event": "user", "text": "blorp", "parse_data": {"intent": {"name": "nlu_fallback"}}}
    once, messages = run(ActionFallback(), tracker("blorp", "nlu_fallback", events=[miss]))
    assert slots(once) == {} and "say it another way" in messages[0]["text"]
    assert (once[-1]["event"], once[-1]["name"]) == ("followup", "action_listen")  # waits for the patient, no loop
    answered = {"event": "action", "name": "action_fallback"}
    twice, _ = run(ActionFallback(), tracker("blorp", "nlu_fallback", events=[miss, answered, {"event": "bot", "text": "?"}, miss]))
    assert services.store().get(slots(twice)["handoff_id"]).reason == "repeated_fallback"


def test_an_emergency_that_nlu_did_not_understand_still_gets_the_emergency_number_first():
    text = "my throat is swelling and I can't breathe PHICANARY-d9e7db1f-5ec9-4f2c-bce2-a573bccd2df2"
    events, messages = run(ActionFallback(), tracker(text, "nlu_fallback"))
    assert messages[0]["text"].lower().startswith("call your local emergency number now")
    assert slots(events)["triage_level"] == "emergency"
    assert services.store().get(slots(events)["handoff_id"]).urgency == "emergency"


def test_an_understood_turn_in_between_resets_the_misses():
    miss = {"event": "user", "text": "blorp", "parse_data": {"intent": {"name": "nlu_fallback"}}}
    understood = {"event": "user", "text": "how much is it", "parse_data": {"intent": {"name": "faq"}}}
    answered = {"event": "action", "name": "action_fallback"}
    events = [miss, answered, understood, {"event": "action", "name": "utter_faq"}, miss]
    result, messages = run(ActionFallback(), tracker("blorp", "nlu_fallback", events=events))
    assert "handoff_id" not in slots(result) and "say it another way" in messages[0]["text"]


def test_every_form_question_has_a_registered_ask_action():
    """Rasa asks each form slot through action_ask_<slot>; a missing one ends the form silently."""
    import gc

    import yaml
    from rasa_sdk.executor import ActionExecutor

    gc.collect()  # unreferenced dynamic classes would vanish here
    executor = ActionExecutor()
    executor.register_package("actions")
    domain = yaml.safe_load(open("domain.yml", encoding="utf-8"))
    for form in domain["forms"].values():
        for slot in form["required_slots"]:
            assert f"action_ask_{slot}" in executor.actions, slot
    asyncio.run(executor.actions["action_ask_prescreen_pregnancy"](CollectingDispatcher(), tracker(), {}))


def test_database_down_still_gives_the_phone_number_and_keeps_the_handoff(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    services.store.cache_clear()
    events, messages = run(ActionOpenHandoff(), tracker("I need a person", "request_human"))
    assert "+1 555 010 0142" in messages[0]["text"]
    assert slots(events)["handoff_id"]
    assert list((tmp_path / "spool").glob("*.json"))  # waiting to be replayed, not lost


def test_patient_is_told_when_staff_will_reply(monkeypatch):
    from datetime import datetime, timezone

    import actions.common as common

    class Clock(datetime):
        moment = datetime(2026, 11, 26, 20, 0, tzinfo=timezone.utc)  # Thursday 15:00 in New York

        @classmethod
        def now(cls, tz=None):
            return cls.moment

    monkeypatch.setattr(common, "datetime", Clock)
    english, spanish = services.knowledge(), services.knowledge("es")
    assert common.when_staff_reply(english) == "shortly, during today's opening hours"
    Clock.moment = datetime(2026, 11, 29, 20, 0, tzinfo=timezone.utc)  # Sunday: closed
    assert common.when_staff_reply(english) == "after we open again (Mon 09:00)"
    assert "el lunes a las 09:00" in common.when_staff_reply(spanish)


def test_yes_counts_as_consent_only_right_after_the_consent_question():
    consent = services.knowledge().template("ask_contact_consent")
    asked = {"event": "bot", "text": consent, "metadata": {"message_key": "ask_contact_consent"}}
    answered = [asked, {"event": "user", "text": "yes"}]
    events, messages = run(ActionAcceptConsent(), tracker("yes", "affirm", events=answered))
    assert slots(events) == {"awaiting_consent": False, "contact_consent": True} and messages == []
    # Recognised by which message was asked, not by its wording: the same words without the key are not it.
    unmarked = [{"event": "bot", "text": consent}, {"event": "user", "text": "yes"}]
    events, messages = run(ActionAcceptConsent(), tracker("yes", "affirm", events=unmarked))
    assert "contact_consent" not in slots(events) and messages[0]["text"] == consent
    later = [asked, {"event": "user", "text": "does it hurt?"},
             {"event": "bot", "text": "Is there anything else you'd like to know?"}, {"event": "user", "text": "yes"}]
    events, messages = run(ActionAcceptConsent(), tracker("yes", "affirm", events=later))
    assert "contact_consent" not in slots(events)
    assert messages[0]["text"] == consent and messages[0]["message_key"] == "ask_contact_consent"  # asked again
    assert events[-1]["event"] == "followup" and events[-1]["name"] == "action_listen"


def test_every_form_validator_is_sent_the_domain_it_reads():
    """Rasa sends the domain only to actions marked send_domain (enable_selective_domain in endpoints.yml).

    A FormValidationAction without it would find no required slots and
    silently stop validating the pre-screen or contact answers.
    """
    import importlib
    import inspect
    import pkgutil
    from pathlib import Path

    import yaml
    from rasa_sdk.forms import FormValidationAction
    from rasa_sdk.utils import all_subclasses

    import actions

    for module in pkgutil.iter_modules(actions.__path__):
        importlib.import_module(f"actions.{module.name}")
    # Every concrete validator, also those built on actions.form_validation's base class (as the SDK's scan finds them).
    validators = {cls().name() for cls in all_subclasses(FormValidationAction) if not inspect.isabstract(cls)}
    root = Path(__file__).resolve().parent.parent
    marked = {name for entry in yaml.safe_load((root / "domain.yml").read_text())["actions"] if isinstance(entry, dict)
              for name, options in entry.items() if (options or {}).get("send_domain")}
    assert validators == {"validate_prescreen_form", "validate_contact_form"}
    assert validators <= marked
    for endpoints in ("endpoints.yml", "deploy/endpoints.production.yml"):
        assert yaml.safe_load((root / endpoints).read_text())["action_endpoint"]["enable_selective_domain"] is True


# --- red flags (issue 10) -------------------------------------------------------------------------

def test_a_symptom_nothing_recognises_is_not_reassured_and_a_person_is_offered():
    events, messages = run(ActionTriageSymptom(), tracker("my skin looks kind of shiny today, is that ok?", "report_symptom"))
    first = messages[0]["text"]
    assert "can't judge this here" in first and "+1 555 010 0142" in first
    assert "Some changes are expected" not in first  # the routine reassurance
    assert slots(events).get("triage_level") != "routine"
    row = services.store().get(slots(events)["handoff_id"])
    assert row.reason == "symptom" and row.triage_signs == ["symptom the assistant could not place"]
    assert any("contact you" in m["text"] for m in messages)


def test_urgent_out_of_hours_says_what_to_do_now(monkeypatch):
    import bot.care.triage_advice
    sunday_night = datetime(2026, 12, 7, 3, 0, tzinfo=timezone.utc)  # Sunday 22:00 in New York
    monkeypatch.setattr(bot.care.triage_advice, "now", lambda: sunday_night)
    events, messages = run(ActionTriageSymptom(), tracker("there's pus on my cheek", "report_symptom"))
    first = messages[0]["text"]
    assert "closed right now" in first and "Mon 09:00" in first
    assert "urgent care" in first and "911" in first
    assert slots(events)["triage_level"] == "urgent"


def test_urgent_out_of_hours_names_the_after_hours_line_when_the_clinic_has_one(monkeypatch, tmp_path):
    import bot.care.triage_advice
    from bot.care.triage import load_advice
    from bot.content.knowledge import load
    clinic = (PROJECT / "knowledge" / "clinic.yml").read_text().replace("after_hours_phone: null",
                                                                         'after_hours_phone: "+1 555 010 0177"')
    (tmp_path / "clinic.yml").write_text(clinic)
    knowledge = load(PROJECT / "knowledge", tmp_path / "clinic.yml")
    text = bot.care.triage_advice.advice(knowledge, load_advice(PROJECT / "knowledge"), "urgent",
                                    moment=datetime(2026, 12, 7, 3, 0, tzinfo=timezone.utc))
    assert "after-hours line on +1 555 010 0177" in text and "urgent care" not in text


def test_urgent_in_opening_hours_says_call_the_clinic_now(monkeypatch):
    import bot.care.triage_advice
    monday_noon = datetime(2026, 12, 7, 17, 0, tzinfo=timezone.utc)  # Monday 12:00 in New York
    monkeypatch.setattr(bot.care.triage_advice, "now", lambda: monday_noon)
    _, messages = run(ActionTriageSymptom(), tracker("there's pus on my cheek", "report_symptom"))
    assert "call Larkspur Skin Clinic now on +1 555 010 0142" in messages[0]["text"]


def test_a_spanish_emergency_gets_the_emergency_line_in_spanish_and_english():
    events, messages = run(ActionTriageSymptom(), tracker("no puedo respirar y se me hinchan los labios", "greet"))
    first = messages[0]["text"]
    assert first.startswith("Llame ahora a su número local de emergencias (911)")
    assert "Call your local emergency number now (911)" in first
    assert slots(events)["triage_level"] == "emergency"


def test_the_rest_of_an_alarming_message_is_offered_after_the_triage():
    red_flag = {"level": "emergency", "signs": ["trouble breathing or wheezing"], "language": "en",
                "understood": {"intent": "faq", "topic": "faq/cost"}}
    track = tracker("how much is it? also i cant breathe", "report_symptom")
    track.latest_message["red_flag"] = red_flag
    _, everything = run_all(ActionTriageSymptom(), track)
    texts_ = [m for m in everything if m.get("text")]
    assert texts_[0]["text"].startswith("Call your local emergency number now")
    offer = [m for m in texts_ if "You also asked" in m["text"]]
    title = services.knowledge().answers["faq/cost"].title
    assert offer and offer[0]["buttons"] == [{"title": title, "payload": title}]


def test_a_message_in_a_language_the_assistant_does_not_speak_gets_a_bilingual_note():
    _, messages = run(ActionFallback(), tracker("bonjour, combien coute le traitement pour mon visage?", "nlu_fallback"))
    text = messages[0]["text"]
    assert "English" in text and "+1 555 010 0142" in text


def test_a_spanish_alarm_in_a_spanish_conversation_is_answered_in_spanish_then_the_rest_offered():
    red_flag = {"level": "urgent", "signs": ["fever or chills"], "language": "es",
                "understood": {"intent": "faq", "topic": "faq/cost"}}
    track = tracker("hola, tengo fiebre desde ayer, y cuánto cuesta?", "report_symptom", slots={"language": "es"})
    track.latest_message["red_flag"] = red_flag
    _, messages = run(ActionTriageSymptom(), track)
    assert messages[0]["text"].startswith("Lo que describe debe revisarlo pronto un profesional")
    assert "What you describe" not in messages[0]["text"]  # the conversation is Spanish: no English line
    assert any(m["text"].startswith('También preguntó: "¿Cuánto cuesta?"') for m in messages)


def test_a_spanish_alarm_in_an_english_conversation_gets_both_languages():
    red_flag = {"level": "emergency", "signs": ["trouble breathing or wheezing"], "language": "es", "understood": {}}
    track = tracker("no puedo respirar", "report_symptom")
    track.latest_message["red_flag"] = red_flag
    _, messages = run(ActionTriageSymptom(), track)
    assert messages[0]["text"].startswith("Llame ahora a su número local de emergencias")
    assert "Call your local emergency number now" in messages[0]["text"]


def _contact_form_turns(*answers: str) -> list[dict[str, Any]]:
    """The contact form asked for a name, got one, then asked for the number and got ``answers``."""
    events: list[dict[str, Any]] = [
        {"event": "active_loop", "name": "contact_form"},
        {"event": "slot", "name": "requested_slot", "value": "contact_name"},
        {"event": "user", "text": "Sam Lee"},
        {"event": "slot", "name": "contact_name", "value": "Sam Lee"},
        {"event": "slot", "name": "requested_slot", "value": "contact_reach"},
    ]
    for number, answer in enumerate(answers):
        if number:
            events += [{"event": "slot", "name": "contact_reach", "value": None},
                       {"event": "slot", "name": "requested_slot", "value": "contact_reach"}]
        events += [{"event": "user", "text": answer, "parse_data": {"intent": {"name": "inform"}}}]
    return events + [{"event": "slot", "name": "contact_reach", "value": answers[-1]}]


def _validate_reach(*answers: str) -> list[str]:
    domain = yaml.safe_load((PROJECT / "domain.yml").read_text(encoding="utf-8"))
    state = {"requested_slot": "contact_reach", "contact_name": "Sam Lee", "contact_reach": answers[-1]}
    track = Tracker("patient-1", state, {"text": answers[-1], "intent": {"name": "inform"}, "entities": []},
                    _contact_form_turns(*answers), False, None, {"name": "contact_form"}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ValidateContactForm().run(dispatcher, track, domain))  # the form's validator gets the domain
    return [m["text"] for m in dispatcher.messages]


def test_the_contact_question_is_explained_after_the_second_answer_it_cannot_use():
    explanation = services.knowledge().template("explain_contact_reach")
    first = _validate_reach("my cat")
    assert len(first) == 1 and "doesn't look like a phone number" in first[0]
    second = _validate_reach("my cat", "dunno")
    assert len(second) == 2 and second[1] == explanation and "+1 555 010 0142" in explanation
    # A usable answer after that needs no explanation.
    assert _validate_reach("my cat", "dunno", "sam@example.com") == []


def test_attempts_count_from_the_first_time_the_form_asked_for_that_slot():
    from actions.form_validation import attempts
    assert attempts(_contact_form_turns("a"), "contact_reach") == 1
    assert attempts(_contact_form_turns("a", "b", "c"), "contact_reach") == 3
    # The earlier answer to the name question is not counted as a try at the number.
    assert attempts(_contact_form_turns("a")[:3], "contact_name") == 1


def test_a_spanish_urgent_message_out_of_hours_says_what_to_do_now_in_both_languages(monkeypatch):
    """Not "llame a la clínica" while it is closed: the Spanish line names urgent care too."""
    import bot.care.triage_advice
    monkeypatch.setattr(bot.care.triage_advice, "now", lambda: datetime(2026, 12, 7, 3, 0, tzinfo=timezone.utc))
    red_flag = {"level": "urgent", "signs": ["fever or chills"], "language": "es", "understood": {}}
    track = tracker("me hice el tratamiento ayer y tengo fiebre de 38,7 y pus", "report_symptom")
    track.latest_message["red_flag"] = red_flag
    _, messages = run(ActionTriageSymptom(), track)
    spanish, english = messages[0]["text"].split(" / ", 1)
    assert "fuera de horario" in spanish and "centro de atención de urgencias" in spanish and "911" in spanish
    assert "llame a Larkspur" not in spanish
    assert english.startswith("What you describe") and "closed right now" in english and "urgent care" in english
    assert "please call Larkspur" not in english
