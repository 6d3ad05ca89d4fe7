"""The public names fixed by shared/CONTRACT.md.

Other systems (the staff console, analytics, the clinic's evaluation) rely on
these exact strings, so the validator and the tests check the content and the
Rasa data against this one list instead of against whatever happens to exist.
"""
from __future__ import annotations

FAQ_KEYS: tuple[str, ...] = (
    "what_is", "how_it_works", "prp_preparation", "benefits", "indications",
    "contraindications", "procedure_steps", "pain", "anesthesia", "downtime",
    "sessions", "results_timeline", "longevity", "safety", "side_effects",
    "scarring_risk", "skin_tones", "cost", "alternatives", "microneedling_alone",
    "rf_microneedling", "prp_variations", "devices", "body_areas", "hair_loss",
    "stretch_marks", "acne_scars",
)

AFTERCARE_KEYS: tuple[str, ...] = (
    "skincare_routine", "sun_protection", "makeup", "exercise",
    "active_ingredients", "normal_healing", "next_session",
)

RETRIEVAL_KEYS: dict[str, tuple[str, ...]] = {"faq": FAQ_KEYS, "aftercare": AFTERCARE_KEYS}

INTENTS: tuple[str, ...] = (
    "greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "out_of_scope",
    "request_human", "check_candidacy", "book_consultation", "report_symptom",
    "faq", "aftercare",
)

PRESCREEN_FLAGS: tuple[str, ...] = (
    "active_infection", "cold_sores", "acne_flare", "wound_healing",
    "bleeding_disorder", "anticoagulants", "scarring_history", "isotretinoin",
    "pregnancy", "blood_products", "expectations",
)

TRIAGE_LEVELS: tuple[str, ...] = ("emergency", "urgent", "routine")
# The levels that escalate at once: the emergency line or a clinician today.
ALARMING: tuple[str, ...] = ("emergency", "urgent")


def full_labels() -> list[str]:
    """Every label the NLU must tell apart, retrieval intents with their key."""
    labels = [intent for intent in INTENTS if intent not in RETRIEVAL_KEYS]
    for intent, keys in RETRIEVAL_KEYS.items():
        labels.extend(f"{intent}/{key}" for key in keys)
    return labels


# Languages the assistant speaks, English first (the default and the console's language).
LANGUAGE_CODES = ("en", "es")


class Slot:
    """Slot names of domain.yml: the four the contract fixes, then the project's own.

    Actions use these instead of bare strings, and tests/test_domain_names.py
    checks each against domain.yml, so a renamed slot fails a test instead of
    silently reading None.
    """

    PRESCREEN_OUTCOME = "prescreen_outcome"
    PRESCREEN_FLAGS = "prescreen_flags"
    TRIAGE_LEVEL = "triage_level"
    HANDOFF_ID = "handoff_id"
    HANDOFF_REASON = "handoff_reason"
    DAYS_SINCE_TREATMENT = "days_since_treatment"
    AWAITING_CONSENT = "awaiting_consent"
    CONTACT_CONSENT = "contact_consent"
    CONTACT_SAVED = "contact_saved"
    CONTACT_NAME = "contact_name"
    CONTACT_REACH = "contact_reach"
    CONTACT_TIME = "contact_time"
    CONTACT_PHONE = "contact_phone"
    CONTACT_EMAIL = "contact_email"
    BOOKING_PREFERENCE = "booking_preference"
    # The conversation's language (LANGUAGE_CODES); set by the widget channel, read by responses and actions.
    LANGUAGE = "language"

    @staticmethod
    def prescreen(flag: str) -> str:
        """The slot holding the answer to one pre-screen question."""
        return f"prescreen_{flag}"


class Intent:
    """Intent names of domain.yml: the contract's, then the project's own (explain, stop, inform).

    Checked against domain.yml and the contract by tests/test_domain_names.py.
    """

    GREET = "greet"
    GOODBYE = "goodbye"
    THANK = "thank"
    AFFIRM = "affirm"
    DENY = "deny"
    BOT_CHALLENGE = "bot_challenge"
    OUT_OF_SCOPE = "out_of_scope"
    REQUEST_HUMAN = "request_human"
    CHECK_CANDIDACY = "check_candidacy"
    BOOK_CONSULTATION = "book_consultation"
    REPORT_SYMPTOM = "report_symptom"
    FAQ = "faq"
    AFTERCARE = "aftercare"
    EXPLAIN = "explain"
    STOP = "stop"
    INFORM = "inform"


class ActionName:
    """Custom action and form names of domain.yml, so the actions' name() and the code that names them agree."""

    START_PRESCREEN = "action_start_prescreen"
    VALIDATE_PRESCREEN_FORM = "validate_prescreen_form"
    SUBMIT_PRESCREEN = "action_submit_prescreen"
    STOP_PRESCREEN = "action_stop_prescreen"
    EXPLAIN_QUESTION = "action_explain_question"
    TRIAGE_SYMPTOM = "action_triage_symptom"
    OPEN_HANDOFF = "action_open_handoff"
    FALLBACK = "action_fallback"
    ANSWER_ALSO = "action_answer_also"
    ACCEPT_CONSENT = "action_accept_consent"
    DECLINE_CONSENT = "action_decline_consent"
    VALIDATE_CONTACT_FORM = "validate_contact_form"
    SAVE_CONTACT = "action_save_contact"
    SUBMIT_BOOKING = "action_submit_booking"
    PRESCREEN_FORM = "prescreen_form"
    CONTACT_FORM = "contact_form"
    BOOKING_FORM = "booking_form"

    @staticmethod
    def ask(slot: str) -> str:
        """The action a form runs to ask for one slot (Rasa's "action_ask_<slot>" convention)."""
        return f"action_ask_{slot}"


def _constants(holder: type) -> list[str]:
    return [value for name, value in vars(holder).items() if name.isupper()]


def intent_names() -> list[str]:
    return _constants(Intent)


def action_names() -> list[str]:
    """The fixed action and form names; the ask actions come from the slots they ask for."""
    return _constants(ActionName)


# Rasa keeps an utterance's extra keys as the bot event's metadata: the name of the
# knowledge/messages.yml template travels with its text in the tracker, so code can tell
# which question was asked last without comparing words (the consent check does).
MESSAGE_KEY = "message_key"
CONSENT_QUESTION = "ask_contact_consent"

CONTRACT_SLOTS: tuple[str, ...] = (Slot.PRESCREEN_OUTCOME, Slot.PRESCREEN_FLAGS, Slot.TRIAGE_LEVEL, Slot.HANDOFF_ID)


def slot_names() -> list[str]:
    """Every slot the code names, the pre-screen answers included."""
    return _constants(Slot) + [Slot.prescreen(flag) for flag in PRESCREEN_FLAGS]
