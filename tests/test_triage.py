"""Symptom triage rules: what a patient writes and the level it gets.

The independent evaluation sets are scored in tests/test_red_flag_screen.py;
here each behaviour of the sign reader is pinned by a case written for it.
"""
from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.care.triage import SEVERITY, days_since_treatment, load_triage

PROJECT = Path(__file__).resolve().parent.parent
TRIAGE_DATA = yaml.safe_load((PROJECT / "knowledge" / "triage.yml").read_text(encoding="utf-8"))
SEEN = yaml.safe_load((PROJECT / "tests" / "triage_eval" / "regression_seen.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def triage():
    return load_triage(PROJECT / "knowledge")


def level(triage, text: str) -> str:
    return triage.classify(text).level


def test_the_seen_regression_set_still_passes(triage):
    """Kept so nothing the old set caught is lost; it is seen data and proves little else."""
    under = [(c["text"], c["level"], level(triage, c["text"])) for c in SEEN["alarming"]
             if SEVERITY[level(triage, c["text"])] < SEVERITY[c["level"]]]
    over = [c["text"] for c in SEEN["benign"] if level(triage, c["text"]) in ("urgent", "emergency")]
    assert not under, under
    assert len(over) <= 2, over


@pytest.mark.parametrize("text, expected", [
    # a hedge elsewhere in the sentence cancels nothing
    ("I've never had this before, my lips are swelling", "emergency"),
    ("not sure if it matters but my throat feels tight", "emergency"),
    ("probably nothing, I don't want to bother anyone, but there's pus on my chin", "urgent"),
    ("I don't think it's serious but my fever hasn't gone down", "urgent"),
    # a negation cancels only the sign it governs
    ("no fever or chills, just red", "routine"),
    ("no fever but there's yellow pus", "urgent"),
    ("lips aren't swollen, only some redness", "routine"),
    ("I don't have a fever, chills or pus, it's just pink", "routine"),
    ("I'm not swollen but I can't breathe properly", "emergency"),
    ("without fever, only a bit dry", "routine"),
    ("the bleeding is not stopping from one spot", "urgent"),
])
def test_negation_is_scoped_to_the_sign_it_governs(triage, text, expected):
    assert level(triage, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("cant breth, throat closin", "emergency"),
    ("my lips r swolen n puffy", "emergency"),
    ("got a feaver and chils since last nite", "urgent"),
    ("theres puss coming out of a spot", "urgent"),
    ("wheasing when i lie down", "emergency"),
    ("vomitting since this morning", "urgent"),
])
def test_phone_typos_of_sign_words_are_read(triage, text, expected):
    assert level(triage, text) == expected


@pytest.mark.parametrize("word", ["never", "lives", "gives", "feet", "needling", "chess"])
def test_real_words_are_never_read_as_typos(triage, word):
    assert triage._typos.correct(word) == word


@pytest.mark.parametrize("word, meant", [("makin", "making"), ("bleedin", "bleeding"), ("swellin", "swelling"),
                                         ("robin", "robin"), ("cabin", "cabin"), ("skin", "skin")])
def test_a_sign_word_with_its_g_dropped_is_the_sign_word(triage, word, meant):
    """Split 56: "makin" is in the dictionary, so no typo reading reached "not making sense"."""
    assert triage._typos.correct(word) == meant


@pytest.mark.parametrize("text, expected", [
    ("the pane is so bad I cant slep, its way wurse then the first day", "urgent"),
    ("came over all feint in the kitchen just now", "emergency"),
])
def test_real_words_that_sound_like_a_sign_word_are_read_as_it(triage, text, expected):
    assert level(triage, text) == expected


def test_a_slip_of_a_real_word_is_not_read_as_a_sign_word_two_slips_away(triage):
    """"swiming" is one slip from "swimming" and two from "seizing": the patient asked about swimming."""
    assert triage._typos.correct("swiming") == "swiming"
    assert level(triage, "no fever or nuthing, just wanted to no wen I can go swiming agen") == "none"
    assert triage._typos.correct("wheasing") == "wheezing"


@pytest.mark.parametrize("text, expected", [
    ("my temp is 38.5", "urgent"),
    ("thermometer says 101.3", "urgent"),
    ("it's 100.4 F", "urgent"),
    ("38,2 grados de fiebre", "urgent"),
    ("temp is 37.2, face a bit red", "routine"),
    ("99.1 this morning, just pink", "routine"),
    ("I'm 40 and my face is red", "routine"),
])
def test_temperatures_count_as_fever_from_the_contract_threshold(triage, text, expected):
    assert level(triage, text) == expected


@pytest.mark.parametrize("text, expected", [
    # dictated or written as spoken (test split 6 missed the first one)
    ("temperature is a hundred and one point five and the needling was yesterday", "urgent"),
    ("one hundred two degrees fahrenheit tonight", "urgent"),
    ("tengo treinta y ocho y medio de fiebre", "urgent"),
    ("my temp is ninety nine point eight, face just pink", "routine"),
    ("temperatura de treinta y siete con dos, solo la cara roja", "routine"),
    ("I'm thirty nine and my face is a bit red", "routine"),
])
def test_temperatures_in_words_count_too(triage, text, expected):
    assert level(triage, text) == expected


@pytest.mark.parametrize("text, expected", [
    # clinical words a nurse or a doctor-patient writes (test split 5 missed them)
    ("I'm noticing lingual angioedema and it's progressing", "emergency"),
    ("progressive periorbital edema, spreading over the last 20 minutes", "emergency"),
    ("my husband saw a tonic-clonic episode, I'm postictal now", "emergency"),
    ("purulent drainage from two puncture sites", "urgent"),
    ("Chest's a bit sore. Left side, pressing.", "emergency"),
    ("The pain is much stronger than yesterday, I cannot sleep", "urgent"),
    ("Bit of gunk coming out of a couple of the spots", "urgent"),
    # test split 7 (an 80-year-old who understates)
    ("I seem to be a little short of puff tonight and must pause between words", "emergency"),
    ("I had a slight turn in the garden and found myself lying on the lawn", "emergency"),
    ("Follow-up as requested: afebrile, no erythema, no discharge. Healed well, thanks.", "none"),
    # Split 10's misses at its first read (docs/safety.md).
    ("my face is not swell, but I no can take air good. breath is small small. please help", "emergency"),
    ("the face make white yellow water, it come out from the small hole of needle", "urgent"),
    ("my breathing is fine, I just take small breaths when I'm nervous, is the procedure scary?", "none"),
    # Split 12: answers laid out like a form.
    ("Day: 1\nRedness: yes, like a sunburn\nSwelling: mild, bit less than last night\nFever: no (36.9)", "routine"),
    ("Bleeding: yes\nWhere: scalp\nHow long: started oozing again at 8pm, still going at 10pm even with pressure",
     "urgent"),
    ("Skin colour changes? Yes - a pale, almost white patch on my chin that doesn't turn pink when I press it\n"
     "Pain: mild\nFever: no", "urgent"),
    # A "no" that is not the whole answer, and a writer who says it is not hypothetical.
    ("Chest pain? No idea why, it started an hour ago", "emergency"),
    ("This is not a hypothetical question: my lips are swelling up right now", "emergency"),
    # Needles and the blood draw are this treatment, not somewhere else.
    ("I went faint after the needles and I'm still dizzy", "emergency"),
])
def test_clinical_and_lay_words_for_the_signs(triage, text, expected):
    assert level(triage, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("I note that my lower lip, which was treated with PRP this morning, has become swollen.", "emergency"),
    ("The pain, which was mild on the day itself, has since become considerably more severe.", "urgent"),
    ("My lip, which the nurse numbed first, has not become swollen at all, it is just pink.", "routine"),
    ("Pinpoint bleeding at the end of the session, stopped within a few minutes with gauze.", "routine"),
    ("When is it safe to go back to lipstick and eye shadow?", "none"),
])
def test_a_sign_split_by_a_clause_is_read_through_the_parse(triage, text, expected):
    """Subject and complement of one verb, however far apart; "the bleeding stopped" is not "won't stop"."""
    assert level(triage, text) == expected


@pytest.mark.parametrize("text", [
    "can microneedling cause blisters?",
    "what if I get a fever afterwards?",
    "If I get fever after the treatment, should I call you?",
    "what are the signs of infection i should watch for?",
    "my sister got hives after a facial, could that happen with prp?",
    "In the past I had cold sores, none now. Can the treatment bring them back?",
    "i get cold sores like every few months, does that rule me out?",
    "I get cold sores maybe twice a year around my mouth, would that be an issue for me?",
    "can you do prp on the scalp for growth? and does that hurt more than the face",
    "so the needles basically damage ur skin on purpose and then it heals back stronger?? how does that even work",
    "Hypothetically, if a patient developed urticaria after PRP, would you see them same day?",
    "If I get a fever after the procedure, whom should I contact? I am asking in advance only.",
])
def test_questions_about_signs_are_not_symptoms(triage, text):
    assert level(triage, text) not in ("urgent", "emergency")


@pytest.mark.parametrize("text, expected", [
    ("throat closing up, is this normal?", "emergency"),
    ("what happens if someone faints after this? asking bc i just did", "emergency"),
    ("is it normal if my face is hot to the touch and getting redder?", "urgent"),
    ("how long does redness last? also my lips are puffing up", "emergency"),
    ("can i talk to someone, i feel like passing out", "emergency"),
])
def test_signs_inside_questions_and_requests_still_count(triage, text, expected):
    assert level(triage, text) == expected


@pytest.mark.parametrize("text, language", [
    ("I'm on warfarin for an arrhythmia, can I still have it done?", "en"),
    ("Tomo Sintrom por una arritmia. ¿Igual me lo puedo hacer?", "es"),
    ("Which side effects can come after? Bruising, infection, something else?", "en"),
    ("¿Cuáles son los riesgos? ¿Moretones, infección, manchas?", "es"),
    ("Is very painful? I have low tolerance for the pain, my sister say the forehead part is horrible.", "en"),
    ("a mi me salen fuegos en la boca a cada rato, sirvo pa esto o no?", "es"),
    ("any risks? bruising, infection etc", "en"),
    ("List of possible complications. Bruising, infection, pigment? All of it.", "en"),
    ("I get cold sore very often around mouth, maybe 4 times a year. Can I do microneedling PRP?", "en"),
    ("I take a low dose aspirin every morning, and I do get the odd cold sore in winter.", "en"),
    ("generally speaking is it ok for people on accutane or people who get cold sores", "en"),
    ("I understand needling kicks off collagen. I'm just not clear what the platelets add.", "en"),
    ("face kinda puffy this morning, like a little. went down a bit by lunch. no rash", "en"),
    ("tiny bit puffy this morning, pink like sunburn, prob nothing. no fever no pus lol. can i go to the gym", "en"),
    ("Post-procedure check day 14: fever N, chills N, pus N, blisters N.", "en"),
    ("would it matter if my skin goes grey after?", "en"),
])
def test_a_diagnosis_a_risk_list_or_pain_asked_ahead_is_a_question_not_a_symptom(triage, text, language):
    """Issue 11's and 14's validation sets: these got urgent triage or the emergency line instead of their answer."""
    assert triage.classify(text, language=language).level not in ("urgent", "emergency")


@pytest.mark.parametrize("text, language, expected", [
    ("taking antihistamines for the hives that came up after my treatment", "en", "urgent"),
    ("what are the risks? my face has pus coming out", "en", "urgent"),
    ("what are the side effects? throat closing up, can't breathe", "en", "emergency"),
    ("which side effects? pus and a fever of 39 since yesterday", "en", "urgent"),
    ("any risks? blisters and pus all over my cheeks", "en", "urgent"),
    ("I do get a cold sore now on the treated area, day 3", "en", "urgent"),
    ("my vision is not clear since the treatment", "en", "urgent"),
    ("my eye see flash light and little bit dark in corner since the treatment around eye. is normal or not na",
     "en", "urgent"),
    ("no, pus is coming out of my cheek", "en", "urgent"),
    ("I want ask price for next time. And my face have some small wound open, not close after 5 days, a little wet.",
     "en", "urgent"),
    ("would it matter if parts of the treated skin look kind of bluish grey? mine does, just noticed in the mirror",
     "en", "urgent"),
    ("fever Y, pus N", "en", "urgent"),
    ("my face swelling went down a bit but then I fainted", "en", "emergency"),
    ("whats ur cancellation fee? and is it normal i cant finish a sentence without stopping for air since i got home?",
     "en", "emergency"),
    ("oh and también I have like a pressure en el pecho since last night, no sé si tenga que ver", "en", "emergency"),
    ("what are the side effects? pus, fever, it's getting worse since the session", "en", "urgent"),
    ("cuales son los riesgos? tengo pus y fiebre desde ayer", "es", "urgent"),
    ("what are the side effects? she has had a fever of 39 since the session", "en", "urgent"),
    ("I had it done yesterday, is it normal that it's very painful?", "en", "urgent"),
    ("I need to talk to a nurse please, el dolor is like 9 de 10 y no se me quita con nada", "es", "urgent"),
    ("Symptoms log:\n- lower lip - got massive in like 15 min, now upper too\n- no fever", "en", "emergency"),
    ("The place they did the needle is paining me seriously, more than the first day", "en", "urgent"),
])
def test_the_same_words_about_oneself_now_still_count(triage, text, language, expected):
    assert triage.classify(text, language=language).level == expected


@pytest.mark.parametrize("text, expected", [
    ("Pain level: if stubbing your toe is a 2, I'm at a solid 9 and climbing. Day 2.", "urgent"),
    ("on a pain scale I'm about an 8 since this morning", "urgent"),
    ("Short question: can I ice it? My face is very swelled, it goes fast, first the lips and now the cheeks.",
     "emergency"),
])
def test_a_pain_scale_number_and_speed_after_a_comma_are_read(triage, text, expected):
    """Triage split 15's two misses, read as routine before (docs/safety.md)."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text", [
    "pain level about 2, I'm 8 days out and it's just dry",
    "pain level is a 3 on day 7",
    "Had pinpoint bleeding right after the session, it had stopped by the time I got home",
])
def test_a_day_count_or_a_stopped_bleed_is_not_read_as_a_sign(triage, text):
    """Day numbers beside a pain scale, and "bleeding, it had stopped", stay below urgent."""
    assert triage.classify(text).level not in ("urgent", "emergency")


@pytest.mark.parametrize("text, language", [
    ("right after the session there were little pinpoint spots of blood that stopped on their own, now its just red",
     "en"),
    ("had lil dots of blood, nurse wiped it. now its 6 hrs later, still red but no blood. we good?", "en"),
    ("day 2, still a bit red and sensitive, the swelling went down already. all good?", "en"),
    ("will the sun and chlorine mess with it? like could it make my face swell up or get infected", "en"),
    ("I want to know, the procedure can cause allergy, like hives or swelling? Before I make booking.", "en"),
    ("Is it true that the numbing cream can make your heart go weird or your ears ring? I want to do the treatment "
     "in July", "en"),
    ("Does the numbing cream ever cause ringing in the ears or a racing heart? I haven't had treatment yet.", "en"),
    ("I should like to know the incidence of fever or infection after the procedure.", "en"),
    ("i kind of faint at the sight of blood so do you guys do the blood draw lying down", "en"),
    ("I am very afraid of blood, I faint only seeing it. and what is the downtime?", "en"),
    ("My friend said after her session she had vomiting and blisters. I am thinking to book, how do you avoid this?",
     "en"),
    ("i get cold sores like every other month, can i still get it done?", "en"),
    ("My hay fever is awful this week, when do results usually start to show?", "en"),
    ("queria saber cuanto cuesta la sesion y si despues puede dar fiebre o hinchazon", "es"),
    ("could i be a candidate, i get cold sores alot", "en"),
    ("My pain threshold is terrible, I literally cry at eyebrow threading. Is the needling really painful?", "en"),
    ("is the forehead the worst bit for pain? heard upper lip is bad too", "en"),
    ("Which are the risk? Infection, dark spot, something else?", "en"),
])
def test_a_stopped_bleed_a_cause_question_or_a_plan_is_not_a_symptom(triage, text, language):
    """Triage split 19's and NLU test7's false alarms (docs/safety.md)."""
    assert triage.classify(text, language=language).level not in ("urgent", "emergency")


@pytest.mark.parametrize("text, expected", [
    ("Pain level (0-10): 9, it was 4 yesterday\nRedness: normal I think", "urgent"),
    ("pain was small first day but every day it is more, now day 4 it is worse than day 2", "urgent"),
    ("the bleeding stopped for a minute then started again and won't stop", "urgent"),
    ("can't get it to stop bleeding, it stopped once but it's still dripping", "urgent"),
    ("could it make my face swell up because my lips are swelling fast right now and my throat feels tight", "emergency"),
    ("can it cause a fever? i have 39.5 since the session", "urgent"),
    ("I want to do the treatment again next month but right now I have pus coming out of my cheek", "urgent"),
    ("I want to book my next session but my lips are swelling fast and I can't breathe", "emergency"),
    ("I want to book. my throat is closing up", "emergency"),
    ("planning to book the treatment again, also my chest hurts a lot and feels tight", "emergency"),
    ("the pain is beyond my pain tolerance now, excruciating since last night", "urgent"),
    ("the worst part is the pain, it's getting worse every hour since the session", "urgent"),
])
def test_worsening_pain_a_form_score_and_signs_beside_those_readings_still_count(triage, text, expected):
    """Split 19's two misses, and the counter-cases its false-alarm readings must not lower."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, language", [
    ("Hello, my husband had chest pain last month from his heart, now he is treated and fine. Can he do the "
     "microneedling for his acne scars?", "en"),
    ("In the interest of full disclosure I should mention that I fainted once, in the summer of 1987, during a "
     "heatwave at a school sports day.", "en"),
    ("booking q. my sister fainted when she had PRP at a different place last yr, lol family drama. im not her.", "en"),
    ("She had a seizure once as a kid, none since and off meds for 10 years. Is that a problem for the PRP?", "en"),
    ("whats the price for the face one. mate had it done last yr n said his face swelled up like a balloon for a day",
     "en"),
    ("Le contesto las preguntas: 1. ¿Fiebre? No. 2. ¿Pus o mal olor? Tampoco. Nomás quería saber lo del bloqueador.",
     "es"),
    ("Tengo pánico a los análisis de sangre, me desmayo y todo. ¿Cuánta sangre sacan para lo del PRP?", "es"),
    ("¿Me van a sacar sangre? Es que me mareo con las agujas", "es"),
    ("q riesgos tiene? me puede salir una infeccion o manchas?", "es"),
    ("Muchísimas gracias por su paciencia, mi hijita, Dios la bendiga. Hasta lueguito.", "es"),
    ("I can't recall when my last session was, can I book another?", "en"),
    ("I'm a bit confused about the price, can you explain?", "en"),
])
def test_history_long_past_a_faint_at_blood_tests_or_a_form_answered_no_is_not_a_symptom(triage, text, language):
    """Split 21's and the Spanish validation splits' false alarms (docs/safety.md)."""
    assert triage.classify(text, language=language).level not in ("urgent", "emergency")


@pytest.mark.parametrize("text, language, expected", [
    ("My husband had the treatment last year and he can't breathe", "en", "emergency"),
    ("My wife had PRP last week and she fainted", "en", "emergency"),
    ("I had it done last month and now I fainted", "en", "emergency"),
    ("Last year I had the treatment, it was fine, this time I fainted in the car", "en", "emergency"),
    ("I had PRP last year. my lips swelled up and I can't breathe", "en", "emergency"),
    ("a small area beside my nostril looks a dull grey-blue, rather like an old bruise", "en", "urgent"),
    ("Fever or chills? no. Pus, smell? yes since this morning", "en", "urgent"),
    ("hoy me sacaron sangre para el prp y me desmaye", "es", "emergency"),
    ("Cuando me pusieron las agujas me desmayé", "es", "emergency"),
    ("me hicieron el prp ayer y me salio una infeccion, me puede dar fiebre?", "es", "urgent"),
    ("me salió un fueguito en el labio despues del tratamiento", "es", "urgent"),
    ("tengo unos parches como morados oscuros, casi negros, en la frente", "es", "urgent"),
    ("me hice el tratamiento el jueves y desde ayer veo medio borroso con el ojo derecho", "es", "urgent"),
    ("My wife, who underwent the procedure this morning, has become markedly confused and asked me the same question "
     "four times", "en", "emergency"),
    ("refiere dolor torácico opresivo irradiado a brazo izquierdo", "es", "emergency"),
    ("Sangrado persistente en el sitio de punción, lleva 40 minutos con compresión y no cede", "es", "urgent"),
    ("de repente se me empezó a hinchar todo, primero los párpados, luego los cachetes y ahora el cuello", "es",
     "emergency"),
    ("Me he puesto el termómetro y marca 38 justo. Me hice el micro con plasma el martes", "es", "urgent"),
])
def test_signs_now_beside_those_readings_still_count(triage, text, language, expected):
    """The counter-cases: a sign now, a recent treatment, or a present tense is never history."""
    assert triage.classify(text, language=language).level == expected


@pytest.mark.parametrize("text, expected", [
    ("hives all over my neck and arms", "urgent"),
    ("welts came up on my chest", "urgent"),
    ("I had a seizure an hour after", "emergency"),
    ("ears ringing and my heart is racing since the numbing cream", "emergency"),
    ("still numb 6 hours after the cream came off", "urgent"),
    ("been throwing up all afternoon", "urgent"),
    ("one patch on my cheek has gone grey", "urgent"),
    ("my face is swelling really fast", "emergency"),
    ("pain is like a 9/10 now", "urgent"),
])
def test_signs_the_old_rules_did_not_know(triage, text, expected):
    assert level(triage, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("no puedo respirar", "emergency"),
    ("se me hinchan los labios", "emergency"),
    ("tengo fiebre y sale pus", "urgent"),
    ("no tengo fiebre, solo la cara roja", "routine"),
])
def test_spanish_signs(triage, text, expected):
    assert level(triage, text) == expected


def test_a_symptom_no_sign_matches_is_not_routine(triage):
    """Routine is only for healing the article names; the action treats "none" as unplaced."""
    assert level(triage, "my skin feels kind of waxy today") == "none"


def test_emergency_outranks_benign_words_in_the_same_message(triage):
    assert level(triage, "just a bit red but I can't breathe properly") == "emergency"


def test_signs_are_listed_for_staff(triage):
    assert "fever or chills" in triage.classify("got a fever and chills").signs


def test_every_sign_cites_a_listed_source():
    sources = set(TRIAGE_DATA["sources"])
    for body in TRIAGE_DATA["levels"].values():
        for sign in body["signs"]:
            assert sign["source"] and set(sign["source"]) <= sources, sign["key"]


def test_every_sign_the_contract_lists_is_read(triage):
    """One plain phrasing per sign of shared/CONTRACT.md's emergency and urgent lists (Rules of conduct)."""
    cases = {
        "emergency": ["I'm wheezing", "my tongue is swelling", "my face is swelling up fast", "I fainted",
                      "I collapsed in the kitchen", "I have chest pain", "I had a seizure",
                      "I feel confused", "my ears are ringing", "my heartbeat is irregular"],
        "urgent": ["I have a fever", "my temperature is 38.4", "it's 100.4 F", "I have chills", "there's pus",
                   "the redness is spreading", "the redness is getting worse", "it's hot and red", "red streaks",
                   "there's a foul smell", "severe pain", "the pain is getting worse", "a blister came up",
                   "open sores on my cheek", "a cold sore came up where they treated", "my vision is blurry",
                   "I have hives", "welts on my neck", "a rash on my arms", "still tingling hours after numbing",
                   "the bleeding won't stop", "I keep vomiting", "I feel very unwell",
                   "a grey patch on my cheek", "a dusky patch", "a very pale patch"],
    }
    wrong = [(text, want, level(triage, text)) for want, texts in cases.items() for text in texts
             if SEVERITY[level(triage, text)] < SEVERITY[want]]
    assert not wrong, wrong


@pytest.mark.parametrize("text, days", [
    ("peeling on day 4", 4),
    ("had it done two days ago", 2),
    ("treated yesterday", 1),
    ("since monday my face is red", 3),  # 2026-11-26 is a Thursday
    ("worse today, had it done on monday", 3),
])
def test_time_since_treatment(triage, text, days):
    assert triage.classify(text, today=date(2026, 11, 26)).days_since_treatment == days


def test_no_time_given():
    assert days_since_treatment("it itches", (), date(2026, 11, 26)) is None


def test_clinic_can_escalate_healing_that_lasts_too_long():
    triage = load_triage(PROJECT / "knowledge", expected_healing_days=5)
    assert triage.classify("still red on day 9", today=date(2026, 11, 26)).level == "urgent"
    assert triage.classify("still red on day 2", today=date(2026, 11, 26)).level == "routine"


def test_a_button_payload_holds_no_patient_words(triage):
    assert level(triage, "/report_symptom") == "none"


def test_advice_starts_with_the_emergency_number():
    advice = TRIAGE_DATA["advice"]
    assert advice["emergency"].lower().startswith("call your local emergency number now")
    assert re.search(r"call your local emergency number now", advice["emergency_es"], re.I)
    assert "{phone}" in advice["urgent"] and "{phone}" in advice["routine"] and "{phone}" in advice["unplaced"]


def test_typos_are_read_even_after_the_pipeline_has_seen_them():
    """spaCy's StringStore keeps every string it processed; a typo seen once must not become a known word."""
    from bot.language.pipeline import nlp
    nlp()("got a feaver and its hard to breth")
    fresh = load_triage(PROJECT / "knowledge")
    assert fresh.classify("got a feaver since last nite").level == "urgent"
    assert fresh.classify("yes. also its hard to breth atm").level == "emergency"


@pytest.mark.parametrize("word, expected", [
    ("lueguito", "lueguito"),      # "hasta lueguito" is "luego", not the cold-sore word "fueguito"
    ("poquito", "poco"),           # a word of the sign phrases: "veo un poquito borroso" reads "veo un poco borroso"
    ("chiquito", "chiquito"),      # "chico"
    ("moradita", "morada"),        # a sign word in its diminutive is still the sign word ("zona moradita")
])
def test_a_spanish_diminutive_is_read_as_its_base_word(triage, word, expected):
    assert triage.spanish_typo(word) == expected


@pytest.mark.parametrize("text", [
    "Negative for fever, chills or discharge. All healed. When is my next slot?",
    "Q: Any fever, pus or spreading redness since the session?\nA: No, none of those.",
    "no erythema, no oedema, no exudate today, I only want to ask about retinol",
    "I have neither a fever nor any discharge and I'd like to book session two",
    "Should I develop a fever after the treatment, who do I ring?",
    "What if I pass out during the blood draw? I haven't booked yet.",
    "If I get hives after, what do I do? Just so I know before I come.",
    "Is vomiting a known side effect of the numbing cream?",
    "is it true people faint when the blood is taken?",
    "my cousin got blisters from microneedling at some salon, do you sterilise your needles?",
    "I had a cold sore last year, now nothing. Can I book?",
    "a small blue bruise on my cheek where the PRP went in, day 2, no pain",
    "which temperature counts as a fever after the treatment, 38 or 38.5? I'm booked for next week",
])
def test_denied_lists_questions_asked_ahead_and_stories_from_elsewhere_are_not_symptoms(triage, text):
    """The readings added after split 22 (docs/safety.md): a list a negation opens, a form's question answered
    no, a question asked before any treatment, another person's story from another clinic, a bruise's colour."""
    assert triage.classify(text).level not in ("urgent", "emergency")


@pytest.mark.parametrize("text, expected", [
    ("no fever, my lips are swelling up fast", "emergency"),
    ("Negative for fever but my face is swelling fast", "emergency"),
    ("without a hat all day and now there are hives all over my neck", "urgent"),
    ("Should I be worried that my tongue is swelling, it started an hour ago", "emergency"),
    ("I'm booked for my second session next week, is it normal my lips are swelling?", "emergency"),
    ("My friend got hives at another clinic and now I have hives too after yours", "urgent"),
    ("my wife had it done at another clinic yesterday and her lips swelled up", "emergency"),
    ("is it possible to get hives from this? I have them all over my neck now", "urgent"),
    ("a bruise on my cheek turned grey and it's spreading", "urgent"),
    ("what if my lips are swelling right now", "emergency"),
    ("is it normal i cant finish a sentence without stopping for air", "emergency"),
])
def test_signs_now_beside_the_readings_after_split_22_still_count(triage, text, expected):
    """The counter-cases of the test above: a sign stated of the writer now is a report, whatever surrounds it."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("no fever, lips swelling fast", "emergency"),
    ("no fever, hives all over my chest", "urgent"),
    ("no fever, felt faint in the car", "emergency"),
    ("No pain, no fever or chills, but pus is coming out of one spot", "urgent"),
])
def test_a_comma_after_a_denied_sign_does_not_deny_the_next(triage, text, expected):
    """Only "or", "nor" or an opener such as "negative for" makes a denied list; a comma alone may start a report."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("is 37.9 a fever or does it have to be 38 to count", "none"),
    ("at what temperature must I call you after the treatment, 38 or 37.5? just so I know", "none"),
    ("my temp is 38.2, does that count as a fever?", "urgent"),
    ("is 38.3 a fever? had my treatment yesterday", "urgent"),
    ("I have asthma, well controlled. Is the numbing cream safe for me?", "none"),
    ("I have asthma and I'm wheezing since the cream went on", "emergency"),
    ("having an asthma attack after the session", "emergency"),
])
def test_a_fever_threshold_asked_or_a_condition_named_is_not_a_sign(triage, text, expected):
    """A threshold asked with no reading of one's own, and asthma said as a condition, raise nothing; a reading
    or an attack does."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("Cold sores? Had one back in 2019, nothing since.", "none"),
    ("History: anaphylaxis to a wasp sting in 1995. Can I still have PRP?", "none"),
    ("Years back I used to get fainting when they took blood. Is the draw a problem?", "none"),
    ("I have a question about cold sores, can I book if I get them now and then?", "none"),
    ("Cold sores? Yes, one came up yesterday on my lip", "urgent"),
    ("History: anaphylaxis in 1995, and now my throat is closing", "emergency"),
    ("I have a question about my lips swelling fast", "emergency"),
])
def test_history_given_as_a_form_answer_or_a_note_is_not_a_sign(triage, text, expected):
    assert triage.classify(text).level == expected


def test_a_sign_without_a_verb_compared_with_a_year_is_read_as_now(triage):
    """Only under a "History:" label is a verbless sign with a year history; a comparison is a report."""
    assert triage.classify("throat closing up, same as in 2019").level == "emergency"
    assert triage.classify("lip swelling 10 min after, like last year").level == "emergency"


@pytest.mark.parametrize("text, expected", [
    ("n/v x2 since noon, d1 post treatment", "urgent"),
    ("malaise and chills since last night after the session", "urgent"),
    ("a small bruise like a faint purple thumbprint where the PRP went in, day 2", "routine"),
    ("I feel faint and the room is spinning", "emergency"),
    ("Negative on fever, chills, discharge. When can I shave?", "none"),
    ("Hx anaphylaxis to penicillin 2015, nothing since. Is PRP ok for me?", "none"),
    ("Had a chest infection with a high fever two winters back, long cleared up. Does it matter?", "none"),
    ("I had a seizure as child, now no medicine since 15 years. Can I book?", "none"),
    ("Kindly tell, if I am getting chest pain after procedure what should I do? I have appointment on Monday.", "none"),
    ("I've read it can cause ringing ears. My husband wants to book for next month, is it safe?", "none"),
    ("my cousin had a fever and pus after PRP in a beauty salon, is it safer with you?", "none"),
    ("I've read it can cause ringing ears and now my ears are ringing", "emergency"),
    ("I have appointment on Monday but I am getting chest pain right now", "emergency"),
    ("Hx: anaphylaxis 2015, and since an hour my lips are swelling", "emergency"),
])
def test_the_readings_after_split_23(triage, text, expected):
    """Split 23's two misses (a clinical "n/v", malaise) and the false alarms read after its first read, with the
    counter-cases they must not lower."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("if my lips swell up after do i call u or go to ER", "none"),
    ("if I get hives after the treatment what should I do", "none"),
    ("if my lips are swelling do i call u or go to ER", "emergency"),
    ("my lips swelled up, do i call u or go to ER", "emergency"),
    ("if my lips swell up like now do i call you", "emergency"),
])
def test_what_to_do_if_a_sign_comes_is_a_question(triage, text, expected):
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("Not in last month. But now yes, I have one on the lip, where was treatment two days ago.", "urgent"),
    ("yes, and now I've got one on my chin, right where you treated", "urgent"),
    ("Do you get cold sores? yes, I have one now and then", "none"),
    ("can I put it on my lips now, after the treatment?", "none"),
])
def test_a_thing_named_only_by_a_pronoun_on_the_treated_skin_now_is_not_left_unread(triage, text, expected):
    """A pre-screen answer that names the thing by "one": on the treated skin, now, after the treatment, urgent."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("Mi prima se hizo esto y le dio fiebre. ¿Es común? Estoy pensando en hacérmelo.", "none"),
    ("Todavía no me lo he hecho, pero se me están hinchando los labios muy rápido", "emergency"),
    ("Estoy pensando en hacérmelo, pero ahora tengo fiebre de 38,5", "urgent"),
])
def test_not_treated_yet_in_spanish_sets_aside_only_what_is_asked(triage, text, expected):
    """A Spanish writer not treated yet asks about others; a sign of their own, or of now, is still a report."""
    assert triage.classify(text, language="es").level == expected


@pytest.mark.parametrize("text", [
    "I'm booked for next week. What if my lips are swelling?",
    "just so I know, if I can't breathe should I call 999? it's getting hard now",
])
def test_asking_ahead_never_hides_an_emergency_happening_now(triage, text):
    """A word of now, or a sign told as happening, keeps an emergency the writer's own beside "I'm booked"."""
    assert triage.classify(text).level == "emergency"


@pytest.mark.parametrize("text, expected", [
    ("I haven't had the treatment yet but my lips are swelling fast", "emergency"),
    ("before I book: my throat is closing and I can't breathe", "emergency"),
    ("I haven't had it done yet, I have hives all over", "urgent"),
    ("not booked yet but I've got a fever of 39 and chills, can I still come friday?", "urgent"),
    ("I haven't had it yet, my lips started swelling an hour ago", "emergency"),
    # what stays a question asked ahead
    ("Before I book, what happens if my lips swell?", "none"),
    ("I haven't had it done yet - can it cause hives?", "none"),
    ("Before I book: I have a history of cold sores, is that ok?", "none"),
    ("Good afternoon, before I make the appointment: can I have allergic reaction if it is my own blood? "
     "I get hives with shrimp, but nothing else.", "none"),
])
def test_not_treated_yet_sets_aside_only_what_is_asked(triage, text, expected):
    """"I haven't had it yet" or "before I book" makes a question asked ahead; a sign the writer states of their
    own body now, or beside a word of now, is still a report a person must see."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # history dated long ago, by a writer asking whether they can be treated: not a sign now
    ("A long time ago, back in 2001, I had a bad reaction to a peel and my lips swelled up. Nothing like it "
     "since. Does that rule me out?", "none"),
    ("thinking of booking: I'm allergic to wasp stings (anaphylaxis in 2012, I carry an epipen). Could PRP set "
     "that off?", "none"),
    ("I had a fit once when I was 14, nothing since, no meds for years. Can I still have microneedling?", "none"),
    ("could this ever leave hives somewhere else on the body, away from the face?", "none"),
    # the same words beside a word of now stay a report
    ("I fainted when I was 12 and I just fainted again after the session", "emergency"),
    ("I had the treatment last year and my lips swelled up this morning", "emergency"),
    ("Years ago I had a reaction to a peel. Today my lips swelled up after the session", "emergency"),
])
def test_history_dated_long_ago_is_history_and_now_is_a_report(triage, text, expected):
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("the little wound on my chin keep bleeding, changed the gauze three times in an hour", "urgent"),
    ("one spot on his scalp is bleeding and bleeding, we soaked through 4 gauze pads", "urgent"),
    ("two days after, tiny red dots came up on my stomach and arms, the face is fine, very itchy", "urgent"),
    ("my wife says I'm confused since the session, I don't know what day is and I repeat same question", "emergency"),
    ("since the numbing cream my words slide around and I can't find them", "emergency"),
    # tiny dots on the treated face are pinpoint bleeding, expected
    ("tiny dots of blood all over my forehead last night, stopped quickly, is that normal?", "routine"),
])
def test_phone_phrasings_of_bleeding_rash_and_confusion_are_caught(triage, text, expected):
    """Split 24's misses, phrased anew: a bleed that soaks gauze, a rash of dots off the face, confusion."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("¿el plasma puede dar hinchazón en los labios? Estoy pensando hacérmelo para las manchas", "none"),
    ("Estoy pensando hacérmelo pero se me están hinchando los labios ahora mismo", "emergency"),
])
def test_thinking_of_it_in_spanish_sets_aside_only_a_question(triage, text, expected):
    assert triage.classify(text, language="es").level == expected


@pytest.mark.parametrize("text, expected", [
    ("Aye. Short of wind just sitting on the sofa.", "emergency"),
    ("took it twice, 38 on the dot", "urgent"),
    ("it took 39 days to get an appointment lol", "none"),
    ("I'm 40 exactly, is that too old for it?", "none"),
    # a sign as what the writer hopes to keep away is not a sign now; a hedge before a sign cancels nothing
    ("ok to go to the gym on day 4? don't want to pick up an infection", "none"),
    ("I don't want to overreact but my lips are swelling up fast", "emergency"),
    ("i dont want to bother you but I think it's infected, there's pus", "urgent"),
    # history long ago, however the writer says it is over
    ("My throat closed up after a bee sting decades back, nothing since. Can I have PRP?", "none"),
    ("I had fits in childhood, none since, no meds. Is PRP ok for me?", "none"),
    ("Three years ago I get cold sore, since then nothing. I can still do it?", "none"),
    ("Two years ago I had PRP, nothing since then, but today my lips are swelling", "emergency"),
    ("my lips swelled up, same as years ago", "emergency"),  # compared with the past, not told of it
    ("My lips swelled up like they did years ago", "emergency"),
    ("the sore on my lip turned into the little blisters I used to get as a girl, right where you treated",
     "urgent"),
])
def test_split_25s_readings(triage, text, expected):
    """Short answers to the bot's questions, things kept away, and history said the non-native way."""
    assert triage.classify(text).level == expected


def test_a_question_out_of_professional_curiosity_quiets_the_detectors(triage):
    result = triage.classify("Out of professional curiosity, what happens if a patient has a seizure under the cream?")
    assert result.level == "none" and result.nothing_now


@pytest.mark.parametrize("text, expected", [
    ("¿puedo nadar al cuarto día? no quiero que se me infecte", "none"),
    ("Hace como 8 años me salió un herpes en el labio, nunca más. ¿Me lo puedo hacer?", "none"),
    ("no quiero exagerar pero se me está hinchando la lengua", "emergency"),
])
def test_split_25s_spanish_readings(triage, text, expected):
    assert triage.classify(text, language="es").level == expected


@pytest.mark.parametrize("text, expected", [
    # a faint told the way people tell it, inside a request for a person
    ("can someone call me back, I had a bit of a turn after the session and went all grey", "emergency"),
    ("dropped like a stone in the car park after my treatment", "emergency"),
    ("I slumped to the floor in the kitchen an hour ago", "emergency"),
    # history said with a filler, a school year or a dialect word, and over since
    ("I passed out once in 9th grade, will the blood draw be bad?", "none"),
    ("had a fit when i was like 10, nothin since. ok for the numbing cream?", "none"),
    ("Had fits as a nipper, none since. Does that rule me out?", "none"),
    ("I fainted in high school and now I feel faint again", "emergency"),
    # a sign the writer read about, not one they feel
    ("I read about swelling of the throat after PRP, how often does that happen?", "none"),
    ("I read about swelling of the throat and now my throat feels tight", "emergency"),
    # the sign going away between the two words of a near-match
    ("the swelling cleared up by day 2, can I book the next one?", "routine"),
    ("the swelling settled but now spreading fast", "emergency"),
    # not treated yet, said with "mine"
    ("I read it can get infected and I am worried, I haven't done mine yet", "none"),
])
def test_split_26s_readings(triage, text, expected):
    """Split 26's misses, each reading with its counterpart that must stay a report."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("hace como quince años me desmayé en el dentista, desde ahí nunca más. ¿me lo puedo hacer?", "none"),
    ("hace años me desmayé y hoy me desmayé otra vez", "emergency"),
    ("hace dos años me hice el tratamiento y me cuesta respirar", "emergency"),  # no "never since": read as now
])
def test_split_26s_spanish_history(triage, text, expected):
    assert triage.classify(text, language="es").level == expected


@pytest.mark.parametrize("text, expected", [
    # a filler after the negation of a sign phrase
    ("also can't really catch my breath walking to the car", "emergency"),
    ("I'm not really swollen, just pink", "routine"),
    # hot to the touch, said another way
    ("the red bit is roasting to touch, day 3", "urgent"),
    ("day 1, my face feels warm like sunburn when I touch it", "routine"),
    # a habit answered, then one now
    ("I get cold sores sometimes, and I have one now right where you treated", "urgent"),
    ("I get cold sores sometimes, is that a problem?", "none"),
    ("I get cold sores quite often, should I take something before? I don't have one now.", "none"),
    # things that hold a sign's words and are not signs of the treated skin
    ("how do I get to you from the red line station?", "none"),
    ("there's a red line going up my neck from the treated bit", "urgent"),
    ("I have a chest infection so I need to move my appointment", "none"),
    ("the treated skin looks infected", "urgent"),
    # denied in Scots, denied as a verb form used as an adjective
    ("nae fever, nae pus, just asking about the gym", "none"),
    ("Pre-screen: no blistering skin disease, no bleeding disorder.", "none"),
    ("my skin is blistering, no joke", "urgent"),
    ("there's no stopping the bleeding", "urgent"),
    # asked ahead: deciding whether to proceed, planning ahead
    ("How common is chest pain after it? I am trying to decide whether to proceed.", "none"),
    ("Planning ahead: if my throat ever felt tight after the cream, who do I ring?", "none"),
    ("Planning ahead for the weekend but my throat feels tight right now", "emergency"),
    # a condition said to be quiet; history dated "from" a year
    ("Asthma's quiet, breathing's fine. Face is pink and tight, day 1.", "routine"),
    ("Funny story from 1998: I fainted at my own wedding. Nothing since! Should I mention it?", "none"),
])
def test_split_27s_readings(triage, text, expected):
    """Split 27's misses, each reading with a counterpart that must stay a report."""
    assert triage.classify(text).level == expected


def test_history_long_over_with_no_sign_word_quiets_the_detectors(triage):
    """"an outbreak at university, twenty years ago, none since": no sign word, history over (split 27)."""
    over = triage.classify("I had a single outbreak at university, more than twenty years ago, and none since.")
    again = triage.classify("I had a single outbreak twenty years ago, none since, and today my face is weird")
    assert over.nothing_now and not again.nothing_now


@pytest.mark.parametrize("text, expected", [
    # confusion told by a carer, and a question of whether it is normal does not make it a question
    ("my wife had it done and now she does not know where she is. Is this normal?", "emergency"),
    ("my mum keeps asking me the same thing over and over since the cream", "emergency"),
    ("my sister got hives after a facial years ago, is that common?", "none"),
    ("My friend got cold sores after hers, does that happen a lot? I get them sometimes but nothing right now", "none"),
    # pus told by its colour
    ("also the bumps on my jaw are filled with white stuff now", "urgent"),
    # history told as over in a learner's English, ages, asking before booking, an academic question
    ("Long time before, 10 year, I have big allergy with shrimp, my throat close. Now no problem. Can I do it?",
     "none"),
    ("Long time before I had allergy, but now my throat close", "emergency"),
    ("Before booking: I had asthma in childhood but now 15 years no problem. Is it allowed?", "none"),
    ("Before booking I wanted to say my lips are swelling right now", "emergency"),
    ("Academic question: can the lidocaine cause ringing ears and heart rhythm problems?", "none"),
])
def test_split_28s_readings(triage, text, expected):
    """Split 28's misses, each reading with a counterpart that must stay a report."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # a temperature with no unit nor word of fever, beside a fever medicine
    ("was a hundred and one and a bit last night, down to a hundred now after the Tylenol. do I still need to "
     "bother ye with it?", "urgent"),
    ("gave her Calpol an hour ago but she's still 39", "urgent"),
    ("took 2 advil for the sting, 101 people would say it's fine lol", "none"),
    # history: "before N years", the last one long ago, a past sign that cleared
    ("Before 10 years I have herpes on lip. Now nothing. Can do PRP?", "none"),
    ("Before 2 years I have herpes on lip and now again it comes", "urgent"),
    ("No, none of these. Last cold sore approx. 6 years ago.", "none"),
    ("Last cold sore approx. 6 years ago, and now I have one again", "urgent"),
    ("After my first session in March I had a small blister near the lip which cleared within a few days after the "
     "clinic reviewed it. Should I mention this before my next session in June?", "none"),
    ("I had a blister which cleared but then it came back bigger", "urgent"),
    ("My lips swelled up and it went away, then came back worse", "emergency"),
    # what one read the treatment can be
    ("I read it can be infection, pus, fever after. how often this happen? I want to do in May", "none"),
    ("I read it can be infection, pus, fever after. I have pus now", "urgent"),
    # the idiom
    ("My wife says the price will give me a heart attack haha. So, how much for three sessions?", "none"),
    ("i think im having a heart attack", "emergency"),
])
def test_split_29s_readings(triage, text, expected):
    """Split 29's miss and false alarms, each reading with a counterpart that must stay a report."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # a number alone, as a reply to a question about fever; not an age nor the weather
    ("Yes, thirty-nine.", "urgent"),
    ("yeah 39 now", "urgent"),
    ("im 39, is that too old for this?", "none"),
    ("its 39 degree in Darwin today haha so hot. can i go swim in the pool?", "none"),
    ("its 39 degrees in my mouth, the thermometer says", "urgent"),
    # the writer says the sign asked about is theirs
    ("If I have pus, do I come to the clinic or go to hospital? I ask because I think I have it, on the chin some "
     "white heads that are new today", "urgent"),
    ("If I get pus after, do I come to the clinic or go to hospital? I think I have it booked for Friday", "none"),
    # history or habit at a blood draw or the dentist, said as over or "just" the fear
    ("When I was young soldier I faint when they take blood. Now I am fine with blood, no problem. For PRP you take "
     "much blood?", "none"),
    ("When I was young I faint when they take blood, and now I feel faint again", "emergency"),
    ("In 2019 I faint when they take blood for a test at the hospital. I am fine, it was just the fear.", "none"),
    ("In 2019 I fainted at a blood test and I just fainted again in your waiting room", "emergency"),
    ("I always feel like vomiting when I see blood. Can I close my eyes? I am not sick, just nervous for Tuesday.",
     "none"),
    ("I always feel like vomiting when I see blood and I just threw up after the session", "urgent"),
    ("Last time at the dentist my lip was numb 5 hours. That was last year. Is your cream also so long?", "none"),
    ("my buddy say his wife fainted when they take blood for PRP. is true this happen?", "none"),
    ("my wife fainted after the blood draw here, is this normal?", "emergency"),
    # history that healed long ago, with a plan said with now
    ("After my first session I had red streak and fever, the clinic gave me antibiotic, I finished it and everything "
     "healed completely one month ago. Now I want session 2.", "none"),
    ("After my first session I had fever, it healed one month ago but now it came back", "urgent"),
    ("had hives once from a new acrylic medium in like 2021, gone in a day, never again. want to book", "none"),
    ("had hives in like 2021 and now again all over my neck", "urgent"),
    # another person's, by a possessive noun, at a mall clinic
    ("My kumadre's face got blisters from RF microneedling at a mall clinic, healed already. Do you do RF?", "none"),
    ("My kumadre's face got blisters yesterday after her session here", "urgent"),
    ("my face's left side got blisters after the session, still there", "urgent"),
    # the price as the cause; a sign a denied thing comes with
    ("Your price is give me pain in my chest, haha, joking. Do you have discount?", "none"),
    ("the price is fine but I have pain in my chest", "emergency"),
    ("before treatment i must stop my acne cream? no active pimples with pus now, skin calm.", "none"),
    ("i have pimples with pus now", "urgent"),
])
def test_split_30s_readings(triage, text, expected):
    """Split 30's misses and false alarms, each reading with a counterpart that must stay a report."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # a swelling told by the places it reaches and how fast; a temperature after "running"
    ("Yes. Lips first, now under chin also. Fast.", "emergency"),
    ("Lips first, now my neck too, it's going fast", "emergency"),
    ("lips first, then the rest of the face, but that was at my wedding years ago, not fast", "none"),
    ("running a hundred and one lol but its prob just the flu my kids had last week", "urgent"),
    ("running a business is hard, 101 things to do", "none"),
    # things kept away joined by "and"; a possibility asked as what "it" will do
    ("After treatment when can I swim again? I don't want the face get infected and blister.", "none"),
    ("I don't want to bother you and my face is blistering", "urgent"),
    ("My son plays football. If a ball hits him in the face after the microneedling, will it bleed a lot?", "none"),
    ("my face got hit by a ball an hour ago, will it bleed a lot?", "urgent"),
    # denial in Tok Pisin; history over, "now no sore"; a story dated by the next sentence; a worry now
    ("i not sick, nogat fever or anything, i only want look nice for church", "none"),
    ("last time, 2 yr ago, i get the cold sore on lip after i sit in the sun. now no sore. can i still do?", "none"),
    ("last time, 2 yr ago, i get the cold sore on lip. now again a sore on my lip", "urgent"),
    ("My neighbour had this done in the city and her face swelled up like bread dough and she had to go to the "
     "emergency. That was 2019. Is Thursday possible?", "none"),
    ("My neighbour had this done here and her throat closed up. That was an hour ago.", "emergency"),
    ("is it true ppl get seizures from the numbing cream?? im booked for next fri and now im scared lol", "none"),
    # the colour of peeling skin
    ("day 4 my face is peeling little like a snake, white flakes on nose and chin, no pain. ok?", "routine"),
    ("my nose went white and its flaking", "urgent"),
])
def test_split_31s_readings(triage, text, expected):
    """Split 31's misses and false alarms, each reading with a counterpart that must stay a report."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("(3) Probably irrelevant, but since about 15 minutes I can only say three or four words before I have to stop "
     "and take another breath. I assume it's anxiety about the invoice.", "emergency"),
    ("who is this? sorry i dont know why i am in the car. my friend say we come from the skin clinic", "emergency"),
    ("I drew a pen line around the red area at 09:00. At 18:00 the redness extends 2 cm beyond the line on the right "
     "jaw. Otherwise I feel fine.", "urgent"),
    ("Pain score log: day 1 = 2, day 2 = 3, day 3 = 6, day 4 = 8. Trend not as expected.", "urgent"),
    ("Pain score log: day 1 = 3, day 2 = 2, day 3 = 1. All good.", "none"),
    ("Also small thing: I have pressing pain in the middle of the chest when I walk the stairs. Probably stress.",
     "emergency"),
    ("the left side of my jaw pain is very strong, I cannot open my mouth to eat, I cry last night", "urgent"),
    ("no strong pain, just a bit tender on day 2", "routine"),
    # "I feel fine" in general still makes a question general
    ("Nothing wrong with me, I feel fine, just asking whether hives can happen", "none"),
    # history over: "all finished now", "it is finished", "now she is all fine"
    ("Before I had malaria with high fever and vomiting, two years ago, it is all finished now. Can I do it?", "none"),
    ("I had malaria with high fever two years ago and now the fever is back", "urgent"),
    ("I had hives last week from strawberries, it is finished now completely. My treatment is next month.", "none"),
    ("I had hives last week, it was gone but now they are back on my neck", "urgent"),
    ("My sister did the needling with you last month and she had the cold sore after, now she is all fine.", "none"),
    # a faint at blood donation; a sign said to be gone
    ("Before treatment can I take paracetamol? when I give blood at hospital I almost faint.", "none"),
    ("I just gave blood for the PRP and I almost fainted, still dizzy", "emergency"),
    ("The swelling and the fever is gone, she finished the medicine yesterday.", "none"),
    ("The swelling is gone but the fever came back tonight", "urgent"),
    # words quoted; a temperature as an example of a sign asked about
    ("Sorry, I typed wrong before. I wrote 'swelling lips' but I meant whether the lip area can be treated.", "none"),
    ("I said to my husband 'I can't breathe' and he laughed, I really can't breathe", "emergency"),
    ("If I get fever after the treatment, like 38, I must call you or go to the hospital?", "none"),
    ("I have fever, like 38.5, what do I do", "urgent"),
])
def test_split_32s_readings(triage, text, expected):
    """Split 32's misses (its first read: 6 of 170), each reading with a counterpart."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # its one miss: numbness lasting after the cream, in Jamaican Patois
    ("pins an needles inna mi face still from mornin time, di numbin suppose fi wear off long time now", "urgent"),
    ("the numbing should have worn off hours ago but my cheeks are still dead", "urgent"),
    ("how long does the numbing take to wear off?", "none"),
    # a sign word said of a thing, not a body
    ("this port shift is killin me fr, can i book a sat slot after 6", "none"),
    ("my face is killing me since the treatment", "urgent"),
    ("ur reviews r blistering lol best clinic in town fr. do u do neck too or just face", "none"),
    ("the treated area is blistering", "urgent"),
    ("it's blistering on my cheek, day 4", "urgent"),
    ("truck engine had a seizure on the highway outside town lol gonna be 30 min late for my 3pm is that ok", "none"),
    ("truck engine stalled and i had a seizure at the wheel an hour after my session", "emergency"),
    ("the shift was long and now my lips are swelling fast", "emergency"),
    # what one read the creams may cause; someone else's story in Patois; history long over
    ("I have read that anaesthetic creams may in some cases cause ringing in the ears or an irregular heartbeat. "
     "What quantity of cream does your clinic apply?", "none"),
    ("I read that numbing creams can cause an irregular heartbeat and mine is racing right now", "emergency"),
    ("mi bredda seh him get chest pain after one a dem facial inna Kingston last year, is true dat can happen? "
     "mi nuh do it yet, jus askin", "none"),
    ("can it make u faint?? cuz i faint at blood stuff, well i did wen i was like 12, not since", "none"),
    ("can it make u faint?? i fainted as a kid, not since, but right now i feel faint", "emergency"),
])
def test_split_33s_readings(triage, text, expected):
    """Split 33's miss (its first read: 1 of 170) and the false alarms the rules raised, each with a counterpart."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # an animal's signs; a place's temperature
    ("my goat have fever and pus on leg. vet come. me no problem. when next session", "none"),
    ("my dog is fine but i have a fever and pus on my cheek", "urgent"),
    ("the pastry kitchen was like 40 degrees today lol im melting. is it ok to work in the heat after the treatment? "
     "its booked for next week", "none"),
    ("i was in the kitchen all day and now my temp is 39", "urgent"),
    # asked ahead: another person's appointment, "not had treatment yet", a threshold asked with a number
    ("If my wife get swelling on the lips after, what we should do? She has her appointment next week.", "none"),
    ("My wife has her appointment next week but right now my lips are swelling fast", "emergency"),
    ("Is it true people can have seizure from the numbing cream? My friend told me on Facebook. I did not have "
     "treatment yet, only consultation next month.", "none"),
    ("What happen if I get fever after? Which temperature I must call you? 38?", "none"),
    ("Which temperature I must call you? I have 38.5 now", "urgent"),
    # capitals; a sunburn's look
    ("QUESTION: DOES PRP HURT MORE THAN A TATTOO? MY BROTHER PASSED OUT AT HIS TATTOO LOL", "none"),
    ("MY LIPS ARE SWELLING AND I CANT BREATHE", "emergency"),
    ("yo day 2 n my face looks like i passed out on kuta beach lol, pink n stingy, bit less than yesterday tho. "
     "we chill right?", "routine"),
    ("i feel like i'm going to pass out", "emergency"),
])
def test_split_34s_readings(triage, text, expected):
    """Split 34's false alarms (its first read: 0 of 170 under, 14 of 90 raised), each with a counterpart."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # its one miss: a husband's report of now, "after you took off the cream"
    ("My wife still has pins and needles in both cheeks, 6 hours after you took off the cream. Is it normal? She is "
     "worried, I am also.", "urgent"),
    ("My sister got pins and needles after a facial at some salon, is that normal?", "none"),
    # the clinic's discharge; blood dots that have stopped, said last
    ("Day 1, 21:00. Diffuse redness over the treated area, mild swelling of both cheeks, unchanged since discharge. "
     "No other findings.", "routine"),
    ("yellow discharge from my cheek since the treatment", "urgent"),
    ("Just got home from the treatmint, few tiny dots of blood were still on my face in the mirror but its stopped now, "
     "face is red and feels like sunburn", "routine"),
    ("it stopped for a minute but the bleeding is still going", "urgent"),
    # someone never this clinic's patient; a trait; an old story now fine
    ("my mate had a seizure on the platform yesterday (hes epileptic, never been to ur clinic, hes ok now) just venting "
     "sry. anyway can i book fri", "none"),
    ("my husband is epileptic and he is having a fit right now after his session", "emergency"),
    ("My cousin in Vadodara, she did some cheap microneedling in a beauty parlour last year, not your clinic, and she "
     "got a bad infection with pus and fever, took antibiotics and now she is totally fine.", "none"),
    ("My cousin did it in a beauty parlour last year and got pus, now I have pus too since my session", "urgent"),
])
def test_split_35s_readings(triage, text, expected):
    """Split 35's miss (its first read: 1 of 170) and false alarms of the rules, each with a counterpart."""
    assert triage.classify(text).level == expected


def test_a_faint_at_a_blood_draw_elsewhere_years_ago_is_history_in_spanish_too(triage):
    result = triage.classify("My tía in Puerto Rico se desmayó cuando le sacaron sangre para otra cosa, years ago. "
                             "Yo todavía no me he hecho nada, how much cuesta una sesión?", language="es")
    assert result.level == "none"


@pytest.mark.parametrize("text, expected", [
    # history checked long ago, "turned out just reflux all fine since"
    ("had a chest pain thing checked in 2019 turned out just reflux all fine since. does that matter for prp", "none"),
    ("had chest pain in 2019, all fine since, but now my chest hurts again since the session", "emergency"),
    ("I just had a seizure", "emergency"),
    # friends' and cousins' stories from other places, a subject shared by two verbs
    ("my friend did microneedling at some random salon in tel aviv and got a nasty infection, is your place like "
     "properly sterile and stuff?", "none"),
    ("my friend went to some random salon and now my face is infected after your treatment", "urgent"),
    ("My cousin went to some cheap place upstairs in a tong lau, not a proper clinic, and her face swelled up and she "
     "got an infection with a fever. That was the spring before last, and she is completely fine now.", "none"),
    ("my wife had it done here and got hives all over her neck", "urgent"),
])
def test_split_36s_readings(triage, text, expected):
    """Split 36's false alarms of the rules (its first read: 0 of 170 under, 12 of 90 raised), with counterparts."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # the miss: a spread told by places, not by a word of spreading
    ("yes redness. now on neck too. was only cheeks", "urgent"),
    ("the redness was only on my cheeks but now it is on my chest", "urgent"),
    ("no redness now on neck too", "none"),
    ("my cheeks are red, my neck is fine", "routine"),
    # someone else's illness told to cancel or move an appointment, or to ask whether one may still come
    ("My son have fever 38.5 since yesterday so my wife must cancel her appointment tomorrow. How we change the date?",
     "none"),
    ("My son had his first session on Monday, now he has fever 38.5, should we cancel his next appointment?", "urgent"),
    ("Dear clinic, I must cancel Thursday. My brother in Tbilisi was taken to hospital with chest pain and I must "
     "travel to him.", "none"),
    ("my chess partner Gela fainted at the club yesterday, ambulance came, he is fine now. I need move my session to "
     "Friday because I visit him in hospital", "none"),
    ("my grandson Emre has chickenpox with blisters and fever, poor boy. Elif lives with us, is it ok she come for her "
     "2nd session Thursday?", "none"),
    ("my mother had a cold sore last week. can i still come tomorrow for my session? i dont have any sore myself", "none"),
    ("my wife has chest pain since her treatment, can we move her next appointment?", "emergency"),
    ("my daughter had her session on Tuesday, now she has blisters on her lip, can we move her next appointment?",
     "urgent"),
    # a thing named beside the subject; over long ago; "not" for "no"
    ("mano my candongueiro's radiator has a fever today, 110 degrees, steam everywhere lol. can i move my "
     "consultation to 3pm?", "none"),
    ("our cat Pamuk has red swollen lip from fight with neighbour cat haha. anyway question, how many weeks between "
     "sessions?", "none"),
    ("Before 20 years in Mosul I make tattoo on the arm, after it have pus and fever one week, now is fine long long "
     "time. This is problem for PRP?", "none"),
    ("the olive press make a blister on my hand last harvest, healed long ago, no problem. can i do PRP on hands?",
     "none"),
    ("I got a blister on my cheek after the session, not long ago", "urgent"),
    ("36.7, not fever, all normal, day 8. When I can use my powder again?", "none"),
    ("36.7 but chills, day 2", "urgent"),
    # a compound before the subject is no thing: "review" is listed, "Lit review brain" is the writer
    ("Lit review brain says this is fine but:\n• hives on both forearms ~2h post-treatment\n• face itchy", "urgent"),
])
def test_split_37s_readings(triage, text, expected):
    """Split 37's miss in English and false alarms of the rules (its first read: 2 of 170 under, 11 of 90 raised)."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # the misses: strong pain said the way other languages say it; a form answered in fragments
    ("No niin. Pain is quite big. I am Finnish so I don't complain much but I cannot chew or smile. Day 2", "urgent"),
    ("no big pain, just a bit red, day 2", "routine"),
    ("yes. the lips. swelling more", "emergency"),
    ("yes. lips. not swelling", "none"),
    ("no. lips fine. cheeks swelling", "routine"),
    ("My lips are fine. The swelling on my cheeks is less today.", "routine"),
    # German's tag question is no odour
    ("day 2 my face is still red and sensitive, feels like after a sunburn. This is how it should be, oder?", "routine"),
    ("there is a bad oder from my cheek since yesterday", "urgent"),
    # things and animals: a GPU's fan, a game character, a barber chair, exam week, a dog's lip
    ("my gpu hit 90 degrees last night and the fan is wheezing like crazy lmao. anyway how much is one session",
     "none"),
    ("In my game my character got poisoned and collapsed live on stream. how many sessions do I need?", "none"),
    ("the barber chair collapse under one big client this morning, he ok. how much for the jaw area?", "none"),
    ("can i talk to someone about moving my appointment, exam week is killing me lol im literally dead", "none"),
    ("my dog got stung by a bee and her lip is all swollen, vet says she's fine. can i book for friday?", "none"),
    ("my sister got stung by a bee and her lip is all swollen, what do we do?", "emergency"),
    ("the pain is killing me since the session", "urgent"),
    # what the procedure brings, asked; history told as healed, as a child, at a blood bank, in Pidgin
    ("What is the price difference with PRP? And is there a lot of bleeding during the needling?", "none"),
    ("there is a lot of bleeding from my cheek and it won't stop", "urgent"),
    ("Last time when they took blood for the PRP I fainted little bit, that was 3 months ago. Can I lie down this "
     "time when they take it?", "none"),
    ("had a cold sore in january, totally healed now. can i book for march or is that a problem", "none"),
    ("had a cold sore in march, totally healed, nothing there now. booking for may, is that ok?", "none"),
    ("had a cold sore last month, totally healed, but now there are blisters on my lip again", "urgent"),
    ("I had a febrile seizure as a small child, nothing since then, thirty years. Does this matter?", "none"),
    ("when i was 20 i faint at the blood bank when they take my blood. this will happen with the prp? i am 34 now",
     "none"),
    ("last year my tattoo for arm swell and get pus, now e don heal finish, no problem again. e go affect PRP?", "none"),
])
def test_split_38s_readings(triage, text, expected):
    """Split 38's misses and false alarms of the rules (its first read: 2 of 170 under, 20 of 90 raised)."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # the miss: a breath that does not fill, the negation being the sign
    ("Quick question about the price of the package with 3 sessions, and also, is it normal that after today session "
     "I cannot take a full breath? like the air does not arrive to the bottom of the lungs. Anyway how much is it",
     "emergency"),
    ("I can take a full breath, no problem, just a bit red today", "routine"),
    # a name, and signs made up
    ("my band's new single is literally called Chest Pain lol. anyway how much is one session of the prp microneedling",
     "none"),
    ("my chest pain is called angina by my doctor and it started an hour after the session", "emergency"),
    ("For the opera I wear fake blood and fake pus makeup in the torture scene of Tosca, very realistic. When I can put "
     "heavy stage makeup after the session?", "none"),
    ("the fake lashes are fine but there is pus in my cheek since yesterday", "urgent"),
    # history told as never since, in years or after a past session
    ("had cold sores as a teen, none for like 10 yrs now. do i need some antiviral pill before the session or nah",
     "none"),
    ("had cold sores as a teen, none for like 10 yrs, but now a blister on my lip since the session", "urgent"),
    ("After the first session in March I had chills one evening, but it was the flu, all my family had it, and "
     "everything is fine since two months. Now I want to book the second session.", "none"),
    ("I had chills yesterday after the session, everything is fine since", "urgent"),
    ("my bruise keeps growing since the session", "urgent"),
    ("the bruise is not bigger, day 2", "routine"),
    ("i had one seizure when i was 12, never again since, doctor stopped the medicine long time ago. can i still do "
     "the prp?", "none"),
])
def test_split_39s_readings(triage, text, expected):
    """Split 39's miss and false alarms of the rules (its first read: 1 of 170 under, 23 of 90 raised)."""
    assert triage.classify(text).level == expected


def test_a_swelling_one_does_not_want_is_asked_in_spanish(triage):
    """"no quiero andar con la jupa hinchada ni roja" (split 39): kept away before a concert, not had."""
    assert triage.classify("Mae, ¿cuánto sale la sesión? Es que tengo un concierto y no quiero andar con la jupa "
                           "hinchada ni roja. ¿Cuántos días dura eso?", language="es").level == "none"
    assert triage.classify("tengo la cara hinchada y roja desde ayer", language="es").level == "routine"


@pytest.mark.parametrize("text, expected", [
    # the misses: "eers" (read as the plural of "e'er"), a stink of the treated skin
    ("eers are ringin nonstop after numbin cream, is that normal or shud i worry", "emergency"),
    ("hi how much is the next session. also the treated skin has a funny stink since yesterday, is that the PRP?",
     "urgent"),
    ("I stink at remembering aftercare, can you send the sheet again?", "none"),
    # history in Scots, in the past progressive; things: a shelf
    ("Ma chest pain wis checkit at ARI last year an it wis jist heartburn. Nae bother since. Can ah still get the PRP?",
     "none"),
    ("Ma chest pain started an hour efter the needlin", "emergency"),
    ("Ten years ago I had a chemical peel in Paris and my face was blistering for two weeks. Now I want the PRP "
     "needling, is it the same?", "none"),
    ("my face was blistering all night after the session", "urgent"),
    ("The shelf with all the fabric in my shop collapsed on Monday so I'm very busy, I need to move Mum's session",
     "none"),
])
def test_split_40s_readings(triage, text, expected):
    """Split 40's misses and false alarms of the rules (its first read: 2 of 170 under, 18 of 90 raised)."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("Una vez me desmayé donando sangre, hace diez años. ¿Me pueden sacar la sangre tumbada?", "none"),
    ("me desmayé hace un rato dando sangre para el PRP", "emergency"),
    ("la sesión es el jueves. aquí en Ticul hace 39 grados y ando en la moto todo el día sudando", "none"),
    ("tengo fiebre de 39 grados desde ayer", "urgent"),
])
def test_split_40s_spanish_readings(triage, text, expected):
    """A faint giving blood ten years ago; "hace 39 grados" is the weather (split 40)."""
    assert triage.classify(text, language="es").level == expected


@pytest.mark.parametrize("text, expected", [
    # the miss: Scots "sairer" (sorer) every day
    ("Writin fur me midder. Her face is gittin sairer every day, no better at aa, she's greetin wi da pain. Day fower.",
     "urgent"),
    # a co-worker's faint, told as over, of someone who is not the clinic's patient; a co-worker treated is a report
    ("my coworker Tesfay fainted from the heat on the site last week, he is fine now and he is not your patient. i want "
     "ask if PRP is ok for me with welding work", "none"),
    ("my coworker had the PRP with you this morning and fainted at her desk, she is fine now", "emergency"),
    ("my colleague Ana fainted at work ten minutes after her PRP session", "emergency"),
    # a craze, a passport taken, song titles, a serial's heroine, a boat's bilge
    ("cricket fever in the camp tonight, Pakistan vs India!! can i come for consultation tomorrow morning", "none"),
    ("got a fever tonight after my session", "urgent"),
    ("My kafeel did seizure of my passport for the renewal. Can I book with only my iqama?", "none"),
    ("he had a seizure after the numbing cream", "emergency"),
    ("My son keeps singing that song about I can't breathe without you all day in the car haha. Ok question: how many "
     "days off work after PRP?", "none"),
    ("Not a medical thing. The song on your website video, Fever, who sings that version? Also what's your hours "
     "Saturday?", "none"),
    ("I can't breathe properly since the session", "emergency"),
    ("In our Malayalam serial the heroine fainted again today, my mother is crying. Anyway, what time does the clinic "
     "open on Friday?", "none"),
    ("my skiff's outboard keeps overheating and now the bilge smells foul, so im stuck in Kodiak another week. can i "
     "move my appointment from the 12th to the 19th?", "none"),
    ("the treated skin smells foul since this morning", "urgent"),
    # a faint at the dentist's in 2019, "nothing like that since"
    ("Last time, year 2019, after a dental injection I fainted in the chair. Nothing like that since. Should I tell "
     "the doctor before PRP?", "none"),
    ("I fainted in the chair after the PRP injection, nothing like that before", "emergency"),
])
def test_split_41s_readings(triage, text, expected):
    """Split 41's miss and false alarms of the rules (its first read: 1 of 170 under, 17 of 90 raised)."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("Buenas, soy estibador en el muelle. El otro día se me desmayó un compañero por el frío, nada que ver conmigo, "
     "ya está bien. Lo que quería saber es si atienden los sábados.", "none"),
    ("En la obra de Dubái un compañero se desmayó por el calor el mes pasado, ya está bien y no es paciente vuestro. "
     "Yo quería preguntar si puedo trabajar al sol después de la sesión.", "none"),
    ("mi compañero se desmayó hace un rato después de su sesión de PRP", "emergency"),
])
def test_split_41s_spanish_readings(triage, text, expected):
    """A co-worker's faint, of someone who is not the clinic's patient or "nada que ver conmigo" (split 41)."""
    assert triage.classify(text, language="es").level == expected


@pytest.mark.parametrize("text, expected", [
    # expected healing the rules misread: a bleed that quit, a bruise's blood "still there", "swollen by my jawline"
    ("Day one. Red like a sunburn, little swollen round my eyes, bruise at the blood draw spot in my elbow. Pinpoint "
     "bleedin quit while I was still at the clinic. I ain't worried, just loggin it like y'all said", "routine"),
    ("the pinpoint bleeding is still going after two hours", "urgent"),
    ("Day 2 after the PRP microneedling. My face is pink like a little sunburn. The bruise in my arm from the blood is "
     "still there, purple. I don't have fever. Is normal, yes?", "routine"),
    ("day 2 update: still red like a sunburn, lil swollen by my jawline, no bleedin, no fever. im straight", "routine"),
    ("Ma'am my face a bit swollen this morning, day after treatment, by lunch already going down", "routine"),
    ("my face is swelling by the hour since the session", "emergency"),
    ("my face is swelling by the minute", "emergency"),
    # other people's signs: told to move an appointment, as over, of someone never treated
    ("My husband has fever and cough, he is not treated, he just sick from the work. I am fine, no fever. I can still "
     "come for my second session Friday?", "none"),
    ("My mama fainted at church Sunday, they said it was the heat and she's fine now, and she ain't had any treatment. "
     "Me, I'm day 5 and my face is back to normal. When do I come in for round two?", "none"),
    ("My mama had the PRP with you this morning and fainted an hour ago, she's fine now", "emergency"),
    ("My youngin's got the croup and is wheezin somethin awful, we're at the pediatrician now. I'll need to push my "
     "microneedling appointment to next week, is that okay?", "none"),
    ("the grandmother I care at work has epilepsy, sometimes seizure, I give her medicine. Can I still do PRP "
     "treatment if I work night shift?", "none"),
    # stories, noise, a friend's prediction, history gone since
    ("Just so y'all know, Brayden came home from daycare saying his teacher fainted, turns out she was playing dead in "
     "a game lol. How soon can I get back to my retinol?", "none"),
    ("i watch thai drama last night, the girl faint after face treatment haha. this not happen for real right?", "none"),
    ("i watched a movie last night and then i fainted in the kitchen after my session", "emergency"),
    # ears ringing after a loud band, before any treatment: left raised (ringing "like after a concert" is the sign)
    ("my ears are ringing since the numbing cream, like after a loud concert", "emergency"),
    ("Ears ringing like right after a loud spin class even though it's quiet here", "emergency"),
    # "can we get her seen" is no appointment moved for another
    ("Jen's temp is 38.4C tonight (she had the face done Tues). Otherwise she's ok. Can we get her seen tomorrow?",
     "urgent"),
    ("Dear clinic, the thermometer shows 39,1. I had procedure on Monday.", "urgent"),
    ("i so scared of needle, my friend say i will faint haha. does it hurt a lot?", "none"),
    ("I think I will faint, everything is spinning", "emergency"),
    ("I had a reaction to a peel back in 2019, hives on my neck for a day, totally gone since. Should I mention it for "
     "the consult?", "none"),
])
def test_split_42s_readings(triage, text, expected):
    """Split 42's false alarms of the rules (its first read: 0 of 170 under, 19 of 90 raised, 18 by the rules)."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("Buenas tardes. Acá en la bodega estamos a 38 grados a la siesta, un horno, jaja. ¿Cuánto tiempo hay que esperar "
     "entre sesión y sesión? Hoy no tengo nada raro en la cara, ni fiebre ni nada.", "none"),
    ("estoy a 38 grados de fiebre desde anoche", "urgent"),
    ("La señora que cuido, la nonna, tuvo fiebre la semana pasada pero ya está bien. Yo quería saber si puedo hacerme "
     "el tratamiento el próximo mes", "none"),
    ("La señora que cuido se hizo la sesión ayer y tiene fiebre", "urgent"),
])
def test_split_42s_spanish_readings(triage, text, expected):
    """The heat of a winery, a cared-for grandmother's fever weeks ago and over (split 42)."""
    assert triage.classify(text, language="es").level == expected


@pytest.mark.parametrize("text, expected", [
    # the misses: a spread from the lips told by places and minutes in Pidgin; a question the writer says is theirs
    ("since like 10 mins. lips first, now the whole left side of face, e still dey spread", "emergency"),
    ("What if the pain is getting worse every day? I'm asking because that is what's happening to me, day 5 now",
     "urgent"),
    ("What if the pain is getting worse every day? asking for later, booked next month", "none"),
    # a sauna stove, an engine's gauge
    ("My sauna stove is red hot and smells foul when new wood burns, ha. But question: how long I wait before sauna "
     "after PRP?", "none"),
    ("my okada engine dey overheat, the gauge reach 110 degrees, na why i late for my consultation. abeg can i "
     "reschedule?", "none"),
    ("my temperature reach 39 degrees since morning", "urgent"),
])
def test_split_43s_readings(triage, text, expected):
    """Split 43's misses and two false alarms of the rules (its first read: 2 of 170 under, 17 of 90 raised)."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # a question about results; an idiom
    ("No pain, no bleeding, no redness even, now 2 weeks after. Results are slow only. How long before I see change?",
     "none"),
    ("I see changes in my vision since the treatment, its blurry", "urgent"),
    ("Had a fit of the giggles in your waiting room last time, sorry about that lol. How far apart are the sessions?",
     "none"),
    ("had a fit on the bathroom floor an hour ago, my wife found me shaking", "emergency"),
    # history told as over: never back since, dated in an earlier year, before any treatment
    ("had asthma when small boy, no attack since 15 years, no inhaler. i can do the prp?", "none"),
    ("had asthma as a kid, no attack since, but since the numbing cream I'm wheezing and can't get a breath",
     "emergency"),
    ("Mi faint one time inna 2015 when dem draw blood, no problem since. Di PRP need a blood draw, yeah? Jus so oonu "
     "know", "none"),
    ("I fainted at a blood test in 2015, no problem since, but I fainted again in your car park 10 minutes ago",
     "emergency"),
    ("After last week's flight the cabin pressure made my ears pop and ring a bit, that was before any treatment and "
     "it's completely gone now. Treatment is booked for Saturday, still ok?", "none"),
    ("ears were ringing before the treatment, gone now, but now they ring again and I feel confused", "emergency"),
    # another person's sign, "not me, im fine"; a programme on television
    ("my colleague in the galley burned his hand on the fryer, big blister and pus now, he go to ship doctor. not me, "
     "im fine. how much is one session?", "none"),
    ("my colleague has a big blister and pus on his hand, not me, but my own cheek has pus too since the prp",
     "urgent"),
    ("my daughter had prp with you yesterday, her face has blisters and pus now, I'm fine but she's not", "urgent"),
    ("I was watching Casualty and a man collapsed with chest pain, it made me scared. Is PRP safe for somebody of 45 "
     "years?", "none"),
    ("I was watching TV and suddenly had chest pain, still there now", "emergency"),
    ("my husband collapsed while we were watching the film, he had PRP this morning", "emergency"),
])
def test_split_44s_readings(triage, text, expected):
    """Split 44's false alarms of the rules (its first read: 0 of 170 under, 21 of 90 raised, 19 by the rules)."""
    assert triage.classify(text).level == expected



@pytest.mark.parametrize("text, expected", [
    # another person's sign, that person untreated, or the writer's own appointment to move or keep
    ("My son is having fever and vomiting since yesterday, he did not have any treatment, only I am booked. Can I move "
     "my appointment to next week?", "none"),
    ("My son is having fever and vomiting since yesterday, he had the treatment with you on Monday", "urgent"),
    ("my wife never had treatment before, she had her first session today and now she can't breathe", "emergency"),
    ("My youngest has a fever of 102 and is puking everywhere, so I need to move my Thursday appointment to next "
     "week. Sorry!", "none"),
    ("My youngest had PRP on her scar yesterday and has a fever of 102 now", "urgent"),
    ("My husband in bed with fever and vomiting, he catch the flu from the steelband yard. He never had no "
     "treatment. I want to know if I should still come Thursday for mine.", "none"),
    ("One of the guys on my line passed out from the heat Tuesday, they hauled him off to the ER. Anyway, can I still "
     "get in Saturday?", "none"),
    ("One of the guys who had PRP here passed out in your car park just now", "emergency"),
    ("Our church youth group had food poisoning after the fundraiser, many vomiting, but I am okay, I did not eat. I "
     "want to ask the price.", "none"),
    ("I am vomiting since the session and feel awful", "urgent"),
    # things, a smell, a fright, another treatment, a forecast
    ("the tandor extractor fan is making wheezing noise again and smoke coming, tell boss pls.. sorry wrong chat",
     "none"),
    ("I'm making a wheezing noise when I breathe since the cream", "emergency"),
    ("My phone screen has red streaks and now it is going grey, that's why I couldn't confirm by SMS.", "none"),
    ("Sorry, my phone screen has this spreading crack and the touchscreen keeps going gray in patches", "none"),
    ("my cheek keeps going grey in patches since this morning", "urgent"),
    ("Our church organ is wheezing and the old trumpet also, haha. Question: the PRP is from my own blood?", "none"),
    ("The sorter belt at the hub jammed and started smoking, burnt rubber smell everywhere, whole line went down",
     "none"),
    ("there's these red lines goin doon ma neck fae where they did the needlin, like wee streaks", "urgent"),
    ("my phone line went down so I could not call, and now I feel like I'm going to pass out", "emergency"),
    ("ma van's engine's overheatin an there's a burnin smell oot the bonnet, gonnae be late for ma 2 o'clock "
     "consultation, sorry", "none"),
    ("my face is burning like a sunburn, day 1", "routine"),
    ("forklift battery overheated n started smokin at work, nearly had a heart attack lol. anyway how much is a "
     "session", "none"),
    ("I think I'm having a heart attack, chest is crushing", "emergency"),
    ("38 degrees forecast tomorrow and I'm on the bike all day doing deliveries. Should I move my PRP session?",
     "none"),
    ("38 degrees fever since this morning after the PRP", "urgent"),
    # screens and plays
    ("watching greys anatomy and some lady had a seizure after a face treatment that cant happen from microneedling "
     "right", "none"),
    ("Watching Grey's Anatomy and some bloke had a seizure after a face peel, is microneedling risky like that?",
     "none"),
    ("Mi watch one movie last night where di man collapse an cyaan breathe, it frighten mi bad!", "none"),
    ("We are staging a church play in which a character faints on stage. Separately, how long do results last?",
     "none"),
    ("was watching tv and my husband had a seizure, he had PRP this morning", "emergency"),
    ("I play football and since the session my chest hurts badly", "emergency"),
    # history told as over, "nothing spreading"
    ("Two weeks ago before the treatment I had flu, fever, vomiting. Now fully ok. Treatment is Friday, still can "
     "do?", "none"),
    ("Two weeks ago I had the treatment, now fever and vomiting", "urgent"),
    ("Bit swollen round the eyes this morning, day after, nothing spreading, just puffy. Prob fine innit", "routine"),
    ("swollen round the eyes and it's spreading down my cheeks fast", "emergency"),
])
def test_split_45_and_46s_readings(triage, text, expected):
    """Splits 45 and 46's false alarms of the rules (first reads: 24 of 90 raised, 21 by the rules; 17 of 90, 11 by
    the rules; 0 of 170 under at both), each beside alarming messages the reading must not silence."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("Mi hijo tiene fiebre y vomitos. El no se ha hecho nada. Cambio mi cita al martes?", "none"),
    ("Mi hijo tiene fiebre y vomitos desde que se hizo el tratamiento ayer.", "urgent"),
    ("Holis! Una preguntita: si después del PRP me llega a dar fiebre, ¿qué tengo que hacer? Todavía no me lo hice, "
     "eh, es para saber jajaja", "none"),
    ("Todavía no me lo hice pero ahora tengo fiebre de 38,5", "urgent"),
    ("Oiga, vi en una novela que a una señora se le hinchó toda la cara después de un tratamiento y se desmayó, ¿eso "
     "pasa con ustedes? Estoy pensando en hacerme lo del PRP pues.", "none"),
    ("vi en una novela a una actriz desmayarse y ahora me siento que me desmayo", "emergency"),
    # found beside them: a face that "began to swell" fast was read by the detector alone
    ("estaba viendo una serie y se me empezó a hinchar la cara muy rápido", "emergency"),
])
def test_split_46s_spanish_readings(triage, text, expected):
    """Split 46's Spanish false alarms of the rules: a son who had nothing done, a question from someone not treated
    yet, a telenovela's character."""
    assert triage.classify(text, language="es").level == expected


@pytest.mark.parametrize("text, expected", [
    # the misses: a swelling said to reach the lips and throat; something oozing from the treated skin
    ("Hypothetically, what should a patient do if the swelling moves from the cheeks to the lips and throat within "
     "an hour? I ask because this is what is happening to me at present.", "emergency"),
    ("the swelling is spreading to my eyes now", "emergency"),
    ("Hypothetically, what should a patient do if the swelling moves to the lips? Asking before I book.", "none"),
    ("Can I get a real person please. Stuff oozin oot ma cheek, yellowy.", "urgent"),
    ("clear stuff oozing from my cheek since this morning", "urgent"),
    ("will there be oozing after? I am booking next month", "none"),
    # another person's illness and the writer's own appointment; a buddy, a band's player; a movie's "fella"
    ("My daughter have fever 39 since yesterday, the doctor says is flu. Can I bring her with me to my appointment "
     "tomorrow or is better I reschedule?", "none"),
    ("My daughter had PRP with you yesterday and has fever 39 now, should I reschedule her second session?",
     "urgent"),
    ("My daughter's come down with the flu, fever and chills and all, so I may need to reschedule Thursday to look "
     "after her. I'm feeling fine myself.", "none"),
    ("I have fever and chills since the session, I may need to reschedule Thursday", "urgent"),
    ("can we reschedule my sister's follow-up? she's been throwing up since last night and is totally wiped out",
     "urgent"),
    ("my buddy at work passed out on shift last night from the heat and it got me nervous, is microneedling ok to "
     "do if i work outdoors in the summer?", "none"),
    ("My bass player has the stomach flu and is vomiting all night in the hotel, he is not your patient. Can I still "
     "come tomorrow for my session?", "none"),
    ("My wife and I watched a movie where a fella collapsed with chest pain after some spa treatment, scared her "
     "half to death. Is there any heart risk with this procedure?", "none"),
    ("a fella in your waiting room just collapsed and isn't answering", "emergency"),
    # a truck's dash light; a forecast
    ("my trucks dash light went red and theres smoke coming out the hood so im gonna be late for my 3pm", "none"),
    ("What's the earliest I can sweat after a session? I'm working outdoor festivals this week and the forecast is "
     "38 °C.", "none"),
    ("my temperature is 38 °C since the session", "urgent"),
])
def test_split_47s_readings(triage, text, expected):
    """Split 47's two misses and false alarms of the rules (its first read: 2 of 170 under, 11 of 90 raised, 8 by the
    rules), each beside alarming messages the reading must not silence."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("ideay maje, mi cipote tiene calentura y vómitos desde anoche, ¿puedo cambiar la cita del jueves pa la otra "
     "semana?", "none"),
    ("mi cipote se hizo el tratamiento ayer y tiene calentura, ¿puedo cambiar la cita?", "urgent"),
    # an emergency sign of another person stays one, whatever appointment is moved
    ("a mi hija se le hinchan los labios, ¿puedo cambiar la cita?", "emergency"),
])
def test_split_47s_spanish_readings(triage, text, expected):
    """A Salvadoran parent's child ("cipote") ill, and the writer's appointment to move."""
    assert triage.classify(text, language="es").level == expected


@pytest.mark.parametrize("text, expected", [
    # animals, a hard day, things
    ("one of the komodos had a seizure at work today, rough day. anyway can i book my 2nd session for next friday",
     "none"),
    ("Crazy day at the parlour, a little Maltese collapsed on the table from the heat, he's fine now at the vet, "
     "shame. Anyway, how much is a package of 3 sessions?", "none"),
    ("I had a seizure at work today, rough day", "emergency"),
    ("my skin feels rough and dry on day 2", "routine"),
    ("bit rough day 3 normal?", "routine"),
    ("CAB THERMOMETER SAID 39 TODAY. CAN I STILL COME IN AFTER SHIFT ALL SWEATY OR SHOWER FIRST", "none"),
    ("my thermometer said 39 this morning, day 2 after the PRP", "urgent"),
    ("My customer nail design have red streak and she ask me about acne scar. microneedling PRP how many session "
     "usually need?", "none"),
    # a customer's faint, "I am fine"; history over; a question before signing up
    ("My customer faint in my salon yesterday from acetone smell, she ok now. I am fine. Can I still come Tuesday "
     "for second session?", "none"),
    ("My client had PRP with you this morning and just fainted in my salon", "emergency"),
    ("Had a fever last month with flu, totally over it now. Any reason I can't book the PRP microneedling for next "
     "week?", "none"),
    ("Had the PRP last week and now a fever, not over it at all", "urgent"),
    ("If I was to start throwing up after, say from the numbing, what y'all do about that? I got a weak stomach, I'm "
     "just asking before I sign up", "none"),
    ("I'm throwing up since the numbing cream, should I come in before I sign up for the next one?", "urgent"),
    # screens, in Scots and Irish
    ("Wis watchin a programme last night where a wummin's face swelled up like a balloon efter a facial an she "
     "couldnae breathe. Could that happen wi yer PRP thing?", "none"),
    ("watchin Grey's last night and yer one's throat swelled up from an allergy, could that happen with the PRP "
     "yoke?", "none"),
    ("was watchin telly when my throat started swellin up, had the PRP this mornin", "emergency"),
])
def test_split_48s_readings(triage, text, expected):
    """Split 48's false alarms of the rules (its first read: 0 of 170 under, 17 of 90 raised, 13 by the rules), each
    beside alarming messages the reading must not silence."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # split 50's miss: the friend is the writer
    ("hypothetically what would u say if someone had a 101 fever 2 days after their prp microneedling. asking for a "
     "friend. the friend is me", "urgent"),
    ("hypothetically what would u say if someone had a 101 fever 2 days after their prp microneedling? asking before "
     "I book", "none"),
    # a son's illness and the writer's appointment; history dated long ago and fine since; a hot-yoga room
    ("My son have fever and vomit since yesterday, flu from school, so I cannot come to appointment Thursday. Can "
     "change to next week?", "none"),
    ("I have fever and vomit since yesterday after the PRP, so I cannot come to appointment Thursday", "urgent"),
    ("hello, I had microneedling with PRP with you last spring, after that I had small fever for one day and some "
     "redness for a week, it all went away and skin has been fine since then, can I book for October", "none"),
    ("I had microneedling with you on Monday, after that I had fever and it's still there", "urgent"),
    ("how hot is too hot after? like we teach hot yoga at 40°C, when can i go back in the room", "none"),
    ("after yoga my temperature is at 39°C and I had PRP yesterday", "urgent"),
])
def test_split_49_and_50s_readings(triage, text, expected):
    """Split 50's miss and false alarms of the rules of splits 49 and 50 (first reads: 0 and 1 of 170 under, 7 and 10
    of 90 raised), each beside alarming messages the reading must not silence."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("Buenas tardes. Una pregunta: si de pronto me da fiebre después del tratamiento, ¿a qué número llamo si la "
     "clínica está cerrada?", "none"),
    ("tengo fiebre ahora mismo, si de pronto me sube más, ¿a qué número llamo?", "urgent"),
    ("tengo fiebre ahora mismo, si me sube más, ¿a qué número llamo?", "urgent"),
    ("Mi hermana vio en una novela que a una muchacha se le hinchó toda la cara con un tratamiento así. ¿Eso puede "
     "pasar de verdad?", "none"),
    ("Buenas, que tengo que anular lo del viernes, mi hijo está con fiebre y vómitos, un virus del cole. ¿Me dais "
     "otra cita para la semana que viene?", "none"),
    ("mi hijo se hizo el tratamiento ayer y tiene fiebre, tengo que anular lo del viernes", "urgent"),
])
def test_split_50s_spanish_readings(triage, text, expected):
    """A condition said with "de pronto", a sister's telenovela, a son's virus and the writer's Friday to cancel; and,
    found beside them, a fever now read away by a condition said after it ("si me sube más")."""
    assert triage.classify(text, language="es").level == expected

@pytest.mark.parametrize("text, expected", [
    # machines that wheeze and smell
    ("Ope, not a medical thing. The blower on our church organ started wheezing and smoking during the prelude "
     "yesterday, so I had to cancel my PRP appointment to wait on the repair guy. Could I get rebooked for next "
     "Tuesday afternoon?", "none"),
    ("Our baggage tug keeps wheezing and the engine is smoking, the mechanics are on it. Meanwhile on my break: can I "
     "do PRP microneedling on my scalp for hair loss?", "none"),
    ("My chest started wheezing during the prelude after my PRP this morning, so I had to cancel the practice. Could "
     "I get rebooked for next Tuesday?", "emergency"),
    ("Our baggage tug keeps beeping and I keep wheezing since the PRP this morning. Can someone call me?", "emergency"),
    ("sir i am cleaning terminal 3, the floor machine is smoking and smell burning. sorry wrong chat maybe.", "none"),
    ("my face is burning like fire since the treatment yesterday and it is getting worse", "urgent"),
    # a question ahead in another language's word order
    ("If after treatment my lip swell up, what I should do? Nainai want to know before.", "none"),
    ("After treatment my lip swell up, what I should do?", "emergency"),
    ("If my lip is swelling up right now after the treatment, what I should do?", "emergency"),
    # a drama's character told with "she" and "her face"
    ("I watch Vietnamese drama, the lady do face needle and her face bleed not stop and she faint. Is true can "
     "happen?", "none"),
    ("I was watching a drama and my face started bleeding and it won't stop", "urgent"),
    ("I was watching a drama with my mum, and her face bleed not stop after her face needle today", "urgent"),
    # another person's illness, and the writer's own appointment or booking
    ("my boss dey vomit since morning, food poisoning from waakye I think, so I go close the shop late and I no go "
     "make the 4pm. we fit move am to tomorrow?", "none"),
    ("I dey vomit since morning after the PRP, we fit move am to tomorrow?", "urgent"),
    ("my sister had PRP here yesterday and she dey vomit since morning, we fit move her appointment?", "urgent"),
    ("my nan had her hip done last week n shes got a fever, poor thing 😔 anyway can i book microneedling for my "
     "acne scars for the 14th?", "none"),
    ("my nan had her face done with you last week n shes got a fever, can i book microneedling for me?", "urgent"),
    ("my nan had PRP with you last week n shes got a fever, can i book her in to see the nurse?", "urgent"),
    ("i had microneedling last week n i got a fever, can i book a check?", "urgent"),
    ("My colleague at the fragrance counter fainted today from the heat, poor girl, she's fine now. It made me think "
     "- is it ok to do the PRP if I stand all day in a hot place?", "none"),
    ("My colleague had the PRP with you today and fainted, she's fine now. is it ok to do the PRP if I stand all "
     "day?", "emergency"),
    ("my daughter fainted an hour ago after her appointment, she's fine now, what should I do?", "emergency"),
    # history long ago, and healthy now
    ("Long time ago in Vietnam, 1985, I have very bad face infection with fever, stay in hospital. Now I am old lady "
     "but healthy. Can I do the PRP?", "none"),
    ("Long time ago, 1985, I had face infection. Now I have fever and pus since the PRP yesterday.", "urgent"),
])
def test_split_51s_readings(triage, text, expected):
    """Split 51's false alarms of the rules (its first read: 0 of 170 under, 10 of 90 raised, 9 by the rules), each
    beside alarming messages the reading must not silence."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # the misses: a hypothetical the writer says is theirs; Taglish
    ("Hypothetically, if someone had chills and a 101.8 °F temp two days after PRP, would that be a concern? Okay, "
     "it's me. Not hypothetical.", "urgent"),
    ("Hypothetically, if someone had chills and a 101.8 °F temp two days after PRP, would that be a concern?", "none"),
    ("yung redness po sa cheeks ko kumakalat na, umabot na sa leeg at tenga ko today, day 4 na po. diba dapat first "
     "few days lang yun?", "urgent"),
    ("may grey po na patch sa ilalim ng mata ko, parang dull gray siya, hindi naman siya bruise ata. day 2 po",
     "urgent"),
    ("Hindi po, not pregnant. Pero nagsusuka po ako kanina pa, 3 times na since the treatment.", "urgent"),
    # beehives, plants, a fermenter, a roof: not patients
    ("One of my hives has a smell and the brood is sunken and greasy, AFB I'm pretty sure. Anyway my question for you: "
     "how soon after PRP can I wear the bee veil?", "none"),
    ("Our log hives in Marigat have been attacked by honey badgers, all the combs are broken, it is a big loss. Kindly "
     "tell me the cost of three sessions for acne scars.", "none"),
    ("I'm a beekeeper and I have hives all over my face since the PRP", "urgent"),
    ("I got stung by a bee this morning and now I have hives all over and my lips are swelling", "emergency"),
    ("Half the block's got red leaves and red streaks down the canes. Leafroll, I reckon. Nothing to do with you lot, "
     "just venting. Can I book for June.", "none"),
    ("the grapes got sunburn and blisters from this heat, boss is mad. anyway ni poa kudo the treatment if I'm "
     "spraying the vines daily?", "none"),
    ("The oranges have black spot and the leaf have grey patch, the boss he say is fungus. I want know can I do the "
     "treatment on my back for the stretch marks, and how much.", "none"),
    ("my skin has a grey patch on the cheek since the PRP", "urgent"),
    ("Fermenter 4 hit 38 degrees overnight and the whole shiraz batch stinks like rotten eggs. Anyway what's the cost "
     "of a pack of 3 sessions?", "none"),
    ("my temperature hit 38 degrees overnight after the PRP", "urgent"),
    ("It was 108°F up on the roof today. Can I work outside in the sun after the treatment or should I take days "
     "off?", "none"),
    ("My temp was 101°F this afternoon up on the roof, had the PRP yesterday", "urgent"),
    # a bruise's blue, a checklist, songs, conditions opened by "suppose" and "say", Scots "afore"
    ("Bruise has come up on my cheek where they injected the PRP. Day 2. Bluish, not really sore. Expected?",
     "routine"),
    ("There is small bruise under my eye where they inject the PRP, day 2. It is bluish, not painful.", "routine"),
    ("I have a bruise on my cheek from the PRP and now the skin around it is going grey", "urgent"),
    ("my cheek is bluish and cold since the treatment", "urgent"),
    ("No fever, no pus, no blisters, no streaks, I went down the list on the paper. Just pink and a little puffy, "
     "first day.", "routine"),
    ("I went down on the kitchen floor, fainted after the PRP", "emergency"),
    ("Tonight on the show we playing 'Fever' and then 'Chills' back to back, allyuh tune in! Also wanted to ask how "
     "long the results does last.", "none"),
    ("I have fever and chills since the PRP, playing it safe", "urgent"),
    ("Suppose a patient develops wheezing or chest pain after the numbing cream, what is your clinic's protocol? I am "
     "asking as a nurse before I refer my cousin.", "none"),
    ("Say ah get blisters after, what allyuh would do?", "none"),
    ("Say, I have blisters now after the treatment, what do I do?", "urgent"),
    ("Suppose I have blisters now after the treatment, what should I do?", "urgent"),
    # split 53's miss: the tingling "still there", its cause told between the two words
    ("Hypothetically, if the tingling from the numbing cream was still there about 6 hours later, is that a problem? "
     "Because it is.", "urgent"),
    ("the tingling from the numbing cream is still there about 6 hours later", "urgent"),
    ("the tingling from the numbing cream was gone within the hour, all good", "none"),
    ("The bruise in my arm from the blood is still there", "routine"),
    ("whit happens if ye get an infection efter? like a fever n that? just askin afore a book", "none"),
    ("I have a fever since the PRP, afore I book the next one should I call?", "urgent"),
])
def test_split_52_and_53s_readings(triage, text, expected):
    """Split 52's four misses and false alarms of the rules of splits 52 and 53 (first reads on one code: 4 and 1 of
    170 under, 19 and 6 of 90 raised), each beside alarming messages the reading must not silence."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # the two misses: a bleed whose cause is told between its words; "asking for me"
    ("No no bleeding disorder. But the bleeding from this morning treatment it not stop, I change tissue many times "
     "already", "urgent"),
    ("the bleeding from the needle marks this morning stopped quickly, all fine", "none"),
    ("I have a bleeding disorder so I want to know if it is safe", "none"),
    ("I take blood thinners and I can't stop taking them, is PRP ok for me?", "none"),
    ("hypothetically what would it mean if a couple of the spots got pus in them... asking for me lol, day 4",
     "urgent"),
    ("hypothetically what would it mean if a couple of the spots got pus in them?", "none"),
    # another person's sign "nothing about treatment"; a car without air conditioning
    ("My customer fainted in my barber chair today, from the heat, he is ok now, nothing about treatment. I want to "
     "ask, you do PRP for hair also?", "none"),
    ("My customer had PRP with you and fainted in my barber chair today, he is ok now. I want to ask, you do PRP for "
     "hair also?", "emergency"),
    ("I have a fever since yesterday, nothing to do with you guys probably, is it ok?", "urgent"),
])
def test_split_54_and_55s_readings(triage, text, expected):
    """Splits 54 and 55's misses and false alarms of the rules (first reads on one code: 1 and 1 of 170 under, 11 and
    11 of 90 raised), each beside alarming messages the reading must not silence."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("Aquí en Guayaquil hace 34 grados y yo manejo todo el día sin aire acondicionado. ¿Puedo hacerme el tratamiento "
     "igual o mejor espero?", "none"),
    ("me quedé sin aire después del tratamiento, no puedo respirar", "emergency"),
])
def test_split_55s_spanish_readings(triage, text, expected):
    """A car's air conditioning is no breath."""
    assert triage.classify(text, language="es").level == expected


@pytest.mark.parametrize("text, expected", [
    # the miss: a confused patient at the contact question, the g dropped
    ("859 555 0142 thats my cell. wife says im not makin sense, i keep askin where my truck is and its parked right "
     "out front", "emergency"),
    ("my face is bleedin and it wont stop, soaked 3 tissues", "urgent"),
    ("does the numbing cream ever make people confused? just askin", "none"),
    # a laundry's press and a stable's horses; a person beside them keeps the sign
    ("The steam press burnt a customer's lace, it is blistering and gone grey at the edges, my oga is shouting. "
     "Anyway please how much is the PRP microneedling?", "none"),
    ("The steam press burnt my arm last week, and since the microneedling my cheek is blistering", "urgent"),
    ("nah not me lol, the filly in stall 9 went down in the hot walker this morning, vet came out. anyway can i wear "
     "my helmet after the face thing or nah", "none"),
    ("the filly kicked me and then I went down in the stable, everything went black, had PRP this morning",
     "emergency"),
    # "someone" in a programme watched
    ("watching greys anatomy and someone literally had a seizure after a facial 💀 anyway is PRP actually safe",
     "none"),
    ("was watching tv and then someone had to call an ambulance because I had a seizure after my PRP", "emergency"),
    # a boss's flu, the writer "not sick"
    ("My boss at massage shop has flu, high fever. I am not sick ka. Can I still come for my session Thursday?",
     "none"),
    ("My boss at massage shop has flu, high fever, and I have a fever too since my session yesterday", "urgent"),
    ("I am not sick but I have a fever of 38.6 since the treatment", "urgent"),
    ("My face has pus and high fever since Monday", "urgent"),
])
def test_split_56s_readings(triage, text, expected):
    """Split 56's miss and false alarms of the rules (first read: 1 of 170 under, 8 of 90 raised), each beside
    alarming messages the reading must not silence."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("Un abuelito del hogar donde trabajo tuvo una convulsión hoy, nada que ver con ningún tratamiento. Yo quería "
     "preguntar si puedo ir a trabajar al día siguiente del microneedling.", "none"),
    ("Mi abuelita se hizo el microneedling ayer y hoy tuvo una convulsión", "emergency"),
    ("Tuve una convulsión hoy después del tratamiento, nada que ver con mi epilepsia creo", "emergency"),
])
def test_split_56s_spanish_readings(triage, text, expected):
    """Another person's seizure the writer says has nothing to do with any treatment."""
    assert triage.classify(text, language="es").level == expected


@pytest.mark.parametrize("text, expected", [
    # the miss: a mother's faint after "today's session", told with an appointment move
    ("Hi, I wanted to ask about moving my mom's next PRP session because she's flying to Vietnam in May. Also, she "
     "fainted at the salon about 30 minutes after today's session and hit her head on the pedicure chair. She's awake "
     "now.", "emergency"),
    ("Hi, I wanted to ask about moving my mom's next PRP session because she fainted at work yesterday from the heat, "
     "she did not have any treatment", "none"),
    # another person's sign, "Not about me"; another procedure; "he not have any treatment"
    ("My customer in salon today have bad allergy, her hand swell and hives from new gel polish. Not about me. I want "
     "ask, PRP microneedling, can I have it if I am allergic to acrylic?", "none"),
    ("Not about me, my customer had PRP here yesterday and today her face has hives everywhere", "urgent"),
    ("my buddy's eyes went blurry for a week after his lasik. that ain't a thing with the microneedling right? looking "
     "to book next month", "none"),
    ("my eyes went blurry after the microneedling yesterday and it's still blurry", "urgent"),
    ("My son have fever 39 from the flu at school, he not have any treatment. Can I bring him with me when I come for "
     "PRP tomorrow or better no?", "none"),
    ("My son have fever 39 after his PRP yesterday, can he come see you?", "urgent"),
    # the weather "out here"; "will I bleed a lot?" asked ahead
    ("It's 38 degrees out here in Mackay today. If I get it done next week can I go out in the sun after, or do I need "
     "to stay inside?", "none"),
    ("I'm 38.9 out here on the truck, shivering, had the needling Tuesday", "urgent"),
    ("Probably a daft question but will I bleed a lot? I bleed like a stuck pig when I nick meself shaving me legs. "
     "I'm not on any tablets.", "none"),
    ("will I be ok? my face is bleeding a lot since the treatment and it won't stop", "urgent"),
])
def test_split_57s_readings(triage, text, expected):
    """Split 57's miss and false alarms of the rules (first read: 1 of 170 under, 9 of 90 raised), each beside
    alarming messages the reading must not silence."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    ("Hola mi compañera de planta tiene fiebre y vomitos por un virus que hay en el hotel y yo tengo cita el viernes con "
     "ustedes, puedo ir igual o la cambio, vale gracias", "none"),
    ("Hola, tengo fiebre y vómitos desde la sesión de ayer, puedo ir igual a trabajar?", "urgent"),
])
def test_split_57s_spanish_readings(triage, text, expected):
    """A colleague's virus, told with "can I still come or do I move it"."""
    assert triage.classify(text, language="es").level == expected


@pytest.mark.parametrize("text, expected", [
    # the miss: a question the writer then says is what is happening to them
    ("What would you do if a bit of pus came out of one of the needle marks? Because that's kind of what's happening "
     "on my forehead this morning, day 4.", "urgent"),
    ("What would you do if a bit of pus came out of one of the needle marks? Just planning ahead.", "none"),
    # long ago and cleared; another person's lasting condition; "last term"
    ("years back I had a nasty infection after a cod hook went in me hand, fever an all, cleared up grand with pills. "
     "does that matter for gettin the prp?", "none"),
    ("years back I had cold sores, cleared up grand, but since the prp on monday I have a fever", "urgent"),
    ("Can I bring my grandma to the consultation with my mom? Grandma has had chest pains from her heart condition for "
     "years, she's stable, she just needs a chair to sit on.", "none"),
    ("My mum has had chest pains for years but since her PRP this morning they are much worse", "emergency"),
    ("I am a teacher and last term one of my pupils fell in the playground, his knee was bleeding a lot and swelling "
     "and I took him to the school nurse, he is fine now. How many sessions would I need?", "none"),
    # another person's fever told right before a misparse; appointments moved "tomorrow", "the day"
    ("Bula, my son has fever 39 from the flu, can I still come for my treatment Friday or is it better to move it?",
     "none"),
    ("Bula, I have fever 39 since the treatment, can I still come Friday?", "urgent"),
    ("me and my sister both have a fever since the PRP yesterday, can I still come for my follow up?", "urgent"),
    ("my client Mrs Dolan she is vomiting all night, stomach bug, I must stay with her so I cannot come tomorrow for "
     "my appointment. sorry. can we change?", "none"),
    ("My son he has fever 39 and vomit since yesterday. My appointment is tomorrow, I can bring him with me or I "
     "change the day?", "none"),
    # a boat's hull, a mould's epoxy, a class hamster
    ("The hull I'm fairing has blistered gelcoat all along the waterline. Is microneedling still ok with that "
     "kind of work?", "none"),
    ("epoxy went exothermic in the mould today bro, smoking and burning hot lol. anyway whats the downtime", "none"),
    ("I went back to the yard after the needling, sweating and burning hot, and now there's pus on my cheek", "urgent"),
    ("Quick one: the class hamster's eye is all swollen and gunky, haha wrong chat, meant to message the vet!",
     "none"),
])
def test_split_58s_readings(triage, text, expected):
    """Split 58's miss and false alarms of the rules (first read: 1 of 170 under, 13 of 90 raised, 11 by the rules),
    each beside alarming messages the reading must not silence."""
    assert triage.classify(text).level == expected


@pytest.mark.parametrize("text, expected", [
    # the miss: "fine in myself", then a sign after the "but"
    ("No fever, no chills, I feel fine in myself. But there's a really bad smell coming from the treated patch on my "
     "chin, like something's gone off.", "urgent"),
    ("I feel fine, nothing wrong with me, just asking if a bad smell after is normal?", "none"),
    # Northern "me dad", "Nowt to do with you lot"; a baby cared for, "cannot come on Sunday. Can change"
    ("Need to cancel Thursday, me dad's been taken into hospital with chest pains. Nowt to do with you lot, he's not "
     "had any treatment, I just need to be with him. Can I rebook for a couple of weeks' time?", "none"),
    ("me dad had the PRP here yesterday and now he's got chest pains, what do we do", "emergency"),
    ("Madam the baby I take care of is having fever and rash from hand foot mouth disease, so I cannot come on Sunday. "
     "Can change to next Sunday?", "none"),
    ("I have fever since the treatment so I cannot come on Sunday. Can change to next Sunday?", "urgent"),
    # a cello's varnish
    ("My cello's varnish is blistering from the heat in the concert hall. Real question: how long after a session "
     "should I wait before playing in full sun?", "none"),
    ("playing the cello in the heat and my cheek is blistering since the session", "urgent"),
])
def test_split_61s_readings(triage, text, expected):
    """Split 61's miss and false alarms of the rules (first read on the code of splits 59 and 60's: 1 of 170 under,
    7 of 90 raised), each beside alarming messages the reading must not silence."""
    assert triage.classify(text).level == expected


def test_another_persons_sign_the_writer_says_is_not_theirs_is_nothing_of_now(triage):
    """Split 44: the detectors, which read no subject, are not asked either ("not me, im fine")."""
    assert triage.classify("my colleague in the galley burned his hand on the fryer, big blister and pus now, he go to "
                           "ship doctor. not me, im fine. how much is one session?").nothing_now
    assert not triage.classify("my mate passed out at the gym, I'm fine apart from my heart going like a drum since "
                               "the cream").nothing_now


@pytest.mark.parametrize("text, expected", [
    ("Chacho, a mi mujer se le está hinchando la boca y la lengua desde que llegó de la clínica, y va a más cada rato. "
     "¿Qué hacemos?", "emergency"),
    ("se le hinchan los labios a mi hija", "emergency"),
    ("no tengo la boca hinchada, solo un poco roja", "routine"),
    ("Día 1, tengo la cara roja como si hubiera cogido sol en Boca Chica y un chin hinchada.", "routine"),
])
def test_spanish_lips_or_tongue_swelling_said_by_two_words(triage, text, expected):
    """Split 37's Spanish miss: "se le está hinchando la boca", in no "se me ..." phrase."""
    assert triage.classify(text, language="es").level == expected


def test_back_from_the_clinic_is_no_question_asked_ahead(triage):
    """"desde que llegó de la clínica" once read as "desde que llego" (how a session goes, asked ahead) and kept
    the detectors, sure of an emergency at 0.995, silent (split 37)."""
    assert not triage.asks_ahead("a mi mujer se le está hinchando la boca desde que llegó de la clínica, ¿qué hacemos?")
    assert triage.asks_ahead("¿me explican todo desde que llego hasta que me voy?")


def test_an_age_said_with_now_is_not_a_word_of_now(triage):
    result = triage.classify("My daughter had a febrile seizure once when she was 6, never since. She's 16 now, "
                             "can she have it?")
    assert result.level == "none" and result.nothing_now


def test_a_body_word_among_the_things_is_refused_with_a_fix(tmp_path, triage):
    """`things` silences a sign said of one of its words: a clinic that lists "face" there would lose "my face is
    swelling fast"; it hears so at start-up."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT / "knowledge", knowledge)
    path = knowledge / "triage.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  generator fridge", "  face generator fridge"),
                    encoding="utf-8")
    with pytest.raises(ValueError, match="things.*face.*Fix"):
        load_triage(knowledge, nlp=triage._nlp)


def test_a_knowledge_file_without_a_sign_the_code_names_is_refused_with_a_fix(tmp_path, triage):
    """SPREAD_SIGNS in bot/care/triage.py names sign keys; a clinic that renames one hears so at start-up,
    instead of an emergency swelling read as nothing."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT / "knowledge", knowledge)
    path = knowledge / "triage.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("key: face_swelling_fast", "key: face_swelling_quick"),
                    encoding="utf-8")
    with pytest.raises(ValueError, match="face_swelling_fast.*Fix"):
        load_triage(knowledge, nlp=triage._nlp)


def test_a_sign_read_apart_without_its_reach_is_refused_with_a_fix(tmp_path, triage):
    """The bleed whose "not stop" comes after its cause ("the bleeding from this morning treatment it not stop") is
    read from data; a clinic that drops the reach hears so at start-up instead of losing the reading."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT / "knowledge", knowledge)
    path = knowledge / "triage.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("          within: 50\n", ""), encoding="utf-8")
    with pytest.raises(ValueError, match="bleeding_wont_stop.*apart.*within.*Fix"):
        load_triage(knowledge, nlp=triage._nlp)
