"""An emergency sent in every state of a conversation, through the real servers.

Whatever the assistant was doing (a pre-screen question, the consent or a
contact question, a booking, after a handoff or a misunderstanding), the
first thing the patient reads is the emergency line, and staff have an
emergency handoff. The phrasings are typed as a patient would, with typos,
hedges and another question around them, so the intent classifier alone
would not have recognised them.
"""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from tests.servers import Servers, texts

pytestmark = pytest.mark.slow

EMERGENCIES = [
    "sorry to bother u but my throat feels like its closing and i cant breth good",
    "not sure if it matters, never had this before, but my lips are swelling up fast",
    "had it done an hour ago and now i have trouble breathing",
    "how long does the redness last? also i think im going to pass out",
]
PRESCREEN_ANSWERS = ["no", "no", "no", "no", "no", "no", "no", "no", "no", "no", "no"]


def _handoffs(servers: Servers, sender: str) -> list[dict]:
    engine = sa.create_engine(f"sqlite:///{servers.handoffs_db}")
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT * FROM handoffs WHERE conversation_id = :s"), {"s": sender})
        return [dict(row._mapping) for row in rows]


def _assert_emergency_first(servers: Servers, sender: str, message: str) -> list[dict]:
    replies = servers.say(sender, message)
    assert replies, f"no reply to {message!r}"
    assert replies[0].get("text", "").startswith("Call your local emergency number now (911)"), replies[0]
    urgencies = {row["urgency"] for row in _handoffs(servers, sender)}
    assert "emergency" in urgencies, urgencies
    return replies


@pytest.mark.parametrize("answered", range(len(PRESCREEN_ANSWERS)))
def test_emergency_at_each_prescreen_question(servers, answered):
    sender = str(uuid.uuid4())
    assert "only a clinician can" in texts(servers.say(sender, "am I a candidate for this?"))
    for answer in PRESCREEN_ANSWERS[:answered]:
        servers.say(sender, answer)
    _assert_emergency_first(servers, sender, EMERGENCIES[answered % len(EMERGENCIES)])


def test_emergency_at_the_consent_question(servers):
    sender = str(uuid.uuid4())
    assert "contact you" in texts(servers.say(sender, "can I talk to a person please"))
    _assert_emergency_first(servers, sender, EMERGENCIES[0])


@pytest.mark.parametrize("given", range(3))
def test_emergency_at_each_contact_question(servers, given):
    sender = str(uuid.uuid4())
    servers.say(sender, "can I talk to a person please")
    servers.say(sender, "yes")  # consent: the contact form asks the name first
    for answer in ["Sam Lee", "212 555 0100"][:given]:
        servers.say(sender, answer)
    _assert_emergency_first(servers, sender, EMERGENCIES[given + 1])


def test_emergency_after_a_handoff(servers):
    sender = str(uuid.uuid4())
    for message in ["can I talk to a person please", "yes", "Sam Lee", "212 555 0100", "mornings"]:
        replies = servers.say(sender, message)
    assert "will contact you" in texts(replies)
    _assert_emergency_first(servers, sender, EMERGENCIES[2])


def test_emergency_after_a_fallback(servers):
    sender = str(uuid.uuid4())
    assert "another way" in texts(servers.say(sender, "asdf qwerty zxcv"))
    _assert_emergency_first(servers, sender, EMERGENCIES[3])


def test_emergency_during_a_booking(servers):
    sender = str(uuid.uuid4())
    servers.say(sender, "I'd like to book a consultation")
    _assert_emergency_first(servers, sender, EMERGENCIES[1])


def test_emergency_inside_a_question_offers_the_question_afterwards(servers):
    sender = str(uuid.uuid4())
    replies = _assert_emergency_first(servers, sender, "how much does it cost? also my tongue is swelling up")
    offers = [reply for reply in replies if "You also asked" in reply.get("text", "")]
    assert offers and offers[0]["buttons"][0]["payload"]
    answer = servers.say(sender, offers[0]["buttons"][0]["payload"])
    assert "$450" in texts(answer)


def test_emergency_inside_a_request_for_a_person_is_an_emergency_handoff(servers):
    sender = str(uuid.uuid4())
    _assert_emergency_first(servers, sender, "can i talk to someone, i feel like im going to faint")
    assert [row["urgency"] for row in _handoffs(servers, sender)] == ["emergency"]


def test_spanish_emergency_gets_the_bilingual_line(servers):
    sender = str(uuid.uuid4())
    replies = servers.say(sender, "ayuda, no puedo respirar y se me hincha la lengua")
    assert replies[0]["text"].startswith("Llame ahora a su número local de emergencias (911)")
    assert "Call your local emergency number now (911)" in replies[0]["text"]


def test_unrecognised_symptom_is_not_reassured_and_offers_a_person(servers):
    sender = str(uuid.uuid4())
    replies = servers.say(sender, "my skin feels kind of waxy today, is that normal?")
    text = texts(replies)
    assert "Some changes are expected" not in text
    assert "can't judge this here" in text and "+1 555 010 0142" in text
    assert [row["reason"] for row in _handoffs(servers, sender)] == ["symptom"]


def test_emergency_after_a_did_you_mean_offer(servers):
    sender = str(uuid.uuid4())
    offered = servers.say(sender, "the thing with the needles and the blood")
    assert any("Did you mean" in reply.get("text", "") for reply in offered), offered
    _assert_emergency_first(servers, sender, EMERGENCIES[0])


def test_emergency_after_a_two_question_answer(servers):
    sender = str(uuid.uuid4())
    answered = servers.say(sender, "how much does a session cost and does it hurt a lot?")
    assert any("You also asked" in reply.get("text", "") for reply in answered), answered
    _assert_emergency_first(servers, sender, EMERGENCIES[2])


def test_an_emergency_only_the_meaning_reader_recognises(servers):
    """Neither the sign rules nor the second detector read it (docs/safety.md, split 5); the running
    assistant's third reader does, with the embedding its NLU featurizer already made."""
    sender = str(uuid.uuid4())
    _assert_emergency_first(servers, sender, "hart doin this skip skip thump thing ngl kinda scary, face still numb from the cream")


def test_a_fever_dictated_in_words_is_urgent(servers):
    sender = str(uuid.uuid4())
    replies = servers.say(sender, "temperature is a hundred and one point five and the needling was yesterday")
    assert "emergency number" not in replies[0].get("text", "")
    assert {row["urgency"] for row in _handoffs(servers, sender)} == {"urgent"}
