"""Whether a sign found in a message is the writer's own, now (bot.care.triage finds the signs).

Set aside, as only asked about: questions about what the treatment can cause or what to do if a sign comes,
conditions, risk lists, thresholds asked, questions asked ahead of any treatment, and other people's
signs. History (signs long past, another person's story from another clinic) is bot.care.sign_history's.
In doubt the sign stays: an emergency sign counts as the writer's whenever they speak of their own
body, and a word of now or of the last days keeps any sign a report.
"""
from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span

from bot.care.sign_clause import (THIRD_PERSON_PRONOUNS, about_someone_else, clause_words, governing_verb, happening,
                                  in_past, sign_subjects, someone_elses)
from bot.care.sign_history import HISTORY, NOW, WORRIED_NOW, habitual, long_ago, over_long_ago, recent
from bot.language.spanish import FIRST_PERSON as SPANISH_FIRST_PERSON
from bot.language.spanish import OTHER_PERSON as SPANISH_OTHER_PERSON
from bot.language.spanish import plain

# Tagalog "ko" (my), "ako" (I) in Taglish: "may grey po na patch sa ilalim ng mata ko" is not a question opened by
# "may" (split 52).
FIRST_PERSON = frozenset({"i", "i'm", "im", "my", "me", "mine", "myself", "i've", "ive", "i'd", "id", "we", "our", "us",
                          "ko", "ako"})
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
# What one read or heard the treatment can be or bring, after HEARSAY: "I read it can be infection, pus".
# "I have read that anaesthetic creams may in some cases cause ringing in the ears" (split 33).
HEARD_CAN = re.compile(r"\b(it|this|that|prp|microneedling|needling|(the |these |numbing |an?a?esthetic |topical )+"
                       r"(treatments?|procedures?|creams?)|(numbing|an?a?esthetic) creams?) (can|could|may|might)"
                       r"( in (some|rare|a few) cases| rarely| occasionally)?,? (also |sometimes |even )?"
                       r"(be|give( you)?|cause|mean|lead to|trigger)\b", re.I)
HEARD_VERBS = frozenset({"read", "reading", "hear", "heard", "hearing", "seen", "saw", "learned", "learnt", "watched",
                         "researched", "googled"})
BECAUSE = re.compile(r"\b(because|cause|cos|coz|since|as i|as my|bc|now)\b", re.I)
# "I want to do the treatment in July": not treated yet. Weaker than GENERAL_ONLY (a second session is
# planned too), so it counts only in a message that says nothing of now.
PLANNED = re.compile(r"\b(want|wants|wanting|planning|plan|hoping|going|would like) to (do|have|get|book|try) "
                     r"(the |this |a |my )?(treatment|procedure|microneedling|needling|prp|session)\b"
                     r"|\b(want|wants|wanting|planning|hoping|would like) to book\b", re.I)
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
        r"|\bpaso a paso\b|\bdesde que (llego|uno llega|entro)\b(?! (de|del)\b)"  # not "desde que llegó de la clínica" (split 37)
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
        r"|tras (la|el) (sesion|tratamiento)"
        # "desde que llegó de la clínica" (split 37): back from it, so treated
        r"|(llego|llegue|llegamos|volvio|volvi|volvimos|regreso|regrese|salio|sali|salimos|vino|vine) (de|del) (la |el )?"
        r"(clinica|consulta|tratamiento|sesion|centro))\b")),
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
    # "my lola has irregular heartbeat ... can she do the prp or not?" (split 39): asked before any treatment
    r"|\b(can|could|may) (she|he|i|my \w+) (do|have|get|try) (the |a |this )?(prp|treatment|microneedling|needling|it)"
    r" or not\b"
    # "I did not have treatment yet", "She has her appointment next week" (split 34)
    r"|\b(didn'?t|did not|don'?t|do not) (have|do|get) (the |my |any |a )?(treatment|procedure|session|it) yet\b"
    r"|\b(i|she|he|we) (has|have) (my|her|his|our|an|the) (first )?(appointment|appt|session|treatment|consultation|booking)"
    r" (next|on|in|this|tomorrow)\b"
    r"|\bbefore (i|we|she|he) (come|go|start|have it|get it|do it|try it|sign up|book|commit)\b"  # "before I sign up" (48)
    # Scots "just askin afore a book" (split 52)
    r"|\b(afore|b4) (i|a|ah|we|she|he) (come|go|start|sign up|book|commit)\b"
    # "Purely morbid curiosity" (split 52)
    r"|\b(purely|pure|just|morbid|idle) (morbid )?curiosity\b"
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
WHAT_TO_DO = re.compile(r"\b(do|should|shall|must|can) i (call|phone|ring|go|contact|come|text|message|see)\b"
                        r"|\bwhat (should|do|must|shall|would) (i|we) do\b|\bwho (do|should) (i|we) (call|contact|ring)\b"
                        # "If after treatment my lip swell up, what I should do?" (split 51): the order of other languages
                        r"|\bwhat (i|we) (should|must|shall|need to|have to) do\b|\bwhat to do\b", re.I)
# "Suppose a patient develops wheezing ...", Trinidadian "Say ah get blisters after, what allyuh would do?" (splits
# 52, 53): a condition opened by "suppose" or "say", the sign in its clause, before any comma.
SUPPOSED = re.compile(r"^\W*(suppose|supposing|imagine|say)( that)? (i|ah|a|me|we|you|one|someone|somebody|a patient"
                      r"|a client|she|he|they|my \w+)\b[^,.;?!]*$", re.I)
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
# "dont want to pick up an infection", "don't want my face to blister", "to avoid a cold sore": the sign is what
# the writer hopes to keep away (split 25), when it follows within a few words and no "but" or "and" comes between.
AVOIDED = re.compile(r"\b((don'?t|do not|dont|doesn'?t|does not|wouldn'?t|would not) (want|wanna)|avoid|avoiding|prevent"
                     r"|preventing|so (that )?(i|it|my \w+) (doesn'?t|don'?t|dont|won'?t|do not|does not))\b"
                     r"(\s+(?!(but|and|so|because|cause|though|although|yet)\b)[\w']+){0,5}\s*$", re.I)
# A name: "my band's new single is literally called Chest Pain" (split 39).
NAMED_BEFORE = re.compile(r"\b(called|named|titled|entitled)\s+(literally\s+)?['\"\u2018\u201c]?\s*$"
                          # A song's title: "that song about I can't breathe without you", "The song on your website
                          # video, Fever, who sings that version?" (split 41).
                          r"|\bsongs?\s+(about|called|named|titled|that goes)\s+['\"\u2018\u201c]?(i\s+)?$"
                          r"|\bsongs?\b[^.?!,]{0,30},\s*['\"\u2018\u201c]?$", re.I)
# Made up, not had: "fake blood and fake pus makeup" (split 39), "stage blood", "a toy with a seizure".
NOT_REAL_BEFORE = re.compile(r"\b(fake|stage|pretend|costume|prop|toy|plastic|cosplay|halloween)\s+(\w+\s+(and|&)\s+"
                             r"(fake|stage|pretend|costume|prop)\s+)?$", re.I)
# "i watch thai drama last night, the girl faint after face treatment haha" (split 42): a character of a story
# watched, told with "the" or "a", after the word for the story.
MEDIA = re.compile(r"\b(k-?dramas?|dramas?|movies?|films?|series|serials?|soaps?|episodes?|(tv|the|a) shows?|telenovelas?"
                   r"|novelas?|anime|cartoons?|plays?|skits?|musicals?|pantomimes?|panto"  # "a church play" (split 45)
                   r"|novels?|(crime|detective|mystery) (books?|stories)"  # "a crime novel" (split 52)
                   # "I was watching Casualty and a man collapsed with chest pain" (44), "Wis watchin a programme" (48)
                   r"|watching|watched|watchin|programmes?|programs?)\b", re.I)
CHARACTERS = frozenset({"girl", "boy", "guy", "man", "woman", "lady", "hero", "heroine", "character", "actor", "actress",
                        "villain", "bloke", "dude", "fella", "someone", "somebody"})
# "some lady had a seizure" (split 46), Jamaican "di man collapse" (split 45): a character told without a possessive.
CHARACTER_DETERMINERS = frozenset({"the", "a", "an", "some", "this", "that", "di", "one"})
# Words for a character of a story: CHARACTERS without "someone" (told with no determiner), and Scots "wummin".
CHARACTER_WORDS = "|".join(sorted(CHARACTERS - {"someone", "somebody"} | {"wummin", "wumman"}))
CHARACTER_NAMED = re.compile(rf"\b({'|'.join(sorted(CHARACTER_DETERMINERS))}) (\w+ )?({CHARACTER_WORDS})\b", re.I)
# The parse may take the sign for a noun ("the girl faint after face treatment"): a character named right before;
# Irish "yer one's throat swelled up" (split 48): that woman.
# "watching greys anatomy and someone literally had a seizure" (split 56): "someone" needs no determiner.
CHARACTER_BEFORE = re.compile(rf"({CHARACTER_NAMED.pattern}|\b(yer|your) one|\b(someone|somebody))('s)?\s+(\w+\s+){{0,3}}$",
                              re.I)
# "a man collapsed with chest pain" (44); "the lady's face was all blistered" (split 45); Scots "a wummin's face" (48)
PERSON_PRONOUNS = THIRD_PERSON_PRONOUNS - {"it", "its"}  # not "it": the writer's skin may be "it"
PRONOUN_BEFORE = re.compile(r"\b(she|he|they|(her|his|their) \w+)\s+$", re.I)
# A person of the writer's rules out a character for a pronoun (split 51).
WRITERS_PERSON = re.compile(r"\b(my|our|me|mi|ma) (\w+ )?(wife|husband|sister|brother|mum|mom|mother|dad|father|son"
                            r"|daughter|friend|partner|girlfriend|boyfriend|aunt|auntie|uncle|cousin|grandma|granny"
                            r"|nan|nana|niece|nephew|kid|kids|child|baby|colleague|neighbour|neighbor|flatmate|roommate)\b",
                            re.I)
# "his teacher fainted, turns out she was playing dead in a game" (split 42): made up, said after the sign.
NOT_REAL_AFTER = re.compile(r"^[^.?!]{0,60}\b(playing dead|pretending|faking it|was faking|were faking|play acting"
                            r"|just acting)\b", re.I)
# "my friend say i will faint haha" (split 42): what somebody else predicts, not a sign now.
REPORTING_VERBS = frozenset({"say", "says", "said", "tell", "tells", "told", "think", "thinks", "warn", "warns",
                             "warned", "reckon", "reckons"})
OTHERWISE_FINE = re.compile(r"\b(otherwise|apart from (that|this|it)|other than (that|this|it)|besides (that|this|it)"
                            r"|except (for )?(that|this|it)|but),? i feel (completely |perfectly |totally )?fine\b"
                            # "No fever, no chills, I feel fine in myself. But there's a really bad smell coming from
                            # the treated patch" (split 61): well in general, and a sign told after the "but".
                            r"|\bi feel (completely |perfectly |totally )?fine (in myself|in general|generally|overall)\b"
                            r"|\bi feel (completely |perfectly |totally )?fine\W+but\b", re.I)
OPENING_QUOTE = re.compile(r"(?:^|(?<=[\s(]))['\"\u2018\u201c]")
CLOSING_QUOTE = re.compile(r"['\"\u2019\u201d](?=[\s.,;:!?)]|$)")
# "Tonight on the show we playing 'Fever' and then 'Chills' back to back" (split 53): songs played.
CITING = re.compile(r"\b(wrote|write|typed|type|said|says|meant|mentions?|mentioned|lists?|listed|reads|called|word"
                    r"|playing|played|play|spinning|spin|spun)\b", re.I)
# "like 38", "say 38.5": a temperature given as an example of a sign asked about in a condition.
EXAMPLE_BEFORE = re.compile(r"\b(like|say|e\.g\.|such as|for example|for instance),?\s*$", re.I)
# This clinic's treatment, said of the person whose sign it is: a carer's report, not a story.
THIS_TREATMENT = re.compile(r"\b(here|at your (clinic|place)|with you( guys)?|at yours"
                            r"|after (her|his|their|the|my) (session|treatment|procedure|blood draw|appointment|prp|needling"
                            r"|microneedling)"
                            # "6 hours after you took off the cream" (split 35): the clinic's own hands
                            r"|(after|since|when) you (took|put|did|applied|removed|wiped|injected|treated)"
                            r"|you (took|wiped) (it |the cream |the numbing )?off)\b", re.I)
# "Your price is give me pain in my chest, haha" (split 30): a sign the price brings on is a figure of speech.
PRICE_CAUSE = re.compile(r"\b(price|prices|pricing|cost|costs|bill|quote|fee|fees)\b[^.?!]{0,15}\b(give|gives|giving|gave|gonna give)"
                         r"\b[^.?!]{0,12}$", re.I)
# "This is not a hypothetical question": the writer says the opposite of GENERAL_ONLY.
NOT_GENERAL = re.compile(r"\b(not|isn'?t|no longer) (a |an |just a |just an )?(general|hypothetical)", re.I)
# "I'm on warfarin for an arrhythmia", "tomo Sintrom por una arritmia": a long-standing diagnosis a
# medicine treats, said when asking whether one can be treated, not a sign now. Only diagnoses: "taking
# antihistamines for the hives" is a symptom now (issue 14's validation sets).
TREATED_DIAGNOSES = frozenset({"arrhythmia", "arrythmia", "afib", "fibrillation", "epilepsy", "arritmia",
                               "fibrilacion", "epilepsia"})
TRAIT_BEFORE = re.compile(r"\b(is|'s|s|am|'m|m|are|'re|was|been|hes|shes|im)\s+$", re.I)
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
    r"|\ben (que|cuales) casos no\b|\b(quien|quienes|gente q|gente que) no (se |se lo |lo )?(debe|deberia|puede)"
    # "And is there a lot of bleeding during the needling?" (split 38): what the procedure itself brings
    r"|\b(is there|will there be|are there|is it) (a lot of |much |many |lots of |any |a little |some )?(\w+ ){0,2}"
    r"(during|in) (the )?(needling|treatment|procedure|session|microneedling)\b", re.I)
RISK_LIST_WORDS = 8
ANY_PERSON = frozenset({"she", "he", "her", "his", "him", "they", "their", "them", "ella", "le", "su", "sus",
                        "les", "ellos", "ellas"})
# The writer says the sign they asked about is theirs now (split 18).
# "I get them sometimes. And actually I have one now" (split 27): a habit answered, then one now.
# "I ask because I think I have it" (split 30): the writer says the sign asked about is theirs.
MINE_NOW = re.compile(r"\b(mine (does|is|are|did|has|have|do)|which i (do|have)|i have (it|this|that) now"
                      r"|(because|cause|bc|as) i (think |believe |guess )?(have|got) (it|this|that|them|one)"
                      r"|i think i (have|got) (it|this|that|them|one)\b(?! (booked|done|planned))"
                      r"|(?<!n't )(?<!not )(?<!dont )(?<!never )(?<!havent )(have|got) (one|some) (now(?! and then)|right now"
                      r"|at the moment|today)"
                      # "What if the pain is getting worse every day? I'm asking because that is what's happening to
                      # me, day 5 now" (split 43)
                      # "Because that's kind of what's happening on my forehead this morning, day 4" (split 58)
                      r"|(that|this|it)('s| is) (exactly |just |kind of |sort of |basically |actually |pretty much )?"
                      r"what('s| is) happening( to me| now| on my| on me| here)"
                      # "asking for a friend. the friend is me" (split 50)
                      r"|(the|that|this|my) (friend|someone|somebody|person|patient)('s| is| was|=) (actually |really )?me"
                      r"|i'?m the (friend|someone|person|patient)|i am the (friend|someone|person|patient)"
                      # "Okay, it's me. Not hypothetical.", "is that a problem? Because it is." (splits 52, 53)
                      # "asking for me lol, day 4" (split 55): asked for the writer, who says how far along they are
                      r"|asking for (me|myself)\b(?=[^.?!]{0,20}\b(day \d+|since|today|yesterday|right now)\b)"
                      r"|(okay|ok|fine|alright),? it'?s me|it('s| is) (actually |really )?me(?=\s*[.!]|\s*$)"
                      r"|not (a )?hypothetical(ly)?|(because|cause|coz|cos) it (is|does|has|did|was)(?=\s*[.!]*\s*$))\b",
                      re.I)
OWN_EXPERIENCE = re.compile(r"\b(just did|happened to me|happening (to me|now)|right now|rn|i did|it's happening)\b", re.I)
POSSIBILITY = re.compile(
    r"\b((could|can|does|will|would|might) (that|this|it) (happen|occur)|(could|can|will|would|might) i (get|have)"
    r"|is (that|this|it) (common|normal|possible|true)|is (it )?true (that |this |it )?)\b",
    re.I,
)


def not_a_sign(span: Span) -> bool:
    """The words of a sign as a name or made up, never had: "my band's new single is literally called Chest Pain",
    "fake blood and fake pus makeup" (split 39)."""
    text = span.doc.text
    if someone_elses(span) and NOT_REAL_AFTER.match(text[span.end_char:]):
        return True
    before = text[span.sent.start_char: span.start_char]
    if MEDIA.search(before) and (_a_character(span) or CHARACTER_BEFORE.search(before)
                                 or _pronoun_of_a_character(span, before)):
        return True
    return bool(NAMED_BEFORE.search(text[span.sent.start_char: span.start_char])
                or NOT_REAL_BEFORE.search(text[max(span.sent.start_char, span.start_char - 30): span.start_char]))


def _a_character(span: Span) -> bool:
    """The sign's subjects are all characters told with "the" or "a", none with a possessive: "the girl", not "my
    sister" (nor "the thermometer shows 39,1")."""
    subjects = sign_subjects(span)
    return bool(subjects) and all(
        subject.lower_ in CHARACTERS
        and (subject.lower_ in ("someone", "somebody")
             or any(child.dep_ == "det" and child.lower_ in CHARACTER_DETERMINERS for child in subject.children))
        and not any(child.dep_ == "poss" for child in subject.children) for subject in subjects)


def _pronoun_of_a_character(span: Span, before: str) -> bool:
    """"I watch Vietnamese drama, the lady do face needle and her face bleed not stop and she faint" (split 51):
    "she" and "her face" are the character's when the sentence named one before and no person of the writer's
    ("my wife", "my sister") stands anywhere before the sign in it."""
    subjects = sign_subjects(span)
    pronouns = [word for subject in subjects for word in (subject, *subject.children)
                if word.lower_ in PERSON_PRONOUNS and (word is subject or word.dep_ == "poss")]
    # The parser may hang the sign on the writer's verb ("I watch ... and her face bleed not stop"): the words
    # right before it then.
    if (not pronouns or len(pronouns) != len(subjects)) and not PRONOUN_BEFORE.search(before):
        return False
    return bool(CHARACTER_NAMED.search(before)) and not WRITERS_PERSON.search(before)


def predicted(span: Span) -> bool:
    """A sign somebody else says the writer will have ("my friend say i will faint"); never the writer's own
    "I think I will faint", which is feeling faint now."""
    verb = governing_verb(span)
    if not any(child.dep_ == "aux" and child.lower_ in ("will", "'ll", "wo", "gonna") for child in verb.children):
        return False
    head = verb.head
    if head.i == verb.i or head.lower_ not in REPORTING_VERBS:
        return False
    speakers = [child for child in head.children if child.dep_ in ("nsubj", "nsubjpass")]
    # The parse may give "say" a second subject from a fragment before ("i so scared of needle, my friend say").
    return any(speaker.lower_ not in FIRST_PERSON for speaker in speakers)


def treated_diagnosis(span: Span) -> bool:
    """TREATED_DIAGNOSES named as what a medicine is taken for, or a long-standing condition said as one:
    "I have asthma, well controlled" (splits 15, 16, 21). "asthma attack" is a sign, and so is asthma beside
    a word of now ("I have asthma now")."""
    words = set(WORD.findall(plain(span.text).lower()))
    before = span.doc.text[max(0, span.start_char - 90): span.start_char]
    if words & TREATED_DIAGNOSES and TREATED_FOR.search(plain(before)):
        return True
    if plain(span.text).lower() == "epileptic" and TRAIT_BEFORE.search(before):
        return True  # "(hes epileptic, never been to ur clinic, hes ok now)" (split 35): who he is, not a fit now
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
    if predicted(span):
        return True
    if general_only(text) and not _told_as_own(span, level):
        return True  # "just a general question, nothing wrong with me", "before I book"
    if PRICE_CAUSE.search(text[span.sent.start_char: span.start_char]):
        return True  # "the price will give me chest pain"
    if _quoted(span):
        return True  # "I wrote 'swelling lips' but I meant ...", "Clause 4 mentions 'seizure' and 'chest pain'"
    if fever and EXAMPLE_BEFORE.search(text[span.sent.start_char: span.start_char]) and any(
            token.lower_ in CONDITIONALS for token in span.sent if token.i < span.start):
        return True  # "If I get fever after the treatment, like 38, I must call you?" (split 32)
    # "I don't want the face get infected and blister" (split 31): "and" right before the sign joins two things kept away.
    kept_away = re.sub(r"\s+(and|or)\s*$", " ", re.split(r"[,.;:!?]", text[span.sent.start_char: span.start_char])[-1])
    if AVOIDED.search(kept_away):
        return True  # "can i go swimming on day 5? dont want to pick up an infection"
    if MINE_NOW.search(text):
        return False  # "would it matter if the skin looks bluish grey? mine does": asked, and happening
    sentence_text = span.sent.text
    clause = clause_words(span)
    ahead = asking_ahead(text)
    # "For my own reference, what does the clinic count as a fever?": the words saying one asks ahead are not
    # the writer speaking of their body.
    said_ahead = [range(m.start(), m.end()) for m in ASKING_AHEAD.finditer(text)] if ahead else []
    about_self = any(token.lower_ in FIRST_PERSON and not any(token.idx in r for r in said_ahead) for token in clause)
    if (fever and THRESHOLD_QUESTION.search(sentence_text) and not OWN_READING.search(sentence_text)
            and ("?" in sentence_text or WORD.findall(sentence_text.lower())[:1] in (["is"], ["what"], ["which"], ["at"]))):
        return True  # "at what temperature must I call you, 38 or 37.5?"
    if (fever and re.fullmatch(r"\W*\d\d(\.\d)?\W*\?\W*", sentence_text) and span.sent.start > 0
            and THRESHOLD_QUESTION.search(span.doc[span.sent.start - 1].sent.text)):
        return True  # "Which temperature I must call you? 38?" (split 34): the number asks too
    before_sign = span.doc.text[span.sent.start_char: span.start_char]
    if SUPPOSED.search(before_sign) and not (MINE_NOW.search(text) or OWN_EXPERIENCE.search(text) or SAID_NOW.search(text)):
        return True  # "Suppose a patient develops wheezing after the numbing cream, what is your protocol?" (split 52)
    if (INVERTED_CONDITION.search(span.doc.text[span.sent.start_char: span.end_char])
            and "," in span.doc.text[span.end_char: span.sent.end_char]
            and not OWN_EXPERIENCE.search(text)):
        return True  # "Should one feel faint during the procedure, what would your staff do?"
    if ahead and not about_self and ("?" in sentence_text or someone_elses(span) and in_past(span)):
        return True  # "is it true that a fever of 38 is normal? I do my session next month"
    if (GENERAL_QUESTION.search(sentence_text) and "?" in sentence_text and not about_self
            and not recent(text) and not OWN_EXPERIENCE.search(text)):
        return True  # "Is vomiting a known side effect of PRP?"
    if _will_it(span) and not recent(text) and not OWN_EXPERIENCE.search(text) and not MINE_NOW.search(text):
        return True  # "If a ball hits him in the face after the microneedling, will it bleed a lot?" (split 31)
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
    heard = HEARD_CAN.search(before_sign)
    if (heard and HEARSAY.search(before_sign[:heard.start()])
            and not (MINE_NOW.search(text) or OWN_EXPERIENCE.search(text) or SAID_NOW.search(text))):
        return True  # "I read it can be infection, pus, fever after. how often this happen?" (split 29)
    # Asking ahead lifts "an emergency sign about oneself is one's own" only for a sign not told as happening:
    # "I'm booked for next week. What if my lips are swelling?" stays a report.
    # Nor when all the message says of the writer is long over and never since: "can it make u faint?? cuz i faint
    # at blood stuff, well i did wen i was like 12, not since" (split 33).
    if level == "emergency" and self_report and not (ahead and not happening(span)) and not over_long_ago(text):
        return False
    cause = next(reversed(list(CAUSE_QUESTION.finditer(before_sign))), None)  # the last one before the sign
    lead = before_sign[:cause.start()] if cause is not None else ""
    # "like could it make ...", "I've read it can cause ringing ears": a cause said as hearsay opens the sentence
    opens = cause is not None and (len(WORD.findall(lead.lower())) <= 1 or bool(HEARSAY.search(lead)))
    if cause is not None and ("?" in sentence_text or opens) and not BECAUSE.search(before_sign[cause.end():]):
        return True
    # "my sister got hives after a facial, could that happen?"; a carer's report is a report, and so is one of
    # now in the sign's sentence: "now he does not know where he is ... Is this normal?" (split 28), and one of
    # this treatment: "my wife fainted after the blood draw here, is this normal?" (found writing split 30's cases)
    if (about_someone_else(span) and POSSIBILITY.search(text) and not SAID_NOW.search(span.sent.text)
            and not (THIS_TREATMENT.search(text) and not long_ago(text))):
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
    if level != "emergency" and (HISTORY.search(own_clause) or habitual(span)):
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
    if words[:1] in (["question"], ["q"], ["query"]) and form_field:  # "QUESTION: DOES PRP HURT MORE ...?" (split 34)
        words, form_field = words[1:], False
    return bool(words) and words[0] in QUESTION_OPENERS and asks and not about_self and not form_field


def general_only(text: str) -> bool:
    """GENERAL_ONLY said, and no word of now beside it: "I haven't had it done yet, my lips started swelling
    an hour ago" is a report whatever the words before it say. "Otherwise I feel fine" (split 32) is fine
    apart from the sign, not nothing wrong."""
    text = OTHERWISE_FINE.sub(" ", text)
    if not GENERAL_ONLY.search(text) or NOT_GENERAL.search(text):
        return False
    rest = WORRIED_NOW.sub(" ", GENERAL_ONLY.sub(" ", text))
    return not (MINE_NOW.search(rest) or OWN_EXPERIENCE.search(rest) or SAID_NOW.search(rest))


def _told_as_own(span: Span, level: str) -> bool:
    """An emergency or urgent sign the writer states of their own body in the present, outside a question or
    a condition: "I haven't had the treatment yet but my lips are swelling fast", "before I book: I have hives
    all over". Not having been treated does not make it a question; such a sign goes to a person."""
    if level not in ("emergency", "urgent") or someone_elses(span):
        return False
    sentence = span.sent
    # The sign's own part of the sentence: "I've got a fever of 39, can I still come?" states it.
    stop = re.search(r"[,;.!?]", span.doc.text[span.end_char: sentence.end_char])
    asked = stop is not None and stop.group() == "?"
    if asked or any(token.lower_ in CONDITIONALS and _within_condition(token, span) for token in sentence
                    if token.i < span.start):
        return happening(span) and level == "emergency"  # "before I book, what if my throat is closing?"
    verb = governing_verb(span)
    own = any(token.lower_ in FIRST_PERSON for token in clause_words(span))
    # "I have hives", "my throat feels tight", "my lips are swollen", "I can't breathe"; not a habit ("I get hives
    # with shrimp", "I go woozy at blood tests") nor what the writer did ("I read about lidocaine toxicity").
    can_now = any(child.dep_ == "aux" and child.lower_ in ("can", "ca", "cannot", "cant") for child in verb.children)
    state_now = verb.lower_ in STATE_VERBS and (verb.tag_ in ("VBP", "VBZ") or any(
        child.dep_ == "aux" and child.tag_ in ("VBP", "VBZ") for child in verb.children))  # "I've got a fever"
    return own and (happening(span) or can_now or state_now or verb.pos_ not in ("VERB", "AUX"))


def _heard_about(span: Span) -> bool:
    """The sign is what the writer read or heard about ("I read about swelling of the throat"), not what they
    feel (split 26). Only as the object of "about" or "of" after such a verb; only_asked also wants no word of
    now in the message ("I read about throat swelling and now my throat feels tight" is a report)."""
    token = span.root
    while token.dep_ == "conj" and token.head.i != token.i:  # "about allergic reaction and swelling of the throat"
        token = token.head
    return (token.dep_ == "pobj" and token.head.lower_ in ("about", "of")
            and token.head.head.lower_ in HEARD_VERBS)


def _quoted(span: Span) -> bool:
    """The sign in quotation marks, in a sentence that cites words ("I wrote 'swelling lips'", "the form mentions
    'chest pain'", split 32): words quoted, not a report."""
    text = span.doc.text
    before = text[span.sent.start_char: span.start_char]
    opened = list(OPENING_QUOTE.finditer(before))
    if not opened or CLOSING_QUOTE.search(before[opened[-1].end():]):
        return False
    return bool(CLOSING_QUOTE.search(text[span.end_char: span.sent.end_char])) and bool(CITING.search(before))


def _will_it(span: Span) -> bool:
    """"will it bleed a lot?": the sign asked as what "it" will or might do, in a sentence ending in a question mark;
    "will I bleed a lot?" (split 57): what the writer will have, asked ahead ("can I" may ask leave, not the future)."""
    verb = governing_verb(span)
    modals = {child.lower_ for child in verb.children if child.dep_ == "aux"}
    subject = [child.lower_ for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")]
    ahead = (subject in (["it"], ["that"], ["this"]) and bool(modals & {"will", "would", "could", "might", "can", "may"})
             or subject == ["i"] and bool(modals & {"will", "would", "might"}))
    return ahead and span.sent.text.rstrip().endswith("?")


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
