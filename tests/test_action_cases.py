"""Exact events and messages of each custom action on recorded conversations (tests/action_case.py).

tests/test_actions.py checks what the patient reads and what lands in the
handoff store; these pin the whole result of a run, so an action that starts
setting one more slot, says a message twice or forgets to hand the turn back
fails here.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet

from actions import services
from actions.booking import ActionSubmitBooking
from actions.consent import ActionAcceptConsent, ActionDeclineConsent
from actions.contact_form import ValidateContactForm
from actions.open_handoff import ActionOpenHandoff
from actions.prescreen import ActionExplainQuestion, ActionStopPrescreen, ActionSubmitPrescreen, ValidatePrescreenForm
from bot.content.contract import PRESCREEN_FLAGS, ActionName, Intent, Slot
from tests.action_case import bot_event, recorded_tracker, run_action, user_event
from tests.test_actions import isolated_store  # noqa: F401 - autouse: handoffs in a temporary database

PROJECT = Path(__file__).resolve().parent.parent
DOMAIN = yaml.safe_load((PROJECT / "domain.yml").read_text(encoding="utf-8"))


def _handoffs(conversation: str = "patient-1") -> list:
    return services.store().for_conversation(conversation)


def _all_no() -> dict[str, str]:
    """Every pre-screen answer that raises no flag (blood products: yes, they accept their own blood)."""
    return {Slot.prescreen(flag): "no" for flag in PRESCREEN_FLAGS} | {Slot.prescreen("blood_products"): "yes"}


def test_consent_right_after_the_consent_question_sets_both_slots_and_says_nothing():
    history = [user_event("talk to a person", Intent.REQUEST_HUMAN), bot_event("May we contact you?", "ask_contact_consent"),
               user_event("yes", Intent.AFFIRM)]
    run = run_action(ActionAcceptConsent(), recorded_tracker(events=history))
    run.assert_events([SlotSet(Slot.AWAITING_CONSENT, False), SlotSet(Slot.CONTACT_CONSENT, True)])
    run.assert_said([])


def test_a_yes_to_something_else_is_not_consent_the_question_is_asked_and_the_turn_handed_back():
    history = [user_event("is it painful?", Intent.FAQ), bot_event("Most people ...", "some_answer"), user_event("yes", Intent.AFFIRM)]
    run = run_action(ActionAcceptConsent(), recorded_tracker(events=history))
    run.assert_events([FollowupAction("action_listen")])
    run.assert_said(["ask_contact_consent"])


def test_declining_contact_keeps_the_handoff_and_says_how_to_reach_the_clinic():
    run = run_action(ActionDeclineConsent(), recorded_tracker("no thanks", Intent.DENY))
    run.assert_events([SlotSet(Slot.AWAITING_CONSENT, False), SlotSet(Slot.CONTACT_CONSENT, False)])
    run.assert_said(["handoff_no_contact"])
    assert "+1 555 010 0142" in run.texts()[0]


def test_stopping_the_prescreen_records_a_stopped_outcome_and_clears_the_question():
    run = run_action(ActionStopPrescreen(), recorded_tracker("stop", Intent.STOP, {Slot.prescreen("pregnancy"): "yes"}))
    run.assert_events([SlotSet(Slot.PRESCREEN_OUTCOME, "incomplete"), SlotSet(Slot.PRESCREEN_FLAGS, ["pregnancy"]),
                       SlotSet("requested_slot", None)])
    run.assert_said(["prescreen_stopped"])


def test_a_prescreen_without_flags_sets_the_outcome_and_opens_no_handoff():
    run = run_action(ActionSubmitPrescreen(), recorded_tracker("no", Intent.DENY, _all_no()))
    run.assert_events([SlotSet(Slot.PRESCREEN_OUTCOME, "no_flags"), SlotSet(Slot.PRESCREEN_FLAGS, [])])
    run.assert_said(["prescreen_no_flags", "utter_anything_else"])
    assert _handoffs() == []


def test_a_prescreen_with_a_flag_opens_one_review_handoff_then_asks_consent():
    answers = _all_no() | {Slot.prescreen("anticoagulants"): "yes"}
    run = run_action(ActionSubmitPrescreen(), recorded_tracker("no", Intent.DENY, answers))
    [handoff] = _handoffs()
    run.assert_events([SlotSet(Slot.PRESCREEN_OUTCOME, "needs_review"), SlotSet(Slot.PRESCREEN_FLAGS, ["anticoagulants"]),
                       SlotSet(Slot.HANDOFF_ID, handoff.id), SlotSet(Slot.HANDOFF_REASON, "prescreen_review"),
                       SlotSet(Slot.AWAITING_CONSENT, True)])
    run.assert_said(["prescreen_needs_review", "custom:handoff", "ask_contact_consent"])


def test_why_do_you_ask_explains_the_question_being_asked_and_changes_nothing():
    run = run_action(ActionExplainQuestion(), recorded_tracker("why do you ask", Intent.EXPLAIN,
                                                               {"requested_slot": Slot.prescreen("isotretinoin")}))
    run.assert_events([])
    run.assert_said(["text"])
    assert run.texts() == [services.screening().question("isotretinoin").why]


def test_a_person_asked_for_opens_a_request_handoff_says_so_then_asks_consent():
    run = run_action(ActionOpenHandoff(), recorded_tracker("can I talk to someone", Intent.REQUEST_HUMAN))
    [handoff] = _handoffs()
    run.assert_events([SlotSet(Slot.HANDOFF_ID, handoff.id), SlotSet(Slot.HANDOFF_REASON, "request"),
                       SlotSet(Slot.AWAITING_CONSENT, True)])
    run.assert_said(["custom:handoff", "person_requested", "ask_contact_consent"])


def test_a_booking_request_becomes_a_booking_handoff_with_the_preference():
    run = run_action(ActionSubmitBooking(), recorded_tracker("tuesday mornings", Intent.INFORM,
                                                             {Slot.BOOKING_PREFERENCE: "tuesday mornings"}))
    [handoff] = _handoffs()
    assert handoff.reason == "booking" and handoff.booking_preference == "tuesday mornings"
    run.assert_events([SlotSet(Slot.HANDOFF_ID, handoff.id), SlotSet(Slot.HANDOFF_REASON, "booking"),
                       SlotSet(Slot.AWAITING_CONSENT, True)])
    run.assert_said(["custom:handoff", "booking_received", "ask_contact_consent"])


def test_validator_rejects_an_unusable_number_then_explains_after_the_second():
    """covidflow's ValidateActionTestCase: a form validator's whole run, extraction included."""
    def validate(*answers: str):
        history = [ActiveLoop(ActionName.CONTACT_FORM), SlotSet("requested_slot", Slot.CONTACT_REACH)]
        for number, answer in enumerate(answers):
            if number:
                history += [SlotSet(Slot.CONTACT_REACH, None), SlotSet("requested_slot", Slot.CONTACT_REACH)]
            history += [user_event(answer, Intent.INFORM), SlotSet(Slot.CONTACT_REACH, answer)]
        state = {"requested_slot": Slot.CONTACT_REACH, Slot.CONTACT_NAME: "Sam Lee", Slot.CONTACT_REACH: answers[-1]}
        return run_action(ValidateContactForm(), recorded_tracker(events=history, slots=state,
                                                                 active_loop=ActionName.CONTACT_FORM), DOMAIN)

    first = validate("my cat")
    first.assert_events([SlotSet(Slot.CONTACT_REACH, None)])
    first.assert_said(["contact_invalid"])
    second = validate("my cat", "dunno")
    second.assert_events([SlotSet(Slot.CONTACT_REACH, None)])
    second.assert_said(["contact_invalid", "explain_contact_reach"])
    good = validate("my cat", "dunno", "call me on (212) 555-0100")
    good.assert_events([SlotSet(Slot.CONTACT_REACH, "given"), SlotSet(Slot.CONTACT_PHONE, "+12125550100"),
                        SlotSet(Slot.CONTACT_EMAIL, None)])
    good.assert_said([])


def test_the_prescreen_validator_takes_a_plain_no_for_the_question_asked_and_nothing_else():
    state = {"requested_slot": Slot.prescreen("pregnancy")}
    history = [ActiveLoop(ActionName.PRESCREEN_FORM), SlotSet("requested_slot", Slot.prescreen("pregnancy")),
               user_event("no", Intent.DENY)]
    run = run_action(ValidatePrescreenForm(), recorded_tracker(events=history, slots=state,
                                                               active_loop=ActionName.PRESCREEN_FORM), DOMAIN)
    run.assert_events([SlotSet(Slot.prescreen("pregnancy"), "no")])
    run.assert_said([])


def test_with_someone_online_in_opening_hours_a_person_asked_for_is_offered_a_live_chat(monkeypatch) -> None:
    monkeypatch.setattr("actions.common.can_offer", lambda clinic, live, moment: True)
    run = run_action(ActionOpenHandoff(), recorded_tracker("can I talk to someone", Intent.REQUEST_HUMAN))
    [handoff] = _handoffs()
    run.assert_events([SlotSet(Slot.HANDOFF_ID, handoff.id), SlotSet(Slot.HANDOFF_REASON, "request"),
                       SlotSet(Slot.AWAITING_CONSENT, True)])
    run.assert_said(["custom:handoff", "person_requested", "live_offer"])
    offer = run.messages[-1]
    assert offer["custom"] == {"type": "live_offer", "title": "Chat with a person now"}
    assert [button["title"] for button in offer["buttons"]] == ["Have someone call me back", "No, thanks"]


def test_closed_or_nobody_online_offers_only_the_call_back(monkeypatch) -> None:
    monkeypatch.setattr("actions.common.can_offer", lambda clinic, live, moment: False)
    run = run_action(ActionOpenHandoff(), recorded_tracker("can I talk to someone", Intent.REQUEST_HUMAN))
    assert run.said[-1] == "ask_contact_consent"


def test_a_broken_live_chat_check_never_costs_the_call_back(monkeypatch) -> None:
    def broken(clinic, live, moment):
        raise RuntimeError("database down")

    monkeypatch.setattr("actions.common.can_offer", broken)
    run = run_action(ActionOpenHandoff(), recorded_tracker("can I talk to someone", Intent.REQUEST_HUMAN))
    assert run.said[-1] == "ask_contact_consent"


def test_call_me_back_under_the_live_offer_is_consent():
    history = [user_event("talk to a person", Intent.REQUEST_HUMAN), bot_event("Someone is online now.", "live_offer"),
               user_event("/affirm", Intent.AFFIRM)]
    run = run_action(ActionAcceptConsent(), recorded_tracker(events=history))
    run.assert_events([SlotSet(Slot.AWAITING_CONSENT, False), SlotSet(Slot.CONTACT_CONSENT, True)])
