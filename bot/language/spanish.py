"""Reading Spanish with the English pipeline: accents folded, negation just before a phrase.

No Spanish spaCy model ships in a registry package that works with the pinned
spaCy 3.6 (docs/nlu-evaluation.md), so Spanish phrases are matched on the
English tokenizer's tokens, which split Spanish words well enough. The phrase
lists are written without accents and the text is compared without them.
Spanish puts its negation before the verb ("no tomo Sintrom", "nunca he
tenido herpes"), within a few words of what it denies and in the same clause.
"""
from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the web app reads questions through this module without loading spaCy
    from spacy.tokens import Span

NEGATIONS = frozenset({"no", "sin", "ni", "nada", "nunca", "tampoco", "jamas"})
# A clause ends here: "no tengo fiebre, pero tomo Sintrom" states the Sintrom.
BREAKS = frozenset({"pero", "aunque", "sino", ",", ".", ";", "y"})
NEGATION_WINDOW = 3


def plain(text: str) -> str:
    """Curly apostrophes straightened and accents folded ("isotretinoína" reads "isotretinoina")."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00bf", " ¿ ").replace("\u00a1", " ")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char) or char in "°º")


def negated_before(span: "Span") -> bool:
    """A Spanish negation among the few words before ``span``, with no clause break between,
    or a "no" closing the clause right after it ("o sea que fiebre no", "pus tampoco")."""
    doc = span.doc
    after = doc[span.end: span.end + 2]
    if (len(after) >= 1 and after[0].lower_ in ("no", "tampoco")
            and (len(after) == 1 or after[1].is_punct or after[1].lower_ in BREAKS)):
        return True
    for token in reversed(doc[max(0, span.start - NEGATION_WINDOW): span.start]):
        if token.lower_ in BREAKS:
            return False
        if token.lower_ in NEGATIONS:
            return True
    return False


# Words of a writer speaking of themselves now ("me arde", "tengo", "mi cara").
FIRST_PERSON = frozenset({
    "me", "mi", "mis", "yo", "tengo", "estoy", "siento", "noto", "veo", "tuve", "hice", "hicieron", "puedo",
    "sigo", "llevo", "empece", "desperte", "note",
})
# A question about what the treatment can do ("¿se puede infectar?", "¿puede dar alergia?").
POSSIBILITY = re.compile(
    r"\b(se puede|puede|pueden|podria|es posible|que pasa si|y si|hay riesgo|riesgos?|suele|suelen|"
    r"provoca|causa|da|dar|sale|salen)\b")
# Habits and history, said when asking whether one can be treated ("me salen herpes a menudo").
# Not "cada vez": "cada vez me duele más" is a sign getting worse.
HABIT_OR_HISTORY = re.compile(
    r"\b(a menudo|seguido|siempre|a veces|de vez en cuando|a cada rato|el mes pasado|cada (invierno|verano|ano)|muchas veces|"
    r"el ano pasado|hace (como |unos |mas de )?(anos|unos anos|tiempo|mucho|[a-z0-9]+ (anos?|mes|meses))|"
    r"de (nino|nina|pequeno|pequena|joven)|nunca mas|"
    r"antes me|propensa|propenso|suelo|suele|suelen)\b")
# "hace como veinte años me desmayé ..., desde ahí nunca más": long enough ago to be history at any level, in a
# message with no word of now that says it never came back (split 26): without a parse, the tense of "hace dos
# años me hice el tratamiento y me cuesta respirar" cannot be read. Not "hace dos días".
LONG_AGO = re.compile(r"\bhace (como |unos |unas |mas de |casi )?([a-z0-9]+ )?(anos|decadas)\b|\bde (nino|nina|pequeno|pequena|"
                      r"chico|chica|joven|chiquito|chiquita)\b|\ben (el )?(19[5-9]\d|20[0-2]\d)\b|\bcuando (era|tenia) \w+")
NEVER_SINCE = re.compile(r"\b(nunca mas|desde (ahi|entonces|eso) (nada|nunca|no)|(no|nunca) me (ha vuelto|volvio)|ya no me (ha )?pas)")
STILL = re.compile(r"\b(todavia|aun|sigo|sigue|otra vez|de nuevo|volvio|vuelve|esta semana)\b")
# "estoy bien" only when it ends there: "estoy bien mala" is the opposite.
GENERAL_ONLY = re.compile(r"\b(pregunta general|no me pasa nada|antes de (reservar|decidir)|no es por mi|pregunto en general)\b"
                          r"|\bestoy (bien|perfectamente)\s*([,.!?;]|$|y\b|gracias)")
# "estoy pensando en hacérmelo", "todavía no me lo he hecho": not treated yet. Weaker than GENERAL_ONLY: never
# beside a word of now, nor for an emergency sign the writer speaks of as theirs ("todavía no me lo he hecho
# pero se me están hinchando los labios").
# "Todavía no me lo hice", "me lo voy a hacé en mayo" (split 46).
NOT_TREATED_YET = re.compile(r"\b((estoy )?pensando (en )?hac[ae]rmelo|(todavia|aun) no me lo (he hecho|hice|hecho)"
                             r"|me lo voy a hac(er|e)\b)")
# The sign as what the writer hopes to keep away: "no quiero que se me infecte" (split 25).
# "no quiero andar con la jupa hinchada ni roja" (split 39): kept away, in whatever verb
AVOIDED = re.compile(r"\b(no quiero que|no quisiera que|para que no|para no|evitar|evito|prevenir"
                     r"|no (quiero|quisiera) (andar|estar|quedar|quedarme|verme|salir|ir|tener))\b"
                     r"(\s+(?!(pero|y|porque)\b)\w+){0,4}\s*$")
# Somebody else's sign ("a mi prima le dio herpes", "mi marido tuvo una convulsion"): not the writer's now.
OTHER_PERSON = re.compile(
    r"\b(mi|my|una|un|a mi|su) (hermana|hermano|prima|primo|madre|mama|padre|papa|marido|esposo|esposa|mujer|novio|novia|"
    r"hija|hijo|amiga|amigo|vecina|vecino|tia|tio|abuela|abuelo|companera|companero"
    # "mi cipote tiene calentura y vómitos" (Salvadoran, split 47)
    r"|cipote|cipota|nene|nena|chamaco|chamaca|pibe|piba|nieto|nieta|sobrino|sobrina|suegra|suegro|cunada|cunado"
    r"|hijito|hijita|nino|nina|bebe"
    # "Un abuelito del hogar donde trabajo tuvo una convulsión hoy" (split 56)
    r"|abuelito|abuelita|viejito|viejita|senora|senor)\b|\ble (dio|salio|paso|dieron)\b")
# The writer moves or cancels their own appointment because of that person's illness: "¿puedo cambiar la cita del
# jueves pa la otra semana?" (split 47); never when that person is said to have been treated.
# "tengo que anular lo del viernes ... ¿Me dais otra cita?" (split 50)
APPOINTMENT_CHANGE = re.compile(r"\b(cambiar|cambio|mover|muevo|pasar|paso|posponer|pospongo|aplazar|aplazo|cancelar|cancelo"
                                r"|reprogramar|reprogramo|correr|corro|anular|anulo)\b[^.?!]{0,25}\b((la |mi )?(cita|sesion"
                                r"|turno|consulta|reserva)|lo del (lunes|martes|miercoles|jueves|viernes|sabado|domingo))\b"
                                r"|\b(otra|nueva) (cita|fecha)\b"
                                # "yo tengo cita el viernes con ustedes, puedo ir igual o la cambio" (split 57)
                                r"|\b(puedo|podre|podria) ir (igual|de todas formas|de todos modos)\b"
                                r"|\bo la (cambio|muevo|paso|cancelo|anulo)\b")
OTHER_TREATED = re.compile(r"\b(se (lo )?(hizo|ha hecho|hicieron|han hecho)|le hicieron|desde (su|la) (sesion|tratamiento)"
                           r"|despues de (su|la) (sesion|tratamiento))\b")
# The person whose sign it is is not this clinic's patient: "un compañero se desmayó por el calor el mes pasado, ya
# está bien y no es paciente vuestro", "se me desmayó un compañero por el frío, nada que ver conmigo" (split 41).
NOT_OURS = re.compile(r"\b(no es|no son) (paciente|pacientes|cliente|clientes)\b|\bnunca (ha sido|fue) (paciente|cliente)\b"
                      r"|\bnada que ver conmigo\b"
                      # "..., nada que ver con ningún tratamiento" (split 56)
                      r"|\bnada que ver con (ningun|el|un|ese|mi|su) (tratamiento|prp|microneedling|procedimiento)\b"
                      r"|\bnada que ver con (ustedes|la clinica|el microneedling)\b"
                      # "Mi hijo tiene fiebre y vomitos. El no se ha hecho nada." (split 46)
                      r"|\b(el|ella|ellos|ellas) no se (ha|han|hizo|hicieron) (hecho )?(nada|ningun tratamiento)\b")
# "vi en una novela que a una señora se le hinchó toda la cara ... y se desmayó" (split 46): a character of a story
# watched; never when the writer speaks of themselves after it ("y ahora me siento mareada").
ON_SCREEN = re.compile(r"\b(vi|vimos|vio|vieron|viendo|mire|mirando)\b[^.?!]{0,25}\b(novelas?|telenovelas?|series?|peliculas?|peli"
                       r"|programas?|documentales?)\b(?P<rest>[^.?!]*)")
CHARACTER = re.compile(r"\b(una? (senora|senor|mujer|hombre|chica|chico|muchacha|muchacho|actriz|actor|doctora|doctor"
                       r"|paciente|persona)|el personaje|la protagonista|el protagonista)\b")
# "el día que me hacen los laboratorios casi me desmayo", "me mareo con las agujas": going faint at blood
# tests, operations or the sight of needles as a habit or long ago, said before a blood draw (issue 14's
# validation splits). Only for signs marked history_elsewhere, and never beside a word of now.
ELSEWHERE = re.compile(r"\b(analisis|laboratorios?|dentista|operaron|operacion|cirugia|cataratas|vacunas?|"
                       r"ver sangre|(panico|miedo|terror|fobia) (a|de) (las |la )?(agujas|sangre|inyecciones)"
                       # "se desmayó cuando le sacaron sangre para otra cosa, years ago" (split 35)
                       r"|(le |me |nos |te )?sacaron sangre|sacar(me|le)? sangre"
                       # "Una vez me desmayé donando sangre, hace diez años" (split 40)
                       r"|donando sangre|dando sangre|donar sangre|done sangre|dono sangre|dio sangre|di sangre|banco de sangre)\b")
PAST_OR_HABIT = re.compile(r"\b(siempre|cada vez que|cuando me|el dia que|casi me desmayo|me desmayo y todo|"
                           r"de (nino|nina|pequeno|pequena|chico|chica)|hace (anos|tiempo|mucho)"
                           r"|years ago|anos atras|hace (\d+|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|quince|veinte"
                           r"|treinta|muchos|varios) anos|una vez)\b")  # "Una vez me desmayé ..., hace diez años" (split 40)
FAINT_TRAIT = re.compile(r"\bme (mareo|desmayo) (con|cuando veo|al ver|si veo) (las |la )?(agujas|sangre|inyecciones)\b")
NOW = re.compile(r"\b(ahora|ahorita|hoy|ayer|anoche|recien|acabo de|hace (un|una|\d+|unos|unas|dos|tres) "
                 r"(rato|hora|horas|minutos?|dias?)|despues de (la|mi) (sesion|tratamiento))\b")
# "¿me puede salir una infección?", "¿me puede quedar mancha?": what the treatment could do to the writer, asked
# ahead, not a sign now (a report says "me salió").
MAY_HAPPEN_TO_ME = re.compile(r"\b(me|te|le|se) (puede|pueden|podria|podrian|va a|van a) (salir|dar|quedar|pasar|causar|"
                              r"provocar|hinchar|infectar|doler|manchar)\b")
# "si me da fiebre, que hago?": a condition asked about, not a symptom now.
# "si de pronto me da fiebre después del tratamiento, ¿a qué número llamo?" (split 50)
CONDITIONAL = re.compile(r"(^|[¿,.;:]\s*|\b(que|y) (hago|pasa|pasaria) |\by )si (ya |de pronto |por casualidad |acaso "
                         r"|alguna vez |en algun momento )?(me|le|se|tengo|llego a)\b"
                         r"|(^|[¿.;]\s*)y si\b"
                         r"|\bque (hago|pasa) si\b|\ben caso de\b"
                         # "quería saber cuánto cuesta y si después puede dar fiebre" (split 19): asked, indirectly
                         r"|\b(saber|pregunto|preguntar|preguntarle)\b[^.?!]{0,60}\bsi\b[^.?!]{0,20}"
                         r"\b(puede|pueden|podria|suele|da|causa|provoca)\b")


def only_asked_about(span: "Span", emergency: bool) -> bool:
    """A sign only asked about in general, or a habit or past: not the writer's symptom now.

    The Spanish counterpart of bot.care.triage's parse-based reading, on words:
    an emergency sign counts as the writer's own whenever they say anything of
    themselves ("¿es normal que me cueste respirar?"); doubt goes to the higher level.
    """
    text = span.doc.text.lower()
    words = set(re.findall(r"[a-z]+", text))
    if GENERAL_ONLY.search(text):
        return True
    sentence = span.sent.text.lower()
    if AVOIDED.search(re.split(r"[,.;:!?¿¡]", span.doc.text[span.sent.start_char: span.start_char].lower())[-1]):
        return True  # "no quiero que se me infecte", "para evitar un herpes"
    if NOT_TREATED_YET.search(text) and not NOW.search(text):
        # An emergency only when asked of nobody: "¿puede dar hinchazón en los labios? Estoy pensando hacérmelo"
        # (split 24); "todavía no me lo he hecho, pero se me hinchan los labios" is the writer's own.
        own = FIRST_PERSON & set(re.findall(r"[a-z]+", NOT_TREATED_YET.sub(" ", plain(sentence))))
        if not (emergency and (FIRST_PERSON & words)) or (("?" in sentence or "¿" in sentence) and not own):
            return True
    sentence_words = set(re.findall(r"[a-z]+", sentence))
    asks = "?" in sentence or "¿" in sentence
    if (OTHER_PERSON.search(sentence) and not (FIRST_PERSON - {"mi"}) & sentence_words
            and (HABIT_OR_HISTORY.search(sentence) or (asks and POSSIBILITY.search(sentence)))):
        return True  # someone else's past or a question about them; a carer's report now is a report
    if long_past(span):
        return True
    if emergency and FIRST_PERSON & words:
        return False
    # Only a condition said before the sign and no word of now in its sentence: "tengo fiebre ahora mismo, si me sube
    # más, ¿a qué número llamo?" is a fever now (found beside split 50's "si de pronto me da fiebre").
    if not emergency and CONDITIONAL.search(span.doc.text[span.sent.start_char: span.start_char].lower()) and not NOW.search(
            sentence):
        return True
    if not emergency and HABIT_OR_HISTORY.search(sentence):
        return True
    if asks and MAY_HAPPEN_TO_ME.search(sentence) and not NOW.search(text):
        return True
    return asks and bool(POSSIBILITY.search(sentence)) and not (FIRST_PERSON & sentence_words)


def long_past(span: "Span") -> bool:
    """A sign long ago that never came back (LONG_AGO), in a message with no word of now: history at any level."""
    text = plain(span.doc.text).lower()
    return (bool(LONG_AGO.search(plain(span.sent.text).lower())) and bool(NEVER_SINCE.search(text))
            and not NOW.search(text) and not STILL.search(NEVER_SINCE.sub(" ", text)))


# "La señora que cuido, la nonna, tuvo fiebre la semana pasada pero ya está bien" (split 42): over, weeks ago.
CARED_FOR = re.compile(r"\b(la|el) (senora|senor|nonna|abuela|abuelo|nina|nino|bebe|anciana|anciano) (que|a la que|al que)"
                       r" cuido\b")
RECOVERED = re.compile(r"\bya (esta|se puso|se encuentra) (bien|mejor)\b|\bya se (recupero|curo)\b")
PAST_WEEKS = re.compile(r"\b(la semana pasada|el mes pasado|el ano pasado|hace (\w+ )?(semanas|meses|anos))\b")
TREATED = re.compile(r"\b(sesion|tratamiento|prp|microneedling|microagujas|dermapen|clinica|pinchazos)\b")


def not_ours(span: "Span", emergency: bool = False) -> bool:
    """Somebody else's sign, of a person the writer says is not the clinic's patient or nothing to do with them,
    or told as over weeks ago with no word of a treatment; or of a person whose illness makes the writer move an
    appointment, unless the sign is an emergency (doubt goes to the emergency line)."""
    sentence = plain(span.sent.text).lower()
    watched = ON_SCREEN.search(sentence)
    if watched and CHARACTER.search(watched.group("rest")) and not re.search(r"\b(me|mi|yo)\b", watched.group("rest")):
        return True
    if not (OTHER_PERSON.search(sentence) or CARED_FOR.search(sentence)):
        return False
    text = plain(span.doc.text).lower()
    if not emergency and APPOINTMENT_CHANGE.search(text) and not OTHER_TREATED.search(text):
        return True
    return bool(NOT_OURS.search(text)) or bool(
        RECOVERED.search(sentence) and PAST_WEEKS.search(sentence) and not TREATED.search(sentence))


def faint_elsewhere(span: "Span") -> bool:
    """Going faint at blood tests or at the sight of needles, as a habit or long ago, with no word of now."""
    text = plain(span.doc.text).lower()
    sentence = plain(span.sent.text).lower()
    if NOW.search(text):
        return False
    return bool(FAINT_TRAIT.search(sentence)) or (bool(ELSEWHERE.search(text)) and bool(PAST_OR_HABIT.search(sentence)))


NUMBER_WORDS = {"un": "1", "una": "1", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
                "seis": "6", "siete": "7", "ocho": "8", "nueve": "9", "diez": "10"}
# "hace dos días", "el lunes", "el viernes pasado", "ayer", "antier": when the writer had the treatment.
DATE_PHRASES = re.compile(
    r"\bhace (\d{1,2}|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez) (dias?|semanas?)\b"
    r"|\b(?:el |este |desde el )?(lunes|martes|miercoles|jueves|viernes|sabado|domingo)(?: pasado)?\b"
    r"|\b(antier|anteayer|antes de ayer|ayer|anoche|hoy|esta manana|esta tarde)\b")
ORDINAL_DAY = re.compile(r"\b(?:dia|el dia)\s*(\d{1,2})\b|\b(primer|segundo|tercer|cuarto|quinto|sexto|septimo)\s+dia\b")
ORDINALS = {"primer": 1, "segundo": 2, "tercer": 3, "cuarto": 4, "quinto": 5, "sexto": 6, "septimo": 7}


def date_phrases(text: str) -> list[str]:
    """The Spanish time phrases of a message, written the way dateparser reads them ("hace 2 dias", "lunes")."""
    phrases = []
    for match in DATE_PHRASES.finditer(plain(text).lower()):
        if match.group(1):
            phrases.append(f"hace {NUMBER_WORDS.get(match.group(1), match.group(1))} {match.group(2)}")
        elif match.group(3):
            phrases.append(match.group(3))
        else:
            phrases.append({"antier": "anteayer", "antes de ayer": "anteayer", "anoche": "ayer"}.get(
                match.group(4), match.group(4)))
    return phrases


def day_number(text: str) -> "int | None":
    """'día 4', 'tercer día' -> the day after treatment the writer is on."""
    match = ORDINAL_DAY.search(plain(text).lower())
    if match is None:
        return None
    return int(match.group(1)) if match.group(1) else ORDINALS[match.group(2)]
