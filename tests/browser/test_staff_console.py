"""Clinic staff in the console: the queue, one handoff, claim and resolve; and what strangers get."""
from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from tests.browser.pages import ChatWidget, db_rows, handoffs_of, sign_in

URGENCY_ORDER = ["Emergency", "Urgent", "Routine"]
URGENT_REPORT = "I have a fever and yellow pus from my face since the treatment"


def fact(page: Page, section: str, term: str):
    """The <dd> for ``term`` in the section headed ``section`` of the handoff page."""
    region = page.locator("section").filter(has=page.get_by_role("heading", name=section, exact=True))
    return region.locator("dt", has_text=re.compile(f"^{re.escape(term)}$")).locator("xpath=following-sibling::dd[1]")


def queue_rows(page: Page) -> list[tuple[str, str]]:
    """(handoff id, urgency label) of each queue row, top to bottom."""
    rows = page.locator("#queue-rows tr[data-id]")
    return [(row.get_attribute("data-id"), row.locator("td").nth(1).inner_text().strip()) for row in rows.all()]


def test_staff_sees_urgent_first_then_claims_and_resolves_a_handoff(
        new_context, servers, staff_account, patient_handoff, screenshot_dir):
    # A recovering patient reports signs of infection: the triage marks it urgent.
    patient = ChatWidget(new_context().new_page()).visit().open()
    replies = patient.say(URGENT_REPORT)
    expect(patient.handoff_status).to_be_visible()
    assert any("clinician" in text for text in replies), replies
    [(urgent_id, reason, urgency, _)] = handoffs_of(servers.handoffs_db, patient.conversation_id())
    assert (reason, urgency) == ("symptom", "urgent")

    staff = new_context().new_page()
    open_ids = {row[0] for row in db_rows(servers.handoffs_db, "SELECT id FROM handoffs WHERE status != 'resolved'")}
    sign_in(staff, staff_account.username, staff_account.password)
    expect(staff).to_have_title(re.compile("Handoff queue"))
    expect(staff.get_by_text(f"Signed in as {staff_account.username}")).to_be_visible()
    # The session cookie (a Secure "__Host-" cookie by default) is accepted on http://127.0.0.1 and hidden from scripts.
    [cookie] = [c for c in staff.context.cookies() if c["name"] in ("__Host-console", "console")]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert cookie["secure"] or cookie["name"] == "console"
    assert cookie["value"] not in staff.evaluate("() => document.cookie")
    table = staff.get_by_role("table", name=re.compile("handoffs"))
    expect(table.get_by_role("link", name=f"Handoff {patient_handoff.id[:8]}")).to_be_visible()
    expect(table.get_by_role("link", name=f"Handoff {urgent_id[:8]}")).to_be_visible()
    rows = queue_rows(staff)
    ids = [row_id for row_id, _ in rows]
    assert ids.index(urgent_id) < ids.index(patient_handoff.id), rows
    assert dict(rows)[urgent_id] == "Urgent" and dict(rows)[patient_handoff.id] == "Routine"
    ranks = [URGENCY_ORDER.index(label) for _, label in rows]
    assert ranks == sorted(ranks), f"the queue is not ordered by urgency: {rows}"
    missing = open_ids - set(ids)
    assert not missing, f"open handoffs missing from the queue: {sorted(missing)}; queue: {rows}"
    # The queue shows no patient text (minimum necessary).
    assert patient_handoff.name not in staff.content()
    staff.screenshot(path=str(screenshot_dir / "console-queue-desktop.png"), full_page=True)
    staff.set_viewport_size({"width": 375, "height": 667})
    staff.screenshot(path=str(screenshot_dir / "console-queue-phone.png"), full_page=True)
    staff.set_viewport_size({"width": 1280, "height": 800})

    table.get_by_role("link", name=f"Handoff {patient_handoff.id[:8]}").click()
    expect(staff).to_have_url(re.compile(f"/console/handoffs/{patient_handoff.id}$"))
    expect(staff.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Asked for a person\s+Routine$"))
    expect(fact(staff, "Summary", "Status")).to_have_text("New")
    expect(fact(staff, "Summary", "Claimed by")).to_have_text("Nobody yet")
    expect(fact(staff, "Contact", "Name")).to_have_text(patient_handoff.name)
    phone = fact(staff, "Contact", "Phone")
    assert re.sub(r"\D", "", phone.inner_text()) == re.sub(r"\D", "", patient_handoff.phone)
    expect(phone.get_by_role("link")).to_have_attribute("href", re.compile(r"^tel:"))
    expect(fact(staff, "Contact", "Good time to reach")).to_have_text(patient_handoff.when)
    transcript = staff.get_by_role("region", name="Conversation")
    said = transcript.locator(".line-patient .said")
    expect(said.first).to_have_text(patient_handoff.first_message)
    for typed in (patient_handoff.name, patient_handoff.phone, patient_handoff.when):
        expect(said.filter(has_text=re.compile(f"^{re.escape(typed)}$"))).to_have_count(1)
    expect(transcript.locator(".line-assistant .said").first).to_contain_text("reach our team")
    staff.screenshot(path=str(screenshot_dir / "console-handoff-desktop.png"), full_page=True)

    staff.get_by_role("button", name="Claim this handoff").click()
    expect(staff.get_by_role("status").filter(has_text="You claimed this handoff.")).to_be_visible()
    expect(fact(staff, "Summary", "Status")).to_have_text("Claimed")
    expect(fact(staff, "Summary", "Claimed by")).to_have_text(staff_account.username)
    expect(staff.get_by_role("button", name="Claim this handoff")).to_have_count(0)

    staff.get_by_role("button", name="Mark as resolved").click()
    expect(staff.get_by_role("status").filter(has_text="The handoff is resolved.")).to_be_visible()
    expect(fact(staff, "Summary", "Status")).to_have_text("Resolved")
    expect(fact(staff, "Summary", "Resolved")).not_to_be_empty()
    expect(staff.get_by_role("button", name="Mark as resolved")).to_have_count(0)
    expect(staff.locator(".timeline")).to_contain_text(f"Claimed by {staff_account.username}.")
    expect(staff.locator(".timeline")).to_contain_text(f"Resolved by {staff_account.username}.")

    # Resolved handoffs leave the default ("not resolved") queue; the urgent one stays.
    staff.get_by_role("link", name="Back to the queue").click()
    expect(table.get_by_role("link", name=f"Handoff {urgent_id[:8]}")).to_be_visible()
    expect(table.get_by_role("link", name=f"Handoff {patient_handoff.id[:8]}")).to_have_count(0)

    staff.get_by_role("button", name="Sign out").click()
    expect(staff).to_have_url(re.compile(r"/console/login\?notice=signed_out$"))
    expect(staff.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(staff.get_by_role("status")).to_have_text("You are signed out.")
    staff.goto("/console/")
    expect(staff).to_have_url(re.compile(r"/console/login"))


def test_strangers_are_refused_everywhere_and_see_no_patient_data(page, patient_handoff):
    handoff = patient_handoff.id
    private = [patient_handoff.name, patient_handoff.first_message, patient_handoff.when,
               re.sub(r"\D", "", patient_handoff.phone)]

    def assert_no_patient_data(body: str, where: str) -> None:
        digits = re.sub(r"\D", "", body)
        for secret in private:
            assert secret not in (digits if secret.isdigit() else body), f"{where} shows {secret!r}"
        assert handoff not in body or where.startswith("/console/handoffs"), f"{where} shows the handoff id"

    for path in ("/console/", f"/console/handoffs/{handoff}", "/console/unanswered", "/console/audit"):
        answer = page.request.get(path, max_redirects=0)
        assert answer.status == 303, (path, answer.status)
        assert answer.headers["location"].startswith("/console/login"), answer.headers["location"]
        assert_no_patient_data(answer.text(), path)
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/console/login(\?|$)"))
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        expect(page.get_by_role("navigation")).to_have_count(0)
        assert_no_patient_data(page.content(), path)

    for path in ("/api/handoffs", f"/api/handoffs/{handoff}", "/api/audit", "/api/me", "/api/unanswered"):
        answer = page.request.get(path, max_redirects=0)
        assert answer.status == 401, (path, answer.status)
        assert answer.json() == {"detail": "Not signed in."}
        assert_no_patient_data(answer.text(), path)
    # Changes are refused too, and change nothing.
    for path in (f"/api/handoffs/{handoff}/claim", f"/api/handoffs/{handoff}/resolve"):
        assert page.request.post(path, max_redirects=0).status in (401, 403), path
    assert not [c for c in page.context.cookies() if c["name"] in ("__Host-console", "console")], "a session appeared"


def test_queue_shows_a_new_handoff_without_a_reload(page, servers, staff_account):
    sign_in(page, staff_account.username, staff_account.password)
    expect(page.get_by_role("table", name=re.compile("handoffs"))).to_be_visible()
    sender = f"browser-queue-{secrets.token_hex(4)}"
    servers.say(sender, "can I talk to a person?")  # another patient, through the REST channel
    [(handoff_id, _, _, _)] = handoffs_of(servers.handoffs_db, sender)
    # queue.js polls every 5 seconds.
    expect(page.get_by_role("link", name=f"Handoff {handoff_id[:8]}")).to_be_visible(timeout=12_000)
    expect(page.locator("#queue-announce")).to_have_text(re.compile(r"new handoffs? in the queue"))


def test_transcript_shows_the_quick_reply_the_patient_clicked(page, staff_account, patient_handoff):
    """The patient clicked "Yes, please contact me"; staff should read that, not the payload "/affirm"."""
    sign_in(page, staff_account.username, staff_account.password)
    page.goto(f"/console/handoffs/{patient_handoff.id}")
    lines = [text.strip() for text in page.locator(".transcript .line-patient .said").all_text_contents()]
    assert lines[0] == patient_handoff.first_message
    assert "Yes, please contact me" in lines and not [line for line in lines if line.startswith("/")], lines


def test_transcript_times_are_in_the_clinic_time_zone_like_the_rest_of_the_page(page, staff_account, patient_handoff):
    sign_in(page, staff_account.username, staff_account.password)
    page.goto(f"/console/handoffs/{patient_handoff.id}")
    received = fact(page, "Summary", "Received").inner_text()  # e.g. "Thu 26 Nov 2026, 06:06 EST (under 1 min ago)"
    times = [text.strip() for text in page.locator(".transcript .who .hint").all_text_contents()]
    assert times, "the transcript shows no times"
    for shown in times:
        assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", shown), (
            f"transcript time {shown!r} is a raw UTC timestamp; the page shows times as {received!r}")
