"""Accessibility: axe-core on the patient and staff pages, and the chat by keyboard alone."""
from __future__ import annotations

import json
import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.pages import REPLY_TIMEOUT, UI_TIMEOUT, ChatWidget, sign_in

BLOCKING = ("serious", "critical")


def assert_no_serious_violations(page: Page, what: str) -> None:
    violations = Axe().run(page).response["violations"]
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"]][:5]
        print(f"axe on {what}: [{violation['impact']}] {violation['id']}: {violation['help']} {json.dumps(targets)}")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{what}: " + "; ".join(
        f"[{v['impact']}] {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}" for v in blocking)


def test_axe_finds_nothing_serious_on_the_clinic_page_with_an_answer(page):
    chat = ChatWidget(page).visit()
    assert_no_serious_violations(page, "clinic page, chat closed")
    chat.open()
    chat.say("does microneedling hurt?")
    expect(page.get_by_test_id("answer-source")).to_be_visible()
    assert_no_serious_violations(page, "clinic page, chat open after an answer")


def test_axe_finds_nothing_serious_in_the_console(page, staff_account, patient_handoff):
    page.goto("/console/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_no_serious_violations(page, "login page")
    sign_in(page, staff_account.username, staff_account.password)
    expect(page.get_by_role("table")).to_be_visible()
    assert_no_serious_violations(page, "console queue")
    page.goto(f"/console/handoffs/{patient_handoff.id}")
    expect(page.get_by_role("heading", name="Conversation", exact=True)).to_be_visible()
    assert_no_serious_violations(page, "handoff page")


def test_chat_works_by_keyboard_alone(page):
    chat = ChatWidget(page).visit()
    for _ in range(40):  # bounded: Tab through the page until the launcher has focus
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.dataset.testid") == "chat-launcher":
            break
    else:
        raise AssertionError("Tab never reached the chat launcher")
    expect(chat.launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(chat.panel).to_be_visible(timeout=UI_TIMEOUT)
    expect(chat.launcher).to_have_attribute("aria-expanded", "true")
    expect(chat.input).to_be_focused()

    page.keyboard.type("does it hurt?")
    page.keyboard.press("Enter")
    expect(chat.patient_bubbles).to_have_text(["does it hurt?"])
    expect(chat.assistant_bubbles.first).to_be_visible(timeout=REPLY_TIMEOUT)
    expect(chat.typing).to_be_hidden(timeout=REPLY_TIMEOUT)
    expect(chat.input).to_have_value("")
    # Shift+Enter is a new line, not a send.
    expect(chat.input).to_be_focused()
    page.keyboard.type("first line")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("second line")
    expect(chat.input).to_have_value("first line\nsecond line")
    expect(chat.patient_bubbles).to_have_count(1)

    page.keyboard.press("Escape")
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_be_focused()
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(chat.panel).to_be_visible()
    expect(chat.input).to_have_value(re.compile("second line"))
