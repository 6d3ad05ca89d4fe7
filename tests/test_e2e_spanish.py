"""A Spanish-speaking patient on the real servers, through the widget's channel.

What the patient notices: a first message clearly in Spanish is answered in
Spanish, with a note saying how to go back to English; a choice in the widget
switches the conversation; a reload reopens it in its language; the
pre-screen, triage and handoffs speak Spanish, and staff see the language.
"""
from __future__ import annotations

import requests
import sqlalchemy as sa

from tests.servers import texts


def _post(servers, route: str, body: dict) -> requests.Response:
    return requests.post(f"{servers.web_url}/chat/{route}", json=body, headers={"Origin": servers.web_url}, timeout=60)


def _session(servers) -> str:
    return _post(servers, "session", {}).json()["session"]


def _say(servers, session: str, text: str, language: str | None = None) -> dict:
    body = {"session": session, "message": text, **({"language": language} if language else {})}
    reply = _post(servers, "webhook", body)
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_a_first_message_in_spanish_is_answered_in_spanish_with_the_way_back(servers) -> None:
    session = _session(servers)
    reply = _say(servers, session, "hola, cuánto cuesta el tratamiento?", language="en")
    assert reply["language"] == "es"
    first, answer = reply["messages"][0], reply["messages"][1]
    assert "Le atiendo en español" in first["text"] and "English" in first["text"]
    assert answer["custom"]["topic"] == "faq/cost" and "cuesta $450" in answer["text"]
    follow_up = _say(servers, session, "y cuánto tiempo dura la recuperación?", language="es")
    assert follow_up["language"] == "es"
    assert "Le atiendo" not in texts(follow_up["messages"])  # the note comes once
    history = _post(servers, "history", {"session": session}).json()
    assert history["language"] == "es"


def test_choosing_a_language_in_the_widget_switches_the_conversation(servers) -> None:
    session = _session(servers)
    chosen = _post(servers, "language", {"session": session, "language": "es"})
    assert chosen.status_code == 200 and chosen.json()["language"] == "es"
    assert "Le atiendo en español" in texts(chosen.json()["messages"])
    again = _post(servers, "language", {"session": session, "language": "es"}).json()
    assert again["messages"] == []  # already Spanish: nothing said twice
    reply = _say(servers, session, "qué es el PRP?", language="es")
    assert "plasma rico en plaquetas" in texts(reply["messages"])
    back = _post(servers, "language", {"session": session, "language": "en"}).json()
    assert back["language"] == "en" and "answer in English" in texts(back["messages"])
    assert "platelet" in texts(_say(servers, session, "what is PRP?", language="en")["messages"]).lower()
    refused = _post(servers, "language", {"session": session, "language": "fr"})
    assert refused.status_code == 400 and refused.json()["error"] == "bad_language"


def test_a_spanish_emergency_gets_the_emergency_line_first_and_a_spanish_handoff(servers) -> None:
    session = _session(servers)
    _post(servers, "language", {"session": session, "language": "es"})
    reply = _say(servers, session, "me hice el tratamiento hace una hora y no puedo respirar, se me cierra la garganta",
                 language="es")
    first = reply["messages"][0]["text"]
    assert first.startswith("Llame ahora a su número local de emergencias (911)")
    engine = sa.create_engine(f"sqlite:///{servers.handoffs_db}")
    with engine.connect() as connection:
        row = connection.execute(sa.text(
            "SELECT urgency, language FROM handoffs WHERE conversation_id = :c"), {"c": session.split(".")[0]}).one()
    assert row.urgency == "emergency" and row.language == "es"


def test_the_pre_screen_asks_in_spanish_and_reads_spanish_free_text(servers) -> None:
    session = _session(servers)
    _post(servers, "language", {"session": session, "language": "es"})
    reply = _say(servers, session, "tomo Eliquis, puedo hacerme el tratamiento?", language="es")
    asked = texts(reply["messages"])
    assert "profesional" in asked and "infección" in asked  # the intro, then the first question, in Spanish
    buttons = [b["title"] for b in reply["messages"][-1]["buttons"]]
    assert buttons == ["Sí", "No", "No lo sé"]
