"""Whether a negation governs a sign found in a message (bot.care.triage finds the signs).

A sign is set aside only when a negation governs that very sign in the dependency parse ("no fever",
"lips aren't swollen"), answers a form's field or question no ("Fever: no", "Q: any pus? A: No"), or opens a
list the sign stands in ("negative for fever, chills or discharge"). A hedge elsewhere in the sentence
("never had this before, my lips are swelling") governs nothing and cancels nothing.
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Span

# Words that negate the sign they govern. "never" is one ("never had a fever"),
# but only for the sign it governs, not for a sign in another clause.
NEGATIONS = frozenset({"no", "not", "n't", "never", "without", "nor", "neither", "none", "dont", "didnt",
                       "doesnt", "isnt", "arent", "wasnt", "havent", "hasnt", "nt", "zero", "nae",  # Scots "nae" (split 27)
                       "nogat"})  # Tok Pisin "nogat fever" (split 31)
# A negation carries along a list of signs joined by "or"/"nor"/commas, not past "but" or "and".
CARRYING_CONJUNCTIONS = frozenset({"or", "nor", ","})
# Dependents whose negation lies on their head: "lips aren't swollen", "I don't have a fever".
# Not subjects: in "my fever hasn't gone down" the negation is of going down, not of the fever.
HEAD_NEGATED_DEPS = frozenset({"acomp", "attr", "dobj", "oprd", "xcomp"})
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
STOPPED = frozenset({"stopped", "quit", "stopt", "ceased", "finished"})
GOES_ON = frozenset({"still", "again", "started", "restarted", "keeps", "keep", "kept", "until", "only", "then",
                     "briefly", "moment", "minute", "second"})
NOMINAL = frozenset({"NOUN", "PROPN", "ADJ", "PRON", "NUM"})
# "the swelling cleared up by day 3": between a near-match's two words, the sign going away (split 26).
RESOLVING = frozenset({"cleared", "settled", "subsided", "faded", "eased", "resolved", "calmed", "disappeared",
                       "vanished", "healed"})
COMES_BACK = GOES_ON | {"but", "now", "back", "returned", "though"}


def _is_negation(token: Any) -> bool:
    return token.dep_ == "neg" or token.lower_ in NEGATIONS


def negated(span: Span, near: bool, sign_words: frozenset[str] = frozenset()) -> bool:
    """A negation word that governs this sign: its child, or its head's when the sign is the head's complement.

    Words inside the matched phrase are the phrase's own ("can't breathe"),
    not a negation of it.
    """
    if answered_no(span) or _answered_in_turn(span) or _negated_list(span, sign_words):
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
        # "no active pimples with pus now" (split 30): the sign a denied thing comes with is denied too.
        if (token.dep_ == "pobj" and token.head.lower_ == "with" and token.head.head.pos_ in NOMINAL
                and token.head.head.i not in inside):
            governors.append((token.head.head, token))
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
    # "lips aren't swollen" as one near-match: the negation stands between the two words; so does the sign
    # going away ("swelling cleared up by day 3"), unless it comes back ("settled but now spreading fast").
    inner = [token.lower_ for token in span[1:-1]]
    return near and (any(token.dep_ == "neg" for token in span[1:-1])
                     or (bool(RESOLVING.intersection(inner)) and not COMES_BACK.intersection(inner)))


def answered_no(span: Span) -> bool:
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


BLEED_WORDS = frozenset({"bleeding", "bleed", "bleeds", "bled", "blood", "bloody"})
OVER_WORDS = frozenset({"stopped", "gone"})


def kept_sign_denied(span: Span) -> bool:
    """A sign whose negation is its own ("bleeding won't stop") denied all the same (split 19).

    "spots of blood that stopped on their own": stopped, with no negation anywhere in the sentence and
    nothing saying it goes on; "still red but no blood": "no" right before the bleeding word.
    """
    if any(_no_right_before(token) for token in span):
        return True
    # "Pinpoint bleedin quit while I was still at the clinic", "The bruise in my arm from the blood is still there"
    # (split 42): "still" of the writer, or of a mark that stays, after a bleed that stopped.
    # Not a numbness "still there" (split 53): that is the sign going on.
    if span[-1].lower_ == "still" and (any(token.lower_ in STOPPED for token in span[1:-1])
                                       or (span.end < len(span.doc) and span.doc[span.end].lower_ == "there"
                                           and any(token.lower_ in BLEED_WORDS for token in span))):
        return True
    # "few tiny dots of blood were still on my face in the mirror but its stopped now" (split 35): stopped, said
    # after the sign, with nothing after it saying it goes on.
    after = [token for token in span.sent if token.i >= span.end]
    stopped_after = next((token.i for token in after if token.lower_ == "stopped"), None)
    if (stopped_after is not None and not any(_is_negation(token) for token in after)
            and not any(token.lower_ in GOES_ON for token in after if token.i > stopped_after)):
        return True
    # "the tingling from the numbing cream was gone within the hour" is over, like a bleed that stopped.
    return (bool(OVER_WORDS.intersection(token.lower_ for token in span))
            and not any(_is_negation(token) for token in span.sent)
            and not GOES_ON.intersection(token.lower_ for token in span.sent))


def _no_right_before(token: Any) -> bool:
    """"no fever", "nor any discharge", "no exudate": "no", "nor" or "nae" right before a sign word (a determiner
    between), never before a verb ("I can no breathe" is a report) or a stopping verb.

    The parse may tag a clinical noun as an adjective ("no exudate", split 22); only a verb is kept out.
    """
    doc = token.doc
    before = token.i - 1
    if before > 0 and doc[before].lower_ in LIST_DETERMINERS:
        before -= 1
    # "no blistering skin disease" (split 27): a verb form used as an adjective is denied like one.
    if before >= 0 and before < token.i and doc[before].lower_ == "not" and token.pos_ in ("NOUN", "PROPN"):
        return True  # "36.7, not fever, all normal" (split 37): "not" for "no" before a noun
    # "Bit swollen round the eyes this morning, day after, nothing spreading, just puffy" (split 45)
    if before >= 0 and before < token.i and doc[before].lower_ in ("nothing", "nothin", "nuthin") and token.tag_ == "VBG":
        return True
    return (before >= 0 and before < token.i and doc[before].lower_ in ("no", "nor", "nae", "nogat")
            and (token.pos_ not in ("VERB", "AUX") or token.dep_ in ("amod", "compound"))
            and token.lower_ not in STOPPING_VERBS)


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
    redness? A: No, none of those." (split 12). The answer must end there, as in answered_no."""
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
