"""Whether a sign found in a message is the writer's own, now (bot.care.triage finds the signs).

Set aside, as only asked about: questions about what the treatment can cause or what to do if a sign comes,
conditions, risk lists, thresholds asked, questions asked ahead of any treatment, and other people's
signs. Set aside as history: signs long past, a condition named as one, another person's story from another
clinic. In doubt the sign stays: an emergency sign counts as the writer's whenever they speak of their own
body, and a word of now or of the last days keeps any sign a report.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from spacy.tokens import Span

from bot.language.spanish import FIRST_PERSON as SPANISH_FIRST_PERSON
from bot.language.spanish import OTHER_PERSON as SPANISH_OTHER_PERSON
from bot.language.spanish import plain

FIRST_PERSON = frozenset({"i", "i'm", "im", "my", "me", "mine", "myself", "i've", "ive", "i'd", "id", "we", "our", "us"})
# Questions about what the treatment can do ("can it cause blisters?"). Not "is it
# normal to feel dizzy": that is usually somebody who feels dizzy.
QUESTION_OPENERS = frozenset({"can", "could", "does", "do", "will", "would", "may", "might",
                              "what", "whats", "what's", "which", "how"})
CONDITIONALS = frozenset({"if", "unless", "whether"})
STATE_VERBS = frozenset({"have", "has", "feel", "feels", "am", "'m", "m", "is", "'s", "s", "are", "'re", "re", "look", "looks",
                         "seem", "seems", "got"})
LEADING_CONJUNCTIONS = frozenset({"and", "also", "but", "so", "plus", "or"})
WORD = re.compile(r"[a-z']+")
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
    r"(make|cause|give|trigger|lead to|leave|bring on)|(it|this|treatment|procedure|microneedling|needling|prp|cream|it all) "
    r"(can|could|may|might|will|would) (ever |also |sometimes )?(make|cause|give|trigger|lead to|leave|bring on))\b", re.I)
HEARSAY = re.compile(r"^\W*(i('ve| have)? |we('ve| have)? )?(read|heard|seen|saw)( online| somewhere| on the internet| on reddit"
                     r"| on tiktok)?( that)?\W*$|^\W*(apparently|they say|people say|i'?m told)( that)?\W*$", re.I)
HEARD_VERBS = frozenset({"read", "reading", "hear", "heard", "hearing", "seen", "saw", "learned", "learnt", "watched",
                         "researched", "googled"})
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
    r"before i (book|commit|decide|make (a |the |my |an )?(booking|appointment|reservation))|before booking|"
    r"(trying to |want to |need to )?decide (whether|if) (to|i should) (proceed|go ahead|book|do it|have it)|"
    r"thinking (of|about|to) (book|booking|getting|having)|(purely )?hypothetical(ly)?|"
    r"asking in advance|in advance of (any|my|a) (booking|appointment)|"
    r"prior to (booking|(my |the )?(appointment|treatment|procedure))|not booked (yet|in)|"
    r"(haven'?t|have not|not) had (it|(any |the |a |my )?treatment|mine|my first( one)?) (done )?yet|"
    r"(didn'?t|did not|haven'?t|have not|not) (do|done|did) (it |any treatment |the treatment |any |mine |my first( one)? )?yet)\b",
    re.I)
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
    r"|\b(academically|academic question|out of (pure |professional |idle |sheer )?curiosity|for planning|planning ahead"
    r"|theoretically|in theory)\b"
    r"|\bi (have|got) (no|not) symptoms\b|\bnot happening to me\b|\bi don'?t have (it|one|any|that|those|anything like that) (right )?now\b"
    r"|\bno (issues|problems|symptoms) (right )?now\b|\bprospective (patient|client)\b"
    r"|\b(want|wants|wanting|planning|hoping) to book (for|in|on) (next|the)\b"
    r"|\bconsidering (this|it|the treatment|a course|getting|having)\b", re.I)
# Words of now for a condition: "after the treatment" is when the condition would come, not now.
SAID_NOW = re.compile(r"\b(now|right now|today|tonight|this (morning|afternoon|evening)|currently|at the moment|already"
                      r"|yesterday|last night|since|started|starting)\b", re.I)
# "now I'm scared": a feeling about asking, not a sign now.
WORRIED_NOW = re.compile(r"\bnow (i'?m|i am) (so |really |very )?(scared|worried|nervous|afraid|anxious|terrified|paranoid)\b",
                         re.I)
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
    r"|\bnow no (medicine|medicines|meds|medication|attacks|seizures|fits|problem|problems|issues|symptoms|reactions)\b"
    r"|\bnow (\d+ )?(years? )?no (problem|problems|issues)\b", re.I)  # "Now no problem", "now 15 years no problem"
# "can I still have it?", "I fit still do the PRP?": asking whether one may be treated, not a sign going on.
STILL_TREATED = re.compile(r"\b(can|could|may|should|would|will) (i|she|he|we|they|you) still\b"
                           r"|\b(i|she|he|we|they|you) (can|could|fit|may) still\b"
                           r"|\bstill (be )?(able|allowed|ok|okay|a candidate|eligible|suitable)\b", re.I)
# "dont want to pick up an infection", "don't want my face to blister", "to avoid a cold sore": the sign is what
# the writer hopes to keep away (split 25), when it follows within a few words and no "but" or "and" comes between.
AVOIDED = re.compile(r"\b((don'?t|do not|dont|doesn'?t|does not|wouldn'?t|would not) (want|wanna)|avoid|avoiding|prevent"
                     r"|preventing|so (that )?(i|it|my \w+) (doesn'?t|don'?t|dont|won'?t|do not|does not))\b"
                     r"(\s+(?!(but|and|so|because|cause|though|although|yet)\b)[\w']+){0,5}\s*$", re.I)
# Another clinic or salon: "my cousin got blisters from microneedling at some salon" is a story, not a sign now.
ELSEWHERE_TREATMENT = re.compile(
    r"\b(at|in|from) (some|another|other|a different|a other) (salon|clinic|place|spa|country|city)\b|\bsomewhere else\b"
    r"|\belsewhere\b|\b(at|in|from) (a|some|another) (different )?(beauty |nail |hair )?(salon|spa|med ?spa|parlou?r)\b", re.I)
# "This is not a hypothetical question": the writer says the opposite of GENERAL_ONLY.
NOT_GENERAL = re.compile(r"\b(not|isn'?t|no longer) (a |an |just a |just an )?(general|hypothetical)", re.I)
# "I'm on warfarin for an arrhythmia", "tomo Sintrom por una arritmia": a long-standing diagnosis a
# medicine treats, said when asking whether one can be treated, not a sign now. Only diagnoses: "taking
# antihistamines for the hives" is a symptom now (issue 14's validation sets).
TREATED_DIAGNOSES = frozenset({"arrhythmia", "arrythmia", "afib", "fibrillation", "epilepsy", "arritmia",
                               "fibrilacion", "epilepsia"})
# A long-standing condition said as one, with no word of now: "I have asthma, well controlled".
CONDITIONS = frozenset({"asthma", "asma"})
CONDITION_SAID = re.compile(r"\b(i|she|he|they) (have|has|had|got|get) (mild |bad |severe )?(asthma|asma)\b"
                            r"|\b(well[- ]controlled|controlled|under control|no (attacks|issues|problems|symptoms))\b"
                            r"|\b(asthma|asma)('s| is| has been) (quiet|fine|ok|okay|good|settled|stable|calm)\b", re.I)
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
# The writer says the sign they asked about is theirs now (split 18).
# "I get them sometimes. And actually I have one now" (split 27): a habit answered, then one now.
MINE_NOW = re.compile(r"\b(mine (does|is|are|did|has|have|do)|which i (do|have)|i have (it|this|that) now"
                      r"|(?<!n't )(?<!not )(?<!dont )(?<!never )(?<!havent )(have|got) (one|some) (now(?! and then)|right now"
                      r"|at the moment|today))\b", re.I)
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
    r"\b(last (year|yr|month|summer|winter|spring|fall|autumn|christmas)|(years|decades) (ago|back)|back in|decades? ago"
    r"|long time (before|ago)"
    r"|in (my |her |his )?(childhood|youth|teens|twenties)"
    r"|(\d+|a few|a couple of|couple|two|three|four|five|six|several|many|ten|twenty) (years?|yrs?|months?) ago"
    r"|as (a )?(kid|child|teen|teenager|baby|girl|boy|nipper|youngster|toddler)"
    r"|when (i|she|he|they) (was|were) (like |about |around |only |just )?(a )?(kid|child|young|little|teen|teenager"
    r"|nipper|youngster|toddler|lad|lass|\d\d?( years old)?)"
    # "in 8th grade", "in high school", "in year 9" (split 26)
    r"|in (\d\d?(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) grade"
    r"|in (primary|grade|elementary|middle|junior high|high|secondary) school|in year \d\d?"
    r"|(\d+|a few|a couple of|couple|two|three|four|five|several|many) (winters|summers|springs|autumns|years|yrs|months) back)\b",
    re.I)
YEAR = re.compile(r"\b(?:in|of|from) (19[5-9]\d|20\d\d)\b", re.I)  # "Funny story from 1998: I fainted"
HISTORY_LABEL = re.compile(r"\b(history|hx|pmh|medical history|allergies|allergy)\s*:|\b(hx|h/o|pmhx)\b", re.I)
NEVER_SINCE = re.compile(r"\b(since then nothing|noth?in'?g? since|none since|never (again|since)|not (once )?since)\b", re.I)
# "my lips swelled up, same as years ago": a sign now compared with one long ago.
COMPARISON = re.compile(r"\b(like (it|they|i|she|he|we) (did|had|was|were)|(the )?same as|similar to|just as|just like|again"
                        r"|like (before|last time|the last time|that time|back)|than)\b", re.I)
BARE_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
AGE_NOW = re.compile(r"\b(i'?m|i am|she'?s|she is|he'?s|he is|they'?re|they are) \d\d? (now|today)\b", re.I)
# Words of now or of the last days: beside them a past sign may be this treatment's.
RECENT = re.compile(NOW.pattern + r"|\b(yesterday|last night|days? ago|this week|still|again|after (it|that)"
                    r"|this time|this session|after this one)\b", re.I)
POSSESSIVE_OTHERS = frozenset({"his", "her", "their"})
CLAUSE_DEPS = frozenset({"conj", "ccomp", "advcl", "parataxis", "relcl", "acl"})
OTHER_PEOPLE = frozenset({"he", "she", "they", "someone", "somebody", "people", "person", "friend", "sister",
                          "brother", "mom", "mum", "mother", "dad", "father", "cousin", "daughter", "son",
                          "husband", "wife", "partner", "boyfriend", "girlfriend", "aunt", "uncle", "mate", "roommate",
                          "neighbour", "neighbor", "colleague", "patients", "patient", "anyone", "others",
                          "everyone", "grandma", "grandmother", "grandpa", "niece", "nephew", "anybody"})


def treated_diagnosis(span: Span) -> bool:
    """TREATED_DIAGNOSES named as what a medicine is taken for, or a long-standing condition said as one:
    "I have asthma, well controlled" (splits 15, 16, 21). "asthma attack" is a sign, and so is asthma beside
    a word of now ("I have asthma now")."""
    words = set(WORD.findall(plain(span.text).lower()))
    before = span.doc.text[max(0, span.start_char - 90): span.start_char]
    if words & TREATED_DIAGNOSES and TREATED_FOR.search(plain(before)):
        return True
    sentence = span.sent.text
    return (plain(span.text).lower() in CONDITIONS and not recent(sentence)
            and bool(CONDITION_SAID.search(sentence)))


def _within_condition(conditional: Any, span: Span) -> bool:
    """"If I get swelling on my lip after, what do I do?": the sign inside the "if" clause, read on the surface
    where the parse hangs the condition elsewhere (no comma, "then" or full stop between, a few words)."""
    between = span.doc[conditional.i + 1: span.start]
    return len(between) <= 8 and not any(token.text in (",", ";", ":", "?", "!", ".") or token.lower_ == "then"
                                         for token in between)


def risk_question(span: Span) -> bool:
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


def only_asked(span: Span, level: str, self_report: bool, fever: bool = False) -> bool:
    """Only asked about, or about somebody else: the sign is not the writer's own.

    An emergency sign counts as the writer's own whenever they speak of their
    own body or experience anywhere in the message ("what happens if someone
    faints? asking bc I just did"): for those signs doubt goes to the higher
    level, unless the writer says outright that nothing is wrong.
    """
    text = span.doc.text
    if general_only(text) and not _told_as_own(span, level):
        return True  # "just a general question, nothing wrong with me", "before I book"
    if AVOIDED.search(re.split(r"[,.;:!?]", text[span.sent.start_char: span.start_char])[-1]):
        return True  # "can i go swimming on day 5? dont want to pick up an infection"
    if MINE_NOW.search(text):
        return False  # "would it matter if the skin looks bluish grey? mine does": asked, and happening
    sentence_text = span.sent.text
    clause = _clause(span)
    ahead = asking_ahead(text)
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
            and not recent(text) and not OWN_EXPERIENCE.search(text)):
        return True  # "Is vomiting a known side effect of PRP?"
    # "is it true the cream can make your ears ring? I want to do the treatment in July": a plan makes a
    # sign asked about only inside a question and not of the writer's own body ("I want to book my next
    # session but my lips are swelling fast" is a report).
    if ("?" in sentence_text and not about_self and PLANNED.search(text)
            and not QUESTIONS_AHEAD["en"][1].search(text)):
        return True
    if _what_to_do_if(span):
        return True
    if _heard_about(span) and not (MINE_NOW.search(text) or OWN_EXPERIENCE.search(text) or SAID_NOW.search(text)):
        return True  # "I read about allergic reaction and swelling of the throat, how often is this happening?"
    # Asking ahead lifts "an emergency sign about oneself is one's own" only for a sign not told as happening:
    # "I'm booked for next week. What if my lips are swelling?" stays a report.
    if level == "emergency" and self_report and not (ahead and not _happening(span)):
        return False
    cause = next(reversed(list(CAUSE_QUESTION.finditer(before_sign))), None)  # the last one before the sign
    lead = before_sign[:cause.start()] if cause is not None else ""
    # "like could it make ...", "I've read it can cause ringing ears": a cause said as hearsay opens the sentence
    opens = cause is not None and (len(WORD.findall(lead.lower())) <= 1 or bool(HEARSAY.search(lead)))
    if cause is not None and ("?" in sentence_text or opens) and not BECAUSE.search(before_sign[cause.end():]):
        return True
    # "my sister got hives after a facial, could that happen?"; a carer's report is a report, and so is one of
    # now in the sign's sentence: "now he does not know where he is ... Is this normal?" (split 28)
    if _about_someone_else(span) and POSSIBILITY.search(text) and not SAID_NOW.search(span.sent.text):
        return True
    listed = span.root
    while listed.dep_ == "conj" and listed.head.i != listed.i:  # "the incidence of fever or infection"
        listed = listed.head
    if listed.dep_ == "pobj" and listed.head.head.lower_ in GENERIC_NOUNS:
        return True  # "the signs of infection", "the risk of blisters"
    if level != "emergency" and listed.dep_ == "pobj" and listed.head.head.lower_ in ("question", "questions"):
        return True  # "I have a question about cold sores"; not for an emergency sign ("a question about my throat")
    # The sign's own clause: "turned into the little blisters I used to get as a girl" is a cold sore now.
    own_clause = " ".join(token.text for token in sorted(clause, key=lambda token: token.i))
    if level != "emergency" and (HISTORY.search(own_clause) or _habitual(span)):
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


def general_only(text: str) -> bool:
    """GENERAL_ONLY said, and no word of now beside it: "I haven't had it done yet, my lips started swelling
    an hour ago" is a report whatever the words before it say."""
    if not GENERAL_ONLY.search(text) or NOT_GENERAL.search(text):
        return False
    rest = WORRIED_NOW.sub(" ", GENERAL_ONLY.sub(" ", text))
    return not (MINE_NOW.search(rest) or OWN_EXPERIENCE.search(rest) or SAID_NOW.search(rest))


def _told_as_own(span: Span, level: str) -> bool:
    """An emergency or urgent sign the writer states of their own body in the present, outside a question or
    a condition: "I haven't had the treatment yet but my lips are swelling fast", "before I book: I have hives
    all over". Not having been treated does not make it a question; such a sign goes to a person."""
    if level not in ("emergency", "urgent") or _someone_elses(span):
        return False
    sentence = span.sent
    # The sign's own part of the sentence: "I've got a fever of 39, can I still come?" states it.
    stop = re.search(r"[,;.!?]", span.doc.text[span.end_char: sentence.end_char])
    asked = stop is not None and stop.group() == "?"
    if asked or any(token.lower_ in CONDITIONALS and _within_condition(token, span) for token in sentence
                    if token.i < span.start):
        return _happening(span) and level == "emergency"  # "before I book, what if my throat is closing?"
    verb = _governing_verb(span)
    own = any(token.lower_ in FIRST_PERSON for token in _clause(span))
    # "I have hives", "my throat feels tight", "my lips are swollen", "I can't breathe"; not a habit ("I get hives
    # with shrimp", "I go woozy at blood tests") nor what the writer did ("I read about lidocaine toxicity").
    can_now = any(child.dep_ == "aux" and child.lower_ in ("can", "ca", "cannot", "cant") for child in verb.children)
    state_now = verb.lower_ in STATE_VERBS and (verb.tag_ in ("VBP", "VBZ") or any(
        child.dep_ == "aux" and child.tag_ in ("VBP", "VBZ") for child in verb.children))  # "I've got a fever"
    return own and (_happening(span) or can_now or state_now or verb.pos_ not in ("VERB", "AUX"))


def _heard_about(span: Span) -> bool:
    """The sign is what the writer read or heard about ("I read about swelling of the throat"), not what they
    feel (split 26). Only as the object of "about" or "of" after such a verb; only_asked also wants no word of
    now in the message ("I read about throat swelling and now my throat feels tight" is a report)."""
    token = span.root
    while token.dep_ == "conj" and token.head.i != token.i:  # "about allergic reaction and swelling of the throat"
        token = token.head
    return (token.dep_ == "pobj" and token.head.lower_ in ("about", "of")
            and token.head.head.lower_ in HEARD_VERBS)


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


def asking_ahead(text: str) -> bool:
    """ASKING_AHEAD said, and nothing of the writer's own experience now beside it."""
    if not ASKING_AHEAD.search(text) or NOT_GENERAL.search(text):
        return False
    rest = WORRIED_NOW.sub(" ", ASKING_AHEAD.sub(" ", text))
    # "just so I know, if I can't breathe should I call 999? it's getting hard now": a word of now is a report.
    return not (MINE_NOW.search(rest) or OWN_EXPERIENCE.search(rest) or SAID_NOW.search(rest))


def _happening(span: Span) -> bool:
    """"my lips are swelling": the sign told in the progressive, with its "be"."""
    verb = _governing_verb(span)
    return verb.tag_ == "VBG" and any(child.dep_ == "aux" and child.lemma_ == "be" for child in verb.children)


def _in_past(span: Span) -> bool:
    return _governing_verb(span).tag_ in ("VBD", "VBN")


def story_elsewhere(span: Span) -> bool:
    """Another person's sign, in the past, after a treatment at another clinic or salon, with no word of now
    or of recent days: a story told when asking, not a carer's report (splits 15, 20, 21)."""
    text = span.doc.text
    return (bool(ELSEWHERE_TREATMENT.search(text)) and _someone_elses(span) and _in_past(span)
            and not recent(text) and not re.search(r"\blast week\b", text, re.I))


def history_elsewhere(span: Span) -> bool:
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


def recent(text: str) -> bool:
    """A word of now or of the last days, other than one saying the sign is over ("fine now"), asking
    whether one can still be treated ("can I still do microneedling?", split 24) or giving an age ("She's 16
    now", split 28)."""
    return bool(RECENT.search(AGE_NOW.sub(" ", STILL_TREATED.sub(" ", RESOLVED_NOW.sub(" ", text)))))


def _long_ago(text: str) -> bool:
    return bool(LONG_AGO.search(text)) or any(int(year) < date.today().year for year in YEAR.findall(text))


def over_long_ago(text: str) -> bool:
    """"an outbreak at university, more than twenty years ago, and none since": something long ago that never
    came back, and no word of now or of recent days (split 27)."""
    return _long_ago(text) and bool(NEVER_SINCE.search(text)) and not recent(text)


def long_past(span: Span) -> bool:
    """"I fainted once, in the summer of 1987", "my husband had chest pain last month from his heart, now he
    is fine": a sign in the past tense, long ago, is history at any level (split 21).

    Only when the sign's own clause says when, or when the sign is another person's and its sentence
    does ("my sister fainted when she had PRP last yr"); never beside a word of now or of recent days,
    and never in the present tense ("I had it last year and now I can't breathe" is a report).
    """
    if _answers_field_long_ago(span):
        return True
    # "anaphylaxis in 2009": the sign dated by the words right after it.
    dated = YEAR.match(span.doc.text[span.end_char: span.end_char + 12].lstrip())
    if dated and int(dated.group(1)) < date.today().year and not recent(span.sent.text):
        return True
    verb = _governing_verb(span)
    # "I used to get fainting", and a note without a verb: "History: anaphylaxis to penicillin in 1988".
    # Only under a history label: a bare "throat closing, same as in 2019" compares, and is read as now.
    # "Two years ago I get cold sore for lip, since then nothing": a writer whose tenses are not English's says
    # it is over another way (split 25).
    # "Long time before, 10 year, I have big allergy with shrimp, my throat close. Now no problem." (split 28): over.
    past = (verb.tag_ in ("VBD", "VBN") or _used_to(verb) or bool(NEVER_SINCE.search(span.doc.text))
            or bool(RESOLVED_NOW.search(span.doc.text))
            or (verb.pos_ not in ("VERB", "AUX") and bool(HISTORY_LABEL.search(span.sent.text))))
    if not past:
        return False
    clause = " ".join(token.text for token in sorted(_clause(span), key=lambda token: token.i))
    noted = HISTORY_LABEL.search(span.sent.text) and any(int(year) < date.today().year for year in BARE_YEAR.findall(clause))
    if (_long_ago(clause) and not COMPARISON.search(clause)) or noted:  # "Hx anaphylaxis to penicillin 2015"
        return not recent(clause)
    # The sentence and the one before: the parser splits phone typing where it has no full stop ("mate had it
    # done last yr n said his face swelled up").
    start = span.doc[span.sent.start - 1].sent.start_char if span.sent.start > 0 else span.sent.start_char
    sentences = span.doc.text[start: span.sent.end_char]
    if _someone_elses(span):
        return _long_ago(sentences) and not recent(sentences)
    # "Many years ago, in about 1998, I had a reaction to a facial and my lips swelled up": the writer's own
    # sign in the past, in a sentence that opens with when, in a message with no word of now or of recent days.
    # So is "I had a seizure once when I was 12", "throat closed up after a bee sting decades back": the when said
    # after the sign, before the next comma; not a comparison ("swelled like it did years ago" is now).
    opening = span.doc.text[span.sent.start_char: span.start_char]
    after = re.split(r"[,;:.!?]", span.doc.text[span.end_char: span.sent.end_char])[0]
    # Not a clause about the sign's kind: "the little blisters I used to get as a girl" are a cold sore now.
    of_kind = re.match(r"^\W*(that |which |who )?(i|she|he|they|we|you)\b", after, re.I)
    dated_after = _long_ago(after) and not COMPARISON.search(after) and not of_kind
    return (_long_ago(opening) or dated_after) and not recent(span.doc.text)


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
    return _long_ago(answer) and not recent(answer)


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
