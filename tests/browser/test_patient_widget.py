"""A patient on the clinic page: the chat widget end to end, as they see it."""
from __future__ import annotations

import re

import yaml
from playwright.sync_api import expect

from tests.browser.pages import (
    PROJECT, REPLY_TIMEOUT, UI_TIMEOUT, ChatWidget, db_rows, handoffs_of, leave_contact_details, sign_in, xss_flag,
)

# Phrases that would tell a patient whether they can be treated; the pre-screen must never say them.
VERDICTS = re.compile(
    r"you (can|cannot|can't|could|couldn't|may not|are (not )?able to|are (not )?allowed to) "
    r"(be treated|have (the|this) treatment)"
    r"|you are (not )?(a )?(good |suitable )?candidate|you're (not )?(a )?(good |suitable )?candidate"
    r"|(not|in)eligible|you are eligible|you qualify|unsuitable for|not suitable for you|suitable for you\b",
    re.IGNORECASE,
)
INJECTIONS = ["<img src=x onerror=window.__xss=1>", "<script>window.__xss=1</script>"]


def test_patient_asks_about_cost_sees_the_source_and_can_vote(page, servers, clinic, knowledge, screenshot_dir):
    chat = ChatWidget(page).visit()
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_have_accessible_name("Chat with us")
    chat.open()

    # Before the first message: who they are talking to, and what to do in an emergency.
    expect(chat.disclaimer).to_be_visible()
    expect(chat.disclaimer).to_contain_text("automated assistant")
    expect(chat.disclaimer).to_contain_text("not medical advice")
    expect(chat.disclaimer).to_contain_text(str(clinic["emergency_number"]))
    expect(chat.disclaimer.get_by_role("link", name=str(clinic["emergency_number"]))).to_have_attribute(
        "href", f"tel:{clinic['emergency_number']}")
    heading = chat.panel.get_by_role("heading", level=2)
    expect(heading).to_have_text(f"{clinic['name']} · Automated assistant")
    expect(page.get_by_role("dialog", name=re.compile("Automated assistant"))).to_be_visible()

    replies = chat.say("how much does it cost?")
    expect(chat.disclaimer).to_be_hidden()
    answer = chat.assistant_bubbles.filter(has=page.get_by_test_id("answer-source")).first
    expect(answer).to_be_visible()
    expect(answer).to_contain_text(clinic["prices"]["per_session"])
    expect(answer.get_by_test_id("answer-source")).to_have_text(
        "Source: " + "; ".join(knowledge.answers["faq/cost"].sources))
    up, down = answer.get_by_test_id("feedback-up"), answer.get_by_test_id("feedback-down")
    expect(up).to_contain_text("👍")
    expect(down).to_contain_text("👎")
    expect(answer.get_by_role("group", name="Was this helpful?")).to_be_visible()
    assert any(clinic["prices"]["per_session"] in text for text in replies)

    down.click()
    thanks = answer.get_by_test_id("feedback-thanks")
    expect(thanks).to_have_text("Thanks for your feedback", timeout=UI_TIMEOUT)
    expect(up).to_be_disabled()
    expect(down).to_be_disabled()
    page.screenshot(path=str(screenshot_dir / "widget-desktop.png"))

    votes = db_rows(servers.handoffs_db, "SELECT topic, vote FROM feedback WHERE conversation_id = ?",
                    chat.conversation_id())
    assert votes == [("faq/cost", "down")]


def test_prescreen_by_buttons_ends_with_a_summary_and_no_verdict(page, knowledge):
    questions = yaml.safe_load((PROJECT / "knowledge" / "prescreen.yml").read_text(encoding="utf-8"))["questions"]
    asks = [question["ask"] for question in questions]
    chat = ChatWidget(page).visit().open()

    first = chat.say("am I a candidate?")
    assert knowledge.template("prescreen_intro") in first
    assert first[-1] == asks[0]
    expect(chat.quick_replies).to_have_text(["Yes", "No", "Not sure"])

    asked = [first[-1]]
    everything = list(first)
    for _ in range(len(asks) + 3):  # bounded: one step per question and a little slack
        if "No" not in chat.reply_titles():
            break
        replies = chat.click_reply("No")
        everything += replies
        asked += [text for text in replies if text in asks]
    else:
        raise AssertionError(f"the pre-screen did not finish; last message: {chat.last_text()!r}")

    assert asked == asks, "every question once, in the documented order"
    # Answering "No" to every question raises exactly the flags raised by a "no".
    points = "; ".join(question["label"] for question in questions if question["flag_when"] == "no")
    summary = (knowledge.template("prescreen_needs_review", points=points) if points
               else knowledge.template("prescreen_no_flags"))
    texts = [text.strip() for text in chat.assistant_bubbles.all_text_contents()]
    assert summary in texts, texts[-4:]
    # Nothing but the summary comes after the last question, except the offer to be contacted.
    after_summary = texts[texts.index(summary) + 1:]
    assert texts.index(summary) > texts.index(asks[-1])
    follow_ups = {knowledge.template("ask_contact_consent"), "Is there anything else you'd like to know?"}
    assert set(after_summary) <= follow_ups, after_summary
    for text in everything:
        assert not VERDICTS.search(text), f"the pre-screen gave a verdict: {text!r}"


def test_patient_asks_for_a_person_and_finds_the_conversation_after_reload(page, knowledge, servers):
    chat = ChatWidget(page).visit().open()
    expect(chat.handoff_status).to_be_hidden()
    chat.say("can I talk to a person?")
    expect(chat.handoff_status).to_be_visible()
    expect(chat.handoff_status).to_have_text("Passed to the clinic team")
    leave_contact_details(chat, knowledge, "Jordan Rivera", "+1 555 010 0199", "weekday mornings")
    expect(chat.handoff_status).to_be_visible()

    patient = [text.strip() for text in chat.patient_bubbles.all_text_contents()]
    assistant = [text.strip() for text in chat.assistant_bubbles.all_text_contents()]
    assert patient == ["can I talk to a person?", "Yes, please contact me", "Jordan Rivera",
                       "+1 555 010 0199", "weekday mornings"]
    [(_, reason, urgency, _)] = handoffs_of(servers.handoffs_db, chat.conversation_id())
    assert (reason, urgency) == ("request", "routine")

    page.reload()
    expect(chat.panel).to_be_visible(timeout=UI_TIMEOUT)  # it was open before the reload
    expect(chat.patient_bubbles).to_have_text(patient, timeout=REPLY_TIMEOUT)
    expect(chat.assistant_bubbles).to_have_text(assistant)
    expect(chat.handoff_status).to_be_visible()
    expect(chat.disclaimer).to_be_hidden()


def test_typed_markup_stays_text_in_the_widget_and_in_the_console(page, new_context, servers, staff_account):
    chat = ChatWidget(page).visit().open()
    for text in INJECTIONS:
        chat.say(text)
    expect(chat.patient_bubbles).to_have_text(INJECTIONS)
    assert [page.evaluate("(el) => el.textContent", bubble.element_handle())
            for bubble in chat.patient_bubbles.all()] == INJECTIONS
    assert chat.log.locator("img, script").count() == 0
    assert xss_flag(page) is None

    chat.say("can I talk to a person?")
    expect(chat.handoff_status).to_be_visible()
    handoffs = handoffs_of(servers.handoffs_db, chat.conversation_id())
    assert handoffs, "asking for a person made no handoff"
    handoff_id = handoffs[0][0]

    # After a reload the history is shown as text too.
    page.reload()
    expect(chat.patient_bubbles.first).to_have_text(INJECTIONS[0], timeout=REPLY_TIMEOUT)
    assert chat.log.locator("img, script").count() == 0
    assert xss_flag(page) is None

    staff = new_context().new_page()
    sign_in(staff, staff_account.username, staff_account.password)
    staff.get_by_role("link", name=f"Handoff {handoff_id[:8]}").click()
    expect(staff).to_have_url(re.compile(f"/console/handoffs/{handoff_id}$"))
    said = staff.locator(".transcript .line-patient .said")
    expect(said.first).to_be_visible()
    patient_lines = [text.strip() for text in said.all_text_contents()]
    for text in INJECTIONS:
        assert text in patient_lines, patient_lines
    assert staff.locator("main img, main script").count() == 0
    assert xss_flag(staff) is None

    # The unanswered-questions page lists patient text too.
    staff.goto("/console/unanswered")
    expect(staff.get_by_role("heading", name="Unanswered questions")).to_be_visible()
    assert staff.locator("main img, main script").count() == 0
    assert xss_flag(staff) is None


def test_network_failure_keeps_the_typed_text_and_retry_gets_an_answer(page, clinic, browser_watch):
    browser_watch.expect_console_error(r"net::ERR_FAILED")
    chat = ChatWidget(page).visit().open()
    page.route("**/chat/webhook", lambda route: route.abort())
    text = "does microneedling hurt?"
    chat.input.fill(text)
    chat.send_button.click()

    expect(chat.error).to_be_visible(timeout=REPLY_TIMEOUT)
    expect(chat.error).to_contain_text("unavailable")
    expect(chat.error).to_contain_text(clinic["phone"])
    expect(chat.error.get_by_role("link", name=clinic["phone"])).to_have_attribute(
        "href", "tel:" + re.sub(r"[^\d+]", "", clinic["phone"]))
    expect(chat.input).to_have_value(text)
    expect(chat.patient_bubbles).to_have_count(0)
    expect(chat.retry).to_be_visible()

    page.unroute("**/chat/webhook")
    chat.retry.click()
    expect(chat.patient_bubbles).to_have_text([text], timeout=UI_TIMEOUT)
    expect(chat.assistant_bubbles.first).to_be_visible(timeout=REPLY_TIMEOUT)
    expect(chat.typing).to_be_hidden(timeout=REPLY_TIMEOUT)
    expect(chat.error).to_have_count(0)
    expect(chat.input).to_have_value("")


def test_a_vague_question_offers_did_you_mean_and_a_pressed_topic_is_answered_with_its_source(page, knowledge):
    chat = ChatWidget(page).visit().open()
    replies = chat.say("the thing with the needles and the blood")
    assert replies[-1].startswith("I'm not sure I understood. Did you mean")
    titles = chat.reply_titles()
    assert titles[-2:] == ["Something else", "Talk to staff"]
    by_title = {answer.title: label for label, answer in knowledge.answers.items()}
    offered = [title for title in titles[:-2] if title in by_title]
    assert offered, titles  # at least one answer's own question is offered

    chat.click_reply(offered[0])
    answer = chat.assistant_bubbles.filter(has=page.get_by_test_id("answer-source")).last
    expect(answer.get_by_test_id("answer-source")).to_have_text(
        "Source: " + "; ".join(knowledge.answers[by_title[offered[0]]].sources))
