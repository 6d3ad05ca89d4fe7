"""action_fallback: "Did you mean ...?", then "please rephrase", then a person."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.common import ask_consent, content, open_handoff, say, topic_button
from actions.triage import screen_of, triage_symptom
from bot.care.triage_advice import other_language_note
from bot.language.topic_choices import PARSE_KEY as DID_YOU_MEAN
from bot.content.contract import LANGUAGE_CODES, ActionName


class ActionFallback(Action):
    """Offers the likeliest topics, else asks to rephrase; the second miss in a row hands over to a person.

    Rasa's TwoStageFallback, adapted to answers: the choices are the answers'
    own questions, plus "Something else" (a second miss) and "Talk to staff".

    A miss is any turn answered by this action: NLU did not understand, or no
    rule or story knew what to do next (Rasa's core fallback). It ends by
    listening: otherwise the core fallback predicts it again and again until
    Rasa's circuit breaker trips and the conversation goes silent.
    """

    def name(self) -> str:
        return ActionName.FALLBACK

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        screen, _ = screen_of(tracker)
        if screen.alarming:
            # Rasa's core fallback (no rule knew what to do next) on a message
            # naming an alarming sign: an emergency must never get "please rephrase".
            return triage_symptom(dispatcher, tracker) + [FollowupAction("action_listen")]
        if screen.language not in LANGUAGE_CODES:
            knowledge = services.knowledge()
            dispatcher.utter_message(text=other_language_note(knowledge, services.advice_templates()),
                                     buttons=knowledge.template_buttons("please_rephrase"))
            return [FollowupAction("action_listen")]
        if _consecutive_misses(tracker.events) < 2:
            choices = (tracker.latest_message or {}).get(DID_YOU_MEAN) or []
            if choices:
                offer_topics(dispatcher, tracker, choices)
            else:
                say(dispatcher, tracker, "please_rephrase")
            return [FollowupAction("action_listen")]
        events = open_handoff(dispatcher, tracker, "repeated_fallback")
        say(dispatcher, tracker, "fallback_twice")
        return events + ask_consent(dispatcher, tracker) + [FollowupAction("action_listen")]


def offer_topics(dispatcher: CollectingDispatcher, tracker: Tracker, labels: list[str]) -> None:
    """ "Did you mean ...?" with one button per topic, then the template's own buttons."""
    knowledge = content(tracker)
    buttons = [button for button in (topic_button(knowledge, label) for label in labels) if button]
    dispatcher.utter_message(text=knowledge.template("did_you_mean"),
                             buttons=buttons + knowledge.template_buttons("did_you_mean"))


def _consecutive_misses(events: list[dict[str, Any]]) -> int:
    """Patient turns in a row, up to this one, that ended in action_fallback."""
    misses = 0
    missed = True  # the turn being answered now
    for event in reversed(events):
        if event.get("event") == "action" and event.get("name") == ActionName.FALLBACK:
            missed = True
        elif event.get("event") == "user":
            if not missed:
                break
            misses += 1
            missed = False
    return misses
