"""Where a sign found in a message stands in the parse: its verb, its clause, its subject, and so whose
sign it is and whether it is told as happening or as past (bot.care.sign_context and bot.care.sign_history
read these; the parse is the language layer's spaCy model)."""
from __future__ import annotations

import re
from typing import Any, Collection

from spacy.tokens import Span

POSSESSIVE_OTHERS = frozenset({"his", "her", "their"})
# Not a person's: "my face's left side" (a possessive body part).
BODY_NOUNS = frozenset({"face", "skin", "lip", "lips", "cheek", "cheeks", "forehead", "eye", "eyes", "nose", "neck",
                        "chin", "jaw", "body", "head", "scalp", "arm", "arms", "hand", "hands", "throat", "tongue",
                        "mouth", "chest", "leg", "legs", "back"})
# The word before a verb of being or having right before the sign: "ur reviews r blistering", which the parser
# does not read as a subject.
SUBJECT_BEFORE = re.compile(r"\b([a-z]+)(?:'s)?\s+(?:(?:is|are|r|was|were|has|had|have|been|just|totally|literally|a|an)"
                            r"\s+){1,3}$", re.I)
THIRD_PERSON_PRONOUNS = frozenset({"her", "his", "its", "she", "he", "it", "their", "they"})
CLAUSE_DEPS = frozenset({"conj", "ccomp", "advcl", "parataxis", "relcl", "acl"})
OTHER_PEOPLE = frozenset({"he", "she", "they", "someone", "somebody", "people", "person", "friend", "sister",
                          "brother", "mom", "mum", "mother", "dad", "father", "cousin", "daughter", "son",
                          "husband", "wife", "partner", "boyfriend", "girlfriend", "aunt", "uncle", "mate", "roommate",
                          "neighbour", "neighbor", "colleague", "patients", "patient", "anyone", "others",
                          "everyone", "grandma", "grandmother", "grandpa", "niece", "nephew", "anybody",
                          "grandson", "granddaughter", "grandchild", "grandkid", "child", "kid", "baby",  # split 37
                          # "my coworker Tesfay fainted from the heat on the site last week" (split 41)
                          "coworker", "coworkers", "workmate", "workmates", "colleagues", "friends", "girls", "guys",
                          "lads",
                          # "my 2 year old threw up", "My youngin's got the croup", "his teacher fainted" (split 42)
                          "old", "youngin", "youngun", "younguns", "toddler", "kiddo", "kids", "teacher", "mama", "momma",
                          "mommy", "mamma", "papa", "daddy", "granny", "nana", "grandad", "granddad", "grandfather",
                          "auntie",
                          # "mi bredda seh him get chest pain" (split 33): a subject "him" is someone else in Patois
                          "him", "bredda", "breda", "bredren", "sista", "sistah",
                          # "My youngest has a fever of 102", "Our church youth group had food poisoning ... many
                          # vomiting", "some bloke had a seizure" (splits 45, 46)
                          "youngest", "eldest", "oldest", "group", "many", "bloke", "fella", "hubby", "missus",
                          # "my buddy at work passed out on shift last night" (split 47)
                          "buddy", "pal", "bestie", "bff",
                          # "My bass player has the stomach flu ... he is not your patient" (split 47)
                          "player", "bandmate", "drummer", "singer", "guitarist", "bassist",
                          # "My little boy's come down with chickenpox", "My customer faint in my salon" (split 48)
                          "boy", "girl", "customer", "customers", "client", "clients",
                          # "my boss dey vomit since morning", "my nan had her hip done ... shes got a fever" (split 51)
                          "boss", "nan", "nanna"})
# "my boss dey vomit" (Ghanaian Pidgin, split 51): the parser gave the sign no subject; the person right before it.
# "my son has fever 39" (split 58): the reading of a fever told after its word is that person's too.
PERSON_BEFORE = re.compile(r"\b(my|our|his|her|their|ma|mi) (\w+ )??(?P<person>[a-z]+)('s|s)?\s+((dey|don|is|was|has|had"
                           r"|have|been|just|keeps|kept|started|start|got|go|a|an|high|fever|temp|temperature|of)\s+){0,4}$",
                           re.I)

PERSON_OPENS = re.compile(r"\W*(my|our|his|her|their|ma|mi) (\w+ )??(?P<person>[a-z]+)\b(?P<rest>.*)$", re.I | re.S)
OWN_BEFORE = re.compile(r"\b(my|mi|ma) (\w+ )??(?P<part>[a-z]+)('s|s)?\s+((is|are|was|were|has|had|have|been|keeps|kept"
                        r"|started|got|just)\s+){0,2}$", re.I)
WRITER = re.compile(r"\b(i|i'm|im|i've|ive|me|my|mine|myself)\b", re.I)


def happening(span: Span) -> bool:
    """"my lips are swelling": the sign told in the progressive, with its "be"."""
    verb = governing_verb(span)
    return verb.tag_ == "VBG" and any(child.dep_ == "aux" and child.lemma_ == "be" for child in verb.children)


def in_past(span: Span) -> bool:
    return governing_verb(span).tag_ in ("VBD", "VBN")


def done_emphatic(verb: Any) -> bool:
    """"I do get the odd cold sore": the present tense carried by "do"."""
    return verb.tag_ == "VB" and any(child.lower_ in ("do", "does") and child.dep_ == "aux" for child in verb.children)


def clause_words(span: Span) -> list[Any]:
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


def used_to(verb: Any) -> bool:
    """"used to get (fainting)": a past habit, however the parse hangs "to"."""
    doc = verb.doc
    return any(head.lower_ == "used" and head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "to"
               for head in (verb, verb.head, verb.head.head))


def someone_elses(span: Span) -> bool:
    """Another person's sign: "my sister fainted", "her lips swelled", "his face swelled up", "My kumadre's face
    got blisters" (a possessive noun, split 30)."""
    if about_someone_else(span):
        return True
    subjects = sign_subjects(span)
    start = max(span.sent.start_char, span.start_char - 40)
    before = PERSON_BEFORE.search(span.doc.text[start: span.start_char])
    # "Bula, my son has fever 39 from the flu, can I still come" (split 58): the person told right before the sign
    # is its subject, whatever the parse hung it on, unless the writer is told with them ("me and my sister have").
    if (before is not None and before.group("person").lower() in OTHER_PEOPLE
            and not WRITER.search(span.doc.text[span.sent.start_char: start + before.start()])):
        return True
    if not subjects:
        if before is not None:  # not another person, or the writer told with them ("me and my sister have"): kept
            return False
        # "My boss at massage shop has flu, high fever." (split 56): the sentence opens on the person, and the
        # writer is nowhere in it before the sign.
        opening = PERSON_OPENS.match(span.doc.text[span.sent.start_char: span.start_char])
        return (opening is not None and opening.group("person").lower() in OTHER_PEOPLE
                and not WRITER.search(opening.group("rest")))
    return all(
        any(child.dep_ == "poss" and (child.lower_ in POSSESSIVE_OTHERS or child.lower_ in OTHER_PEOPLE
                                      or (child.tag_ in ("NN", "NNS", "NNP", "NNPS") and child.lower_ not in BODY_NOUNS))
            for child in subject.children) for subject in subjects)


def about_someone_else(span: Span) -> bool:
    """"my sister got hives", "her cousin fainted": the subject of the sign's clause is another person."""
    subjects = sign_subjects(span)
    # "my coworker Tesfay fainted" (split 41): a name with the person's role before it.
    # "One of the guys on my line passed out from the heat Tuesday" (split 45): one of other people.
    return bool(subjects) and all(subject.lower_ in OTHER_PEOPLE or any(
        child.dep_ in ("compound", "appos") and child.lower_ in OTHER_PEOPLE for child in subject.children)
        or (subject.lower_ in ("one", "some", "two", "few") and _of_other_people(subject))
        for subject in subjects)


def _of_other_people(subject: Any) -> bool:
    return any(child.dep_ == "prep" and child.lower_ == "of" and any(
        grand.dep_ == "pobj" and grand.lower_ in OTHER_PEOPLE for grand in child.children) for child in subject.children)


def governing_verb(span: Span) -> Any:
    """The nearest verb at or above the sign in the parse (the root when there is none)."""
    head = span.root
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def sign_subjects(span: Span) -> list[Any]:
    """The subjects of the sign's verb, or of the verb it is joined to when it has none of its own: "my friend did
    microneedling at some random salon and got a nasty infection" (split 36)."""
    verb = governing_verb(span)
    subjects = _subjects(verb)
    while not subjects and verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
        subjects = _subjects(verb)
    return subjects


def _subjects(verb: Any) -> list[Any]:
    """The verb's subjects, also where the parser hung one on its auxiliary ("my friend did microneedling")."""
    heads = [verb, *(child for child in verb.children if child.dep_ == "aux")]
    # "shes got a fever" (split 51): the parser made the "s" of "she's" typed without its apostrophe a second subject.
    # "me dad's been taken into hospital" (split 61): Northern English "me" is "my", not a second subject.
    return [child for head in heads for child in head.children if child.dep_ in ("nsubj", "nsubjpass")
            and not (child.lower_ in ("s", "'s") and child.tag_.startswith("VB"))
            and not (child.lower_ == "me" and child.i + 1 < len(child.doc) and child.nbor(1).lower_ in OTHER_PEOPLE)]


def said_of_a_thing(span: Span, things: Collection[str]) -> bool:
    """"this port shift is killin me", "truck engine had a seizure": the sign's subject is a thing in ``things``
    (knowledge/triage.yml), never a body. Any subject not listed keeps the sign (split 33)."""
    # "The steam press burnt my arm, and since the microneedling my cheek is blistering": the parser may give the
    # sign no subject and join it to the thing's verb; a part of the writer's own named right before keeps it.
    own = OWN_BEFORE.search(span.doc.text[max(span.sent.start_char, span.start_char - 30): span.start_char])
    if own is not None and own.group("part").lower() not in things and not _subjects(governing_verb(span)):
        return False
    subjects = sign_subjects(span)
    if not subjects and span.root.dep_ == "amod" and span.root.head.i != span.root.i:
        # "the tandor extractor fan is making wheezing noise again" (split 46): the sign word describes a noun;
        # the subject is that noun's verb's.
        subjects = sign_subjects(span.doc[span.root.head.i: span.root.head.i + 1])
    verb = governing_verb(span)
    if not subjects and verb.dep_ == "xcomp" and verb.head.i != verb.i:
        # "the touchscreen keeps going gray in patches" (split 46): the subject of the verb it completes.
        subjects = _subjects(verb.head)
    if not subjects:
        # "epoxy went exothermic in the mould, smoking and burning hot" (split 58): a participle's clause says what
        # the main verb's subject did.
        head = verb
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        if head.dep_ == "advcl" and head.lower_.endswith("ing") and head.head.i != head.i:
            subjects = _subjects(head.head)
    # "our cat Pamuk has red swollen lip", "mano my candongueiro's radiator has a fever" (split 37): the thing
    # named beside the subject, in apposition or before a name; not any compound ("Lit review brain says").
    # "the coolant's leakin, smells foul" (split 42): the thing whose the subject is.
    if subjects and all(any(word.lower_ in things or word.lemma_.lower() in things
                            for word in (subject, *_named_beside(subject),
                                         *(child for child in subject.children if child.dep_ == "poss")))
                        for subject in subjects):
        return True
    # "the barber chair collapse under one big client" (split 38): the sign word as a noun, named of a thing.
    if any(child.dep_ == "compound" and (child.lower_ in things or child.lemma_.lower() in things)
           for child in span.root.children):
        return True
    if _pronoun_of_an_animal(subjects, things):
        return True
    before = SUBJECT_BEFORE.search(span.doc.text[max(0, span.start_char - 40): span.start_char])
    return before is not None and before.group(1).lower() in things


def _pronoun_of_an_animal(subjects: list[Any], things: Collection[str]) -> bool:
    """"my dog got stung by a bee and her lip is all swollen" (split 38): "her" is the dog's when the nearest
    subject before it is a listed thing or animal; a person ("my sister said her lip ...") keeps the sign."""
    pronouns = [word for subject in subjects for word in (subject, *subject.children)
                if word.lower_ in THIRD_PERSON_PRONOUNS and (word is subject or word.dep_ == "poss")]
    if not pronouns or len(pronouns) != len(subjects):
        return False
    doc = pronouns[0].doc
    for token in reversed(doc[: min(word.i for word in pronouns)]):
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ in ("NOUN", "PROPN", "PRON"):
            return token.lower_ in things or token.lemma_.lower() in things
    return False


def _named_beside(subject: Any) -> list[Any]:
    """The words naming what the subject is: in apposition ("mano, my candongueiro's radiator"), or the kind before
    a name ("cat" in "our cat Pamuk")."""
    return [child for child in subject.children
            if child.dep_ == "appos" or (child.dep_ == "compound" and subject.tag_ in ("NNP", "NNPS"))]
