"""Choosing the language (issue 14): the chat widget in English and in Spanish.

The header offers "English" and "Español"; the first visit follows the
browser's language, a choice is kept across reloads, and the widget's own
texts, its error messages and the lang attributes (the widget's and the
page's) follow the language. Everything runs against the real servers; where
a test needs an answer the servers would not give at that moment (a language
change on a given message, a 503 carrying the clinic's words) it changes or
replaces the server's answer (page.route). The last tests use the servers'
own switch: a clearly Spanish first message, POST /chat/language and the
``language`` of the history.
"""
from __future__ import annotations

import json
import re

from playwright.sync_api import Page, Request, Route, expect

from bot.content.knowledge import Knowledge, load
from tests.browser.pages import PROJECT, REPLY_TIMEOUT, UI_TIMEOUT, ChatWidget

LANGUAGE_KEY = "clinic-chat-language"
SPANISH_BROWSER = "es-MX"
# Accents, ñ, ¿¡ and «» as a Spanish answer carries them: shown exactly as sent.
SPANISH_NOTE = "Le atiendo en español. ¿Prefiere continuar en inglés? ¡Elija «English»! (niño, acción, güero)"


def stored_language(page: Page):
    return page.evaluate(f"() => window.localStorage.getItem('{LANGUAGE_KEY}')")


def language_buttons(page: Page, group_name: str):
    group = page.get_by_role("group", name=group_name)
    return group.get_by_role("button", name="English", exact=True), group.get_by_role("button", name="Español", exact=True)


# What a patient reads in each language: the widget's own texts, as web/widget/widget.js STRINGS has them.
SHOWN = {
    "en": {"group": "Language", "pressed": ("true", "false"), "launcher": "Chat with us",
           "placeholder": "Type your question…", "input": "Your message", "send": "Send",
           "role": "Automated assistant", "person": "This is an automated assistant, not a person.",
           "advice": "not medical advice", "emergency": "In an emergency, call your local emergency number now",
           "close": "Close chat", "log": "Conversation", "counter": "Characters used:",
           "footer": "Not medical advice"},
    "es": {"group": "Idioma", "pressed": ("false", "true"), "launcher": "Escríbanos",
           "placeholder": "Escriba su pregunta…", "input": "Su mensaje", "send": "Enviar",
           "role": "Asistente automático", "person": "Este es un asistente automático, no una persona.",
           "advice": "no consejo médico", "emergency": "En una emergencia, llame ahora al número de emergencias local",
           "close": "Cerrar el chat", "log": "Conversación", "counter": "Caracteres usados:",
           "footer": "No es consejo médico"},
}


def expect_language(page: Page, chat: ChatWidget, clinic: dict, language: str, disclaimer: bool = True) -> None:
    """disclaimer: check it too (it hides once the patient has written)."""
    shown = SHOWN[language]
    expect(page.locator(".cw-root")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(chat.launcher).to_have_accessible_name(shown["launcher"])
    english, spanish = language_buttons(page, shown["group"])
    expect(english).to_have_attribute("aria-pressed", shown["pressed"][0])
    expect(spanish).to_have_attribute("aria-pressed", shown["pressed"][1])
    expect(chat.input).to_have_attribute("placeholder", shown["placeholder"])
    expect(chat.input).to_have_accessible_name(shown["input"])
    expect(chat.send_button).to_have_text(shown["send"])
    expect(chat.panel.get_by_role("heading", level=2)).to_have_text(f"{clinic['name']} · {shown['role']}")
    expect(page.get_by_role("dialog", name=re.compile(shown["role"]))).to_be_visible()
    if disclaimer:
        expect(chat.disclaimer).to_contain_text(shown["person"])
        expect(chat.disclaimer).to_contain_text(shown["advice"])
        expect(chat.disclaimer).to_contain_text(shown["emergency"])
        expect(chat.disclaimer.get_by_role("link", name=str(clinic["emergency_number"]))).to_be_visible()
    expect(page.get_by_test_id("chat-close")).to_have_accessible_name(shown["close"])
    expect(chat.log).to_have_accessible_name(shown["log"])
    expect(page.locator(".cw-counter .cw-sr-only")).to_contain_text(shown["counter"])
    expect(page.locator(".cw-footer")).to_contain_text(shown["footer"])


def expect_english(page: Page, chat: ChatWidget, clinic: dict, disclaimer: bool = True) -> None:
    expect_language(page, chat, clinic, "en", disclaimer)


def expect_spanish(page: Page, chat: ChatWidget, clinic: dict, disclaimer: bool = True) -> None:
    expect_language(page, chat, clinic, "es", disclaimer)


def test_the_header_offers_english_and_espanol_and_the_choice_is_kept_across_reloads(page, clinic):
    chat = ChatWidget(page).visit()
    expect(page.locator(".cw-root")).to_have_attribute("lang", "en")
    chat.open()
    expect_english(page, chat, clinic)
    english, spanish = language_buttons(page, "Language")
    expect(english).to_have_attribute("lang", "en")  # each name is read in its own language
    expect(spanish).to_have_attribute("lang", "es")
    assert stored_language(page) is None, "nothing is stored before the patient chooses"

    # By keyboard: back from the message box to "Español", then Enter.
    for _ in range(10):  # bounded
        if page.evaluate("() => document.activeElement && document.activeElement.textContent") == "Español":
            break
        page.keyboard.press("Shift+Tab")
    else:
        raise AssertionError("Shift+Tab from the message box never reached the Español button")
    page.keyboard.press("Enter")
    expect_spanish(page, chat, clinic)
    expect(page.get_by_test_id("chat-language-es")).to_be_focused()  # the group is "Idioma" now
    assert stored_language(page) == "es"
    # The demo page's own text stays marked as English.
    expect(page.locator("main")).to_have_attribute("lang", "en")

    page.reload()
    expect(chat.panel).to_be_visible(timeout=UI_TIMEOUT)  # it was open before the reload
    expect_spanish(page, chat, clinic)

    # And back: the other button, by mouse this time.
    page.get_by_role("group", name="Idioma").get_by_role("button", name="English", exact=True).click()
    expect_english(page, chat, clinic)
    assert stored_language(page) == "en"
    page.reload()
    expect(chat.panel).to_be_visible(timeout=UI_TIMEOUT)
    expect_english(page, chat, clinic)


def test_a_spanish_browser_starts_in_spanish_and_a_stored_choice_wins(new_context, clinic):
    page = new_context(locale=SPANISH_BROWSER).new_page()
    assert page.evaluate("() => navigator.language").startswith("es")
    chat = ChatWidget(page).visit()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(chat.launcher).to_have_accessible_name("Escríbanos")
    chat.open()
    expect_spanish(page, chat, clinic)
    assert stored_language(page) is None, "following the browser is not a choice to store"

    page.get_by_role("group", name="Idioma").get_by_role("button", name="English", exact=True).click()
    expect_english(page, chat, clinic)
    page.reload()
    expect(chat.panel).to_be_visible(timeout=UI_TIMEOUT)
    expect_english(page, chat, clinic)  # the stored choice, not the browser's Spanish


def test_errors_are_shown_in_spanish(new_context, clinic, browser_watch):
    # The refused message (400) and, with a server that does not know /language yet, its 404.
    browser_watch.expect_console_error(r"status of 40[04]")
    browser_watch.expect_console_error(r"net::ERR_FAILED")
    page = new_context(locale=SPANISH_BROWSER).new_page()
    chat = ChatWidget(page).visit().open()

    # A control character only: the widget sends it, the server refuses it as empty_message.
    chat.input.fill("\u0007")
    chat.send_button.click()
    expect(chat.error).to_have_text("Escriba un mensaje, por favor.", timeout=REPLY_TIMEOUT)
    expect(chat.retry).to_have_text("Intentar de nuevo")
    expect(chat.patient_bubbles).to_have_count(0)
    # The same refusal in English is the server's own message.
    page.get_by_role("group", name="Idioma").get_by_role("button", name="English", exact=True).click()
    expect(chat.error).to_have_text("Please type a message.")
    expect(chat.retry).to_have_text("Try again")
    page.get_by_role("group", name="Language").get_by_role("button", name="Español", exact=True).click()
    expect(chat.error).to_have_text("Escriba un mensaje, por favor.")

    # The widget's own "unavailable" text, with the clinic's phone as a link.
    page.route("**/chat/webhook", lambda route: route.abort())
    chat.input.fill("¿Cuánto cuesta?")
    chat.send_button.click()
    expect(chat.error).to_contain_text("Lo sentimos, el asistente no está disponible en este momento.",
                                       timeout=REPLY_TIMEOUT)
    expect(chat.error).to_contain_text(f"Llámenos al {clinic['phone']}.")
    expect(chat.error.get_by_role("link", name=clinic["phone"])).to_have_attribute(
        "href", "tel:" + re.sub(r"[^\d+]", "", clinic["phone"]))
    expect(chat.input).to_have_value("¿Cuánto cuesta?")


def test_the_widget_follows_the_language_the_server_reports(page, clinic, browser_watch):
    # With a server that does not know /language yet, the click on English below gets a 404.
    browser_watch.expect_console_error(r"status of 404")
    chat = ChatWidget(page).visit().open()
    language_calls: list[str] = []
    page.on("request", lambda request: language_calls.append(request.url)
            if request.url.endswith("/chat/language") else None)
    sent: list[dict] = []

    def switched_to_spanish(route: Route) -> None:
        """The server's real answer, as it is once the patient wrote in Spanish: "language": "es" and a note."""
        sent.append(json.loads(route.request.post_data or "{}"))
        response = route.fetch()
        data = response.json()
        data["language"] = "es"
        data["messages"] = [{"text": SPANISH_NOTE}] + list(data.get("messages") or [])
        route.fulfill(response=response, json=data)

    page.route("**/chat/webhook", switched_to_spanish)
    chat.input.fill("hola, ¿cuánto cuesta el tratamiento?")
    chat.send_button.click()
    expect(chat.assistant_bubbles.first).to_be_visible(timeout=REPLY_TIMEOUT)
    expect(chat.typing).to_be_hidden(timeout=REPLY_TIMEOUT)
    assert sent and sent[0].get("language") == "en", sent  # the widget says which language it was in
    expect_spanish(page, chat, clinic, disclaimer=False)
    assert stored_language(page) == "es"
    assert not language_calls, "the server switched already: the widget must not call /language"
    note = chat.assistant_bubbles.first.locator(".cw-text")
    expect(note).to_have_text(SPANISH_NOTE)
    assert page.evaluate("(el) => el.textContent", note.element_handle()) == SPANISH_NOTE
    expect(chat.patient_bubbles).to_have_text(["hola, ¿cuánto cuesta el tratamiento?"])
    expect(page.locator(".cw-row-patient .cw-sr-only")).to_have_text(["Usted dijo:"])
    page.unroute("**/chat/webhook")

    # The patient clicks English: the widget tells the server (a 404 until the server has the route).
    page.get_by_role("group", name="Idioma").get_by_role("button", name="English", exact=True).click()
    expect_english(page, chat, clinic, disclaimer=False)
    for _ in range(50):  # bounded: the call goes out right after the click
        if language_calls:
            break
        page.wait_for_timeout(100)
    assert language_calls, "choosing a language with a conversation under way calls /language"

    # A conversation the server says is in Spanish reopens in Spanish, whatever was stored.
    def history_in_spanish(route: Route) -> None:
        response = route.fetch()
        data = response.json()
        data["language"] = "es"
        route.fulfill(response=response, json=data)

    page.route("**/chat/history", history_in_spanish)
    assert stored_language(page) == "en"
    page.reload()
    expect(chat.patient_bubbles).to_have_text(["hola, ¿cuánto cuesta el tratamiento?"], timeout=REPLY_TIMEOUT)
    expect_spanish(page, chat, clinic, disclaimer=False)
    assert stored_language(page) == "es"


def spanish_knowledge() -> Knowledge:
    return load(PROJECT / "knowledge", PROJECT / "knowledge" / "clinic.yml", "es")


def chat_calls(page: Page) -> list[tuple[str, dict]]:
    """(route, JSON body) of every POST the widget makes to the chat server, as they go out."""
    calls: list[tuple[str, dict]] = []

    def on_request(request: Request) -> None:
        if request.method == "POST" and "/chat/" in request.url:
            calls.append((request.url.rsplit("/chat/", 1)[1], json.loads(request.post_data or "{}")))

    page.on("request", on_request)
    return calls


def wait_for(condition, what: str, page: Page) -> None:
    for _ in range(50):  # bounded: 5 s
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError(what)


def test_the_real_server_switches_on_a_spanish_first_message_and_on_the_patients_choice(page, clinic, knowledge):
    es = spanish_knowledge()
    chat = ChatWidget(page).visit().open()
    expect_english(page, chat, clinic)
    calls = chat_calls(page)

    # A first message clearly in Spanish: the server answers in Spanish and says so; the widget follows.
    first = "hola, cuánto cuesta el tratamiento?"
    replies = chat.say(first)
    assert replies[0] == es.template("language_switched"), replies
    assert "«English»" in replies[0]
    expect(chat.assistant_bubbles.filter(has=page.get_by_test_id("answer-source")).last.locator(".cw-text")).to_have_text(
        es.answer_text("faq/cost"))
    expect(page.get_by_test_id("answer-source").last).to_have_text(
        "Fuente: " + "; ".join(es.answers["faq/cost"].sources))
    expect_spanish(page, chat, clinic, disclaimer=False)
    assert stored_language(page) == "es"
    webhooks = [body for route, body in calls if route == "webhook"]
    assert webhooks and webhooks[0]["language"] == "en", webhooks  # the widget said which language it was in
    assert "language" not in [route for route, _ in calls], "the server switched already: no /language call"

    # The patient chooses English: the widget tells the server, which answers with its English note.
    page.get_by_role("group", name="Idioma").get_by_role("button", name="English", exact=True).click()
    expect_english(page, chat, clinic, disclaimer=False)
    english_note = knowledge.template("language_switched")
    expect(chat.assistant_bubbles.last.locator(".cw-text")).to_have_text(english_note, timeout=REPLY_TIMEOUT)
    chosen = [body for route, body in calls if route == "language"]
    assert [body["language"] for body in chosen] == ["en"] and chosen[0]["session"] == chat.token(), chosen
    chat.say("how much does it cost?")
    expect(chat.assistant_bubbles.filter(has=page.get_by_test_id("answer-source")).last.locator(".cw-text")).to_have_text(
        knowledge.answer_text("faq/cost"))
    assert [body for route, body in calls if route == "webhook"][-1]["language"] == "en"

    # And back to Spanish; after a reload the history's "language" wins over what is stored.
    page.get_by_role("group", name="Language").get_by_role("button", name="Español", exact=True).click()
    expect_spanish(page, chat, clinic, disclaimer=False)
    expect(chat.assistant_bubbles.last.locator(".cw-text")).to_have_text(es.template("language_switched"),
                                                                         timeout=REPLY_TIMEOUT)
    wait_for(lambda: [body["language"] for route, body in calls if route == "language"] == ["en", "es"],
             "choosing Español did not call /language", page)
    page.evaluate(f"() => window.localStorage.setItem('{LANGUAGE_KEY}', 'en')")
    with page.expect_response(lambda response: response.url.endswith("/chat/history"),
                              timeout=REPLY_TIMEOUT) as history:
        page.reload()
    assert history.value.json()["language"] == "es"
    expect(chat.patient_bubbles).to_have_text([first, "how much does it cost?"], timeout=REPLY_TIMEOUT)
    expect_spanish(page, chat, clinic, disclaimer=False)
    assert stored_language(page) == "es"


def test_a_503_shows_the_clinics_words_from_the_server_else_the_widgets_own(new_context, clinic, browser_watch):
    """The channel's 503 {"error": "unavailable", "messages": [...]} is shown as sent; without messages, the widget's text."""
    browser_watch.expect_console_error(r"status of 503")
    es = spanish_knowledge()
    page = new_context(locale=SPANISH_BROWSER).new_page()
    chat = ChatWidget(page).visit().open()
    said = es.template("chat_unavailable")  # the words the channel sends when the conversation cannot be kept
    unavailable = {"error": "unavailable", "message": said, "messages": [{"text": said}]}
    page.route("**/chat/webhook", lambda route: route.fulfill(status=503, json=unavailable))
    chat.input.fill("¿Cuánto cuesta?")
    chat.send_button.click()
    expect(chat.error).to_have_text(said, timeout=REPLY_TIMEOUT)
    expect(chat.error.get_by_role("link", name=clinic["phone"])).to_have_attribute(
        "href", "tel:" + re.sub(r"[^\d+]", "", clinic["phone"]))
    expect(chat.error.get_by_role("link", name=str(clinic["emergency_number"]))).to_be_visible()
    expect(chat.retry).to_have_text("Intentar de nuevo")
    expect(chat.input).to_have_value("¿Cuánto cuesta?")
    expect(chat.patient_bubbles).to_have_count(0)

    # The web app's own 503 (Rasa unreachable) has no "messages": the widget's own text, in Spanish.
    page.unroute("**/chat/webhook")
    page.route("**/chat/webhook", lambda route: route.fulfill(
        status=503, json={"error": "unavailable", "message": "Sorry, I can't answer right now."}))
    chat.retry.click()
    expect(chat.error).to_contain_text("Lo sentimos, el asistente no está disponible en este momento.",
                                       timeout=REPLY_TIMEOUT)
    expect(chat.error).to_contain_text(f"Llámenos al {clinic['phone']}.")
    expect(chat.error).not_to_contain_text("Sorry")

    # The server is back: Try again gets a Spanish answer.
    page.unroute("**/chat/webhook")
    chat.retry.click()
    expect(chat.patient_bubbles).to_have_text(["¿Cuánto cuesta?"], timeout=UI_TIMEOUT)
    expect(page.get_by_test_id("answer-source")).to_have_text(
        "Fuente: " + "; ".join(es.answers["faq/cost"].sources), timeout=REPLY_TIMEOUT)
    expect(chat.error).to_have_count(0)
