"""Working the queue: order, filters, the handoff page, claim/note/resolve, CSRF, and patient text shown literally.

Catalogue items C7 (CSRF, no state change on GET) and E1 (stored XSS from
patient text), plus what the brief asks staff to see.
"""
from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from markupsafe import escape

from bot.handoffs.store import Contact, HandoffRequest
from bot.care.screening import read_questions
from tests.test_console import PASSWORD, XSS, Harness, console  # noqa: F401 - fixtures

PROJECT = Path(__file__).resolve().parent.parent
STATIC = PROJECT / "bot" / "web" / "console" / "static"
KNOWLEDGE = PROJECT / "knowledge"
PAYLOADS = [
    XSS,
    "<svg onload=alert(2)>",
    "</script><script>alert(3)</script>",
    '"><a href="javascript:alert(4)">click</a>',
    "{{7*7}} {% raw %}",
    "\u202egnp.exe \u200b zero-width",
    "x" * 5000,
]


def _rows(page_html: str) -> list[list[str]]:
    """The queue table's cells as text, as a screen reader would read them."""
    body = page_html.split('<tbody id="queue-rows">', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in rows]


# -- the queue -----------------------------------------------------------------------------
def test_queue_puts_emergencies_first_then_urgent_then_routine_oldest_first(console: Harness) -> None:
    routine_old = console.open_handoff(reason="booking", urgency="routine", age=timedelta(hours=5))
    urgent_new = console.open_handoff(reason="symptom", urgency="urgent", age=timedelta(minutes=2))
    emergency = console.open_handoff(reason="symptom", urgency="emergency", age=timedelta(minutes=1))
    urgent_old = console.open_handoff(reason="symptom", urgency="urgent", age=timedelta(minutes=40))
    routine_new = console.open_handoff(reason="request", urgency="routine", age=timedelta(minutes=3))
    staff = console.signed_in("ana")

    expected = [emergency, urgent_old, urgent_new, routine_old, routine_new]
    assert [row["id"] for row in staff.get("/api/handoffs").json()] == expected
    page = staff.get("/console/").text
    assert re.findall(r'<tr data-id="([^"]+)"', page) == expected
    assert _rows(page)[0] == [f"Handoff {emergency[:8]}", "Emergency", "1 min", "Symptom report", "English", "New", "Nobody yet"]
    assert _rows(page)[3][1:4] == ["Routine", "5 h 0 min", "Booking request"]


def test_queue_shows_who_claimed_and_hides_resolved_unless_asked(console: Harness) -> None:
    claimed = console.open_handoff(reason="booking")
    resolved = console.open_handoff(reason="request")
    fresh = console.open_handoff(reason="prescreen_review")
    console.store.set_status(claimed, "claimed", staff="bo")
    console.store.set_status(resolved, "resolved")
    staff = console.signed_in("bo")

    def ids(query: str) -> set[str]:
        return {row["id"] for row in staff.get(f"/api/handoffs{query}").json()}

    assert ids("") == {claimed, fresh}
    assert ids("?status=new") == {fresh}
    assert ids("?status=claimed") == {claimed}
    assert ids("?status=resolved") == {resolved}
    assert ids("?status=all") == {claimed, resolved, fresh}
    assert ids("?reason=booking") == {claimed}
    assert ids("?status=all&reason=request") == {resolved}
    assert staff.get("/api/handoffs?status=bogus").status_code == 422
    assert staff.get("/api/handoffs?reason=bogus").status_code == 422

    rows = _rows(staff.get("/console/?status=claimed").text)
    assert rows == [[f"Handoff {claimed[:8]}", "Routine", "5 min", "Booking request", "English", "Claimed", "bo"]]
    assert _rows(staff.get("/console/?reason=request").text) == [["No handoffs match."]]
    page = staff.get("/console/?status=resolved&reason=request").text
    assert 'data-status="resolved"' in page and 'data-reason="request"' in page  # the poller keeps the filter


def test_a_new_handoff_reaches_the_polling_api_without_reload(console: Harness) -> None:
    staff = console.signed_in("cy")
    assert staff.get("/api/handoffs", headers={"X-Background-Refresh": "1"}).json() == []
    handoff_id = console.open_handoff(reason="symptom", urgency="urgent", age=timedelta(seconds=30))
    items = staff.get("/api/handoffs", headers={"X-Background-Refresh": "1"}).json()
    assert [(i["id"], i["urgency_label"], i["reason_label"], i["language"], i["language_label"], i["status_label"], i["age"])
            for i in items] == [(handoff_id, "Urgent", "Symptom report", "en", "English", "New", "under 1 min")]
    assert "transcript" not in items[0] and "contact_name" not in items[0]  # the list carries no patient text


# -- the patient's language (issue 14) ------------------------------------------------------
SPANISH_LINES = [
    {"sender": "patient", "text": "Tengo la cara muy hinchada desde ayer, ¿es normal?", "time": "2026-03-02T09:00:00+00:00"},
    {"sender": "assistant", "text": "Paso tu mensaje al equipo ahora mismo.", "time": "2026-03-02T09:00:02+00:00"},
]


def test_a_spanish_handoff_shows_espanol_in_the_queue_and_can_be_filtered(console: Harness) -> None:
    english = console.open_handoff(reason="booking", urgency="routine", age=timedelta(minutes=20))
    spanish = console.open_handoff(reason="symptom", urgency="urgent", language="es", transcript=SPANISH_LINES,
                                   age=timedelta(minutes=3))
    staff = console.signed_in("pia")

    page = staff.get("/console/").text
    assert _rows(page) == [
        [f"Handoff {spanish[:8]}", "Urgent", "3 min", "Symptom report", "Español", "New", "Nobody yet"],
        [f"Handoff {english[:8]}", "Routine", "20 min", "Booking request", "English", "New", "Nobody yet"],
    ]
    assert '<td lang="es">Español</td>' in page and '<td lang="en">English</td>' in page
    assert '<th scope="col">Language</th>' in page
    assert '<option value="es" lang="es">Español</option>' in page  # the filter

    only_spanish = staff.get("/console/?language=es").text
    assert [row[0] for row in _rows(only_spanish)] == [f"Handoff {spanish[:8]}"]
    assert 'data-language="es"' in only_spanish  # the poller keeps the filter
    assert 'in <span lang="es">Español</span>' in only_spanish  # the caption says what is shown
    assert [row[0] for row in _rows(staff.get("/console/?language=en").text)] == [f"Handoff {english[:8]}"]
    assert len(_rows(staff.get("/console/?language=bogus").text)) == 2  # an unknown filter shows everything

    items = staff.get("/api/handoffs").json()
    assert [(i["id"], i["language"], i["language_label"]) for i in items] == [
        (spanish, "es", "Español"), (english, "en", "English")]
    assert [i["id"] for i in staff.get("/api/handoffs?language=es").json()] == [spanish]
    assert [i["id"] for i in staff.get("/api/handoffs?status=all&language=en").json()] == [english]
    assert staff.get("/api/handoffs?language=fr").status_code == 422
    assert "transcript" not in items[0]  # the list still carries no patient text


def test_a_spanish_handoff_page_shows_the_language_and_the_conversation_as_typed(console: Harness) -> None:
    handoff_id = console.open_handoff(
        reason="symptom", urgency="urgent", language="es", transcript=SPANISH_LINES, triage_level="urgent",
        triage_signs=["swelling"], prescreen_flags=["pregnancy"],
        contact=Contact(name="Lucía Fernández", phone="+15550100001", time="por la tarde"),
    )
    staff = console.signed_in("quim")
    page = staff.get(f"/console/handoffs/{handoff_id}").text
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))

    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert '<span class="language-tag" lang="es">Español</span>' in heading  # next to reason and urgency
    assert "Symptom report" in heading and "Urgent" in heading
    assert re.search(r'<dt>Language</dt><dd><span lang="es">Español</span>', page)
    # The conversation as the patient typed it, marked Spanish for screen readers; the console's words stay English.
    transcript = page.split('<ol class="transcript" lang="es">', 1)[1].split("</ol>", 1)[0]
    assert str(escape(SPANISH_LINES[0]["text"])) in transcript and SPANISH_LINES[1]["text"] in transcript
    assert transcript.count('<p class="who" lang="en">') == 2
    # The structured parts are the console's English: reason, triage, flags with their meaning, contact labels.
    questions = {q.flag: q for q in read_questions(KNOWLEDGE)[1]}
    for expected in ("Triage level Urgent", "Signs reported swelling", questions["pregnancy"].staff_note,
                     "Name Lucía Fernández", "Good time to reach por la tarde", "Claimed by Nobody yet"):
        assert expected in text, expected

    detail = staff.get(f"/api/handoffs/{handoff_id}").json()
    assert (detail["language"], detail["language_label"], detail["reason_label"]) == ("es", "Español", "Symptom report")
    assert [line["text"] for line in detail["transcript"]] == [line["text"] for line in SPANISH_LINES]


def test_an_english_handoff_page_says_english_and_marks_nothing_spanish(console: Harness) -> None:
    handoff_id = console.open_handoff(transcript=[{"sender": "patient", "text": "Can I book a cleaning?", "time": None}])
    staff = console.signed_in("rui")
    page = staff.get(f"/console/handoffs/{handoff_id}").text
    assert re.search(r'<dt>Language</dt><dd><span lang="en">English</span></dd>', page)
    assert '<ol class="transcript" lang="en">' in page
    assert 'lang="es"' not in page and "language-tag" not in page  # no tag in the heading for the clinic's own language


def test_queue_script_shows_the_language_as_text_with_its_lang_and_keeps_the_filter() -> None:
    script = (STATIC / "queue.js").read_text(encoding="utf-8")
    assert "item.language_label" in script and "language.lang = item.language" in script
    assert 'params.set("language"' in script and "colSpan = 7" in script


def test_the_live_chat_page_can_name_each_chats_language(console: Harness) -> None:
    """The live queue shows a chat's language when /api/live/queue gives it, by the same names as the queue."""
    staff = console.signed_in("sol")
    page = staff.get("/console/live").text
    labels = re.search(r"data-language-labels='([^']*)'", page).group(1)
    assert json.loads(html.unescape(labels)) == {"en": "English", "es": "Español"}
    script = (STATIC / "live.js").read_text(encoding="utf-8")
    assert "languageTag(languageOf(item))" in script and "els.chatLog.lang = state.chat.language" in script
    assert "tag.lang = code" in script and "who.lang = \"en\"" in script


def test_queue_script_polls_every_5_seconds_and_inserts_data_only_as_text() -> None:
    script = (STATIC / "queue.js").read_text(encoding="utf-8")
    assert "5000" in script and "/api/handoffs?" in script and "X-Background-Refresh" in script
    assert "textContent" in script and "createElement" in script
    for source in (script, (STATIC / "session.js").read_text(encoding="utf-8")):
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in source


# -- one handoff ---------------------------------------------------------------------------
def test_handoff_page_shows_what_staff_need(console: Harness) -> None:
    lines = [
        {"sender": "patient", "text": "My cheek is very swollen since yesterday", "time": "2026-03-02T09:00:00+00:00"},
        {"sender": "assistant", "text": "I'm passing this to the team now.", "time": "2026-03-02T09:00:02+00:00"},
    ]
    handoff_id = console.open_handoff(
        reason="symptom", urgency="urgent", triage_level="urgent", triage_signs=["swelling", "pain"],
        days_since_treatment=2, prescreen_outcome="needs_review", prescreen_flags=["anticoagulants", "pregnancy"],
        booking_preference="Tuesday afternoons", transcript=lines, channel="web",
        contact=Contact(name="Rosa Diaz", phone="+15550100000", email="rosa@example.com", time="after 5pm"),
    )
    staff = console.signed_in("di")
    page = staff.get(f"/console/handoffs/{handoff_id}")
    assert page.status_code == 200
    text = html.unescape(re.sub(r"<[^>]+>", " ", page.text))
    text = re.sub(r"\s+", " ", text)
    for expected in (
        "Symptom report", "Urgent", "Claimed by Nobody yet", "Days since treatment 2", "swelling, pain",
        "Outcome: needs_review", "Rosa Diaz", "+15550100000", "rosa@example.com", "after 5pm",
        "Tuesday afternoons", "Patient", "My cheek is very swollen since yesterday",
        "Assistant", "I'm passing this to the team now.", "Handoff received.",
    ):
        assert expected in text, expected
    # Flags: label and clinician note from knowledge/prescreen.yml.
    questions = {q.flag: q for q in read_questions(KNOWLEDGE)[1]}
    for flag in ("anticoagulants", "pregnancy"):
        assert questions[flag].label.capitalize() in text
        assert questions[flag].staff_note in text
    detail = staff.get(f"/api/handoffs/{handoff_id}").json()
    flags = {flag["flag"]: flag for flag in detail["prescreen_flags"]}
    assert set(flags) == {"anticoagulants", "pregnancy"}
    assert all(flag["label"] and flag["staff_note"] and flag["why"] for flag in flags.values())
    assert flags["pregnancy"]["staff_note"] == questions["pregnancy"].staff_note
    assert detail["contact"] == {"name": "Rosa Diaz", "phone": "+15550100000", "email": "rosa@example.com", "time": "after 5pm"}
    assert detail["transcript"] == [{**line, "name": None} for line in lines]  # name: the staff member, on live-chat lines
    assert 'href="tel:+15550100000"' in page.text


def test_patient_text_is_shown_literally_never_as_markup(console: Harness) -> None:
    transcript = [{"sender": "patient", "text": payload, "time": None} for payload in PAYLOADS]
    handoff_id = console.open_handoff(
        transcript=transcript, booking_preference=XSS, triage_signs=["<b>bold</b>"],
        contact=Contact(name=XSS, phone="<svg onload=alert(5)>", email='"><script>alert(6)</script>', time=XSS),
    )
    staff = console.signed_in("ed")
    staff.post(f"/api/handoffs/{handoff_id}/notes", json={"text": XSS}, headers={"X-CSRF-Token": console.csrf(staff)})
    page = staff.get(f"/console/handoffs/{handoff_id}").text

    for payload in PAYLOADS:
        assert str(escape(payload)) in page, payload[:30]
    for raw in ("<img src=x", "<svg onload", "<script>alert", "<b>bold</b>", 'href="javascript:'):
        assert raw not in page, raw
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") >= 4  # transcript, booking, name, time, note
    assert "{{7*7}} {% raw %}" in page  # patient text is never treated as a template
    detail = staff.get(f"/api/handoffs/{handoff_id}").json()
    assert [line["text"] for line in detail["transcript"]] == PAYLOADS  # the API returns it verbatim, as data
    assert detail["timeline"][-1]["text"] == XSS


def test_unknown_or_malformed_handoff_ids_are_not_found(console: Harness) -> None:
    staff = console.signed_in("flo")
    missing = "00000000-0000-4000-8000-000000000000"
    assert staff.get(f"/api/handoffs/{missing}").status_code == 404
    page = staff.get(f"/console/handoffs/{missing}")
    assert page.status_code == 404 and "Handoff not found" in page.text
    assert staff.get("/api/handoffs/not-a-uuid").status_code == 422
    assert staff.get("/console/handoffs/not-a-uuid").status_code == 404
    token = console.csrf(staff)
    assert staff.post(f"/api/handoffs/{missing}/claim", headers={"X-CSRF-Token": token}).status_code == 404
    assert staff.post(f"/api/handoffs/{missing}/notes", json={"text": "x"}, headers={"X-CSRF-Token": token}).status_code == 404
    assert staff.post(f"/api/handoffs/{missing}/resolve", headers={"X-CSRF-Token": token}).status_code == 404


# -- claim, note, resolve through the pages ----------------------------------------------------
def _form_token(page_html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page_html).group(1)


def test_claim_note_and_resolve_with_the_page_buttons(console: Harness) -> None:
    handoff_id = console.open_handoff(reason="booking")
    staff = console.signed_in("gia")
    page = staff.get(f"/console/handoffs/{handoff_id}").text
    assert f'action="/console/handoffs/{handoff_id}/claim"' in page
    token = _form_token(page)

    claimed = staff.post(f"/console/handoffs/{handoff_id}/claim", data={"csrf_token": token}, follow_redirects=False)
    assert claimed.status_code == 303 and claimed.headers["location"].endswith("?done=claimed")
    assert "You claimed this handoff." in staff.get(claimed.headers["location"]).text
    console.clock.advance(minutes=2)
    noted = staff.post(f"/console/handoffs/{handoff_id}/notes", data={"csrf_token": token, "text": "Left a voicemail"},
                       follow_redirects=False)
    assert noted.headers["location"].endswith("?done=noted")
    empty = staff.post(f"/console/handoffs/{handoff_id}/notes", data={"csrf_token": token, "text": "   "},
                       follow_redirects=False)
    assert "The note was empty" in staff.get(empty.headers["location"]).text
    console.clock.advance(minutes=2)
    resolved = staff.post(f"/console/handoffs/{handoff_id}/resolve", data={"csrf_token": token}, follow_redirects=False)
    page = staff.get(resolved.headers["location"]).text

    assert "The handoff is resolved." in page
    timeline = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split('id="timeline-heading"')[1]))
    assert re.search(r"Handoff received\..*Claimed by gia\..*Note by gia: Left a voicemail.*Resolved by gia\.", timeline)
    assert f'action="/console/handoffs/{handoff_id}/claim"' not in page  # nothing left to claim
    row = console.store.get(handoff_id)
    assert (row.status, row.claimed_by, row.open_key) == ("resolved", "gia", None)
    assert "<b>x" not in staff.get(f"/console/handoffs/{handoff_id}?done=<b>x").text  # only fixed messages


def test_two_people_claiming_get_one_winner(console: Harness) -> None:
    handoff_id = console.open_handoff()
    first, second = console.signed_in("hal"), console.signed_in("ivo")
    assert first.post(f"/api/handoffs/{handoff_id}/claim", headers={"X-CSRF-Token": console.csrf(first)}).status_code == 200
    lost = second.post(f"/api/handoffs/{handoff_id}/claim", headers={"X-CSRF-Token": console.csrf(second)})
    assert lost.status_code == 409 and lost.json()["outcome"] == "claimed_by_other"
    assert console.store.get(handoff_id).claimed_by == "hal"
    again = first.post(f"/api/handoffs/{handoff_id}/claim", headers={"X-CSRF-Token": console.csrf(first)})
    assert again.status_code == 200  # claiming one's own again is harmless
    timeline = [(e["kind"], e["by"]) for e in first.get(f"/api/handoffs/{handoff_id}").json()["timeline"]]
    assert timeline == [("created", None), ("claimed", "hal")]
    form = second.post(f"/console/handoffs/{handoff_id}/claim", data={"csrf_token": console.csrf(second)},
                       follow_redirects=False)
    assert "Someone else has already claimed" in second.get(form.headers["location"]).text


def test_resolving_lets_the_same_patient_get_a_new_handoff(console: Harness) -> None:
    handoff_id = console.open_handoff(conversation="conv-again", reason="request")
    staff = console.signed_in("jo")
    token = console.csrf(staff)
    assert staff.post(f"/api/handoffs/{handoff_id}/resolve", headers={"X-CSRF-Token": token}).status_code == 200
    twice = staff.post(f"/api/handoffs/{handoff_id}/resolve", headers={"X-CSRF-Token": token})
    assert twice.status_code == 409 and twice.json()["outcome"] == "already_resolved"
    assert staff.post(f"/api/handoffs/{handoff_id}/claim", headers={"X-CSRF-Token": token}).status_code == 409
    again = console.store.open(HandoffRequest(conversation_id="conv-again", reason="request"))
    assert again != handoff_id
    assert [row["id"] for row in staff.get("/api/handoffs").json()] == [again]


def test_notes_must_have_text_and_a_sane_length(console: Harness) -> None:
    handoff_id = console.open_handoff()
    staff = console.signed_in("kai")
    headers = {"X-CSRF-Token": console.csrf(staff)}
    url = f"/api/handoffs/{handoff_id}/notes"
    assert staff.post(url, json={"text": ""}, headers=headers).status_code == 422
    assert staff.post(url, json={"text": "   "}, headers=headers).status_code == 422
    assert staff.post(url, json={"text": "x" * 2001}, headers=headers).status_code == 422
    assert staff.post(url, json={"text": "ok", "extra": 1}, headers=headers).status_code == 422
    assert staff.post(url, json={"text": "x" * 2000}, headers=headers).status_code == 200
    assert [e["kind"] for e in staff.get(f"/api/handoffs/{handoff_id}").json()["timeline"]] == ["created", "note"]


# -- CSRF and safe methods -------------------------------------------------------------------
@pytest.mark.parametrize("action", ["claim", "resolve", "notes"])
def test_changes_without_the_sessions_token_or_from_another_site_are_refused(console: Harness, action: str) -> None:
    handoff_id = console.open_handoff()
    staff, other = console.signed_in("lu"), console.signed_in("max")
    own, others = console.csrf(staff), console.csrf(other)
    api = f"/api/handoffs/{handoff_id}/{action}"
    page = f"/console/handoffs/{handoff_id}/{action}"
    body = {"text": "note"}
    refused = [
        staff.post(api, json=body),
        staff.post(api, json=body, headers={"X-CSRF-Token": "guess"}),
        staff.post(api, json=body, headers={"X-CSRF-Token": others}),
        staff.post(api, json=body, headers={"X-CSRF-Token": own, "Origin": "https://evil.example"}),
        staff.post(api, json=body, headers={"X-CSRF-Token": own, "Origin": "null"}),
        staff.post(api, json=body, headers={"X-CSRF-Token": own, "Origin": "null", "Sec-Fetch-Site": "cross-site"}),
        staff.post(api, json=body, headers={"X-CSRF-Token": own, "Sec-Fetch-Site": "same-site"}),
        staff.post(page, data=body, follow_redirects=False),
        staff.post(page, data={**body, "csrf_token": others}, follow_redirects=False),
        staff.post(page, data={**body, "csrf_token": own}, headers={"Origin": "https://evil.example"}, follow_redirects=False),
    ]
    assert [response.status_code for response in refused] == [403] * len(refused)
    row = console.store.get(handoff_id)
    assert (row.status, row.claimed_by) == ("new", None)
    assert [e["kind"] for e in staff.get(f"/api/handoffs/{handoff_id}").json()["timeline"]] == ["created"]
    audit_action = {"notes": "add_note"}.get(action, action)
    assert [r.outcome for r in console.audit_rows() if r.action == audit_action] == ["csrf_rejected"] * len(refused)

    same_origin = staff.post(api, json=body, headers={"X-CSRF-Token": own, "Origin": "https://testserver"})
    assert same_origin.status_code == 200


def test_a_browser_form_post_under_no_referrer_policy_is_accepted(console: Harness) -> None:
    """With Referrer-Policy: no-referrer, Chromium sends Origin: null on same-origin form posts."""
    handoff_id = console.open_handoff()
    staff = console.signed_in("nat")
    browser_headers = {"Origin": "null", "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate"}
    response = staff.post(f"/console/handoffs/{handoff_id}/claim", data={"csrf_token": console.csrf(staff)},
                          headers=browser_headers, follow_redirects=False)
    assert response.status_code == 303
    assert console.store.get(handoff_id).claimed_by == "nat"
    login = console.new_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', login.get("/console/login").text).group(1)
    signed_in = login.post("/console/login", data={"username": "nat", "password": PASSWORD, "csrf_token": token},
                           headers=browser_headers, follow_redirects=False)
    assert signed_in.status_code == 303


def test_get_never_changes_state(console: Harness) -> None:
    handoff_id = console.open_handoff()
    staff = console.signed_in("ned")
    for action in ("claim", "resolve", "notes"):
        assert staff.get(f"/api/handoffs/{handoff_id}/{action}").status_code == 405
        assert staff.get(f"/console/handoffs/{handoff_id}/{action}").status_code == 405
    assert staff.get("/console/logout").status_code == 405
    row = console.store.get(handoff_id)
    assert (row.status, row.claimed_by) == ("new", None)
    assert staff.get("/api/me").status_code == 200
