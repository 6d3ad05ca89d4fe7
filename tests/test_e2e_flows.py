"""Whole conversations through REST against the real servers and databases.

They end where staff see them: a handoff row with its transcript and flags.
"""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from tests.servers import Servers, texts

pytestmark = pytest.mark.slow


def _handoffs(servers: Servers, sender: str) -> list[dict]:
    engine = sa.create_engine(f"sqlite:///{servers.handoffs_db}")
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT * FROM handoffs WHERE conversation_id = :s"), {"s": sender})
        return [dict(row._mapping) for row in rows]


def test_prescreen_with_a_flag_ends_in_a_review_handoff_with_contact(servers):
    sender = str(uuid.uuid4())
    replies = servers.say(sender, "am I a good candidate for this?")
    assert "only a clinician can" in texts(replies)
    assert "skin infection" in texts(replies).lower()
    answers = iter(["no", "no", "no", "no", "no", "yes, I take Eliquis", "no", "no", "no", "yes", "no"])
    for _ in range(11):
        replies = servers.say(sender, next(answers))
        if "all my questions" in texts(replies):
            break
    text = texts(replies)
    assert "blood-thinning" in text and "can't have" not in text
    servers.say(sender, "yes")                      # consent
    servers.say(sender, "Sam Lee")                  # name
    servers.say(sender, "212 555 0100")             # phone
    replies = servers.say(sender, "mornings")       # best time
    assert "will contact you" in texts(replies)
    [row] = _handoffs(servers, sender)
    assert row["reason"] == "prescreen_review" and row["contact_name"] == "Sam Lee"
    assert "anticoagulants" in row["prescreen_flags"] and "Eliquis" in row["transcript"]


def test_emergency_mid_prescreen_says_emergency_number_first(servers):
    sender = str(uuid.uuid4())
    assert "only a clinician can" in texts(servers.say(sender, "am i a candidate for this treatment?"))
    replies = servers.say(sender, "my throat is swelling and I can't breathe")
    assert replies[0]["text"].lower().startswith("call your local emergency number now")
    [row] = _handoffs(servers, sender)
    assert row["urgency"] == "emergency"


def test_why_do_you_ask_explains_and_repeats_the_question(servers):
    sender = str(uuid.uuid4())
    first = texts(servers.say(sender, "am i a candidate"))
    replies = servers.say(sender, "why do you need to know that?")
    assert len(replies) >= 2 and replies[-1]["text"] in first


def test_stop_leaves_the_prescreen_politely(servers):
    sender = str(uuid.uuid4())
    assert "only a clinician can" in texts(servers.say(sender, "would I be a good candidate for prp microneedling?"))
    replies = servers.say(sender, "stop, I don't want to answer these")
    assert "we can stop here" in texts(replies)
    assert _handoffs(servers, sender) == []


@pytest.mark.parametrize("text", ["stop", "why?", "sarah@example.com", "asdf qwer"])
def test_the_assistant_never_answers_with_silence(servers, text):
    assert texts(servers.say(str(uuid.uuid4()), text)).strip()


def test_person_requested_mid_form_creates_a_handoff(servers):
    sender = str(uuid.uuid4())
    assert "only a clinician can" in texts(servers.say(sender, "am i a good candidate for microneedling?"))
    replies = servers.say(sender, "can I talk to a real person please")
    assert "+1 555 010 0142" in texts(replies)
    [row] = _handoffs(servers, sender)
    assert row["reason"] == "request"


def test_booking_request(servers):
    sender = str(uuid.uuid4())
    replies = servers.say(sender, "I'd like to book a consultation")
    assert "which days and times" in texts(replies).lower()
    replies = servers.say(sender, "tuesday or thursday afternoons")
    assert "contact you" in texts(replies)
    [row] = _handoffs(servers, sender)
    assert row["reason"] == "booking" and row["booking_preference"] == "tuesday or thursday afternoons"


def test_bad_email_is_asked_again_and_explained_after_the_second_try(servers):
    sender = str(uuid.uuid4())
    servers.say(sender, "i want to speak to someone")
    servers.say(sender, "yes please")
    servers.say(sender, "Priya")
    replies = servers.say(sender, "priya@")
    assert "doesn't look like a phone number or e-mail" in texts(replies)
    assert "Our team needs a phone number" not in texts(replies)
    # A second unusable answer: why the number is needed, and the clinic's phone as the other way.
    said = texts(servers.say(sender, "priya at gmail"))
    assert "doesn't look like a phone number or e-mail" in said
    assert "Our team needs a phone number or an e-mail address to get back to you" in said and "+1 555 010 0142" in said
    replies = servers.say(sender, "priya@example.com")
    assert "good time" in texts(replies)


def test_yes_to_anything_else_is_not_consent_to_be_contacted(servers):
    sender = str(uuid.uuid4())
    servers.say(sender, "i want to speak to someone")      # consent asked
    servers.say(sender, "how much does it cost?")           # answer, then "anything else?"
    replies = servers.say(sender, "yes")
    assert "Would you like our team to contact you?" in texts(replies)
    assert "What name" not in texts(replies)


def test_a_message_asking_two_things_gets_both_answers(servers):
    from actions import services

    knowledge = services.knowledge()
    replies = servers.say(str(uuid.uuid4()), "how much does a session cost and does it hurt a lot?")
    topics = [(r.get("custom") or {}).get("topic") for r in replies]
    assert topics.count("faq/cost") == 1 and topics.count("faq/pain") == 1, replies
    assert f'You also asked: "{knowledge.answers["faq/pain"].title}"' in texts(replies)


def test_did_you_mean_offers_topics_and_a_pressed_one_is_answered_then_something_else_offers_a_person(servers):
    sender = str(uuid.uuid4())
    replies = servers.say(sender, "the thing with the needles and the blood")
    offer = [r for r in replies if "Did you mean" in (r.get("text") or "")]
    assert offer, replies
    buttons = offer[0]["buttons"]
    assert [b["title"] for b in buttons[-2:]] == ["Something else", "Talk to staff"]
    topic = buttons[0]
    answered = servers.say(sender, topic["payload"])
    assert [(r.get("custom") or {}).get("title") for r in answered if r.get("custom")][0] == topic["title"], answered

    again = str(uuid.uuid4())
    servers.say(again, "the thing with the needles and the blood")
    replies = servers.say(again, "/nlu_fallback")  # "Something else": the second miss
    assert "passed this conversation to our team" in texts(replies)
    assert [h["reason"] for h in _handoffs(servers, again)] == ["repeated_fallback"]
