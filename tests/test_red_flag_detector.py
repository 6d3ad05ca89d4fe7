"""The second red-flag detector: trained from the bank, scored by hand exactly as sklearn scores."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.care.red_flag_detector import everyday_messages, fit_stored
from bot.care.red_flags import NLU_DIR, load_screen

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def detector():
    return load_screen(PROJECT / "knowledge").detector


@pytest.mark.parametrize("text", [
    "how much does it cost", "cant breth, throat closing", "my face is a bit red on day 2",
    "hola, cuanto cuesta?", "", "zzz zzz", "there's a whistling noise when I breathe out",
])
def test_the_hand_scoring_equals_the_fitted_model(detector, text):
    assert detector.alarming_probability(text) == pytest.approx(detector._alarming.predict_proba([text])[0][1], abs=1e-9)


def test_it_raises_lay_descriptions_the_rules_do_not_hold(detector):
    verdict = detector.judge("there's a whistly noise from my chest whenever I breathe out")
    assert verdict.level in ("emergency", "urgent")


def test_it_stays_quiet_on_everyday_messages(detector):
    for text in ("hi", "thanks so much", "book me in pls", "is it safe for dark skin", "212 555 0100"):
        assert detector.judge(text).level is None, text


def test_symptom_reports_of_the_training_data_are_not_counted_as_everyday():
    everyday = everyday_messages(NLU_DIR)
    assert len(everyday) > 1000
    assert not any("can't breathe" in text.lower() for text in everyday)


def test_a_short_reply_of_function_words_is_not_judged(detector):
    """One content word is too little to judge: "ticket and" scored 0.96 alarming before the minimum."""
    for text in ("ticket and", "in", "I'm in LA", "at home", "my email is ab12cd@example.com"):
        assert detector.judge(text).level is None, text
    assert detector.content_words("I'm in Denver") == 1 and detector.content_words("can't breathe") == 2
    assert detector.judge("cant breth, throat closing").level == "emergency"


@pytest.fixture(scope="module")
def screen():
    return load_screen(PROJECT / "knowledge")


@pytest.mark.parametrize("text, expected", [
    # Said in words no rule lists and too unlike the bank's letters for the second detector
    # (misses of test splits 5-7 at their first reads, docs/safety.md).
    ("Clustered vesicles at the vermilion border within the treated zone; I have a history of HSV-1.", "urgent"),
    ("Oye my face se está hinchando super fast, ya me llega al cuello y no puedo ni abrir el ojo, what do I do??",
     "emergency"),
])
def test_the_meaning_reader_raises_what_the_other_readers_miss(screen, text, expected):
    result = screen.screen(text)
    assert result.level == expected and result.meaning_level == expected
    assert "alarming in meaning (third detector)" in result.signs


@pytest.mark.parametrize("text", [
    "The red on my face is walking. Yesterday it sat only on the cheeks, today it walks down to my neck and the "
    "colour is more angry than before. Is this the normal road or no?",
    "my face smells rank?? like actually bad not the serum smell. day 4",
])
def test_two_detectors_half_sure_together_raise_what_neither_raises_alone(screen, text):
    result = screen.screen(text)
    assert result.detector_level is None and result.meaning_level is None and result.rules_level != "urgent"
    assert result.level == "urgent" and "alarming to the second and third detectors together" in result.signs


@pytest.mark.parametrize("text", [
    "ok so theres a bruise by my jaw from where they did the prp injections, kinda yellowish now on day 4 and fading. "
    "anything i should put on it?",
    "Right after the session, on the way home, I saw in my mirror little points of blood on the forehead, like ground "
    "pepper. They are dry now. This is expected?",
    # split 33: blood dots that stopped
    "I'm probably being paranoid, but right after the session there were tiny dots of blood all over, like ground "
    "pepper. They stopped before I even got to the car. Today (day 1) it's just red.",
    "came home from appt n there was like lil blood dots on my face, stopped already when i washed it off, its fine rite",
    # split 34: "less then yesterday", "not worse"
    "skin so sensitiv today even the wind hurts a lil, day 2, still red but less then yesterday",
    "skin super sensitive today, like even water stings a lil. day 1. red same as yesterday, not worse. im freaking out "
    "a bit tbh",
    # split 35: "calmer than yesterday"
    "day 2 my face is sensitive af, even the wind on the bike stings it, still pinky but calmer than yesterday",
    # split 39: bruises getting smaller
    "small bruise on my cheek where they injected the prp, day 2, not so painful, a bit smaller than yesterday",
    "small bruise under the eye where they inject the plasma, like i knock my face on the locker, day 2, getting "
    "smaller",
])
def test_expected_healing_told_as_getting_better_is_not_raised_by_the_half_sure_readers(screen, text):
    """Splits 29, 33, 34, 35 and 39: both half sure (second detector 0.37-0.77, meaning 0.59-0.94) raised these; the rules
    read a routine sign."""
    result = screen.screen(text)
    assert result.rules_level == "routine" and result.detector_level is None and result.meaning_level is None
    assert result.level == "routine"


def test_a_denied_word_of_worsening_or_of_getting_better_does_not_count(screen):
    """Split 31: "not growing" is no worsening (both detectors half sure raised this bruise); "not fading" is no
    getting better."""
    bruise = "Small bruise on cheek where needle went more deep, like after a knock in the match, yellow at edges. Day 2"
    assert screen.screen(bruise + ", no pain, not growing.").level == "routine"
    assert not screen.improving.search("yellow at edges, not fading")
    assert not screen.improving.search("the dots of blood never stopped")


def test_a_bruise_that_grows_is_raised_by_the_rules(screen):
    """A bruise getting smaller is expected (split 39); one getting bigger is not, whatever the detectors say."""
    result = screen.screen("the bruise is bigger and hot today")
    assert result.rules_level == "urgent" and result.level == "urgent"
    assert screen.screen("will the bruise get bigger?").level == "none"


def test_signs_said_only_of_an_animal_raise_nothing_from_the_detectors_either(screen):
    """Split 34: the rules read the goat's fever and pus as no sign of the writer; the two half-sure detectors
    (0.74 and 0.86) had raised it together."""
    assert screen.screen("my goat have fever and pus on leg. vet come. me no problem. when next session").level == "none"


def test_expected_healing_said_to_spread_is_still_raised_together(screen):
    """"going down to my neck" is spreading, not getting better (split 25): the two together still raise it."""
    result = screen.screen("The redness is going down to my neck and it is more wide every hour, this is day three. "
                           "First days it was only on the cheeks. Fading a bit on the cheeks.")
    assert result.level == "urgent" and "alarming to the second and third detectors together" in result.signs


@pytest.mark.parametrize("text", [
    "Tell me some joke please, I am bored waiting my bus",
    "walk me through the appt pls, from getting there to leaving",
    "need to move my appointment on the 14th, half term snuck up on me",
    "When is it safe to go back to lipstick and eye shadow?",
    "does it get rid of pitted scars and when would i see a change",
    "I am rather squeamish about blood tests ever since I fainted at the surgery some years ago. How much blood do "
    "you take for the plasma?",
])
def test_everyday_questions_get_their_answer_not_triage(screen, text):
    """Questions from the NLU validation sets the screen once sent to triage (docs/safety.md, 2026-12-05)."""
    assert not screen.screen(text).alarming, text


@pytest.mark.parametrize("text", [
    # The second detector alone scored each of these 0.8 or more (issue 11's validation sets).
    "got tiger stripes on my hips since having my son 2 yrs ago, would this fade them at all",
    "the white lines on my hips from gaining weight, can remove?",
    "does it help thinning hair? mines been coming out in clumps since the baby",
    "my pain threshold is low. will i feel the needles on the upper lip area",
])
def test_a_question_asked_before_the_treatment_is_answered_not_triaged(screen, text):
    result = screen.screen(text)
    assert screen.triage.asks_ahead(text) and not result.alarming, (text, result.detector_score)


def test_the_same_words_after_the_treatment_or_with_a_sign_are_still_triaged(screen):
    """asks_ahead only mutes the detectors, before the treatment: the sign rules still read the message whole."""
    after = "had my treatment yesterday, will it help that my whole face is grey-ish and cold?"
    assert not screen.triage.asks_ahead(after) and screen.screen(after).level == "urgent"
    sign = "would this help my stretch marks? also my lips are swelling up fast since this morning"
    assert screen.screen(sign).level == "emergency"
    stretch = "i got these silvery lines on my hips, can this fade them? im having trouble breathing"
    assert screen.screen(stretch).level == "emergency"


@pytest.mark.parametrize("text", [
    "Goodbye, dear, I must go and put the kettle on before my grandchildren arrive.",
    "you can help me write letter to my landlord, the heater is broke since one month",
    "tell me a joke, I need cheering up",
])
def test_half_sure_readers_do_not_agree_on_a_message_without_a_body_or_sign_word(screen, text):
    result = screen.screen(text)
    assert result.detector_score >= 0.35 and result.meaning_score >= 0.5, result  # both half sure, as before
    assert not result.alarming, text


@pytest.mark.parametrize("text, level", [
    ("Sir, I had one fits attack today evening, first time in life. Treatment was done morning only.", "emergency"),
    ("can I book my second session? ps not sure if it matters but there's a grey-ish patch near my nose", "urgent"),
    ("Pues no, la verdad es que no.", "none"),
])
def test_split_13s_misses_are_read(screen, text, level):
    """Two of split 13's 170 alarming messages at its first read; a Spanish "pues" read as "puss" in validation."""
    assert screen.screen(text).level == level


def test_a_faint_now_is_an_emergency_even_where_a_faint_at_the_dentist_would_be_history(screen):
    assert screen.screen("I fainted at the blood draw an hour ago and still feel woozy").level == "emergency"
    assert screen.screen("I always faint at blood tests, and I just fainted again after the session").level == "emergency"


def test_the_meaning_reader_stays_quiet_on_everyday_messages_and_short_replies(screen):
    for text in ("how much does it cost", "is it safe for dark skin", "in LA", "ok thanks", "book me in pls",
                 "my face is a bit pink on day 2, is that normal"):
        assert screen.screen(text).meaning_level is None, text


def test_the_meaning_reader_reads_english_only(screen):
    """all-MiniLM-L6-v2 was trained on English; a Spanish message has its own second detector."""
    result = screen.screen("tengo la cara un poco roja desde ayer, ¿es normal?")
    assert result.language == "es" and result.meaning_level is None and result.meaning_score == 0.0


def test_a_message_is_encoded_once_for_the_featurizer_and_the_screen():
    from bot.language.sentence_embeddings import SentenceEncoder

    encoder = SentenceEncoder.shared()
    calls = []
    original = encoder._batch
    encoder._batch = lambda texts: calls.append(list(texts)) or original(texts)  # type: ignore[method-assign]
    try:
        text = "my cheeks feel hot and tight tonight, a fresh sentence for this test"
        first = encoder.encode([text])
        first[0, 0] = 99.0  # a caller changing its copy must not change the next reader's
        second = encoder.encode([text])
    finally:
        del encoder._batch
    assert calls == [[text]] and second[0, 0] != 99.0


def _bank(extra_urgent: tuple[str, ...] = ()) -> dict[str, list[str]]:
    return {
        "emergency": ["I can't breathe", "my throat is closing", "my lips are swelling fast", "I fainted"],
        "urgent": ["I have a fever of 39", "there is pus coming out", "the redness is spreading", *extra_urgent],
        "benign": ["a bit pink on day 2", "slightly tight skin", "some flaking on day 4", "mild redness"],
    }


EVERYDAY = ["how much does it cost", "can I book for Monday", "thanks", "what is PRP", "does it hurt", "hello"]


def test_fitted_detectors_are_kept_and_refitted_when_the_bank_changes(tmp_path):
    """A server starting again loads the fitted models; a changed bank must never be served from the old file."""
    first = fit_stored(_bank(), EVERYDAY, 10.0, tmp_path)
    files = sorted(tmp_path.glob("red-flag-detector-*.pkl"))
    assert len(files) == 1
    again = fit_stored(_bank(), EVERYDAY, 10.0, tmp_path)
    text = "my neck is all blotchy and itchy"
    assert again[0].predict_proba([text])[0][1] == pytest.approx(first[0].predict_proba([text])[0][1], abs=1e-12)
    assert sorted(tmp_path.glob("red-flag-detector-*.pkl")) == files

    grown = fit_stored(_bank(("hives all over my neck, itchy welts",)), EVERYDAY, 10.0, tmp_path)
    assert len(list(tmp_path.glob("red-flag-detector-*.pkl"))) == 2
    assert grown[0].predict_proba([text])[0][1] > first[0].predict_proba([text])[0][1]


def test_an_unreadable_cache_file_is_fitted_again_not_a_crash(tmp_path):
    fit_stored(_bank(), EVERYDAY, 10.0, tmp_path)
    (cached,) = tmp_path.glob("red-flag-detector-*.pkl")
    cached.write_bytes(b"not a pickle")
    models = fit_stored(_bank(), EVERYDAY, 10.0, tmp_path)
    assert models[0].predict(["my throat is closing"])[0] == 1
    assert cached.read_bytes() != b"not a pickle"


def test_a_very_long_message_is_judged_without_holding_the_server(screen):
    """A 20,000-letter paste once took the detector's code-stripping pattern minutes (quadratic backtracking)."""
    assert screen.screen("a" * 20000).level == "none"
    assert screen.screen("call me back " + "x" * 20000 + " my throat is closing").level == "emergency"
    assert screen.detector.readable("ref ab12cd, see https://x.org or mail me@x.org, my lips are swelling") \
        .split() == ["ref", "see", "or", "mail", "my", "lips", "are", "swelling"]


@pytest.mark.parametrize("text", [
    # Each raised by the detectors alone, or together, after the rules read its signs as history (split 21).
    "Dear Sir or Madam, I wish to book a consultation regarding my crow's feet. In the interest of full disclosure I "
    "should mention that I fainted once, in the summer of 1987, during a heatwave at a school sports day. Are there "
    "any appointments on Tuesday afternoons?",
    "booking q. my sister fainted when she had PRP at a different place last yr, lol family drama. im not her. u have "
    "anything tues morning?",
    "Hello, I read on your website about the numbing cream. Is possible to be allergic? My mother had a reaction to "
    "anaesthesia at the dentist 10 years ago, her lips swelled. I want to book for both of us.",
])
def test_signs_read_as_history_long_past_are_not_raised_by_the_detectors(screen, text):
    result = screen.screen(text)
    assert not result.alarming, (text, result.detector_score, result.meaning_score)


def test_history_mutes_the_detectors_only_when_the_message_says_nothing_of_now(screen):
    """A word of now or of recent days keeps the detectors' say, and a sign now is read by the rules."""
    assert screen.screen("my sister fainted last year, and now I can't get a breath in").level == "emergency"
    now = "my mother had a reaction 10 years ago and her lips swelled, today mine feel weird and tight and huge"
    assert screen.screen(now).alarming


def test_a_word_repeated_is_no_description(screen):
    """"my face" pasted 400 times opened an emergency handoff (2026-12-07, by hand): each word counts once toward
    the detectors' minimum, and a sign said over and over is still read by the rules."""
    assert screen.screen("my face " * 400).level == "none"
    assert screen.screen("cant breathe " * 50).level == "emergency"
