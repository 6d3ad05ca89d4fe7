"""Which signs a message states, and the triage level they make.

Under-triage is the hazard that matters: a missed emergency can harm, an
over-cautious "call us" costs a phone call. So the highest level among the
stated signs wins, and a sign is set aside only when a negation governs that
very sign in the dependency parse ("no fever", "lips aren't swollen") or the
sign is only asked about ("can it cause a fever?", "what if I get a fever?").
A hedge elsewhere in the sentence ("never had this before, my lips are
swelling") governs nothing and cancels nothing.

Phone typos of sign words are read by edit distance (bot.language.typos), a
temperature written as a number counts as fever above the contract's
threshold, and Spanish phrases are matched beside the English ones. The signs
are clinic data in knowledge/triage.yml.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterable, Optional

import dateparser
import yaml
from spacy.lang.es.stop_words import STOP_WORDS as SPANISH_STOP_WORDS
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from bot.content.contract import ALARMING, TRIAGE_LEVELS
from bot.language.number_words import spelled_numbers
from bot.language.pipeline import model_words
from bot.language.spanish import FIRST_PERSON as SPANISH_FIRST_PERSON
from bot.language.spanish import OTHER_PERSON as SPANISH_OTHER_PERSON
from bot.language.spanish import date_phrases, day_number, faint_elsewhere, negated_before, only_asked_about, plain
from bot.language.typos import TypoReader

NONE = "none"  # no sign stated: the caller decides whether that is a question or an unplaced symptom
SEVERITY = {NONE: -1, "routine": 0, "urgent": 1, "emergency": 2}
NEAR_GAP = "{0,4}"
# Punctuation a near sign may span: a dash or colon joins a field to its value in a pasted
# list ("lower lip - got massive", triage split 14); a comma or full stop ends the thought.
GAP_PUNCTUATION = ["-", "–", "—", ":"]
# "my face is very swelled, it goes fast" (split 15): for the signs marked comma_continues in
# knowledge/triage.yml, a comma then a word carrying the same thing on; not for all ("bleeding, it
# had stopped" is not bleeding that won't stop).
CONTINUING = ["it", "its", "it's", "and", "they", "they're", "theyre", "still"]
DAY_NUMBER = re.compile(r"\bday\s*(\d{1,2})\b", re.I)
TODAY_WORDS = ("today", "this morning", "this afternoon", "this evening", "earlier", "tonight", "hoy", "esta manana",
               "esta tarde")
YESTERDAY_WORDS = ("yesterday", "last night", "ayer")

# Words that negate the sign they govern. "never" is one ("never had a fever"),
# but only for the sign it governs, not for a sign in another clause.
NEGATIONS = frozenset({"no", "not", "n't", "never", "without", "nor", "neither", "none", "dont", "didnt",
                       "doesnt", "isnt", "arent", "wasnt", "havent", "hasnt", "nt", "zero"})
# A negation carries along a list of signs joined by "or"/"nor"/commas, not past "but" or "and".
CARRYING_CONJUNCTIONS = frozenset({"or", "nor", ","})
# Dependents whose negation lies on their head: "lips aren't swollen", "I don't have a fever".
# Not subjects: in "my fever hasn't gone down" the negation is of going down, not of the fever.
HEAD_NEGATED_DEPS = frozenset({"acomp", "attr", "dobj", "oprd", "xcomp"})
# "my lower lip, which was treated this morning, has become swollen": the two words of a near sign
# as subject and complement of one verb, however far apart.
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
COMPLEMENTS = frozenset({"acomp", "attr", "oprd", "xcomp"})
# A negation does not reach past these to a sign: "lips aren't swollen, only some redness".
SCOPE_BREAKS = frozenset({",", ";", ".", "but", "just", "only", "except", "though", "although", "yet", "however", "apart"})
NEGATING_PREPOSITIONS = frozenset({"without", "sin"})
# "Fever: no (36.9)", "Size change: none": a form the patient filled in, answered no.
FORM_NO = frozenset({"no", "none", "nope", "negative", "nil", "n", "tampoco", "ninguno", "ninguna", "nada"})
STOPPING_VERBS = frozenset({"stop", "stopping", "quit", "help"})
# "no signs of fever or pus", "negative for fever, chills": two words that open a denied list.
LIST_OPENERS = frozenset({"negative for", "negative on", "no signs of", "no sign of", "free of", "denies any", "denied any",
                          "denies"})
LIST_DETERMINERS = frozenset({"any", "a", "an"})
# "it stopped, then started again": words saying a stopped sign goes on.
GOES_ON = frozenset({"still", "again", "started", "restarted", "keeps", "keep", "kept", "until", "only", "then",
                     "briefly", "moment", "minute", "second"})
NOMINAL = frozenset({"NOUN", "PROPN", "ADJ", "PRON", "NUM"})
FIRST_PERSON = frozenset({"i", "i'm", "im", "my", "me", "mine", "myself", "i've", "ive", "i'd", "id", "we", "our", "us"})
# Questions about what the treatment can do ("can it cause blisters?"). Not "is it
# normal to feel dizzy": that is usually somebody who feels dizzy.
QUESTION_OPENERS = frozenset({"can", "could", "does", "do", "will", "would", "may", "might",
                              "what", "whats", "what's", "which", "how"})
CONDITIONALS = frozenset({"if", "unless", "whether"})
LEADING_CONJUNCTIONS = frozenset({"and", "also", "but", "so", "plus", "or"})
WORD = re.compile(r"[a-z']+")
HYPHENATED_ISH = re.compile(r"(?<=[^\W\d_])-ish\b", re.I)
# "grey-blue", "angio-oedema": a hyphen between two words is read as a space, in the phrases and in the
# message alike, so a phrase matches however the compound is written (split 21).
HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
OWN_BODY_QUESTION_OPENERS = frozenset({"can", "could", "will", "would", "should", "when", "how", "what", "which",
                                       "do", "does", "where", "why"})
# "if I get / develop / notice ...": a condition that has not happened.
HYPOTHETICAL_VERBS = frozenset({"get", "gets", "develop", "develops", "happen", "happens", "start", "starts",
                                "notice", "go", "goes", "become", "becomes", "occur", "occurs", "appear",
                                "appears", "see", "were", "had", "have", "got", "ever", "take", "catch"})
GENERIC_NOUNS = frozenset({"sign", "signs", "symptom", "symptoms", "risk", "risks", "chance", "chances",
                           "possibility", "rate", "cases", "case", "incidence", "likelihood", "odds"})
# "could it make my face swell up?", "the procedure can cause allergy, like hives?": what the treatment can
# bring on, asked (split 19). Only before the sign in its sentence, and not across "because": "can it cause
# a rash because I have one now" is a report.
CAUSE_QUESTION = re.compile(
    r"\b((can|could|will|would|might|may|does|do) (it|this|that|(the |this |that )?\w+( \w+)?) (ever |also |sometimes )?"
    r"(make|cause|give|trigger|lead to)|(it|this|treatment|procedure|microneedling|needling|prp|cream|it all) "
    r"(can|could|may|might|will|would) (ever |also |sometimes )?(make|cause|give|trigger|lead to))\b", re.I)
HEARSAY = re.compile(r"^\W*(i('ve| have)? |we('ve| have)? )?(read|heard|seen|saw)( online| somewhere| on the internet| on reddit"
                     r"| on tiktok)?( that)?\W*$|^\W*(apparently|they say|people say|i'?m told)( that)?\W*$", re.I)
BECAUSE = re.compile(r"\b(because|cause|cos|coz|since|as i|as my|bc|now)\b", re.I)
# "I want to do the treatment in July": not treated yet. Weaker than GENERAL_ONLY (a second session is
# planned too), so it counts only in a message that says nothing of now.
PLANNED = re.compile(r"\b(want|wants|wanting|planning|plan|hoping|going|would like) to (do|have|get|book|try) "
                     r"(the |this |a |my )?(treatment|procedure|microneedling|needling|prp|session)\b"
                     r"|\b(want|wants|wanting|planning|hoping|would like) to book\b", re.I)
FREQUENCY = re.compile(r"\b(a lot|alot|every other (week|month|year)|all the time|often|sometimes|usually|always|"
                       r"every (few |couple (of )?)?(winter|summer|year|time|"
                       r"months?|weeks?)s?|(once|twice|(\d+|a few|a couple of|several) times?) a (year|month)|sometime|"
                       r"from time to time|now and then|the odd|in (the )?(winter|summer))\b", re.I)
# A place or cause other than this treatment, and a past or a habit: "I fainted at the dentist once".
# Not needles, injections or the blood draw: those are this treatment ("I went faint after the needles").
ELSEWHERE = re.compile(r"\b(blood tests?|bloods|dentists?|doctors?|gp|surgery|jabs?|vaccines?|"
                       r"vaccinations?|sight of blood|ear piercing|(see|seeing|sees) blood|(afraid|scared|terrified|fear|phobia) of "
                       r"(blood|needles)|(around|with|near) (needles|blood)|when (blood is|they) (taken|take blood))\b", re.I)
PAST_OR_HABIT = re.compile(r"\b(before|once|years? ago|ever since|always|when i was|in the past|as a (kid|child)|"
                           r"(i|she|he) (kind of |kinda |usually |always |often |tend to |sometimes )?(faints?|go|goes|gets?)|"
                           r"makes? me|made me|every time|history)\b", re.I)
NOW = re.compile(r"\b(now|right now|today|tonight|this (morning|afternoon|evening)|just|an? hour|minutes? ago|"
                 r"since (the|my) (treatment|session|appointment|procedure)|after (the|my|your) (treatment|session|procedure))\b", re.I)
# The writer says the sign is not theirs now: every sign of the message is only asked about.
GENERAL_ONLY = re.compile(
    r"\b(nothing('s| is| has)? (wrong|happened)( with me)?|i feel (completely |perfectly |totally )?fine|"
    r"general question|generally speaking|i don'?t have (anything|any of (that|those|them))|"
    r"before i (book|commit|decide|make (a |the |my |an )?(booking|appointment|reservation))|"
    r"thinking (of|about|to) (book|booking|getting|having)|(purely )?hypothetical(ly)?|"
    r"asking in advance|in advance of (any|my|a) (booking|appointment)|"
    r"prior to (booking|(my |the )?(appointment|treatment|procedure))|not booked (yet|in)|"
    r"(haven'?t|have not|not) had (it|(any |the |a |my )?treatment|mine|my first( one)?) (done )?yet|"
    r"(didn'?t|did not|haven'?t|have not|not) (do|done|did) (it |any treatment |the treatment |any )?yet)\b", re.I)
# A question about what the treatment would do, or how much it would hurt, asked before having it:
# "would this fade them", "can remove?", "my pain threshold is low, will I feel it", "¿sirve pa la caída
# del pelo?", "¿eso duele?". The detectors read long-standing marks, thinning hair and dread of needles as
# alarming (issue 11's and issue 14's validation sets); the sign rules still read such a message whole.
# Per language: (the question, words saying the writer has had the treatment or speaks of now). Spanish is
# matched without accents, and "me duele" is a report, not a question ahead.
QUESTIONS_AHEAD = {
    "en": (re.compile(
        r"\b(would|will|can|could|does|do|is) (this|it|the (treatment|needling|procedure)|microneedling|needling|prp)"
        r"( \w+){0,3} (help|fade|fix|treat|remove|improve|get rid|grow|tighten|reduce|work for|good for|do for)\b"
        r"|\bcan (remove|be treated)\b|\brule me out\b|\bhelp (that|these|them|it|anything)\b"
        r"|\b(pain (tolerance|threshold)|(scared|terrified|afraid|coward)\b.{0,20}\b(pain|needles?)|will i feel|"
        r"gonna (hurt|be)|how (painful|bad|much does it hurt)|is (it |this |very |it very |it really )?painf?ull?|"
        r"is (the \w+|it|this) (really |very |super |that |actually )?painf?ull?|"
        r"is (it |this )?(seriously |super |that )painf?ull?|is (it|this|that|the \w+) (more|less) painf?ull?|"
        r"pain level|pain ?wise|does it hurt|would this be any worse|hurt much|"
        r"(worst|most painful|sorest) (bit|part|area|spot|place)s?( for pain)?)\b", re.I),
           re.compile(
        r"\b(had|did|got) (it|the (treatment|needling|session|procedure|prp)|my (treatment|session|first|second))"
        r"|\b(after|since) (the|my) (treatment|needling|session|procedure|prp)|\bday \d"
        r"|\b(yesterday|today|this morning|last night|hours? ago)\b|\bpost\b|" + NOW.pattern, re.I)),
    "es": (re.compile(
        r"(?<!me )(?<!se )\b(sirve|sirven|serviria|servira|vale|funciona|funcionaria|ayuda|ayudaria|quita|quitan|quitaria|"
        r"borra|elimina|mejora|mejoraria|desaparece|aclara)\b"
        r"( \w+){0,3} "
        r"(para|pa|con|en|los|las|mis)\b|\bse puede (hacer |hacel |aser |acer )?(en|para|pa|con)\b"
        r"|\b(lo|la) (hacen|tratan) (tambien )?(en|para|pa)\b|\bpara (el|la|los|las) \w+ sirve\b"
        r"|\bpaso a paso\b|\bdesde que (llego|uno llega|entro)\b"
        r"|\bcomo es (la sesion|el procedimiento|el tratamiento|la vaina|eso)\b|\bcomo (transcurre|se desarrolla) (una|la) sesion\b"
        # "¿este tratamiento consigue mejorarlas?", "¿se aplica también en el cuero cabelludo?", "¿qué tipo
        # de anestesia emplean?" (Spanish test9, validation since its first read)
        r"|\b(consigue|logra|puede|podria) (mejorar|quitar|borrar|eliminar|disimular|reducir)(las|los|la|lo)?\b"
        r"|\bse aplica (tambien )?(en|para)\b|\bque tipo de anestesia\b"
        r"|\bes (un procedimiento |un tratamiento |algo )?(muy )?segur[oa]\b"
        # "eso duele mucho", "donde mas duele", "soy floja pal dolor" (issue 14's validation splits)
        r"|\beso duele\b|\bdonde mas duele\b|\b(flojo|floja|cobarde) (pal|para el|pa el) dolo[rl]\b"
        r"|(?<!me )(?<!le )(?<!te )\b(duele|dolera|doloroso|dolorosa)\b[^.!]*\?|\bmiedo a (las )?agujas\b"
        r"|\baguanto (poco|mal|nada) el dolor\b|\bumbral del dolor\b"),
           re.compile(
        r"\b(me (lo |la )?(hice|hicieron)|(despues|desde) (de |del )?(la |mi |el )?(sesion|tratamiento|procedimiento)|dia \d"
        r"|ayer|hoy|anoche|esta manana|hace (\d+|un|una|unas|unos|dos|tres) (hora|horas|dia|dias|rato)|ahorita|ahora"
        r"|tras (la|el) (sesion|tratamiento))\b")),
}
# The writer says they ask ahead of a treatment, or that the sign is not theirs now (splits 10 to 22): "I'm
# booked for next month", "before I come", "just so I know", "I have not symptoms". Weaker than GENERAL_ONLY:
# it makes a sign asked about only where it stands in a question, a condition or another person's past, at
# any level; a sign stated of the writer now ("is it normal my lips are swelling? my appointment is on
# Friday") is still a report.
ASKING_AHEAD = re.compile(
    r"\b(haven'?t|have not|havent|hasn'?t|has not|not|never) (even |yet )?(booked|had (it|this|the treatment|any treatment"
    r"|mine|hers|his|the procedure|a session)|done (it|this|the treatment)|tried (it|this))\b"
    r"|\b(didn'?t|did not|hasn'?t|has not|haven'?t) happen(ed)? (yet|to me)\b"
    r"|\bbefore (i|we|she|he) (come|go|start|have it|get it|do it|try it)\b"
    r"|\bbefore (my|the|her|his|our) (first )?(appointment|appt|session|treatment|visit|consultation|consult)\b"
    r"|\b(my|her|his|our) (first )?(appointment|appt|session|treatment|consultation|booking) is (next|on|in|this|tomorrow|coming)\b"
    r"|\b(i|we|she|he) (do|have|get|start) (my |her |his |the |an |a )?(first )?(session|treatment|appointment|procedure)"
    r" (next|on|in|this|tomorrow)\b"
    r"|\b(i'?m|i am|she'?s|she is|he'?s|he is|we'?re|we are) booked (in )?(for|on)\b"
    r"|\b(just )?so (that )?i (know|can plan|am prepared)\b|\bto be prepared\b|\bfor (later|the future|future reference)\b"
    r"|\bfor my (own )?(reference|notes|records)\b|\bi (just |only )?ask (before|ahead|in advance)\b"
    r"|\b(academically|out of (pure )?curiosity|for planning|theoretically|in theory)\b"
    r"|\bi (have|got) (no|not) symptoms\b|\bnot happening to me\b|\bi don'?t have (it|one|any|that|those|anything like that) (right )?now\b"
    r"|\bno (issues|problems|symptoms) (right )?now\b|\bprospective (patient|client)\b"
    r"|\b(want|wants|wanting|planning|hoping) to book (for|in|on) (next|the)\b"
    r"|\bconsidering (this|it|the treatment|a course|getting|having)\b", re.I)
# Words of now for a condition: "after the treatment" is when the condition would come, not now.
SAID_NOW = re.compile(r"\b(now|right now|today|tonight|this (morning|afternoon|evening)|currently|at the moment|already"
                      r"|yesterday|last night|since|started|starting)\b", re.I)
WHAT_TO_DO = re.compile(r"\b(do|should|shall|must|can) i (call|phone|ring|go|contact|come|text|message|see)\b"
                        r"|\bwhat (should|do|must|shall|would) (i|we) do\b|\bwho (do|should) (i|we) (call|contact|ring)\b", re.I)
# "Should I develop a fever, whom ought I to contact?": a condition said by inverting the verb, before the comma.
# Not "should I be worried that my tongue is swelling, ...": only verbs of a thing that may happen.
INVERTED_CONDITION = re.compile(r"^\W*(should|were) (i|one|someone|anyone|a person|you|she|he|they|my \w+|your \w+) (ever )?"
                                r"(develop|get|notice|feel|have|experience|start|become|faint|pass out|break out|react|suffer)"
                                r"\b[^,.;?!]*$", re.I)
# "Is vomiting a known side effect?", "is it true ppl faint during the blood draw?", "is it possible to have hives
# from PRP?": a question about what happens to people in general. Not "is it normal to ...": that is usually
# somebody it is happening to.
GENERAL_QUESTION = re.compile(
    r"^\W*(is|are|was) (it|there) (really |actually )?(possible|common|true|likely|rare|known|a risk|any risk|a chance|any chance)\b"
    r"|^\W*(is|are) \w+( \w+){0,4} (a |an )?(known |documented |common |possible |rare |recognised |recognized |usual )?"
    r"(risk|side effects?|complications?)\b|\bever (been )?reported\b"
    r"|^\W*(has|have|did|does) (anyone|anybody|someone|any (of your )?(patients|clients)) (ever )?", re.I)
# "what does the clinic count as a fever, 38 or 38.5?", "is 37.9 a fever or does it have to be 38 to count": a
# fever's threshold asked about, by a writer who gives no reading of their own in that sentence.
THRESHOLD_QUESTION = re.compile(
    r"\b(count|counts|counted) as (a )?(fever|temperature)|\bto count\b|\b(what|which|at what) (temperature|temp|degree)"
    r"|\d(\.\d)?\s*(°\s*[cf]?|degrees?|c|f)?\s*or\s*\d\d(\.\d)?\b", re.I)
# A temperature the writer or their patient took: "my temp is 38.2, does that count as a fever?" is a report.
OWN_READING = re.compile(r"\b(my|her|his|our) (temp|temperature|thermometer|fever)\b"
                         r"|(\b(i|she|he)('m| am| is| was| have| has| had| got| measured| took)|\b(it|thermometer)( is| was| read|"
                         r" reads| says| said| showed| shows))\b[^.?!]{0,25}\b(\d\d(\.\d)?|fever|temp|temperature)\b", re.I)
# "she is fine now", "now nothing", "nothing since": a word of now that says the sign is over.
RESOLVED_NOW = re.compile(
    r"\b(fine|ok|okay|good|well|better|gone|recovered|healed|clear) now\b"
    r"|\bnow (nothing|none|no have|i have nothing|all (good|fine|gone))\b"
    r"|\b(nothing|none) (now|since)\b|\bno (issues|problems|symptoms|attacks)( at all)? (right )?now\b"
    r"|\bnow no (medicine|medicines|meds|medication|attacks|seizures|fits|problems|issues|symptoms|reactions)\b", re.I)
# Another clinic or salon: "my cousin got blisters from microneedling at some salon" is a story, not a sign now.
ELSEWHERE_TREATMENT = re.compile(
    r"\b(at|in|from) (some|another|other|a different|a other) (salon|clinic|place|spa|country|city)\b|\bsomewhere else\b"
    r"|\belsewhere\b|\b(at|in|from) (a|some|another) (different )?(beauty |nail |hair )?(salon|spa|med ?spa|parlou?r)\b", re.I)
# "This is not a hypothetical question": the writer says the opposite of GENERAL_ONLY.
NOT_GENERAL = re.compile(r"\b(not|isn'?t|no longer) (a |an |just a |just an )?(general|hypothetical)", re.I)
# Pain asked about, in a question, before the treatment ("is very painful? I have low tolerance") is the
# question faq/pain answers: nobody has post-treatment pain before being treated. Other
# signs in such a question are still read (issue 11's validation sets).
PAIN_AHEAD = frozenset({"severe_or_worsening_pain"})
# "I'm on warfarin for an arrhythmia", "tomo Sintrom por una arritmia": a long-standing diagnosis a
# medicine treats, said when asking whether one can be treated, not a sign now. Only diagnoses: "taking
# antihistamines for the hives" is a symptom now (issue 14's validation sets).
TREATED_DIAGNOSES = frozenset({"arrhythmia", "arrythmia", "afib", "fibrillation", "epilepsy", "arritmia",
                               "fibrilacion", "epilepsia"})
# "now yes, I have one on the lip, where was treatment two days ago": a thing the writer has now on the treated
# skin, named only by a pronoun (the sign knowledge/triage.yml marks ``unnamed``).
UNNAMED_NOW = re.compile(
    r"\b(now|today|this morning|tonight)\b[^.?!]{0,30}?\b(i have|i've got|ive got|i got|there is|there's|theres|i see)"
    r" (one|two|some|them|it|a few|another) (on|in|at|near|by) (my |the )?"
    r"(lip|lips|cheek|cheeks|chin|forehead|nose|face|mouth|skin|jaw|neck|temple|scalp)\b"
    r"|\b(i have|i've got|ive got|i got|there is|there's) (one|two|some|them|it|a few|another) (now|today) (on|in|at|near|by) "
    r"(my |the )?(lip|lips|cheek|cheeks|chin|forehead|nose|face|mouth|skin|jaw|neck|temple|scalp)\b", re.I)
TREATED_PLACE = re.compile(r"\bwhere (was |were |the |they |you |i )?(had |did |do )?(the |my )?(treatment|treated|needled|done|it)"
                           r"|\btreated (area|skin|spot|part|zone)|\b(after|since) (the|my) (treatment|session|procedure)\b", re.I)
# A long-standing condition said as one, with no word of now: "I have asthma, well controlled".
CONDITIONS = frozenset({"asthma", "asma"})
CONDITION_SAID = re.compile(r"\b(i|she|he|they) (have|has|had|got|get) (mild |bad |severe )?(asthma|asma)\b"
                            r"|\b(well[- ]controlled|controlled|under control|no (attacks|issues|problems|symptoms))\b", re.I)
TREATED_FOR = re.compile(r"\b(take|takes|taking|on|tomo|toma|tomas|tomando)\b[^.?!;]{0,60}\b(for|por|para|x)"
                         r"( (a|an|my|the|una|un|mi|la|el))?( \w+)?\s*$", re.I)
# "Which side effects can come after? Bruising, infection?", "¿cuáles son los riesgos? ¿moretones, infección?":
# signs listed in a question about the treatment's risks, or about who should not have it, by someone
# who speaks of nobody.
RISK_QUESTION = re.compile(
    r"\b(what|what'?s|which|any|are there)( are| is)?( the| any)? (side effects?|risks?|complications?|adverse (events|effects))\b"
    r"|\b(cuales son|que|q|hay) (los |las )?(riesgos|efectos secundarios|complicaciones)\b|\bpuede (salir|ir) algo mal\b"
    r"|^\W*(riesgos|risks|side effects)\s*\?"
    r"|\b(list|all) of (the )?(possible |potential )?(side effects|risks|complications)\b"
    # and who should not have it: "which clients should I NOT send", "¿en qué casos no se recomienda?"
    r"|\bno-?go'?s\b|\b(who|which (people|clients|patients)) (should|shouldn'?t|can'?t|cannot)\b"
    r"|\ben (que|cuales) casos no\b|\b(quien|quienes|gente q|gente que) no (se |se lo |lo )?(debe|deberia|puede)", re.I)
RISK_LIST_WORDS = 8
ANY_PERSON = frozenset({"she", "he", "her", "his", "him", "they", "their", "them", "ella", "le", "su", "sus",
                        "les", "ellos", "ellas"})
# Not "just asking" or "just curious": beside a described symptom those are hedges, and a hedge cancels nothing.
FEELING_WORDS = frozenset({"feel", "feels", "feeling", "felt"})
# The writer says the sign they asked about is theirs now (split 18).
MINE_NOW = re.compile(r"\b(mine (does|is|are|did|has|have|do)|which i (do|have)|i have (it|this|that) now)\b", re.I)
OWN_EXPERIENCE = re.compile(r"\b(just did|happened to me|happening (to me|now)|right now|rn|i did|it's happening)\b", re.I)
POSSIBILITY = re.compile(
    r"\b((could|can|does|will|would|might) (that|this|it) (happen|occur)|(could|can|will|would|might) i (get|have)"
    r"|is (that|this|it) (common|normal|possible|true))\b",
    re.I,
)
HISTORY = re.compile(r"\b(in the past|history of|as a (kid|child|teenager)|years ago|prone to|used to (get|have))\b", re.I)
# "last year", "10 years ago", "in the summer of 1987", "as a kid": long enough ago that a sign then is history
# (a pre-screen answer), not a sign now (split 21). A year counts when it is before this one (LongAgo).
LONG_AGO = re.compile(
    r"\b(last (year|yr|month|summer|winter|spring|fall|autumn|christmas)|years (ago|back)|back in"
    r"|(\d+|a few|a couple of|couple|two|three|four|five|six|several|many|ten|twenty) (years?|yrs?|months?) ago"
    r"|as (a )?(kid|child|teen|teenager|baby|girl|boy)|when (i|she|he|they) (was|were) (a )?(kid|child|young|little|teen|teenager)"
    r"|(\d+|a few|a couple of|couple|two|three|four|five|several|many) (winters|summers|springs|autumns|years|yrs|months) back)\b",
    re.I)
YEAR = re.compile(r"\b(?:in|of) (19[5-9]\d|20\d\d)\b", re.I)
HISTORY_LABEL = re.compile(r"\b(history|hx|pmh|medical history|allergies|allergy)\s*:|\b(hx|h/o|pmhx)\b", re.I)
BARE_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
# Words of now or of the last days: beside them a past sign may be this treatment's.
RECENT = re.compile(NOW.pattern + r"|\b(yesterday|last night|days? ago|this week|still|again|after (it|that))\b", re.I)
POSSESSIVE_OTHERS = frozenset({"his", "her", "their"})
CLAUSE_DEPS = frozenset({"conj", "ccomp", "advcl", "parataxis", "relcl", "acl"})
OTHER_PEOPLE = frozenset({"he", "she", "they", "someone", "somebody", "people", "person", "friend", "sister",
                          "brother", "mom", "mum", "mother", "dad", "father", "cousin", "daughter", "son",
                          "husband", "wife", "partner", "boyfriend", "girlfriend", "aunt", "uncle", "mate", "roommate",
                          "neighbour", "neighbor", "colleague", "patients", "patient", "anyone", "others",
                          "everyone", "grandma", "grandmother", "grandpa", "niece", "nephew", "anybody"})
TEMPERATURE = re.compile(
    r"(?<![\w.,@#/+-])(\d{2,3}(?:[.,]\d{1,2})?)\s*(°|º|degrees?|deg|grados?)?\s*(celsius|centigrade|fahrenheit|c|f)?(?![\w@/-])",
    re.I,
)
# The degree and unit after a number written in words ("a hundred and one point five degrees").
UNIT_AFTER = re.compile(r"\s*(°|º|degrees?|deg|grados?)?\s*(celsius|centigrade|fahrenheit|c|f)?(?![\w@/-])", re.I)
TEMPERATURE_WORDS = re.compile(r"\b(temp|temps|temperature|fever|feverish|thermometers?|temperatura|fiebre|grados|degrees|"
                               r"term[oó]metro|calentura)\b", re.I)
# "pain is like an 8/10": a pain score of 7 or more out of 10 is severe pain.
PAIN_SCORE = re.compile(r"\b(10|[0-9])\s*(?:/|out of|of|de)\s*10\b", re.I)
PAIN_WORDS = re.compile(r"\b(pain|painful|hurts?|hurting|sore|ache|aching|throbbing|dolor|duele)\b", re.I)
# "Pain level: if stubbing your toe is a 2, I'm at a solid 9" (split 15): once the message names a pain
# scale, a bare 7 to 10 said as where one is counts like "9/10"; not a day, a time or a dose.
PAIN_SCALE = re.compile(r"\b(pain (?:level|scale|score)|level of pain|on a scale|scale of|escala)\b", re.I)
PAIN_ON_SCALE = re.compile(
    r"(?:\b(?:at|is|im|i'm|i am|a|an|solid|like|about|around|easily|estoy en|un|una)\s+|\):\s*|^\s*pain\w*\s*:\s*)"
    r"(10|[7-9])(?![\d:/°%]|[.,]\d)"
    r"(?!\s*(?:am|pm|days?|hours?|hrs?|h|mins?|minutes?|weeks?|mg|ml|degrees?|dias?|horas?)\b)", re.I)
SEVERE_PAIN_SCORE = 7
PAIN_TRAITS = frozenset({"threshold", "tolerance", "tolerence", "tollerance"})
NOT_TEMPERATURE_AFTER = re.compile(r"^\s*(years?|yrs?|yo|y/o|days?|hours?|hrs?|minutes?|mins?|%|dollars?|\$|sessions?|weeks?|mg|ml)", re.I)


@dataclass(frozen=True)
class Sign:
    key: str
    level: str
    label: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    sign: Sign
    text: str
    negated: bool = False
    hypothetical: bool = False
    sentence: str = ""  # the sentence the sign was found in
    history: bool = False  # set aside as long past (_long_past)

    @property
    def stated(self) -> bool:
        return not self.negated and not self.hypothetical


@dataclass(frozen=True)
class TriageResult:
    level: str
    signs: list[str] = field(default_factory=list)
    days_since_treatment: Optional[int] = None
    keys: list[str] = field(default_factory=list)
    asked_about: list[str] = field(default_factory=list)  # signs only asked about or denied
    # Every sign found is history long past or another person's story, or denied, or only asked about by a
    # writer asking ahead of any treatment (ASKING_AHEAD), and the message says nothing of now: the detectors,
    # which read the same words without their tense or their question, are not asked (RedFlagScreen).
    nothing_now: bool = False

    @property
    def alarming(self) -> bool:
        return self.level in ALARMING


def days_since_treatment(text: str, dates: Iterable[str], today: date) -> Optional[int]:
    """'day 4', 'two days ago', 'on Monday' -> whole days; None when not said.

    "worse today, had it done Monday": the treatment is the earliest time
    mentioned, so the largest number of days wins.
    """
    if match := DAY_NUMBER.search(text):
        return int(match.group(1))
    if (spanish_day := day_number(text)) is not None:
        return spanish_day
    dates = [*dates, *date_phrases(text)]
    found = [days for phrase in dates if (days := _days_ago(phrase, today)) is not None]
    return max(found, default=None)


def _days_ago(phrase: str, today: date) -> Optional[int]:
    lowered = phrase.lower()
    if "anteayer" in lowered:  # holds "ayer"
        return 2
    if any(word in lowered for word in TODAY_WORDS):
        return 0
    if any(word in lowered for word in YESTERDAY_WORDS):
        return 1
    cleaned = re.sub(r"^(on|since|last)\s+(?=(mon|tue|wed|thu|fri|sat|sun))", "", lowered)
    parsed = dateparser.parse(
        cleaned,
        languages=["en", "es"],
        settings={"PREFER_DATES_FROM": "past", "RELATIVE_BASE": datetime.combine(today, time(12))},
    )
    if parsed and parsed.date() <= today:
        return (today - parsed.date()).days
    return None


@dataclass(frozen=True)
class TemperatureRule:
    sign: str
    celsius: float
    fahrenheit: float

    def readings(self, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, is_fever) for each number the text gives as a body temperature, in digits or in words."""
        found = []
        for match in TEMPERATURE.finditer(text):
            if NOT_TEMPERATURE_AFTER.match(text[match.end(1):]):
                continue
            digits = match.group(1)
            fever = self._fever(float(digits.replace(",", ".")), "." in digits or "," in digits,
                                match.group(2), (match.group(3) or "").lower(), text)
            if fever is not None:
                found.append((match.start(), match.end(), fever))
        # "a hundred and one point five", "treinta y nueve y medio": dictated or written as spoken.
        for number in spelled_numbers(text):
            unit = UNIT_AFTER.match(text[number.end:])
            if unit is None or NOT_TEMPERATURE_AFTER.match(text[number.end:]):
                continue
            fever = self._fever(number.value, number.decimal, unit.group(1), (unit.group(2) or "").lower(), text)
            if fever is not None:
                end = number.end + (unit.end() if unit.group(1) or unit.group(2) else 0)
                found.append((number.start, end, fever))
        return found

    def _fever(self, value: float, decimal: bool, degree: Optional[str], unit: str, text: str) -> Optional[bool]:
        """Whether a number is a fever; None when it is not a body temperature."""
        # "yes, 100.8 last time I checked": a decimal in a body-temperature range is one.
        likely = decimal and (37.5 <= value <= 42.5 or 99.5 <= value <= 108)
        if not (degree or unit or likely) and not TEMPERATURE_WORDS.search(text):
            return None
        # Only a value a body can have is a temperature, with or without a unit:
        # "490f" in a reference code or "94c" in a colour code is not a fever.
        if unit in ("c", "celsius", "centigrade", "") and 34 <= value <= 45:
            return value >= self.celsius
        if unit in ("f", "fahrenheit", "") and 93 <= value <= 113:
            return value >= self.fahrenheit
        return None


class Triage:
    """Reads the signs a message states. Built once per process over one spaCy pipeline.

    ``nlp`` is any pipeline of the en_core_web_sm model with its parser loaded
    (enabled or not): Rasa's SpacyNLP keeps the parser disabled, and the
    parse is run here only for messages that name a sign at all.
    """

    def __init__(self, nlp: Language, signs: dict[str, Sign], phrases: dict[str, list[str]],
                 near: dict[str, list[tuple[list[str], list[str]]]], spanish: dict[str, list[str]],
                 temperature: TemperatureRule, expected_healing_days: Optional[int] = None,
                 known_words: Iterable[str] = (), negation_kept: Iterable[str] = (),
                 body_words: Iterable[str] = (), spanish_known: Iterable[str] = (),
                 spanish_exceptions: Iterable[str] = (), sound_alike: Optional[dict[str, str]] = None,
                 not_signs: Iterable[str] = (), history_elsewhere: Iterable[str] = (),
                 comma_continues: Iterable[str] = (), colour_of: Optional[dict[str, list[str]]] = None,
                 unnamed: Optional[str] = None) -> None:
        self._nlp = nlp
        self.signs = signs
        self._temperature = temperature
        self._expected_healing_days = expected_healing_days
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._spanish = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._near = Matcher(nlp.vocab)
        self._not_signs = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._not_signs.add("not_sign", [nlp.make_doc(HYPHEN.sub(" ", text)) for text in not_signs])
        self._history_elsewhere = frozenset(history_elsewhere)
        self._colour_of = {key: frozenset(words) for key, words in (colour_of or {}).items()}
        self._unnamed = signs[unnamed] if unnamed else None
        vocabulary: set[str] = set()
        for key, texts in phrases.items():
            self._phrases.add(key, [nlp.make_doc(HYPHEN.sub(" ", text)) for text in texts])
            vocabulary.update(word for text in texts for word in text.split())
        spanish_vocabulary: set[str] = set()
        for key, texts in spanish.items():
            self._spanish.add(key, [nlp.make_doc(HYPHEN.sub(" ", text)) for text in texts])
            spanish_vocabulary.update(word for text in texts for word in text.split())
        continuing = frozenset(comma_continues)
        self._near_groups = {key: [(frozenset(first), frozenset(second)) for first, second in pairs]
                             for key, pairs in near.items()}
        for key, pairs in near.items():
            gap: dict[str, Any] = {"OP": NEAR_GAP, "IS_PUNCT": False}
            patterns: list[list[dict[str, Any]]] = []
            for first, second in pairs:
                for a, b in ((first, second), (second, first)):
                    patterns.append([{"LOWER": {"IN": a}}, gap, {"LOWER": {"IN": b}}])
                    patterns.append([{"LOWER": {"IN": a}}, gap, {"ORTH": {"IN": GAP_PUNCTUATION}}, gap,
                                     {"LOWER": {"IN": b}}])
                    if key in continuing:
                        patterns.append([{"LOWER": {"IN": a}}, gap, {"ORTH": ","}, {"LOWER": {"IN": CONTINUING}},
                                         gap, {"LOWER": {"IN": b}}])
            self._near.add(key, patterns)
            vocabulary.update(word for first, second in pairs for word in first + second)
        # The model's own words (as shipped, not the StringStore, which learns every typo it
        # has seen) and the article's are real words, never typos.
        # Spanish words the clinic's own Spanish content uses are never typos, even in a message
        # read as English ("el dolor is like 9 de 10": "dolor" is not "color"); a Spanish message
        # is read through the Spanish sign words too.
        unknown = sorted(word for word in (sound_alike or {}).values() if word not in vocabulary)
        if unknown:
            raise ValueError(f"sound_alike reads words as {unknown}, which no sign uses. Fix: map to a sign word.")
        self._typos = TypoReader(vocabulary, [*model_words(), *known_words, *spanish_known], sound_alike)
        self._spanish_typos = TypoReader(vocabulary | spanish_vocabulary,
                                         [*model_words(), *known_words, *spanish_known, *spanish_exceptions],
                                         diminutives=True)
        self.spanish_typo = self._spanish_typos.correct
        self._negation_kept = frozenset(negation_kept)
        self._body_words = frozenset(body_words)
        self._sign_words = self._typos.vocabulary | self._body_words
        # The words a denied list may name ("negative for fever, chills or discharge"): sign words, not body parts.
        self._list_words = frozenset(self._typos.vocabulary - self._body_words)
        self._pain_sign = "severe_or_worsening_pain"

    def classify(self, text: str, today: Optional[date] = None, dates: Optional[tuple[str, ...]] = None,
                 language: str = "en") -> TriageResult:
        """``language``: the message's (bot.language.guess). In a Spanish message the English
        parse means nothing, so every sign found, English words included, is read the Spanish way."""
        if text.startswith("/"):  # a button payload holds no patient words
            return TriageResult(NONE)
        doc = self._read(plain(text), language)
        findings = self._findings(doc)
        if language != "es":
            findings += self._linked(doc, {span.label_ for span, _ in findings})
        if not findings:
            if dates is None and "ner" in self._nlp.component_names:
                dates = tuple(e.text for e in self._nlp.get_pipe("ner")(doc).ents if e.label_ in ("DATE", "TIME"))
            days = days_since_treatment(text, dates or (), today or date.today())
            if self._unnamed is not None and UNNAMED_NOW.search(plain(text)) and (TREATED_PLACE.search(text) or days is not None):
                sign = self._unnamed
                return TriageResult(sign.level, [sign.label], days, keys=[sign.key])
            return TriageResult(NONE, days_since_treatment=days)
        doc = self._parse(doc)
        words = set(WORD.findall(doc.text.lower()))
        body = (self._body_words - FEELING_WORDS) & words  # "in case he feels faint" is about him
        self_report = bool(FIRST_PERSON & words) and bool(body or OWN_EXPERIENCE.search(doc.text))
        judged = [self._judge(span, "spanish" if language == "es" else kind, self_report) for span, kind in findings]
        if self.asks_ahead(text):
            judged = [replace(f, hypothetical=True) if f.sign.key in PAIN_AHEAD and "?" in f.sentence else f
                      for f in judged]
        stated = [f for f in judged if f.stated]
        level = max((f.sign.level for f in stated), key=SEVERITY.__getitem__, default=NONE)
        if dates is None:
            dates = tuple(ent.text for ent in doc.ents if ent.label_ in ("DATE", "TIME"))
        days = days_since_treatment(text, dates, today or date.today())
        signs = _unique(f.sign.label for f in sorted(stated, key=lambda f: -SEVERITY[f.sign.level]))
        if (level == "routine" and days is not None and self._expected_healing_days is not None
                and days > self._expected_healing_days):
            level = "urgent"
            signs.append("lasting longer than the clinic expects")
        return TriageResult(
            level, signs, days,
            keys=_unique(f.sign.key for f in stated),
            asked_about=_unique(f.sign.label for f in judged if not f.stated and f.sign.label not in signs),
            nothing_now=(not stated and not RECENT.search(RESOLVED_NOW.sub(" ", text)) and (
                (any(f.history for f in judged) and all(f.history or f.negated for f in judged))
                or ((_asking_ahead(text) or _general_only(text)) and all(f.hypothetical or f.negated for f in judged)))),
        )

    def asks_ahead(self, text: str) -> bool:
        """A question about the treatment's benefit or pain, from someone who has not had it (QUESTIONS_AHEAD)."""
        readings = ((QUESTIONS_AHEAD["en"], text), (QUESTIONS_AHEAD["es"], plain(text).lower()))
        return any(question.search(read) and not treated.search(read) for (question, treated), read in readings)

    def sign_words(self, text: str) -> list[str]:
        """The words of ``text``, typos read, that a sign phrase or a body part uses ("my", "face", "swollen")."""
        words = WORD.findall(plain(text).lower())
        return [word for word in words if word in self._sign_words or self._typos.correct(word) in self._sign_words]

    def about_own_body(self, text: str, level: str) -> bool:
        """"today my face feels kind of weird": the writer describes their own skin or body now.

        Such a message is a symptom report even when the classifier took it
        for a general question or did not understand it, and a symptom no
        sign matches is never reassured. A question that starts "can / when
        / how ..." is a question, not a report.
        """
        words = WORD.findall(plain(text).lower())
        if not words or words[0] in OWN_BODY_QUESTION_OPENERS or not FIRST_PERSON.intersection(words):
            return False
        return bool(self._body_words.intersection(words)) or level != NONE

    def _read(self, text: str, language: str = "en") -> Doc:
        """The message's tokens, with sign words read through their typos ("grey-ish" as "greyish")."""
        doc = self._nlp.make_doc(HYPHEN.sub(" ", HYPHENATED_ISH.sub("ish", text)))
        typos = self._spanish_typos if language == "es" else self._typos
        words = [typos.correct(token.text) for token in doc]
        if words == [token.text for token in doc]:
            return doc
        return Doc(self._nlp.vocab, words=words, spaces=[bool(token.whitespace_) for token in doc])

    def _findings(self, doc: Doc) -> list[tuple[Span, str]]:
        spans: list[tuple[Span, str]] = []
        for matcher, kind in ((self._phrases, "phrase"), (self._near, "near"), (self._spanish, "spanish")):
            english = {(s.start, s.end, s.label_) for s, _ in spans}
            # "pus" and "herpes" are Spanish too: the English reading (and its parse) wins.
            spans.extend((Span(doc, start, end, label=key), kind) for key, start, end in matcher(doc)
                         if (start, end, self._nlp.vocab.strings[key]) not in english)
        spans = self._without_false_friends(doc, spans)
        if PAIN_WORDS.search(doc.text):
            for match in PAIN_SCORE.finditer(doc.text):
                span = doc.char_span(match.start(), match.end(), label=self._pain_sign, alignment_mode="expand")
                if span is not None and int(match.group(1)) >= SEVERE_PAIN_SCORE:
                    spans.append((span, "phrase"))
            if PAIN_SCALE.search(doc.text):
                for match in PAIN_ON_SCALE.finditer(doc.text):
                    span = doc.char_span(match.start(1), match.end(1), label=self._pain_sign, alignment_mode="expand")
                    if span is not None:
                        spans.append((span, "phrase"))
        for start, end, is_fever in self._temperature.readings(doc.text):
            span = doc.char_span(start, end, label=self._temperature.sign, alignment_mode="expand")
            if span is not None and is_fever:
                spans.append((span, "phrase"))
            elif span is not None:
                # A measured normal temperature outweighs the bare word "temperature" next to it.
                spans = [(s, es) for s, es in spans if not (s.label_ == self._temperature.sign and "temp" in s.text.lower())]
        return spans

    def _without_false_friends(self, doc: Doc, spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
        """"eye shadow", "see a change", "tiger stripes": words of a sign inside a phrase that means something else.

        "my pain threshold is terrible" (issue 11's test7 and test8) is a trait, not pain now.
        """
        covered = [(start, end) for _, start, end in self._not_signs(doc)]
        return [(span, kind) for span, kind in spans
                if not any(start <= span.start and span.end <= end for start, end in covered)
                and not (span.label_ == self._pain_sign and PAIN_TRAITS.intersection(t.lower_ for t in span))
                and not self._colour_of_other(span)]

    def _colour_of_other(self, span: Span) -> bool:
        """"a small blue bruise": the sign's colour word belongs to a thing the sign's ``colour_of`` names."""
        words = self._colour_of.get(span.label_)
        if not words:
            return False
        around = span.doc[span.start: min(span.end + 1, len(span.doc))]
        return any(token.lower_ in words for token in around)

    def _linked(self, doc: Doc, found: set[str]) -> list[tuple[Span, str]]:
        """Near signs whose two words are linked in the parse, not within a few words of each other.

        Parsed only when a message holds a word of each group of a sign not found yet.
        """
        words = {token.lower_ for token in doc}
        # Where a negation is the sign itself ("bleeding won't stop"), "the bleeding stopped" is linked too: skipped.
        candidates = [(key, first, second) for key, groups in self._near_groups.items()
                      if key not in found and key not in self._negation_kept
                      for first, second in groups if words & first and words & second]
        if not candidates:
            return []
        doc = self._parse(doc)
        spans: list[tuple[Span, str]] = []
        for key, first, second in candidates:
            for a in (token for token in doc if token.lower_ in first):
                linked = next((b for b in doc if b.lower_ in second and b.i != a.i and _linked(a, b)), None)
                if linked is not None:
                    spans.append((Span(doc, linked.i, linked.i + 1, label=key), "phrase"))
                    break
        return self._without_false_friends(doc, spans)

    def _parse(self, doc: Doc) -> Doc:
        if doc.has_annotation("DEP"):
            return doc
        for name in ("tok2vec", "tagger", "attribute_ruler", "parser", "ner"):
            if name in self._nlp.component_names:
                doc = self._nlp.get_pipe(name)(doc)
        return doc

    def _judge(self, span: Span, kind: str, self_report: bool) -> Finding:
        sign = self.signs[span.label_]
        sentence = span.sent.text
        if _treated_diagnosis(span) or (sign.level != "emergency" and _risk_question(span)):
            return Finding(sign, span.text, hypothetical=True, sentence=sentence)
        if kind == "spanish":
            return Finding(sign, span.text, sentence=sentence, negated=negated_before(span) or _answered_no(span),
                           hypothetical=only_asked_about(span, sign.level == "emergency")
                           or (sign.key in self._history_elsewhere and faint_elsewhere(span)))
        inner = kind == "near" and sign.key not in self._negation_kept  # "bleeding is not stopping" is the sign
        if kind == "near" and sign.key in self._negation_kept and _kept_sign_denied(span):
            return Finding(sign, span.text, negated=True, sentence=sentence)
        history = _long_past(span) or _story_elsewhere(span)
        hypothetical = (history or _hypothetical(span, sign.level, self_report, sign.key == self._temperature.sign)
                        or (sign.key in self._history_elsewhere and _history_elsewhere(span)))
        return Finding(sign, span.text, negated=_negated(span, inner, self._list_words), hypothetical=hypothetical,
                       sentence=sentence,
                       history=history)


def _treated_diagnosis(span: Span) -> bool:
    """TREATED_DIAGNOSES named as what a medicine is taken for, or a long-standing condition said as one:
    "I have asthma, well controlled" (splits 15, 16, 21). "asthma attack" is a sign, and so is asthma beside
    a word of now ("I have asthma now")."""
    words = set(WORD.findall(plain(span.text).lower()))
    before = span.doc.text[max(0, span.start_char - 90): span.start_char]
    if words & TREATED_DIAGNOSES and TREATED_FOR.search(plain(before)):
        return True
    sentence = span.sent.text
    return (plain(span.text).lower() in CONDITIONS and not RECENT.search(RESOLVED_NOW.sub(" ", sentence))
            and bool(CONDITION_SAID.search(sentence)))


def _within_condition(conditional: Any, span: Span) -> bool:
    """"If I get swelling on my lip after, what do I do?": the sign inside the "if" clause, read on the surface
    where the parse hangs the condition elsewhere (no comma, "then" or full stop between, a few words)."""
    between = span.doc[conditional.i + 1: span.start]
    return len(between) <= 8 and not any(token.text in (",", ";", ":", "?", "!", ".") or token.lower_ == "then"
                                         for token in between)


def _risk_question(span: Span) -> bool:
    """A sign listed in a question about the treatment's risks (RISK_QUESTION), asked of nobody.

    Only in the question's own sentence or in a list that ends in a question mark, and never
    when the message speaks of a person, of having been treated or of now: "what are the side
    effects? pus and a fever since yesterday" is a report. The caller keeps emergency signs.
    """
    text = plain(span.doc.text)
    bare = text.lower()
    words = set(WORD.findall(bare))
    if (not RISK_QUESTION.search(text) or words & (FIRST_PERSON | SPANISH_FIRST_PERSON | ANY_PERSON)
            or SPANISH_OTHER_PERSON.search(bare)
            or any(treated.search(text if language == "en" else bare)
                   for language, (_, treated) in QUESTIONS_AHEAD.items())):
        return False
    sentence = plain(span.sent.text)
    if RISK_QUESTION.search(sentence) or sentence.rstrip().endswith("?"):
        return True
    # "any risks? bruising, infection etc": a short list right after the question answers its own question.
    if span.sent.start == 0:
        return False
    question = plain(span.doc[span.sent.start - 1].sent.text)
    return (question.rstrip().endswith("?") and bool(RISK_QUESTION.search(question))
            and len(WORD.findall(sentence)) <= RISK_LIST_WORDS and ("," in sentence or "etc" in sentence.lower()))


def _linked(a: Any, b: Any) -> bool:
    """One word governs the other, or they are the subject and the complement of one verb."""
    if a.head.i == b.i or b.head.i == a.i:
        return True
    return a.head.i == b.head.i and a.dep_ in SUBJECTS and b.dep_ in COMPLEMENTS


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _is_negation(token: Any) -> bool:
    return token.dep_ == "neg" or token.lower_ in NEGATIONS


def _negated(span: Span, near: bool, sign_words: frozenset[str] = frozenset()) -> bool:
    """A negation word that governs this sign: its child, or its head's when the sign is the head's complement.

    Words inside the matched phrase are the phrase's own ("can't breathe"),
    not a negation of it.
    """
    if _answered_no(span) or _answered_in_turn(span) or _negated_list(span, sign_words):
        return True
    # "no fever no pus lol": the parse may hang a trailing word's "no" elsewhere; "no" right before a
    # sign named by a noun still denies it (a comma between, "no, pus is coming out", does not, nor
    # "there's no stopping the bleeding").
    if _no_right_before(span[0]):
        return True
    inside = set(range(span.start, span.end))
    governors: list[tuple[Any, Any]] = []  # (token whose children may negate, the sign word it reaches)
    for token in span:
        governors.append((token, token))
        if token.dep_ == "pobj" and token.head.lower_ in NEGATING_PREPOSITIONS:
            return True
        if token.dep_ in HEAD_NEGATED_DEPS and token.head.i not in inside:
            governors.append((token.head, token))
        # "no fever, chills or pus": the negation of the first carries along a list of
        # things, never into another clause ("never had this before, my lips are swelling").
        current = token
        while (current.dep_ == "conj" and current.head.i != current.i
               and current.pos_ in NOMINAL and current.head.pos_ in NOMINAL
               and _plain_list(span.doc[current.head.i + 1: current.i])):
            current = current.head
            governors.append((current, current))
            if current.dep_ in HEAD_NEGATED_DEPS:
                governors.append((current.head, current))
    doc = span.doc
    for governor, reached in governors:
        if governor.lower_ in STOPPING_VERBS and governor.i not in inside:
            continue  # "can't stop shivering": the negation is of the stopping
        for child in governor.children:
            if child.i in inside or not _is_negation(child) or child.lower_ in NEGATING_PREPOSITIONS:
                continue  # "without a hat, and now hives": a preposition negates its own object (above), no more
            low, high = sorted((child.i, reached.i))
            # A line break ends a form's field: "Fever: no" on the next line negates nothing here.
            if not any(token.lower_ in SCOPE_BREAKS or "\n" in token.text for token in doc[low + 1: high]):
                return True
    # "lips aren't swollen" as one near-match: the negation stands between the two words.
    return near and any(token.dep_ == "neg" for token in span[1:-1])


def _answered_no(span: Span) -> bool:
    """The sign is a form's field name and its answer is no: "Fever: no (36.9)".

    The answer must end there: "Chest pain? No idea why, it started an hour ago" is a report.
    """
    doc = span.doc
    # The field may name two signs: "¿Pus o mal olor? Tampoco." (split 21).
    mark = next((token.i for token in doc[span.end: span.end + 4] if token.is_punct), span.end)
    if span.end < len(doc) and doc[span.end].text in ("N", "N."):  # a checklist's "fever N; pus N" (split 18)
        answer = span.end
    elif mark + 1 < len(doc) and doc[mark].text in (":", "-", "?") and doc[mark + 1].lower_ in FORM_NO:
        answer = mark + 1
    else:
        return False
    after = doc[answer + 1] if answer + 1 < len(doc) else None
    return after is None or after.is_space or after.text in (".", ",", ";", "(", "!")


def _kept_sign_denied(span: Span) -> bool:
    """A sign whose negation is its own ("bleeding won't stop") denied all the same (split 19).

    "spots of blood that stopped on their own": stopped, with no negation anywhere in the sentence and
    nothing saying it goes on; "still red but no blood": "no" right before the bleeding word.
    """
    if any(_no_right_before(token) for token in span):
        return True
    return ("stopped" in [token.lower_ for token in span] and not any(_is_negation(token) for token in span.sent)
            and not GOES_ON.intersection(token.lower_ for token in span.sent))


def _no_right_before(token: Any) -> bool:
    """"no fever", "nor any discharge", "no exudate": "no" or "nor" right before a sign word (a determiner
    between), never before a verb ("I can no breathe" is a report) or a stopping verb.

    The parse may tag a clinical noun as an adjective ("no exudate", split 22); only a verb is kept out.
    """
    doc = token.doc
    before = token.i - 1
    if before > 0 and doc[before].lower_ in LIST_DETERMINERS:
        before -= 1
    return (before >= 0 and before < token.i and doc[before].lower_ in ("no", "nor")
            and token.pos_ not in ("VERB", "AUX") and token.lower_ not in STOPPING_VERBS)


def _negated_list(span: Span, sign_words: frozenset[str]) -> bool:
    """The sign stands in a list that a negation opens: "Negative for fever, chills, discharge", "no signs of
    fever, pus or redness" (splits 16 and 22).

    Walked back over sign words, commas and "or" only: "no fever and swollen lips", "no fever, my lips are
    swelling" and "without a hat, rosy pink" are not one list, and doubt goes to the sign. A sign said by a
    verb right after the negation is not a list item ("can't finish a sentence without stopping for air").
    """
    doc = span.doc
    if len(span) != 1:
        return False  # "no fever, lips swelling": a sign told in two words is a statement of its own
    items, joined = 0, False
    i = span.start - 1
    while i >= 0:
        token = doc[i]
        opened = " ".join(t.lower_ for t in doc[max(0, i - 2): i + 1])
        if any(f" {opened}".endswith(f" {opener}") for opener in LIST_OPENERS):
            return True
        if token.lower_ in NEGATIONS:
            # Commas alone do not make a denied list ("no fever, hives all over" reports hives), and
            # "no, pus is coming out" answers no to something else.
            return joined and not doc[i + 1].is_punct and (items > 0 or span[0].pos_ not in ("VERB", "AUX"))
        items += token.lower_ in sign_words
        joined = joined or token.lower_ in ("or", "nor")
        if not (token.text in (",", "/") or token.lower_ in CARRYING_CONJUNCTIONS or token.lower_ in LIST_DETERMINERS
                or token.lower_ in sign_words):
            return False
        i -= 1
    return False


def _answered_in_turn(span: Span) -> bool:
    """Signs listed in a question, answered no on the next line: "Q: Have you had any fever, pus or spreading
    redness? A: No, none of those." (split 12). The answer must end there, as in _answered_no."""
    sentence = span.sent
    if not sentence.text.rstrip().endswith("?") or sentence.end >= len(span.doc):
        return False
    following = [token for token in span.doc[sentence.end: sentence.end + 4] if not token.is_space]
    if following and following[0].text in ("A", "a") and len(following) > 1 and following[1].text == ":":
        following = following[2:]
    if not following or following[0].lower_ not in FORM_NO:
        return False
    rest = following[1:]
    return not rest or rest[0].is_punct


def _plain_list(between: Span) -> bool:
    """Only sign words, commas and "or" between two listed signs: "no fever, chills or pus".

    "no fever or chills, just red" and "no pus, a bit pink" are not one list.
    """
    return all(
        token.is_punct or token.lower_ in CARRYING_CONJUNCTIONS or (token.pos_ in ("NOUN", "PROPN", "ADJ") and not token.is_stop)
        for token in between
    )


def _hypothetical(span: Span, level: str, self_report: bool, fever: bool = False) -> bool:
    """Only asked about, or about somebody else: the sign is not the writer's own.

    An emergency sign counts as the writer's own whenever they speak of their
    own body or experience anywhere in the message ("what happens if someone
    faints? asking bc I just did"): for those signs doubt goes to the higher
    level, unless the writer says outright that nothing is wrong.
    """
    text = span.doc.text
    if _general_only(text):
        return True  # "just a general question, nothing wrong with me", "before I book"
    if MINE_NOW.search(text):
        return False  # "would it matter if the skin looks bluish grey? mine does": asked, and happening
    sentence_text = span.sent.text
    clause = _clause(span)
    ahead = _asking_ahead(text)
    # "For my own reference, what does the clinic count as a fever?": the words saying one asks ahead are not
    # the writer speaking of their body.
    said_ahead = [range(m.start(), m.end()) for m in ASKING_AHEAD.finditer(text)] if ahead else []
    about_self = any(token.lower_ in FIRST_PERSON and not any(token.idx in r for r in said_ahead) for token in clause)
    if (fever and THRESHOLD_QUESTION.search(sentence_text) and not OWN_READING.search(sentence_text)
            and ("?" in sentence_text or WORD.findall(sentence_text.lower())[:1] in (["is"], ["what"], ["which"], ["at"]))):
        return True  # "at what temperature must I call you, 38 or 37.5?"
    before_sign = span.doc.text[span.sent.start_char: span.start_char]
    if (INVERTED_CONDITION.search(span.doc.text[span.sent.start_char: span.end_char])
            and "," in span.doc.text[span.end_char: span.sent.end_char]
            and not OWN_EXPERIENCE.search(text)):
        return True  # "Should one feel faint during the procedure, what would your staff do?"
    if ahead and not about_self and ("?" in sentence_text or _someone_elses(span) and _in_past(span)):
        return True  # "is it true that a fever of 38 is normal? I do my session next month"
    if (GENERAL_QUESTION.search(sentence_text) and "?" in sentence_text and not about_self
            and not RECENT.search(RESOLVED_NOW.sub(" ", text)) and not OWN_EXPERIENCE.search(text)):
        return True  # "Is vomiting a known side effect of PRP?"
    # "is it true the cream can make your ears ring? I want to do the treatment in July": a plan makes a
    # sign asked about only inside a question and not of the writer's own body ("I want to book my next
    # session but my lips are swelling fast" is a report).
    if ("?" in sentence_text and not about_self and PLANNED.search(text)
            and not QUESTIONS_AHEAD["en"][1].search(text)):
        return True
    if _what_to_do_if(span):
        return True
    if level == "emergency" and self_report and not ahead:
        return False
    cause = next(reversed(list(CAUSE_QUESTION.finditer(before_sign))), None)  # the last one before the sign
    lead = before_sign[:cause.start()] if cause is not None else ""
    # "like could it make ...", "I've read it can cause ringing ears": a cause said as hearsay opens the sentence
    opens = cause is not None and (len(WORD.findall(lead.lower())) <= 1 or bool(HEARSAY.search(lead)))
    if cause is not None and ("?" in sentence_text or opens) and not BECAUSE.search(before_sign[cause.end():]):
        return True
    if _about_someone_else(span) and POSSIBILITY.search(span.doc.text):
        return True  # "my sister got hives after a facial, could that happen?"; a carer's report is a report
    listed = span.root
    while listed.dep_ == "conj" and listed.head.i != listed.i:  # "the incidence of fever or infection"
        listed = listed.head
    if listed.dep_ == "pobj" and listed.head.head.lower_ in GENERIC_NOUNS:
        return True  # "the signs of infection", "the risk of blisters"
    if level != "emergency" and listed.dep_ == "pobj" and listed.head.head.lower_ in ("question", "questions"):
        return True  # "I have a question about cold sores"; not for an emergency sign ("a question about my throat")
    if level != "emergency" and (HISTORY.search(span.sent.text) or _habitual(span)):
        return True  # "in the past I had cold sores", "I get cold sores a lot": a pre-screen answer, not a symptom now
    ancestors = {span.root.i} | {token.i for token in span.root.ancestors}
    sentence = span.sent
    for token in sentence:
        if token.i >= span.start:
            break
        before = token.nbor(-1).lower_ if token.i > sentence.start else ""
        if token.lower_ in CONDITIONALS and (token.head.i in ancestors or _within_condition(token, span)):
            # "what if I get a fever", "if I get a fever should I call?"; a bare
            # "if" about oneself ("is it normal if my face is hot") is taken as stated.
            if before == "what" or not about_self or token.head.lower_ in HYPOTHETICAL_VERBS or ahead:
                return True
        if token.lower_ == "case" and before == "in":
            return True
    words = [token.lower_ for token in sentence if not token.is_punct]
    while words and words[0] in LEADING_CONJUNCTIONS:  # "and does that hurt more than the face?"
        words = words[1:]
    # "Could just be my low pain tolerance, but ...": an opener without a question mark
    # is a question only when the writer says nothing of themselves at all.
    asks = "?" in sentence.text or not FIRST_PERSON.intersection(token.lower_ for token in span.doc)
    form_field = any(token.text == ":" for token in list(sentence)[:4])  # "How long: since 8pm" answers a form
    return bool(words) and words[0] in QUESTION_OPENERS and asks and not about_self and not form_field


def _general_only(text: str) -> bool:
    return bool(GENERAL_ONLY.search(text)) and not NOT_GENERAL.search(text)


def _what_to_do_if(span: Span) -> bool:
    """"if my lips swell up after, do I call you or go to A&E?": a sign in an "if" clause in the simple present,
    asked with what to do (splits 7 and 23). Not "if my lips are swelling" (progressive) nor a word of now."""
    sentence = span.sent
    text = span.doc.text
    if not WHAT_TO_DO.search(sentence.text) or SAID_NOW.search(text) or OWN_EXPERIENCE.search(text) or MINE_NOW.search(text):
        return False
    conditional = next((token for token in sentence if token.i < span.start and token.lower_ in ("if", "when")), None)
    if conditional is None or not _within_condition(conditional, span):
        return False
    verbs = [token for token in span.doc[conditional.i + 1: span.end] if token.pos_ in ("VERB", "AUX")]
    return bool(verbs) and all(token.tag_ in ("VB", "VBP", "VBZ", "MD") for token in verbs)


def _asking_ahead(text: str) -> bool:
    """ASKING_AHEAD said, and nothing of the writer's own experience now beside it."""
    if not ASKING_AHEAD.search(text) or NOT_GENERAL.search(text):
        return False
    rest = ASKING_AHEAD.sub(" ", text)
    return not (MINE_NOW.search(rest) or OWN_EXPERIENCE.search(rest))


def _in_past(span: Span) -> bool:
    return _governing_verb(span).tag_ in ("VBD", "VBN")


def _story_elsewhere(span: Span) -> bool:
    """Another person's sign, in the past, after a treatment at another clinic or salon, with no word of now
    or of recent days: a story told when asking, not a carer's report (splits 15, 20, 21)."""
    text = span.doc.text
    return (bool(ELSEWHERE_TREATMENT.search(text)) and _someone_elses(span) and _in_past(span)
            and not RECENT.search(RESOLVED_NOW.sub(" ", text)) and not re.search(r"\blast week\b", text, re.I))


def _history_elsewhere(span: Span) -> bool:
    """"I fainted at the dentist years ago", "I go faint at blood tests": history asked about before a blood
    draw, not a faint now. Only with both a past or habit and a place or cause other than this treatment,
    and never when the message speaks of now ("I fainted at the blood draw an hour ago")."""
    sentence = span.sent.text
    return (bool(ELSEWHERE.search(sentence)) and bool(PAST_OR_HABIT.search(sentence))
            and not NOW.search(span.doc.text))


def _habitual(span: Span) -> bool:
    """"I get cold sores a lot": a present-tense habit, said when asking whether one can be treated."""
    # The parse does not always make the sign the verb's object ("I get cold sore very often"): any
    # present-tense "get" or "have" above it will do.
    if not any(token.lower_ in ("get", "gets", "have", "has") and (token.tag_ in ("VBP", "VBZ") or _done_emphatic(token))
               for token in span.root.ancestors):
        return False
    return bool(FREQUENCY.search(span.sent.text))


def _done_emphatic(verb: Any) -> bool:
    """"I do get the odd cold sore": the present tense carried by "do"."""
    return verb.tag_ == "VB" and any(child.lower_ in ("do", "does") and child.dep_ == "aux" for child in verb.children)


def _clause(span: Span) -> list[Any]:
    """The words of the clause the sign stands in, without other clauses hanging off it.

    The clause is that of the nearest verb with a subject: in "I feel like
    passing out" the sign's own verb has none, and the writer is the subject of "feel".
    """
    head = span.root
    while head.head.i != head.i and not (
        head.pos_ in ("VERB", "AUX") and any(child.dep_ in ("nsubj", "nsubjpass", "expl") for child in head.children)
    ):
        head = head.head
    found: list[Any] = []
    pending = [head]
    while pending:
        token = pending.pop()
        found.append(token)
        for child in token.children:
            if child.dep_ in CLAUSE_DEPS and not child.left_edge.i <= span.root.i <= child.right_edge.i:
                continue
            pending.append(child)
    return found


def _long_ago(text: str) -> bool:
    return bool(LONG_AGO.search(text)) or any(int(year) < date.today().year for year in YEAR.findall(text))


def _long_past(span: Span) -> bool:
    """"I fainted once, in the summer of 1987", "my husband had chest pain last month from his heart, now he
    is fine": a sign in the past tense, long ago, is history at any level (split 21).

    Only when the sign's own clause says when, or when the sign is another person's and its sentence
    does ("my sister fainted when she had PRP last yr"); never beside a word of now or of recent days,
    and never in the present tense ("I had it last year and now I can't breathe" is a report).
    """
    if _answers_field_long_ago(span):
        return True
    verb = _governing_verb(span)
    # "I used to get fainting", and a note without a verb: "History: anaphylaxis to penicillin in 1988".
    # Only under a history label: a bare "throat closing, same as in 2019" compares, and is read as now.
    past = (verb.tag_ in ("VBD", "VBN") or _used_to(verb)
            or (verb.pos_ not in ("VERB", "AUX") and bool(HISTORY_LABEL.search(span.sent.text))))
    if not past:
        return False
    clause = " ".join(token.text for token in sorted(_clause(span), key=lambda token: token.i))
    noted = HISTORY_LABEL.search(span.sent.text) and any(int(year) < date.today().year for year in BARE_YEAR.findall(clause))
    if _long_ago(clause) or noted:  # "Hx anaphylaxis to penicillin 2015"
        return not RECENT.search(RESOLVED_NOW.sub(" ", clause))
    # The sentence and the one before: the parser splits phone typing where it has no full stop ("mate had it
    # done last yr n said his face swelled up").
    start = span.doc[span.sent.start - 1].sent.start_char if span.sent.start > 0 else span.sent.start_char
    sentences = span.doc.text[start: span.sent.end_char]
    return _someone_elses(span) and _long_ago(sentences) and not RECENT.search(RESOLVED_NOW.sub(" ", sentences))


def _used_to(verb: Any) -> bool:
    """"used to get (fainting)": a past habit, however the parse hangs "to"."""
    doc = verb.doc
    return any(head.lower_ == "used" and head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "to"
               for head in (verb, verb.head, verb.head.head))


def _answers_field_long_ago(span: Span) -> bool:
    """"Cold sores? Had one back in 2019, nothing since.": a form's question answered with history long past."""
    sentence = span.sent
    if len([t for t in sentence if not t.is_punct]) > 4 or sentence.text.rstrip()[-1:] not in ("?", ":"):
        return False
    if sentence.end >= len(span.doc):
        return False
    answer = span.doc[sentence.end].sent.text
    return _long_ago(answer) and not RECENT.search(RESOLVED_NOW.sub(" ", answer))


def _someone_elses(span: Span) -> bool:
    """Another person's sign: "my sister fainted", "her lips swelled", "his face swelled up"."""
    if _about_someone_else(span):
        return True
    subjects = _subjects(span)
    return bool(subjects) and all(
        any(child.dep_ == "poss" and (child.lower_ in POSSESSIVE_OTHERS or child.lower_ in OTHER_PEOPLE)
            for child in subject.children) for subject in subjects)


def _about_someone_else(span: Span) -> bool:
    """"my sister got hives", "her cousin fainted": the subject of the sign's clause is another person."""
    subjects = _subjects(span)
    return bool(subjects) and all(subject.lower_ in OTHER_PEOPLE for subject in subjects)


def _governing_verb(span: Span) -> Any:
    """The nearest verb at or above the sign in the parse (the root when there is none)."""
    head = span.root
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def _subjects(span: Span) -> list[Any]:
    return [child for child in _governing_verb(span).children if child.dep_ in ("nsubj", "nsubjpass")]


def load_triage(knowledge_dir: Path, expected_healing_days: Optional[int] = None,
                nlp: Optional[Language] = None) -> Triage:
    if nlp is None:
        from bot.language.pipeline import nlp as default_nlp
        nlp = default_nlp()
    path = knowledge_dir / "triage.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources = set(data.get("sources") or {})
    signs: dict[str, Sign] = {}
    phrases: dict[str, list[str]] = {}
    near: dict[str, list[tuple[list[str], list[str]]]] = {}
    spanish: dict[str, list[str]] = {}
    negation_kept: list[str] = []
    for level, body in data["levels"].items():
        if level not in TRIAGE_LEVELS:
            raise ValueError(f"{path}: unknown level '{level}'. Fix: use {', '.join(TRIAGE_LEVELS)}.")
        for entry in body["signs"]:
            key = entry["key"]
            if key in signs:
                raise ValueError(f"{path}: sign '{key}' appears twice. Fix: give each sign its own key.")
            cited = tuple(entry.get("source") or ())
            if not cited or not set(cited) <= sources:
                raise ValueError(f"{path}: sign '{key}' cites {list(cited)}. Fix: cite keys of 'sources'.")
            signs[key] = Sign(key, level, entry["label"], cited)
            phrases[key] = [plain(p.lower()) for p in entry.get("phrases") or ()]
            spanish[key] = [plain(p.lower()) for p in entry.get("es") or ()]
            pairs = [entry["near"]] if entry.get("near") else []
            pairs += list(entry.get("more_near") or ())
            for groups in pairs:
                if len(groups) != 2:
                    raise ValueError(f"{path}: sign '{key}': 'near' takes exactly two word groups.")
                for word in (w for group in groups for w in group):
                    if not isinstance(word, str):
                        raise ValueError(f"{path}: sign '{key}': near word {word!r} is not text. Fix: quote it.")
                    if len(nlp.make_doc(word)) != 1:
                        raise ValueError(f"{path}: sign '{key}': near word '{word}' is several tokens. Fix: use a phrase.")
            if pairs:
                near[key] = [([w.lower() for w in first], [w.lower() for w in second]) for first, second in pairs]
            if entry.get("negation_is_part"):
                negation_kept.append(key)
    rule = data["temperature"]
    if rule["sign"] not in signs:
        raise ValueError(f"{path}: temperature.sign '{rule['sign']}' is not a sign key.")
    temperature = TemperatureRule(rule["sign"], float(rule["celsius"]), float(rule["fahrenheit"]))
    article = knowledge_dir / "seed-article.md"
    known = re.findall(r"[a-z]+", article.read_text(encoding="utf-8").lower()) if article.exists() else []
    known += str(data.get("real_words") or "").lower().split()
    body_words = str(data.get("body_words") or "").split()
    # The clinic's own Spanish texts (not the detector's examples, which carry patients' typos),
    # and real Spanish words next to a sign word (knowledge/es/typo_exceptions.yml).
    # spaCy's Spanish stop words too: "pues" is not "puss", "toda" is not "today".
    spanish_known = [word for name in ("faq.yml", "aftercare.yml", "messages.yml", "prescreen.yml", "triage_advice.yml")
                     if (knowledge_dir / "es" / name).exists()
                     for word in re.findall(r"[a-z]+", plain((knowledge_dir / "es" / name).read_text(encoding="utf-8")).lower())]
    spanish_known += sorted(plain(word) for word in SPANISH_STOP_WORDS)
    exceptions = knowledge_dir / "es" / "typo_exceptions.yml"
    listed = (yaml.safe_load(exceptions.read_text(encoding="utf-8")) or {}) if exceptions.exists() else {}
    spanish_exceptions = [*str(listed.get("words") or "").split(), *str(listed.get("by_hand") or "").split()]
    sound_alike = {str(k).lower(): str(v).lower() for k, v in (data.get("sound_alike") or {}).items()}
    not_signs = [plain(str(text).lower()) for text in data.get("not_signs") or ()]
    history_elsewhere = [key for level in data["levels"].values() for entry in level["signs"]
                         if entry.get("history_elsewhere") for key in [entry["key"]]]
    comma_continues = [entry["key"] for level in data["levels"].values() for entry in level["signs"]
                       if entry.get("comma_continues")]
    colour_of = {entry["key"]: [str(word).lower() for word in entry["colour_of"]]
                 for level in data["levels"].values() for entry in level["signs"] if entry.get("colour_of")}
    unnamed = next((entry["key"] for level in data["levels"].values() for entry in level["signs"] if entry.get("unnamed")),
                   None)
    return Triage(nlp, signs, phrases, near, spanish, temperature, expected_healing_days, known, negation_kept,
                  body_words, spanish_known, spanish_exceptions, sound_alike, not_signs, history_elsewhere,
                  comma_continues, colour_of, unnamed)


# Advice already written in Spanish and English for an English conversation: not translated.
BILINGUAL_ADVICE = frozenset({"emergency_es", "urgent_es", "other_language"})


def load_advice(knowledge_dir: Path, language: str = "en") -> dict[str, str]:
    """The advice templates of knowledge/triage.yml, by name (one loader for every caller).

    Another language's advice (knowledge/<language>/triage_advice.yml) replaces
    the English one name by name; it must translate every English template but
    the bilingual ones, with the same placeholders, or it is refused here.
    """
    data = yaml.safe_load((knowledge_dir / "triage.yml").read_text(encoding="utf-8"))
    advice = dict(data["advice"])
    if language == "en":
        return advice
    path = knowledge_dir / language / "triage_advice.yml"
    translated = dict(yaml.safe_load(path.read_text(encoding="utf-8"))["advice"])
    expected = set(advice) - BILINGUAL_ADVICE
    if set(translated) != expected:
        raise ValueError(f"{path}: advice must translate exactly {sorted(expected)}; "
                         f"missing {sorted(expected - set(translated))}, extra {sorted(set(translated) - expected)}.")
    for name, text in translated.items():
        if _fields(text) != _fields(advice[name]):
            raise ValueError(f"{path}: advice.{name} must use the placeholders of knowledge/triage.yml: "
                             f"{sorted(_fields(advice[name]))}.")
    return {**advice, **translated}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
