"""Whether a sign found in a message is history rather than the writer's now: long past, over and never
back, another person's story from another clinic, a habit said when asking whether one can be treated.

In doubt the sign stays: a word of now or of the last days beside a past sign keeps it a report
(`recent`), and a sign compared with one long ago ("same as in 2019") is read as now.
"""
from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span

from bot.care.sign_clause import clause_words, done_emphatic, governing_verb, in_past, someone_elses, used_to

FREQUENCY = re.compile(r"\b(a lot|alot|every other (week|month|year)|all the time|often|sometimes|usually|always|"
                       r"every (few |couple (of )?)?(winter|summer|year|time|"
                       r"months?|weeks?)s?|(once|twice|(\d+|a few|a couple of|several) times?) a (year|month)|sometime|"
                       r"from time to time|now and then|the odd|in (the )?(winter|summer))\b", re.I)
# A place or cause other than this treatment, and a past or a habit: "I fainted at the dentist once".
# Not needles, injections or the blood draw: those are this treatment ("I went faint after the needles").
ELSEWHERE = re.compile(r"\b(blood tests?|bloods|dentists?|doctors?|gp|surgery|jabs?|vaccines?|blood donations?|tattoos?|"
                       r"piercings?|"
                       r"(give|giving|gave|donate|donating|donated) blood|"
                       r"vaccinations?|sight of blood|ear piercing|(see|seeing|sees) blood|(afraid|scared|terrified|fear|phobia) of "
                       r"(blood|needles)|(around|with|near|at) (needles|blood)|when (blood is|blood was|they) (taken|take blood))\b"
                       # "when they took blood for the PRP I fainted", "at the blood bank when they take my blood" (split 38)
                       r"|\bwhen (they|the nurse|someone) (took|take|takes|draws?|drew) (my |some |the )?blood\b|\bblood bank\b", re.I)
# "In 2019 I faint when they take blood", "Last time at the dentist my lip was numb" (split 30).
PAST_OR_HABIT = re.compile(r"\b(before|once|years? ago|ever since|always|when i was|in the past|as a (kid|child)|"
                           r"in (19[5-9]\d|20[0-2]\d)|last (time|year)|"
                           r"(i|she|he) (kind of |kinda |usually |always |often |tend to |sometimes |almost |nearly )?"
                           r"(faints?|go|goes|gets?)|"
                           r"makes? me|made me|every time|history"
                           r"|(passed|blacked) out|fainted)\b", re.I)  # "MY BROTHER PASSED OUT AT HIS TATTOO" (split 34)
NOW = re.compile(r"\b(now|right now|today|tonight|this (morning|afternoon|evening)|just|an? hour|minutes? ago|"
                 r"since (the|my) (treatment|session|appointment|procedure)|after (the|my|your) (treatment|session|procedure))\b", re.I)
# "she is fine now", "now nothing", "nothing since": a word of now that says the sign is over.
RESOLVED_NOW = re.compile(
    r"\b(fine|ok|okay|good|well|better|gone|recovered|healed|clear|finished|over) now\b"
    r"|\bnow (nothing|none|no have|i have nothing|all (good|fine|gone))\b"
    r"|\b(nothing|none) (now|since)\b|\bno (issues|problems|symptoms|attacks)( at all)? (right )?now\b"
    r"|\bnow no (medicine|medicines|meds|medication|attacks|seizures|fits|problem|problems|issues|symptoms|reactions"
    r"|sore|sores|pain|rash|swelling|fever|blisters?|spots|marks|more)\b"  # "now no sore" (split 31)
    r"|\bnow (\d+ )?(years? )?no (problem|problems|issues)\b"  # "Now no problem", "now 15 years no problem"
    # "nothing there now", "now e don heal finish, no problem again" (Nigerian Pidgin, split 38)
    r"|\bnothing (there|here|left) now\b|\bnow (e|it) (don )?(heal|healed|fine|ok|better)\b"
    r"|\bno (problem|problems|issue|issues|wahala) again\b"
    # "Now I am fine with blood" (split 30), "now she is all fine" (split 32), "now she is totally fine" (split 35)
    r"|\bnow ((she|he|they|i|it|everything)('s|s|'re|'m|m| is| are| am)?|is|are|am) (totally |completely |all |perfectly "
    r"|absolutely |fully )?(fine|ok|okay|good|well|better|healed|recovered|clear)\b"
    r"|\bnow (totally|completely|fully|perfectly) (fine|ok|okay|good|well|better|healed|recovered|clear)\b"  # split 45
    r"|\b(totally|completely|fully|all) over it( now)?\b"  # "Had a fever last month with flu, totally over it now" (48)
    # "Long time ago in Vietnam, 1985, I have very bad face infection ... Now I am old lady but healthy" (split 51)
    r"|\bnow (i|she|he)('m| am| is|'s) [^.?!,]{0,15}\bbut (healthy|fine|ok|okay|well)\b|\b(healthy|in good health) now\b",
    re.I)  # "now is fine long long time" (split 37)
# "it was just the fear", "just nervous" (split 30): "just" as "only", not as "a moment ago".
JUST_ONLY = re.compile(r"\bjust (the|a|an|my|because|nerves|nervous|fear|scared|afraid|asking|curious|wondering)\b"
                       r"|\bturned out (to be )?just\b", re.I)  # "turned out just reflux all fine since" (split 36)
# "im booked for next fri and now im scared lol" (split 31): a feeling now, not a sign now.
WORRIED_NOW = re.compile(r"\bnow (i'?m|i am) (so |really |very )?(scared|worried|nervous|afraid|anxious|terrified|paranoid)\b",
                         re.I)
# "That was 2019." (split 31): the sentence after a story that dates it.
THAT_WAS = re.compile(r"^\W*(that|this|it|which) (was|happened)\b", re.I)
# "Now I want session 2" (split 30): a plan said with now, not a sign going on.
NOW_PLANNING = re.compile(r"\bnow (i|we|she|he)('d| would)? (want|wanna|would like|plan|am planning|am ready|am thinking)\b", re.I)
# "can I still have it?", "I fit still do the PRP?": asking whether one may be treated, not a sign going on.
STILL_TREATED = re.compile(r"\b(can|could|may|should|would|will) (i|ah|she|he|we|they|you) still\b"  # Scots "ah" (split 40)
                           r"|\b(i|she|he|we|they|you) (can|could|fit|may) still\b"
                           r"|\bstill (be )?(able|allowed|ok|okay|a candidate|eligible|suitable)\b"
                           r"|\bstill (can|could) (i )?(do|come|have|get|go ahead)\b", re.I)  # "still can do?" (split 45)
# Another clinic or salon: "my cousin got blisters from microneedling at some salon" is a story, not a sign now.
ELSEWHERE_TREATMENT = re.compile(
    r"\b(at|in|from) (some|another|other|a different|a other) (salon|clinic|place|spa|country|city)\b|\bsomewhere else\b"
    r"|\belsewhere\b|\b(at|in|from) (a|some|another) (different )?(beauty |nail |hair )?(salon|spa|med ?spa|parlou?r)\b"
    r"|\b(at|in|from) (a|some|one) (mall|cheap|dodgy|local|different|other) (clinic|place|salon|spa)\b"  # split 30
    # "at some random salon in tel aviv", "went to some cheap place upstairs ... not a proper clinic" (split 36)
    r"|\b(at|in|from|to) (a|some|one) (random|cheap|dodgy|sketchy|shady) (\w+ )?(clinic|place|salon|spa|parlou?r)\b"
    r"|\bnot a (proper|real|licensed|medical) clinic\b"
    # "my buddy's eyes went blurry for a week after his lasik" (split 57): another procedure altogether
    r"|\bafter (his|her|their) (lasik|laser eye surgery|eye surgery|cataract surgery|surgery|operation|op|tattoo|botox"
    r"|fillers?|dental work|root canal)\b", re.I)
# "she ain't had any treatment", "he is not treated, he just sick from the work" (split 42); not "she never had a
# treatment before today's" nor "he never had treatment like this".
NO_TREATMENT = re.compile(
    # "My son have fever 39 from the flu at school, he not have any treatment" (split 57)
    r"\b(she|he|they|him|her) (ain'?t|hasn'?t|has not|haven'?t|have not|never|didn'?t|did not|not|no) (had|have|got|get"
    r"|done|did) (any |a |the |no )?(treatment|procedure|prp|microneedling|needling)s?\b"
    r"(?![^.?!]{0,20}\b(before|until|till|b4|prior|like|except|but|apart|other than|yet)\b)"
    r"|\b(she|he|they) (is|are|was|were|'s|'re) not (treated|being treated)\b"
    # "She's not had any treatment, it's me that's booked" (split 52), "She's never had any treatment with yous" (53)
    r"|\b(she|he|they)('s|s|'ve| has| have) (not|never) (had|got|done) (any |a |the |no )?(treatment|procedure|prp"
    r"|microneedling|needling)s?\b(?![^.?!]{0,20}\b(before|until|till|b4|prior|like|except|but|apart|other than|yet)\b)",
    re.I)
NEVER_HERE = re.compile(r"\b(never|not) (been|gone|come) (to|in|here)( ur| your| this| the)?( clinic| place)?"
                        r"|\bnever (been )?(a |your |ur )?(patient|client) (of yours|here|at (ur|your) clinic)"
                        # "he is fine now and he is not your patient" (split 41)
                        r"|\b(is|was|are|were|'s|'re) not (a |your |ur )(patient|client)s?( of yours| here| there)?\b"
                        r"|" + NO_TREATMENT.pattern, re.I)
# The writer cancels or moves an appointment, or asks whether one may still come, because of someone else's illness:
# "My son have fever 38.5 since yesterday so my wife must cancel her appointment", "my chess partner Gela fainted at
# the club yesterday ... I need move my session to Friday", "my grandson Emre has chickenpox with blisters and fever
# ... is it ok she come for her 2nd session" (split 37). Never when that person is said to have been treated.
APPOINTMENT_CHANGE = re.compile(
    r"\b(cancel|cancelling|canceling|move|moving|change|changing|reschedule|rescheduling|postpone|postponing|push back"
    r"|push|pushing|shift)\b[^.?!]{0,25}\b(appointments?|appts?|sessions?|bookings?|consultations?|consults?|date|slot"
    r"|visit)\b"
    # "My appointment is tomorrow, I can bring him with me or I change the day?" (split 58)
    r"|\b(change|move|changing|moving) the day\b"
    r"|\b(must|have to|has to|need to|needs to|gotta|will have to|had to) cancel\b"
    # "I can still come for my second session Friday?", "Can I still do PRP treatment if I work night shift?" (split 42)
    r"|\b(is it ok|is it okay|is it alright|can|could|may) (i|she|he|we|they) (still )?(come|attend|keep)\b"
    r"|\b(can|could|may) (i|she|he|we|they) still (do|have|get)\b|\b(i|she|he|we|they) (can|could) still (come|attend)\b"
    # "I want to know if I should still come Thursday for mine" (split 45)
    r"|\b(should|shall) (i|she|he|we|they) still (come|attend|keep|do|have|get)\b"
    # "so I cannot come to appointment Thursday" (split 50), "I cannot come tomorrow for my appointment" (split 58)
    r"|\b(can'?t|cannot|can not|won'?t be able to|unable to) (come|make it|attend)( today| tomorrow| on \w+day| \w+day)?"
    r"( to| for)?( my| the| our)? (appointment"
    r"|appt|session|booking|consult|consultation)\b"
    # "so I cannot come on Sunday. Can change to next Sunday?" (split 61)
    r"|\b(can'?t|cannot|can not) come on (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\W+can (i |we |you )?change\b"
    # "Can I bring her with me to my appointment tomorrow or is better I reschedule?", "I may need to reschedule
    # Thursday to look after her" (split 47): to reschedule is to move an appointment.
    r"|\b(reschedule|rescheduling|postpone|postponing)\b"
    # "is microneedling ok to do if i work outdoors" (split 47): whether the writer may be treated.
    # "is it ok to do the PRP if I stand all day in a hot place?" (split 51)
    r"|\b(is|would|will) (microneedling|prp|it|this|the treatment|the procedure) (be )?(ok|okay|safe|fine|alright)"
    r"( to (do|have|get)( the| a| my)?( prp| treatment| microneedling| procedure| needling)?)? (for me|if i)\b"
    # "anyway can i book microneedling for my acne scars for the 14th?" (split 51): the writer books their own.
    r"|\b(can|could|may|should) i (still )?(book|get booked|schedule)( in)? (for |a |an |my |microneedling|prp"
    r"|the treatment|myself)"
    # "we fit move am to tomorrow?", "I no go make the 4pm" (Ghanaian Pidgin, split 51): move it, not make it.
    r"|\b(move|shift|push|change) (it|am|this|that|mine) (to|till|until) (tomorrow|next|another|a later|later)\b"
    r"|\b(won'?t|wont|no go|not|can'?t|cannot|couldn'?t) (be able to )?make (it )?(to |for )?(the|my|our) "
    r"(\d\d?([:.]\d\d)? ?(am|pm)|appointment|appt|session|booking|slot)\b",
    re.I)
OTHER_TREATED = re.compile(
    # Not "he did not have any treatment" (split 46).
    r"\b(she|he|they|my \w+) (had|did|got|has had|have had)\b(?! (not|never|no)\b)[^.?!]{0,20}\b(treatment|procedure|session|prp"
    r"|microneedling|needling|it done)\b|\b(was|were|got|been) treated\b"
    r"|\b(had|did|got) (her|his|their) (\w+ )?(treatment|procedure|session|prp|microneedling|needling)\b"
    # "she fainted at the salon about 30 minutes after today's session" (split 57)
    r"|\b(after|since|from) (her|his|their|the|this|today'?s|yesterday'?s|this morning'?s) (\w+ )?(treatment|procedure"
    r"|session|prp|microneedling|needling|appointment|appt)\b"
    # "my nan had her face done" is treated; "my nan had her hip done last week" (split 51) is another operation.
    r"|\b(had|did|got|has had|have had) (her|his|their) (\w+ )??(?!(hips?|knees?|teeth|tooth|nails|hair|gallbladder"
    r"|tonsils|appendix|bunions?|shoulders?|back|ankles?|wrists?)\b)\w+ done\b"
    # "can we reschedule my sister's follow-up? she's been throwing up" (split 14): a follow-up is after a treatment.
    r"|\b\w+'s (follow[- ]?ups?|check[- ]?ups?)\b", re.I)
HISTORY = re.compile(r"\b(in the past|history of|as a (kid|child|teenager)|years ago|prone to|used to (get|have))\b", re.I)
# "last year", "10 years ago", "in the summer of 1987", "as a kid": long enough ago that a sign then is history
# (a pre-screen answer), not a sign now (split 21). A year counts when it is before this one (LongAgo).
LONG_AGO = re.compile(
    r"\b(last (year|yr|month|summer|winter|spring|fall|autumn|christmas|term|semester)|(years|decades) (ago|back)|back in|decades? ago"
    r"|long time (before|ago)|(?<!not )(?<!not so )\blong ago"  # "healed long ago" (split 37)
    r"|(spring|summer|winter|autumn|fall|year|christmas) before last"  # split 36
    # "Before 10 years I have herpes on lip" (split 29): "ago" said the way several languages say it.
    r"|before (\d+|a few|a couple of|couple|two|three|four|five|six|several|many|ten|twenty) (years?|yrs?)"
    r"|in (my |her |his )?(childhood|youth|teens|twenties)"
    r"|(\d+|a|one|a few|a couple of|couple|two|three|four|five|six|several|many|ten|twenty) (years?|yrs?|months?) ago"
    r"|as (a )?(small |little |young )?(kid|child|teen|teenager|baby|girl|boy|nipper|youngster|toddler)"
    r"|(when|wen|wn) (i|she|he|they) (was|were) (like |about |around |only |just )?(a )?(kid|child|young|little|teen|teenager"
    r"|nipper|youngster|toddler|lad|lass|\d\d?( years old)?)"
    # "in 8th grade", "in high school", "in year 9" (split 26)
    r"|in (\d\d?(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) grade"
    r"|in (primary|grade|elementary|middle|junior high|high|secondary) school|in year \d\d?"
    r"|(\d+|a few|a couple of|couple|two|three|four|five|several|many) (winters|summers|springs|autumns|years|yrs|months) back)\b",
    re.I)
# "Funny story from 1998: I fainted", "in like 2021" (split 30)
YEAR = re.compile(r"\b(?:in|of|from|was|were) (?:in )?(?:like |about |around |maybe |circa |approx\.? )?(19[5-9]\d|20\d\d)\b",
                  re.I)
HISTORY_LABEL = re.compile(r"\b(history|hx|pmh|medical history|allergies|allergy)\s*:|\b(hx|h/o|pmhx)\b", re.I)
NEVER_SINCE = re.compile(r"\b(since then nothing|noth?in'?g? (like (that|this|it) )?since|none since"  # "Nothing like that since" (41)
                         r"|never (again|since)( since)?|not (once )?since|(totally |completely |all )?gone (ever )?since"
                         r"|(all )?(fine|ok|okay|good|well) (ever )?since"  # "all fine since" (split 36)
                         r"|(no|nae|nay) (bother|problems?|trouble|issues?|more) since"  # "Nae bother since" (split 40)
                         r"|no (attacks?|episodes?|fits?|seizures?) since"  # "had asthma when small boy, no attack since" (44)
                         # "none for like 10 yrs now" (split 39)
                         r"|(none|nothing|no more|not one) (for|in) (like |about |around |over |almost )?(\d+|a few|many|"
                         r"two|three|four|five|ten|twenty) (years?|yrs?)( now)?)\b", re.I)
# "my lips swelled up, same as years ago": a sign now compared with one long ago.
COMPARISON = re.compile(r"\b(like (it|they|i|she|he|we) (did|had|was|were)|(the )?same as|similar to|just as|just like|again"
                        r"|like (before|last time|the last time|that time|back)|than)\b", re.I)
STILL = re.compile(r"\bstill\b", re.I)
LAST_ONE = re.compile(r"\b(my |the |her |his |their )?last( one| time)?\W*(\w+ )?$", re.I)  # "last (cold) sore"
# A past sign the rest of its sentence says cleared: "a blister which cleared within a few days".
# "The swelling and the fever is gone" (split 32): the sign as the subject of "gone" or "over", in any tense.
GONE_AFTER = re.compile(r"^(\s+(and|&)\s+(the\s+)?\w+)?\s+(is|are|was|were|has|have|'s)\s+(been\s+)?(all\s+|completely\s+)?"
                        r"(gone|over|finished|cleared( up)?)\b(?!\s+down)", re.I)
FOR_YEARS = re.compile(r"\bfor (years|ages|decades|many years|a long time|\d+ years)\b", re.I)
BARE_CLEARED = re.compile(r"[^.;!?]{0,40}?,\s*(cleared( up)?|healed( up)?|went away|resolved|got better)\b", re.I)
# Not when it came back: "my lips swelled and it went away, then came back worse" is a report.
CLEARED_AFTER = re.compile(r"[^.;!?]{0,80}?\b(which|that|but it|and it|but they|and they|it|they|everything|all|both)"
                           r" (quickly |soon |completely |fully )?(cleared|healed|went away|resolved|disappeared|faded"
                           r"|(is|was) (all |completely )?(finished|over|gone(?! down)))\b"
                           # "a blister on my hand last harvest, healed long ago" (split 37): the participle alone, dated
                           r"|[^.;!?]{0,80}?, (healed|cleared|gone|went away|resolved) (long ago|years ago|ages ago|long time ago)\b"
                           # "had a cold sore in january, totally healed now" (split 38)
                           r"|[^.;!?]{0,80}?, (totally |completely |fully |all )(healed|cleared( up)?|gone)\b",
                           re.I)
CAME_BACK = re.compile(r"\b(came|come|comes|coming) back|\b(returned|returning|again|worse|spreading|then)\b", re.I)
BARE_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
AGE_NOW = re.compile(r"\b(i'?m|i am|she'?s|she is|he'?s|he is|they'?re|they are) \d\d? (now|today)\b", re.I)
# "that was before any treatment and it's completely gone now" (split 44): a sign before this treatment, over.
BEFORE_TREATMENT = re.compile(r"\bbefore (any|the|my|the first|my first|a) (treatment|session|procedure|prp|needling"
                              r"|microneedling|appointment)s?\b", re.I)
# "not me, im fine" (split 44), "Not about me" (split 57), "Nowt to do with you lot" (split 61): the writer says the
# sign told is not theirs.
# "he is ok now, nothing about treatment" (split 54), "nothing to do with you guys" (split 55): not this treatment's.
WRITER_FINE = re.compile(r"\bnot me\b|\bnot about me\b|\b(nothing|nowt) (to do )?(with|about) (me|you|you guys|you lot|y'?all"
                         r"|yous|the treatment|my treatment|treatment|the prp|prp|microneedling|your clinic)\b"
                         # "My boss at massage shop has flu, high fever. I am not sick ka." (split 56)
                         r"|\b(i'?m|im|i am|me i'?m|me i am) ((totally |perfectly |completely |all )?(fine|ok|okay"
                         r"|good|alright|all right|grand)|not (sick|ill|unwell))\b"
                         r"(?!\W*(but|apart|except|although|though|other than|besides|only|just|mostly|sort of|kind of))",
                         re.I)  # not "I'm fine apart from my heart racing since the cream"
PRESENT_AUX = frozenset({"am", "'m", "m", "is", "'s", "are", "'re"})
AFTER_IT = re.compile(r"\bafter (it|that)\b", re.I)
# Words of now or of the last days: beside them a past sign may be this treatment's.
RECENT = re.compile(NOW.pattern + r"|\b(yesterday|last night|days? ago|this week|still|again|after (it|that)"
                    r"|this time|this session|after this one)\b", re.I)


def story_elsewhere(span: Span) -> bool:
    """Another person's sign, in the past, after a treatment at another clinic or salon, with no word of now
    or of recent days: a story told when asking, not a carer's report (splits 15, 20, 21). Or of a person the
    writer says was never this clinic's patient, whenever it was ("my mate had a seizure on the platform
    yesterday (hes epileptic, never been to ur clinic, hes ok now)", split 35)."""
    text = span.doc.text
    if never_here(text) and someone_elses(span) and in_past(span):
        return True
    # "my colleague in the galley burned his hand on the fryer, big blister and pus now ... not me, im fine" (split
    # 44): another person's sign, the writer saying it is not theirs, and nobody said to have been treated.
    if someone_elses(span) and writer_not_the_one(text):
        return True
    # "Grandma has had chest pains from her heart condition for years, she's stable" (split 58): another person's
    # lasting condition, with no word of recent days and nobody said to have been treated.
    lasting = FOR_YEARS.search(span.sent.text)
    if lasting is not None and someone_elses(span) and not OTHER_TREATED.search(text):
        told = text[span.sent.start_char: max(span.end_char, span.sent.start_char + lasting.end())]
        if not recent(told):
            return True
    # "My son is having fever and vomiting since yesterday, he did not have any treatment, only I am booked" (split
    # 46): another person's sign now, that person said to have had no treatment at all.
    if someone_elses(span) and NO_TREATMENT.search(text) and not OTHER_TREATED.search(NO_TREATMENT.sub(" ", text)):
        return True
    return (bool(ELSEWHERE_TREATMENT.search(text)) and someone_elses(span) and in_past(span)
            and not recent(text) and not re.search(r"\blast week\b", text, re.I))


def for_another(span: Span) -> bool:
    """Another person's sign, told to cancel or move an appointment or to ask whether one may still come, with
    nothing saying that person had a treatment: not a report of anyone treated (APPOINTMENT_CHANGE)."""
    return someone_elses(span) and appointment_for_another(span.doc.text)


def appointment_for_another(text: str) -> bool:
    return bool(APPOINTMENT_CHANGE.search(text)) and not OTHER_TREATED.search(text)


def writer_not_the_one(text: str) -> bool:
    """"not me, im fine": the writer says the signs told are not theirs, and nobody is said to have been treated."""
    return bool(WRITER_FINE.search(text)) and not OTHER_TREATED.search(text)


def never_here(text: str) -> bool:
    """"never been to ur clinic": the person whose signs the message tells was never this clinic's patient."""
    return bool(NEVER_HERE.search(text))


def history_elsewhere(span: Span) -> bool:
    """"I fainted at the dentist years ago", "I go faint at blood tests": history asked about before a blood
    draw, not a faint now. Only with both a past or habit and a place or cause other than this treatment,
    and never when the message speaks of now ("I fainted at the blood draw an hour ago"), other than to say
    it is over ("Now I am fine with blood", split 30)."""
    sentence = span.sent.text
    text = span.doc.text
    for said in (RESOLVED_NOW, JUST_ONLY, AGE_NOW):  # "i am 34 now" (split 38) is an age, not a faint now
        text = said.sub(" ", text)
    return bool(ELSEWHERE.search(sentence)) and bool(PAST_OR_HABIT.search(sentence)) and not NOW.search(text)


def habitual(span: Span) -> bool:
    """"I get cold sores a lot": a present-tense habit, said when asking whether one can be treated."""
    # The parse does not always make the sign the verb's object ("I get cold sore very often"): any
    # present-tense "get" or "have" above it will do.
    if not any(token.lower_ in ("get", "gets", "have", "has") and (token.tag_ in ("VBP", "VBZ") or done_emphatic(token))
               for token in span.root.ancestors):
        return False
    return bool(FREQUENCY.search(span.sent.text))


def recent(text: str) -> bool:
    """A word of now or of the last days, other than one saying the sign is over ("fine now"), asking
    whether one can still be treated ("can I still do microneedling?", split 24), giving an age ("She's 16
    now", split 28), a plan ("Now I want session 2", split 30) or a worry ("now im scared", split 31), nor
    "just" as "only" ("turned out just reflux", split 36)."""
    for said in (RESOLVED_NOW, STILL_TREATED, AGE_NOW, NOW_PLANNING, WORRIED_NOW, JUST_ONLY, NEVER_SINCE):
        text = said.sub(" ", text)  # "never again since" (split 39) is no "again"
    if ELSEWHERE.search(text):  # "I make tattoo on the arm, after it have pus" (split 37): after that, not this treatment
        text = AFTER_IT.sub(" ", text)
    return bool(RECENT.search(text))


def long_ago(text: str) -> bool:
    return bool(LONG_AGO.search(text)) or any(int(year) < date.today().year for year in YEAR.findall(text))


def over_long_ago(text: str) -> bool:
    """"an outbreak at university, more than twenty years ago, and none since": something long ago that never
    came back, and no word of now or of recent days (split 27)."""
    return long_ago(text) and bool(NEVER_SINCE.search(text)) and not recent(text)


def long_past(span: Span) -> bool:
    """"I fainted once, in the summer of 1987", "my husband had chest pain last month from his heart, now he
    is fine": a sign in the past tense, long ago, is history at any level (split 21).

    Only when the sign's own clause says when, or when the sign is another person's and its sentence
    does ("my sister fainted when she had PRP last yr"); never beside a word of now or of recent days,
    and never in the present tense ("I had it last year and now I can't breathe" is a report).
    """
    if _answers_field_long_ago(span):
        return True
    gone = GONE_AFTER.match(span.doc.text[span.end_char:])
    if gone and not CAME_BACK.search(span.doc.text[span.end_char + gone.end():]) and not STILL.search(span.sent.text):
        return True
    # "anaphylaxis in 2009": the sign dated by the words right after it.
    dated = YEAR.match(span.doc.text[span.end_char: span.end_char + 12].lstrip())
    if dated and int(dated.group(1)) < date.today().year and not recent(span.sent.text):
        return True
    # "Last cold sore approx. 6 years ago." (split 29): the last one, dated long ago right after it (the
    # parser ends a sentence at "approx.").
    after = span.doc.text[span.end_char: span.end_char + 40]
    if (LAST_ONE.search(span.doc.text[span.sent.start_char: span.start_char]) and long_ago(after)
            and not recent(span.doc.text[span.sent.start_char: span.end_char] + after)):
        return True
    # "years back I had a nasty infection after a cod hook went in me hand, fever an all, cleared up grand with pills"
    # (split 58): a sentence that opens long ago, the sign in it told as cleared right after.
    if (long_ago(span.doc.text[span.sent.start_char: span.start_char])
            and BARE_CLEARED.match(span.doc.text[span.end_char: span.sent.end_char]) and not recent(span.doc.text)
            and not CAME_BACK.search(span.doc.text[span.end_char:])):
        return True
    # "a blister on my hand last harvest, healed long ago" (split 37): told as over long ago, in whatever tense.
    cleared = CLEARED_AFTER.match(span.doc.text[span.end_char: span.sent.end_char])
    if (cleared and long_ago(cleared.group()) and not recent(span.doc.text)
            and not CAME_BACK.search(span.doc.text[span.end_char + cleared.end():])):
        return True
    verb = governing_verb(span)
    # "I used to get fainting", and a note without a verb: "History: anaphylaxis to penicillin in 1988".
    # Only under a history label: a bare "throat closing, same as in 2019" compares, and is read as now.
    # "Two years ago I get cold sore for lip, since then nothing": a writer whose tenses are not English's says
    # it is over another way (split 25).
    # "Long time before, 10 year, I have big allergy with shrimp, my throat close. Now no problem." (split 28): over.
    # "my face was blistering and peeling for two weeks" (split 40): the past progressive is past too.
    progressive_past = verb.tag_ == "VBG" and any(child.dep_ == "aux" and child.lower_ in ("was", "were")
                                                  for child in verb.children)
    # "had asthma as a kid, no attack since, but since the numbing cream I'm wheezing and can't get a breath": a
    # sign in the present progressive or after "can" is now, whatever else the message says is over.
    present = ((verb.tag_ == "VBG" and any(child.dep_ == "aux" and child.lower_ in PRESENT_AUX for child in verb.children))
               or (verb.tag_ == "VB" and any(child.dep_ == "aux" and child.lower_ in ("ca", "can", "cannot")
                                             for child in verb.children)))
    told_over = not present and bool(NEVER_SINCE.search(span.doc.text) or RESOLVED_NOW.search(span.doc.text))
    past = (verb.tag_ in ("VBD", "VBN") or progressive_past or used_to(verb) or told_over
            or (verb.pos_ not in ("VERB", "AUX") and bool(HISTORY_LABEL.search(span.sent.text))))
    if not past:
        return False
    # "Mi faint one time inna 2015 when dem draw blood, no problem since" (split 44): dated in an earlier year and
    # never back, whatever the verb's tense reads as.
    if (NEVER_SINCE.search(span.doc.text) and any(int(year) < date.today().year for year in BARE_YEAR.findall(span.sent.text))
            and not recent(span.doc.text)):
        return True
    # "the cabin pressure made my ears pop and ring a bit, that was before any treatment and it's completely gone
    # now" (split 44): before this treatment and over, with no other word of now.
    if BEFORE_TREATMENT.search(span.doc.text) and RESOLVED_NOW.search(span.doc.text) and not recent(
            RESOLVED_NOW.sub(" ", span.doc.text)):
        return True
    # "I had chills one evening, but it was the flu ... everything is fine since two months" (split 39): a past sign
    # the message says never came back, and no word of now or of recent days. "after that" is no word of now in a
    # story dated long ago ("with you last spring, after that I had small fever ... fine since then", split 49).
    told = AFTER_IT.sub(" ", span.doc.text) if long_ago(span.doc.text) else span.doc.text
    if verb.tag_ in ("VBD", "VBN") and NEVER_SINCE.search(span.doc.text) and not recent(told):
        return True
    # "I had a small blister near the lip which cleared within a few days" (split 29): told as over.
    over = CLEARED_AFTER.match(span.doc.text[span.end_char: span.sent.end_char])
    if (over and verb.tag_ in ("VBD", "VBN") and not recent(span.doc.text)
            and not CAME_BACK.search(span.doc.text[span.end_char + over.end():])):
        return True
    clause = " ".join(token.text for token in sorted(clause_words(span), key=lambda token: token.i))
    noted = HISTORY_LABEL.search(span.sent.text) and any(int(year) < date.today().year for year in BARE_YEAR.findall(clause))
    if (long_ago(clause) and not COMPARISON.search(clause)) or noted:  # "Hx anaphylaxis to penicillin 2015"
        # "had hives in 2021 and now again all over my neck": back now, in the same sentence.
        sentence = NEVER_SINCE.sub(" ", span.sent.text)  # "gone in a day, never again" is no "again"
        return not recent(clause) and not (recent(sentence) and COMPARISON.search(sentence))
    # The sentence and the one before: the parser splits phone typing where it has no full stop ("mate had it
    # done last yr n said his face swelled up").
    start = span.doc[span.sent.start - 1].sent.start_char if span.sent.start > 0 else span.sent.start_char
    end = span.sent.end_char
    if span.sent.end < len(span.doc) and THAT_WAS.match(span.doc[span.sent.end].sent.text):
        end = span.doc[span.sent.end].sent.end_char  # "... had to go to the emergency. That was 2019."
    sentences = span.doc.text[start: end]
    if someone_elses(span):
        return long_ago(sentences) and not recent(sentences)
    # "Many years ago, in about 1998, I had a reaction to a facial and my lips swelled up": the writer's own
    # sign in the past, in a sentence that opens with when, in a message with no word of now or of recent days.
    # So is "I had a seizure once when I was 12", "throat closed up after a bee sting decades back": the when said
    # after the sign, before the next comma; not a comparison ("swelled like it did years ago" is now).
    opening = span.doc.text[span.sent.start_char: span.start_char]
    after = re.split(r"[,;:.!?]", span.doc.text[span.end_char: span.sent.end_char])[0]
    # Not a clause about the sign's kind: "the little blisters I used to get as a girl" are a cold sore now.
    of_kind = re.match(r"^\W*(that |which |who )?(i|she|he|they|we|you)\b", after, re.I)
    dated_after = long_ago(after) and not COMPARISON.search(after) and not of_kind
    return (long_ago(opening) or dated_after) and not recent(span.doc.text)


def _answers_field_long_ago(span: Span) -> bool:
    """"Cold sores? Had one back in 2019, nothing since.": a form's question answered with history long past."""
    sentence = span.sent
    if len([t for t in sentence if not t.is_punct]) > 4 or sentence.text.rstrip()[-1:] not in ("?", ":"):
        return False
    if sentence.end >= len(span.doc):
        return False
    answer = span.doc[sentence.end].sent.text
    return long_ago(answer) and not recent(answer)
