"""Live chat in two browsers (issue 13): a patient in the widget and a staff member in the console.

The module starts its own servers on a copy of knowledge/ whose clinic is open
round the clock, so a live chat can be offered whatever the time of day the
suite runs (the session's servers keep the real hours). The staff member signs
in, becomes available, joins the patient's chat; messages go both ways within
2 s; an emergency mid-chat still gets the assistant's emergency line and alerts
the staff member; after the hand-back the assistant answers again; a reload
shows the whole conversation with the staff member's name on their lines.
"""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Iterator

import pytest
import yaml
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import DESKTOP, StaffAccount, add_staff
from tests.browser.pages import PROJECT, REPLY_TIMEOUT, UI_TIMEOUT, ChatWidget, sign_in
from tests.browser.test_accessibility import assert_no_serious_violations
from tests.servers import Servers, start

PHONE = {"width": 390, "height": 844}
STAFF_NAME = "Alex"
DELIVERY_LIMIT_S = 2.0
EMERGENCY = "my lips are swelling and I can't breathe"
delivery_times: dict[str, float] = {}


@pytest.fixture(scope="module")
def servers(model, tmp_path_factory) -> Iterator[Servers]:
    """This module's own servers (they override the session's for its tests): a clinic open 00:00-23:59 every day."""
    data_dir = tmp_path_factory.mktemp("live-chat")
    knowledge = data_dir / "knowledge"
    shutil.copytree(PROJECT / "knowledge", knowledge)
    clinic_file = knowledge / "clinic.yml"
    clinic = yaml.safe_load(clinic_file.read_text(encoding="utf-8"))
    clinic["hours"] = {day: "00:00-23:59" for day in clinic["hours"]}
    clinic_file.write_text(yaml.safe_dump(clinic, sort_keys=False, allow_unicode=True), encoding="utf-8")
    running = start(data_dir, extra_env={"KNOWLEDGE_DIR": str(knowledge), "CLINIC_FILE": str(clinic_file)})
    yield running
    running.stop()


@pytest.fixture(scope="module")
def live_staff(servers) -> StaffAccount:
    """A plain staff account (not an admin)."""
    return add_staff(servers, "live-staff", "staff")


def delivered_within(label: str, started: float, locator: Locator, text) -> float:
    expect(locator).to_contain_text(text, timeout=10_000)
    took = time.monotonic() - started
    delivery_times[label] = took
    print(f"live chat delivery, {label}: {took * 1000:.0f} ms")
    assert took < DELIVERY_LIMIT_S, f"{label} took {took:.2f} s (limit {DELIVERY_LIMIT_S} s)"
    return took


def patient_types(chat: ChatWidget, text: str) -> None:
    """Types a message and sends it with Enter, as a keyboard user does."""
    chat.input.fill(text)
    chat.input.press("Enter")
    expect(chat.patient_bubbles.last).to_have_text(text)


def screenshot_both(page: Page, path_desktop: Path, path_phone: Path, full_page: bool) -> None:
    """Desktop (1280×800) and phone (390×844) screenshots; the conversation is scrolled to the newest line."""
    scroll = "() => document.querySelectorAll('[data-testid=chat-log], #chat-log').forEach((log) => { log.scrollTop = log.scrollHeight; })"
    page.evaluate(scroll)
    page.screenshot(path=str(path_desktop), full_page=full_page)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(200)
    page.evaluate(scroll)
    page.screenshot(path=str(path_phone), full_page=full_page)
    page.set_viewport_size(DESKTOP)


def test_a_patient_and_a_staff_member_chat_live_and_the_assistant_takes_over_again(
        new_context, servers, live_staff, knowledge, screenshot_dir, browser_watch):
    clinic_name = knowledge.clinic["name"]

    # 1. The staff member signs in, opens the live chat page and becomes available.
    staff = new_context().new_page()
    sign_in(staff, live_staff.username, live_staff.password, start="/console/live")
    expect(staff).to_have_url(re.compile(r"/console/live$"))
    expect(staff.get_by_role("heading", name="Live chat", level=1)).to_be_visible()
    expect(staff.get_by_role("link", name="Live chat")).to_have_attribute("aria-current", "page")
    html = staff.request.get("/console/live").text()  # as served, with the context's session cookie
    assert "Available for chats" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+\s*=", html, re.I) and not re.search(r"\sstyle\s*=", html, re.I)
    expect(staff.locator("#live-waiting")).to_contain_text("Nobody is waiting.")
    staff.get_by_label("Name shown to patients").fill(STAFF_NAME)
    available = staff.get_by_role("checkbox", name="Available for chats")
    expect(available).not_to_be_checked()
    available.focus()
    staff.keyboard.press("Space")  # by keyboard
    expect(available).to_be_checked()
    expect(staff.locator("#live-online")).to_have_text("1 staff member is available for chats now.")
    expect(staff.get_by_label("Name shown to patients")).to_have_value(STAFF_NAME)
    expect(staff).to_have_title(re.compile(r"^Live chat"))

    # 2. The patient asks for a person and chooses to chat now.
    patient_page = new_context().new_page()
    chat = ChatWidget(patient_page).visit().open()
    chat.say("can I talk to a person?")
    expect(chat.live_offer).to_have_text("Chat with a person now")
    titles = chat.reply_titles()
    assert "Have someone call me back" in titles, titles
    chat.live_offer.click()
    waiting = chat.notices.last
    expect(waiting).to_have_text(re.compile(r"^You're number 1 in line\. Someone from .+ usually answers within"))
    expect(chat.live_status).to_contain_text("Waiting for someone from")
    expect(chat.live_offer).to_have_count(0)
    expect(chat.quick_replies).to_have_count(0)
    expect(chat.input).to_be_focused()

    # 3. The staff member sees the waiting chat (title badge, announcement) and joins it by keyboard.
    waiting_item = staff.locator("#live-waiting li[data-id]")
    expect(waiting_item).to_have_count(1, timeout=5_000)
    expect(waiting_item).to_contain_text(re.compile(r"Waiting \d+ s"))
    expect(staff).to_have_title(re.compile(r"^\(1\) Live chat"))
    expect(staff.locator("#live-announce")).to_have_text("A new chat is waiting.")
    assert int(staff.locator("#live-page").get_attribute("data-new-chat-alerts") or 0) >= 1
    sounds = staff.locator("#live-page").get_attribute("data-sounds")
    print(f"new-chat sounds played: {sounds}")
    join = staff.get_by_role("button", name=re.compile(r"^Join chat"))
    join.focus()
    started = time.monotonic()
    staff.keyboard.press("Enter")
    delivered_within("join -> patient sees the joined notice", started, chat.notices.last,
                     f"{STAFF_NAME} from {clinic_name} joined the chat.")
    expect(chat.live_status).to_contain_text(f"You are chatting with {STAFF_NAME} from {clinic_name}")
    expect(patient_page.locator("#cw-title")).to_have_text(f"{clinic_name} · Live chat with {STAFF_NAME}")
    conversation = staff.get_by_role("log", name="Messages in this chat")
    expect(conversation).to_contain_text("can I talk to a person?")
    expect(conversation.locator(".line-notice").first).to_contain_text("You're number 1 in line")
    expect(staff.get_by_label("Your message to the patient")).to_be_focused()
    expect(staff).not_to_have_title(re.compile(r"^\(\d+\)"))

    # Staff -> patient: the typing hint, then the message, labelled with the staff member's name.
    box = staff.get_by_label("Your message to the patient")
    box.press_sequentially("Hi, this is Alex", delay=20)
    expect(chat.staff_typing).to_have_text(f"{STAFF_NAME} is typing…", timeout=2_000)
    box.press_sequentially(" from the clinic. How can I help?", delay=5)
    started = time.monotonic()
    box.press("Control+Enter")
    staff_line = "Hi, this is Alex from the clinic. How can I help?"
    delivered_within("staff -> patient", started, chat.staff_bubbles.last, staff_line)
    expect(chat.staff_names.last).to_have_text(f"{STAFF_NAME} · {clinic_name}")
    expect(chat.staff_typing).to_be_hidden()
    expect(conversation.locator(".line-staff").last).to_contain_text(staff_line)
    expect(box).to_have_value("")

    # A saved reply goes into the message box.
    staff.get_by_label("Saved replies").select_option(label="Phone number")
    staff.get_by_role("button", name="Insert").click()
    expect(box).to_have_value(re.compile(r"^You can also call us on .+\.$"))
    box.fill("")

    # Patient -> staff: the assistant stays silent and the widget shows no error.
    assistant_before = chat.assistant_bubbles.count()
    patient_line = "Thanks! How much does a second session cost?"
    started = time.monotonic()
    patient_types(chat, patient_line)
    delivered_within("patient -> staff", started, conversation.locator(".line-patient").last, patient_line)
    expect(chat.typing).to_be_hidden(timeout=REPLY_TIMEOUT)
    patient_page.wait_for_timeout(500)
    expect(chat.error).to_have_count(0)
    assert chat.assistant_bubbles.count() == assistant_before, "the assistant answered while a person had the chat"

    # A reload mid-chat: the conversation so far comes back and the stream is opened again.
    patient_page.reload()
    expect(chat.panel).to_be_visible(timeout=UI_TIMEOUT)
    expect(chat.staff_bubbles).to_have_count(1, timeout=REPLY_TIMEOUT)
    expect(chat.live_status).to_contain_text(f"You are chatting with {STAFF_NAME}")
    expect(chat.patient_bubbles.last).to_have_text(patient_line)
    expect(patient_page.locator(".cw-root")).to_have_attribute("data-live-stream", "open")
    reply = "A second session is $450; a course of 3 is $1,200."
    box.fill(reply)
    started = time.monotonic()
    staff.get_by_role("button", name="Send").click()
    delivered_within("staff -> patient after the patient reloaded", started, chat.staff_bubbles.last, reply)
    expect(chat.staff_bubbles).to_have_count(2)

    # Both views pass axe during the live chat; screenshots for docs/widget.md.
    assert_no_serious_violations(patient_page, "widget during a live chat")
    assert_no_serious_violations(staff, "console live chat page during a chat")
    screenshot_both(patient_page, screenshot_dir / "live-widget-desktop.png", screenshot_dir / "live-widget-phone.png", False)
    screenshot_both(staff, screenshot_dir / "live-console-desktop.png", screenshot_dir / "live-console-phone.png", True)

    # 4. An emergency mid-chat: the assistant's emergency line at once, and an alert for the staff member.
    patient_types(chat, EMERGENCY)
    expect(chat.assistant_bubbles.nth(assistant_before)).to_be_visible(timeout=REPLY_TIMEOUT)
    emergency_advice = chat.assistant_bubbles.nth(assistant_before).locator("p").first
    expect(emergency_advice).to_have_text(re.compile(r"^Call your local emergency number"))
    alert = staff.get_by_role("alert").filter(has_text="Emergency")
    expect(alert).to_be_visible(timeout=5_000)
    expect(alert).to_contain_text("signs of an emergency")
    expect(conversation.locator(".line-alert")).to_contain_text(EMERGENCY)
    expect(conversation.locator(".line-assistant").filter(has_text="Call your local emergency number")).to_have_count(1)

    # 5. The staff member hands back; the assistant answers the next question.
    started = time.monotonic()
    staff.get_by_role("button", name="Hand back to assistant").click()
    delivered_within("hand back -> patient sees the left notice", started, chat.notices.last,
                     f"{STAFF_NAME} left the chat. The automated assistant can help again.")
    expect(chat.live_status).to_be_hidden()
    expect(patient_page.locator("#cw-title")).to_have_text(f"{clinic_name} · Automated assistant")
    expect(staff.locator("#chat-status")).to_have_text(re.compile("handed the chat back|has ended"))
    expect(staff.get_by_role("button", name="Close this chat")).to_be_visible()
    expect(box).to_be_disabled()
    replies = chat.say("how long is the downtime?")
    assert replies and replies[0], replies
    assert not any(text.startswith("Call your local emergency number") for text in replies), replies

    # 6. After a reload the patient sees the whole conversation, staff lines under the staff member's name.
    shown = chat.entries()
    patient_page.reload()
    expect(chat.panel).to_be_visible(timeout=UI_TIMEOUT)
    expect(chat.staff_bubbles).to_have_count(2, timeout=REPLY_TIMEOUT)
    expect(chat.staff_names).to_have_text([f"{STAFF_NAME} · {clinic_name}"] * 2)
    restored = chat.entries()
    assert restored == shown, f"before the reload:\n{shown}\nafter:\n{restored}"
    kinds = [who for who, _ in restored]
    assert kinds.count("notice") >= 3, restored  # waiting, joined, left
    assert (f"staff:{STAFF_NAME} · {clinic_name}", staff_line) in restored
    # The staff line looks different from the assistant's, not by colour alone: a label and a border.
    looks = patient_page.evaluate("""() => {
        const staff = document.querySelector('[data-testid=msg-staff]');
        const bot = document.querySelector('[data-testid=msg-assistant]');
        const s = getComputedStyle(staff), b = getComputedStyle(bot);
        return {staffBg: s.backgroundColor, botBg: b.backgroundColor, staffBorder: s.borderLeftWidth,
                botBorder: b.borderLeftWidth};
    }""")
    assert looks["staffBg"] != looks["botBg"] and looks["staffBorder"] != looks["botBorder"], looks
    expect(chat.live_status).to_be_hidden()
    assert_no_serious_violations(patient_page, "widget after the live chat, reloaded")

    print("live chat delivery times (ms): " + ", ".join(f"{label}: {took * 1000:.0f}" for label, took in delivery_times.items()))
