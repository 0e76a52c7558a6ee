"""Reading an office composition out of a pasted text ("paste a composition").

A party publishes the office it has just renewed as a few lines of Arabic (sometimes French) in a press release:

    محمد الزكاري العمراني: كاتبا للفرع
    الأمين مشبال: نائبه
    كريمة أحكان: أمينة المال ، بلال سلوان نائبها
    المستشارون: محمد حنين، فاطمة اطنين، عبد العزيز حيوش.

`extract_office(text)` turns such text into (name, position) pairs; pure functions, no database.
`extract_office_for_party(text)` adds the words the party gave its position types in the database.

How a line is read
------------------
- Words are compared after folding (`tanzim.arabic.normalize`: diacritics, tatweel, alef and hamza forms, ta
  marbuta, alef maksura, Eastern digits; French: case and accents) and after taking off what Arabic glues to a
  word: و/ف, ب/ل (للفرع = ل + الفرع), the article, and the endings of the accusative (كاتبا، عضوا), the feminine
  (كاتبة، أمينة المال), the plural and the dual (المستشارون/ين/ات، الأعضاء، عضوان).
- A position is one phrase of the vocabulary (every preset of nomenclature.py in both genders, singular and
  plural, Arabic and French, the executive bodies' head titles, and the synonyms in `SYNONYMS` below), followed
  only by qualifiers that name the office: its body (الفرع، المكتب المحلي، الأمانة الإقليمية، للحزب, Section,
  bureau…), a level (المحلي، الإقليمي، الأول…), a place after a body (بتطوان) or the words opening a list
  (كل من، السادة). "نائب" + a position, or a position + "المساعد / adjoint", is that position's deputy;
  "نائبه / نائبها / نائبا له / son adjoint" alone is the deputy of the position of the pair before it (head →
  deputy_head, treasurer → deputy_treasurer, rapporteur → deputy_rapporteur; anything else is not understood).
- A position must make up the WHOLE of its side of a pair. "محام ومستشار جماعي ووكيل لائحة الحزب" holds the word
  مستشار but is not a position: a profile is never read as an office. A portfolio the structure has no position
  for (المكلف بالتنظيم) is not forced into one: its line is reported.
- A line is split at ":" (a spaced dash, a tab, "|" or a parenthesis are read the same way) and at "،" "," "؛"
  ";" "/". "name: position", "position: name", "name position" and "position name" are all read, several on a
  line; without a colon the position must be singular and the name have two words or more. A position written
  in the plural, or one with several holders (advisor, member, committee members), takes every name that
  follows, split at "،" "و" "et" (a و glued to a word splits two names only when both sides have two words or
  more, so "طارق وكيلي عسراوي" stays one name; after a comma a glued و is the conjunction, except in names that
  begin with و: وليد، وفاء…). A line holding only a position ("المستشارون:") takes the names on the lines right
  after it. Bullets, dashes, numbers and letters (1. ٢- 3) أ-) at the start of a line are skipped; honorifics
  before a name (السيد، الأخ، ذ.، الأستاذ، الدكتور، M., Mme…) are dropped; a name is kept as written, spaces
  tidied. A name has at most six words, none of them a word of a sentence (في، التي، تم…) or of an institution
  (مجلس، جماعة، الفرع…), and no position word but as its last word (محمد الكاتب).
- "الكاتب العام / Secrétaire général" heads the office, unless the same text names a president (رئيس): then it is
  the association-style general secretary, read as the rapporteur (and its deputy as the deputy rapporteur).

Which lines are reported as not understood (`unmatched_lines`)
-------------------------------------------------------------
Only lines that look like composition lines: a line with some pairs and a part that was not read (an
introduction before the first colon does not count); or a line with no pair that either has a ":" and at most
15 words, or starts with a bullet or a number, or has at most 6 words one of which is a position word; or a
position alone on its line with no names under it. Prose is not reported: a line whose words are mostly not part
of a pair (more than max(6, the words read)) gives no pair at all, and a long paragraph without pairs, a title or
a signature is left alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from tanzim.arabic.normalize import is_arabic, normalize_arabic

from .nomenclature import PRESETS, STRUCTURE_BODY_TYPES, STRUCTURE_POSITIONS, Preset, Words

# --- results --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    name: str
    position_text: str
    position_key: str
    line: int


@dataclass
class Extraction:
    positions: list[Found] = field(default_factory=list)
    unmatched_lines: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "positions": [
                {"name": f.name, "position_text": f.position_text, "position_key": f.position_key, "line": f.line}
                for f in self.positions
            ],
            "unmatched_lines": list(self.unmatched_lines),
        }


# --- vocabulary (data) ----------------------------------------------------------------------------------------

# Words Moroccan parties use besides the presets' own, per position key. Both genders where Arabic has two.
_MEDIA_TOPICS = ["الإعلام", "التواصل", "الاتصال", "الإعلام والتواصل", "التواصل والإعلام", "الإعلام والاتصال"]
SYNONYMS: dict[str, list[str]] = {
    "head": [
        *("الكاتب", "الكاتبة", "الكاتب الأول", "الكاتبة الأولى", "الكاتب المحلي", "كاتب الفرع"),
        *("الأمين", "الأمينة", "الأمين العام", "الأمينة العامة", "الأمين المحلي"),
        *("المنسق", "المنسقة", "المنسق المحلي", "منسق الفرع"),
        *("الرئيس", "الرئيسة", "رئيس المكتب", "رئيس الفرع"),
        *("المفتش", "المفتشة"),
        *("Secrétaire", "Premier secrétaire", "Première secrétaire", "Secrétaire local", "Secrétaire locale"),
        *("Président", "Présidente", "Coordinateur", "Coordinatrice", "Inspecteur", "Inspectrice"),
    ],
    "deputy_head": [
        *("نائب الكاتب", "نائبة الكاتب", "نائب الكاتبة", "نائب الأمين", "نائبة الأمين", "نائب المنسق"),
        *("نائبة المنسق", "نائب الرئيس", "نائبة الرئيس", "نائب الرئيسة", "نائب المفتش", "الكاتب المساعد"),
        *("Secrétaire adjoint", "Secrétaire adjointe", "Vice-président", "Vice-présidente"),
        *("Coordinateur adjoint", "Coordinatrice adjointe"),
    ],
    "treasurer": [
        *("أمين المال", "أمينة المال", "أمين مال", "أمين الصندوق", "أمينة الصندوق", "الأمين المالي"),
        *("أمين المالية", "المسؤول المالي", "المسؤولة المالية", "المكلف بالمالية", "المكلفة بالمالية"),
        *("المكلف بالشؤون المالية", "المكلفة بالشؤون المالية", "المكلف بالمال", "الكاتب المالي", "الكاتبة المالية"),
        *("Trésorier", "Trésorière", "Chargé des finances", "Chargée des finances"),
    ],
    "deputy_treasurer": [
        *("نائب أمين المال", "نائبة أمين المال", "نائب أمينة المال", "نائبة أمينة المال"),
        *("نائب أمين الصندوق", "نائب المسؤول المالي"),
        *("Trésorier adjoint", "Trésorière adjointe", "Vice-trésorier", "Vice-trésorière"),
    ],
    "rapporteur": ["المقرر", "المقررة", "Rapporteur", "Rapporteuse"],
    "deputy_rapporteur": [
        *("نائب المقرر", "نائبة المقرر", "نائب المقررة", "نائبة المقررة"),
        *("Rapporteur adjoint", "Rapporteuse adjointe"),
    ],
    "media_officer": [
        *(
            who + topic
            for who in ("المكلف ب", "المكلفة ب", "المسؤول عن ", "المسؤولة عن ", "مسؤول ", "مسؤولة ")
            for topic in _MEDIA_TOPICS
        ),
        *("Chargé de la communication", "Chargée de la communication", "Chargé de l'information"),
        *("Chargée de l'information", "Responsable de la communication", "Chargé des médias"),
    ],
    "advisor": ["مستشار", "مستشارة", "المستشارون", "المستشارات", "Conseiller", "Conseillère", "Conseillers"],
    "member": ["عضو", "عضوة", "الأعضاء", "عضوية", "Membre", "Membres"],
}

# The two committees of the structure: their names alone ("X: لجنة العمل الجمعوي") name the committee's chair.
_COMMITTEES = {
    "parallel_sectors": ["لجنة التنسيق مع القطاعات الموازية", "لجنة القطاعات الموازية", "القطاعات الموازية"],
    "associative_work": ["لجنة العمل الجمعوي", "العمل الجمعوي"],
}
for _committee, _names in _COMMITTEES.items():
    _chair = next(k for k, v in STRUCTURE_POSITIONS.items() if v[3] == _committee and not v[2])
    _member = next(k for k, v in STRUCTURE_POSITIONS.items() if v[3] == _committee and v[2])
    for _name in _names:
        _bare = _name.removeprefix("لجنة ")
        SYNONYMS.setdefault(_chair, []).extend(
            [_name, f"مسؤول {_name}", f"مسؤولة {_name}", f"رئيس {_name}", f"رئيسة {_name}", f"منسق {_name}"]
            + [f"المكلف ب{_bare}", f"المكلفة ب{_bare}"]
        )
        SYNONYMS.setdefault(_member, []).extend([f"عضو {_name}", f"عضوة {_name}", f"أعضاء {_name}"])

# "الكاتب العام" (and its French) is read at the end of the text: the head, or the rapporteur of an
# association-style office whose head is a president.
_GENERAL_SECRETARY, _DEPUTY_GENERAL_SECRETARY = "_general_secretary", "_deputy_general_secretary"
_GENERAL_SECRETARY_WORDS = {
    _GENERAL_SECRETARY: ["الكاتب العام", "الكاتبة العامة", "Secrétaire général", "Secrétaire générale"],
    _DEPUTY_GENERAL_SECRETARY: [
        *("نائب الكاتب العام", "نائبة الكاتب العام", "نائب الكاتبة العامة"),
        *("Secrétaire général adjoint", "Secrétaire générale adjointe"),
    ],
}
_PRESIDENT_BASES = {"رييس", "president"}

_DEPUTY_REF = "_deputy_of_previous"
_DEPUTY_OF = {
    "head": "deputy_head",
    "deputy_head": "deputy_head",
    "treasurer": "deputy_treasurer",
    "deputy_treasurer": "deputy_treasurer",
    "rapporteur": "deputy_rapporteur",
    "deputy_rapporteur": "deputy_rapporteur",
    _GENERAL_SECRETARY: _DEPUTY_GENERAL_SECRETARY,
    _DEPUTY_GENERAL_SECRETARY: _DEPUTY_GENERAL_SECRETARY,
}

# Words after a position that only say which office it is (compared as bases, see _base).
_BODY_WORDS = ["فرع", "مكتب", "أمانة", "كتابة", "تنسيقية", "مفتشية", "section", "bureau", "secretariat"]
_PARTY_WORDS = ["حزب", "parti"]
_LEVEL_WORDS = [
    *("محلي", "إقليمي", "جهوي", "وطني", "مسير", "تنفيذي", "عام", "أول", "أولى", "ثاني", "ثان", "ثالث"),
    *("local", "provincial", "regional", "national", "general", "premier", "second", "executif"),
]
_DEPUTY_EXTRA = ["له", "لها"]
# Words that open a list of names after a plural position ("وعضوية كل من: …").
_LIST_OPENER_WORDS = [["كل", "من"], ["السادة"], ["السيدات", "والسادة"], ["السيدات", "و", "السادة"]]
_DEPUTY_LATIN = {"adjoint", "vic"}  # bases of "adjoint(e)", "vice"
_DEPUTY_FORMS = {"نايب", "نايبه", "نايبها", "نايبته", "نايبتها", "نايبا", "نواب", "نايبين", "نايبان"}

# Bounds that keep a long paragraph cheap: a name (honorifics included) has at most 8 words, a pair at most 40.
_NAME_SPAN, _PAIR_SPAN = 9, 40

# A bare word that is a position and also a common first name (Amine, Amina, Lamine): alone before a name, with
# no colon to say which side is which, it is read as the name.
_NAME_LIKE_POSITIONS = {"امين"}

_HONORIFICS = [
    *("السيد", "السيدة", "السادة", "الأخ", "الأخت", "الإخوة", "ذ", "ذة", "أ", "الأستاذ", "الأستاذة"),
    *("الدكتور", "الدكتورة", "د", "الحاج", "الحاجة", "الرفيق", "الرفيقة", "المناضل", "المناضلة"),
    *("m", "mme", "mlle", "mr", "dr", "me", "pr", "monsieur", "madame", "mademoiselle"),
]
# Words that never stand in a name: they mark a sentence, an introduction or a profile.
_NOT_IN_NAMES = [
    *("في", "من", "على", "عن", "إلى", "الى", "مع", "هذا", "هذه", "ذلك", "تلك", "التي", "الذي", "الذين", "تم", "قد"),
    *("كان", "كانت", "وهو", "وهي", "هو", "هي", "أن", "إن", "لا", "لم", "لن", "ما", "حيث", "كما", "بعد", "قبل"),
    *("خلال", "منذ", "وقد", "وتم", "ثم", "أو", "بين", "حول", "عبر", "ضمن", "لدى", "له", "لها", "منها", "فيها"),
    *("التالي", "التالية", "الآتي", "الآتية", "كالتالي", "كالآتي", "يلي", "الأسماء", "تشكيلة", "تركيبة", "لائحة"),
    *("le", "la", "les", "de", "du", "des", "est", "sont", "il", "elle", "ils", "pour", "par", "dans", "sur"),
    *("un", "une", "qui", "que", "suivant", "suivante", "suit", "composition", "liste", "nouveau", "nouvelle"),
]
# Words of the party's and the state's institutions: a phrase holding one is not a person's name.
_INSTITUTION_WORDS = [
    *("مجلس", "مجالس", "لجنة", "لجان", "جماعة", "جماعات", "اجتماع", "لقاء", "مؤتمر", "إقليم", "أقاليم", "عمالة"),
    *("جهة", "منظمة", "نقابة", "جمعية", "شبيبة", "قطاع", "برلمان", "دورة", "جلسة", "هيئة", "هياكل", "أجهزة"),
    *("conseil", "commission", "commune", "reunion", "congres", "province", "region", "organisation", "syndicat"),
]
# Names that begin with و: after a comma their و is not taken for the conjunction.
_WAW_NAMES = [
    *("وليد", "وفاء", "وداد", "وئام", "وسيلة", "وهيبة", "وديع", "وديعة", "وجدان", "وصال", "وردة", "وفيق", "وحيد"),
    *("وحيدة", "ولاء", "وسام", "وهيب", "وجيه", "وضاح", "وائل", "وزان", "وهبي", "ورياغلي", "وكيلي", "ولد", "وعزيز"),
    *("وحمان", "وناس", "ويدان", "وراق", "والي", "وارث", "واعزيز", "وجاج", "وحدو", "وشن", "ولهاصي"),
]
_GLUE = {"و", "et", "de", "la", "le", "l", "du", "des", "d", "en", "son", "sa", "a", "au", "aux"}

# --- folding --------------------------------------------------------------------------------------------------

_IRREGULAR = {"اعضا": "عضو", "امنا": "امين", "نواب": "نايب", "كتاب": "كاتب", "روسا": "رييس", "منسقو": "منسق"}
_SUFFIXES = ("تان", "ات", "ون", "ين", "ان", "ا", "ه")


@lru_cache(maxsize=65_536)
def _fold(word: str) -> str:
    if is_arabic(word):
        return normalize_arabic(word).replace(" ", "")
    word = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", word)


def _latin_base(folded: str) -> str:
    return folded.rstrip("s").rstrip("e") or folded


@lru_cache(maxsize=65_536)
def _stems(folded: str) -> frozenset[str]:
    """Every form the folded word may be, once its clitics and inflection are taken off."""
    if not folded:
        return frozenset()
    if not is_arabic(folded):
        return frozenset({folded, _latin_base(folded)})
    forms = {folded}
    if len(folded) > 3 and folded[0] in "وف":
        forms.add(folded[1:])
    for form in list(forms):
        if form.startswith("لل") and len(form) > 3:
            forms.add("ال" + form[2:])
        if len(form) > 3 and form[0] in "بل":
            forms.add(form[1:])
    for form in list(forms):
        if form.startswith("ال") and len(form) > 3:
            forms.add(form[2:])
    for form in list(forms):
        if form in _IRREGULAR:
            forms.add(_IRREGULAR[form])
        for suffix in _SUFFIXES:
            if form.endswith(suffix) and len(form) - len(suffix) >= 3:
                forms.add(form[: -len(suffix)])
    return frozenset(forms)


@lru_cache(maxsize=8192)
def _base(word: str) -> str:
    """The one form a vocabulary word is compared under: no article, singular, masculine, indefinite."""
    folded = _fold(word)
    if not is_arabic(folded):
        return _latin_base(folded)
    if folded.startswith("ال") and len(folded) > 3:
        folded = folded[2:]
    if folded in _IRREGULAR:
        return _IRREGULAR[folded]
    for suffix in _SUFFIXES:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 3:
            return folded[: -len(suffix)]
    return folded


def _bases(words: Iterable[str]) -> frozenset[str]:
    return frozenset(_base(w) for w in words)


_BODY = _bases(_BODY_WORDS)
_PARTY = _bases(_PARTY_WORDS)
_QUALIFIERS = _BODY | _PARTY | _bases(_LEVEL_WORDS) | frozenset(_fold(w) for w in _DEPUTY_EXTRA)
_HONORIFIC_FOLDS = frozenset(_fold(w) for w in _HONORIFICS)
_NOT_IN_NAME_FOLDS = frozenset(_fold(w) for w in _NOT_IN_NAMES) | frozenset(_fold(w) for w in _HONORIFICS)
_GLUE_FOLDS = frozenset(_fold(w) for w in _GLUE)
_LIST_OPENERS = [[_fold(w) for w in opener] for opener in _LIST_OPENER_WORDS]
_WAW_NAME_FOLDS = frozenset(_fold(w) for w in _WAW_NAMES)
_ORDINALS = _bases(["أول", "ثاني", "ثان", "ثالث", "premier", "second"])  # "النائب الأول للكاتب"
_ASSISTANT = _bases(["adjoint", "مساعد"])  # "Trésorier adjoint", "الكاتب المساعد": the deputy
_NOT_NAME_BASES = _BODY | _PARTY | _bases(_INSTITUTION_WORDS)

# --- tokens ---------------------------------------------------------------------------------------------------

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_WORD = re.compile(rf"[\w{_MARKS}'’ʼ]+")
_PIECE = re.compile(rf"\t+|[\w{_MARKS}'’ʼ]+|[^\s\w{_MARKS}]")
_SEPARATORS = {
    ":": ":",
    "：": ":",
    "(": ":",
    "[": ":",
    "،": ",",
    ",": ",",
    "؛": ",",
    ";": ",",
    "/": ",",
    "|": "-",
    ")": ",",
    "]": ",",
    "-": "-",
    "–": "-",
    "—": "-",
    "−": "-",
    "‒": "-",
    "―": "-",
    "=": "-",
}
_BULLET = re.compile(
    r"^\s*(?:[-–—−‒―•·*▪●○◦►➢✓✔+>]+|\(?[0-9٠-٩۰-۹]{1,3}\s*[-.)\]:/–—]|\(?[a-zA-Z]\s*[)]"
    r"|[أابجدهوزحطي]\s*[-)]\s)\s*"
)


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    fold: str

    @property
    def stems(self) -> frozenset[str]:
        return _stems(self.fold)

    @property
    def glue(self) -> bool:
        return self.fold in _GLUE_FOLDS


@dataclass
class _Chunk:
    toks: list[_Tok]
    sep: str  # the separator after the chunk: ":", ",", "-" or "" at the end of the line


def _tokens(line: str) -> list[_Tok | str]:
    """Words (apostrophes and hyphens inside a word split it, without a separator) and separator kinds."""
    out: list[_Tok | str] = []
    for piece in _PIECE.finditer(line):
        text = piece.group()
        if _WORD.fullmatch(text):
            for part in re.finditer(r"[^'’ʼ]+", text):
                folded = _fold(part.group())
                if folded:
                    out.append(_Tok(part.group(), piece.start() + part.start(), piece.start() + part.end(), folded))
                elif set(part.group()) <= {"ـ", "_"}:
                    out.append("-")  # a run of tatweel drawn as a dash
            continue
        if text == ".":
            previous = out[-1] if out else None
            # A dot after an abbreviation or an honorific (ذ. M. Mme.) is part of it; after a word it ends a pair.
            if isinstance(previous, _Tok) and len(previous.fold) > 2 and previous.fold not in _HONORIFIC_FOLDS:
                out.append(",")
            continue
        if text in ("-", "–", "—") and piece.start() > 0 and piece.end() < len(line):
            before, after = line[piece.start() - 1], line[piece.end()]
            if not before.isspace() and not after.isspace():
                continue  # a hyphen inside a word (Aït-Ali, vice-président) only splits it
        kind = "-" if text.startswith("\t") else _SEPARATORS.get(text)
        if kind:
            out.append(kind)
    return out


def _chunks(tokens: list[_Tok | str]) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    current: list[_Tok] = []
    for token in tokens:
        if isinstance(token, _Tok):
            current.append(token)
        elif current:
            chunks.append(_Chunk(current, token))
            current = []
        elif chunks and token == ":":  # noqa: S105 (a separator, not a password)
            chunks[-1].sep = ":"  # ": -" or ") :" read as one colon
    if current:
        chunks.append(_Chunk(current, ""))
    for n, chunk in enumerate(chunks):
        # "، وعبد الله الرحماني نائبا له", "، و فاطمة": the و after a comma joins, it is not part of the name.
        while len(chunk.toks) > 1 and chunk.toks[0].fold in ("و", "et"):
            chunk.toks = chunk.toks[1:]
        first = chunk.toks[0]
        if n and chunks[n - 1].sep == "," and _conjunction_glued(first):
            chunk.toks = [_without_waw(first), *chunk.toks[1:]]
    return [c for c in chunks if c.toks]


def _conjunction_glued(tok: _Tok) -> bool:
    """Does the word start with a و that is the conjunction, not the first letter of a name (وليد، وفاء)?"""
    return is_arabic(tok.fold) and tok.fold.startswith("و") and len(tok.fold) > 3 and tok.fold not in _WAW_NAME_FOLDS


def _without_waw(tok: _Tok) -> _Tok:
    """The word of a و glued to it ("وفاطمة" → "فاطمة"), marks after the و skipped."""
    cut = 1
    while cut < len(tok.text) and unicodedata.combining(tok.text[cut]):
        cut += 1
    return _Tok(tok.text[cut:], tok.start + cut, tok.end, _fold(tok.text[cut:]))


def _span(line: str, toks: list[_Tok]) -> str:
    return " ".join(line[toks[0].start : toks[-1].end].split())


def _position_span(line: str, toks: list[_Tok]) -> str:
    """The position as written, without the words that open its list of names ("وعضوية كل من" → "وعضوية")."""
    for opener in _LIST_OPENERS:
        if len(toks) > len(opener) and [t.fold for t in toks[-len(opener) :]] == opener:
            toks = toks[: -len(opener)]
    return _span(line, toks)


# --- vocabulary (compiled) ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Position:
    key: str
    plural: bool


class Vocabulary:
    """Position phrases compiled for matching: each phrase is the bases of its words (glue words left out)."""

    def __init__(self, words_by_key: Mapping[str, Iterable[str]], multi_holder: Iterable[str] = ()):
        self.multi_holder = frozenset(multi_holder)
        self._phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        seen: set[tuple[str, ...]] = set()
        for key, phrases in words_by_key.items():
            for phrase in phrases:
                slots = tuple(_base(t.text) for t in _tokens(phrase or "") if isinstance(t, _Tok) and not t.glue)
                if not slots or slots in seen:
                    continue  # the first key given for a phrase keeps it
                seen.add(slots)
                self._phrases.setdefault(slots[0], []).append((slots, key))
        for entries in self._phrases.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        self.first_words = frozenset(self._phrases)

    def _matches(self, toks: list[_Tok], start: int) -> list[tuple[int, str]]:
        """(end, key) of every phrase that starts at toks[start], longest first."""
        found = []
        for stem in toks[start].stems:
            for slots, key in self._phrases.get(stem, ()):
                end = start + len(slots)
                if end <= len(toks) and all(slots[n] in toks[start + n].stems for n in range(1, len(slots))):
                    found.append((end, key))
        return sorted(found, key=lambda m: -m[0])

    def is_plural(self, tok: _Tok) -> bool:
        """Is this position word written in the plural or the dual (المستشارون، الأعضاء، عضوان، Membres)?"""
        folded = tok.fold
        if not is_arabic(folded):
            return folded.endswith("s") and folded not in _GLUE_FOLDS
        bare = folded[2:] if folded.startswith("ال") else folded
        if bare in _IRREGULAR:
            return True
        if bare in self.first_words or _base(bare) == bare:
            return False
        return any(bare.endswith(s) and bare[: -len(s)] in self.first_words for s in ("ون", "ين", "ات", "ان", "تان"))

    def is_position_word(self, tok: _Tok) -> bool:
        return bool(tok.stems & self.first_words) or bool(tok.stems & _DEPUTY_FORMS)

    def position(self, toks: list[_Tok], *, strict: bool = False) -> _Position | None:
        """The position these words are, all of them, or None. strict: not a bare name-like word."""
        if len(toks) > _PAIR_SPAN:
            return None
        toks = [t for t in toks if not t.glue]
        if not toks:
            return None
        plural = self.is_plural(toks[0])
        if toks[0].stems & _DEPUTY_FORMS or _latin_base(toks[0].fold) in _DEPUTY_LATIN:
            rest = 1
            while rest < len(toks) and toks[rest].stems & _ORDINALS:
                rest += 1
            if _qualifiers_to_end(toks, rest):
                return _Position(_DEPUTY_REF, plural)
            for end, key in self._matches(toks, rest):
                if key in _DEPUTY_OF and _qualifiers_to_end(toks, end):
                    return _Position(_DEPUTY_OF[key], plural)
            return None
        for end, key in self._matches(toks, 0):
            if not _qualifiers_to_end(toks, end):
                continue
            if strict and len(toks) == 1 and toks[0].stems & _NAME_LIKE_POSITIONS:
                return None
            if any(t.stems & _ASSISTANT for t in toks[end:]):
                key = _DEPUTY_OF.get(key, "")
                if not key:
                    return None
            return _Position(key, plural)
        return None


def _qualifiers_to_end(toks: list[_Tok], start: int) -> bool:
    """Are toks[start:] only words that say which office (its body, level, party, place)?"""
    n, after_body = start, False
    while n < len(toks):
        if [t.fold for t in toks[n:]] in _LIST_OPENERS:
            return True  # "وعضوية كل من: …", "المستشارون السادة: …"
        stems = toks[n].stems
        if stems & (_QUALIFIERS | _ASSISTANT):
            after_body = after_body or bool(stems & (_BODY | _PARTY))
            n += 1
            continue
        # A place after the body: "للفرع بجماعة تطوان" (a word with ب, then at most two more words).
        rest = toks[n:]
        return (
            after_body
            and is_arabic(toks[n].fold)
            and toks[n].fold.startswith("ب")
            and len(rest) <= 3
            and not any(t.fold in _NOT_IN_NAME_FOLDS for t in rest)
        )
    return True


@lru_cache(maxsize=1)
def _default_words() -> dict[str, list[str]]:
    words: dict[str, list[str]] = {k: list(v) for k, v in _GENERAL_SECRETARY_WORDS.items()}
    for preset in PRESETS.values():
        _add_preset(words, preset)
    for key, phrases in SYNONYMS.items():
        words.setdefault(key, []).extend(phrases)
    return words


def _add_preset(words: dict[str, list[str]], preset: Preset) -> None:
    for key, w in preset.positions.items():
        words.setdefault(key, []).extend(_all_forms(w))
    for key, body in preset.body_types.items():
        if STRUCTURE_BODY_TYPES[key][1] == "executive":
            words.setdefault("head", []).extend(_all_forms(body.head))


def _all_forms(w: Words) -> list[str]:
    return [x for x in (w.ar, w.ar_f, w.plural_ar, w.fr, w.fr_f, w.plural_fr) if x]


def _multi_holder_keys() -> set[str]:
    return {key for key, (_rank, _head, multi, _committee) in STRUCTURE_POSITIONS.items() if multi}


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return Vocabulary(_default_words(), _multi_holder_keys())


def vocabulary_with(extra: Mapping[str, Iterable[str] | Words], multi_holder: Iterable[str] = ()) -> Vocabulary:
    """The default vocabulary with more words per key; the extra words are tried first."""
    words: dict[str, list[str]] = {}
    for key, value in extra.items():
        words.setdefault(key, []).extend(_all_forms(value) if isinstance(value, Words) else value)
    for key, phrases in _default_words().items():
        words.setdefault(key, []).extend(phrases)
    return Vocabulary(words, _multi_holder_keys() | set(multi_holder))


# --- reading --------------------------------------------------------------------------------------------------


@dataclass
class _Pair:
    name: str
    position_text: str
    key: str
    words: int


@dataclass
class _Line:
    pairs: list[_Pair] = field(default_factory=list)
    leftover: list[_Chunk] = field(default_factory=list)


class _Reader:
    def __init__(self, vocabulary: Vocabulary):
        self.v = vocabulary
        self.last_key = ""
        self.pending: tuple[str, str, bool, int] | None = None  # header: key, text, multi, its line index

    # names

    def name(self, toks: list[_Tok]) -> list[_Tok] | None:
        """The words of a name (honorifics off), or None when these words cannot be one name."""
        while toks and toks[0].fold in _HONORIFIC_FOLDS and len(toks) > 1:
            toks = toks[1:]
        if not 1 <= len(toks) <= 6 or all(len(t.fold) < 2 for t in toks):
            return None
        for tok in toks:
            if tok.fold in _NOT_IN_NAME_FOLDS or tok.glue or any(c.isdigit() for c in tok.fold):
                return None
            if tok.stems & _NOT_NAME_BASES:
                return None
        # A position word inside a name means two pairs run together ("محمد العلوي مستشارا ومحمد العلوي"); as the
        # last word it may be a family name (الكاتب), and Amine/Amina are names anywhere.
        for tok in toks[:-1]:
            if self.v.is_position_word(tok) and not tok.stems & _NAME_LIKE_POSITIONS:
                return None
        if self.v.position(toks, strict=True) is not None:
            return None
        return toks

    def names(self, toks: list[_Tok]) -> list[list[_Tok]] | None:
        """Names joined by و / et (a و glued to a word splits only between two names of two words or more)."""
        if len(toks) > _PAIR_SPAN:
            return None
        parts: list[list[_Tok]] = [[]]
        for tok in toks:
            if tok.fold in ("و", "et"):
                parts.append([])
            else:
                parts[-1].append(tok)
        out: list[list[_Tok]] = []
        for part in parts:
            if not part:
                return None
            out.extend(self._split_glued_waw(part))
        named = [self.name(part) for part in out]
        if any(n is None for n in named):
            return None
        return named  # type: ignore[return-value]

    def _split_glued_waw(self, part: list[_Tok]) -> list[list[_Tok]]:
        for n in range(1, len(part)):
            tok = part[n]
            if is_arabic(tok.fold) and tok.fold.startswith("و") and len(tok.fold) > 2:
                left, right = part[:n], [_without_waw(tok), *part[n + 1 :]]
                if _units(left) >= 2 and _units(right) >= 2:
                    return [left, *self._split_glued_waw(right)]
        return [part]

    # pairs inside one chunk

    # With no colon between them, a name and a position are read together only when the position is singular
    # ("أعضاء الأمانة" or "رؤساء المجالس" in a sentence is a list of people) and the name has two words or more.

    def name_then_position(self, toks: list[_Tok]) -> tuple[list[_Tok], list[_Tok], _Position] | None:
        for k in range(1, min(len(toks), _NAME_SPAN)):
            position = self.v.position(toks[k:])
            if position is not None and not position.plural:
                name = self.name(toks[:k])
                if name and _units(name) >= 2:
                    return name, toks[k:], position
        return None

    def position_then_name(self, toks: list[_Tok]) -> tuple[list[_Tok], list[_Tok], _Position] | None:
        for k in range(len(toks) - 1, max(0, len(toks) - _NAME_SPAN), -1):
            position = self.v.position(toks[:k], strict=True)
            if position is not None and not position.plural:
                name = self.name(toks[k:])
                if name and _units(name) >= 2:
                    return name, toks[:k], position
        return None

    def pairs_in_chunk(self, toks: list[_Tok]) -> list[tuple[list[_Tok], list[_Tok], _Position]] | None:
        """A chunk with no separator: one or more "name position" (or "position name") joined by و.

        Read from the left: at each و, the words before it are taken as a pair if they are one; all of the chunk
        must be read, or none of it is.
        """
        found: list[tuple[list[_Tok], list[_Tok], _Position]] = []
        while toks:
            one = self.name_then_position(toks) or self.position_then_name(toks)
            if one:
                return [*found, one]
            for n in range(1, min(len(toks), _PAIR_SPAN)):
                tok = toks[n]
                if tok.fold in ("و", "et"):
                    left, right = toks[:n], toks[n + 1 :]
                elif is_arabic(tok.fold) and tok.fold.startswith("و") and len(tok.fold) > 2:
                    left, right = toks[:n], [_without_waw(tok), *toks[n + 1 :]]
                else:
                    continue
                first = right and (self.name_then_position(left) or self.position_then_name(left))
                if first:
                    found.append(first)
                    toks = right
                    break
            else:
                return None
        return None

    # emitting

    def emit(self, out: _Line, line: str, name: list[_Tok], pos_toks: list[_Tok], position: _Position) -> bool:
        key = position.key
        if key == _DEPUTY_REF:
            key = _DEPUTY_OF.get(self.last_key, "")
            if not key:
                return False
        text = _position_span(line, pos_toks)
        out.pairs.append(_Pair(_span(line, name), text, key, len(name) + len(pos_toks)))
        self.last_key = key
        return True

    def multi(self, position: _Position) -> bool:
        return position.plural or position.key in self.v.multi_holder

    # a line

    def read(self, line: str, chunks: list[_Chunk]) -> _Line:
        out = _Line()
        buffered: list[list[_Tok]] = []  # names waiting for a position written after them ("a، b: مستشاران")
        i = 0
        while i < len(chunks):
            c = chunks[i]
            colon = c.sep in (":", "-") and i + 1 < len(chunks)
            if colon:
                nxt = chunks[i + 1]
                pos_c, pos_n = self.v.position(c.toks), self.v.position(nxt.toks)
                if pos_c and not pos_n:
                    i = self.position_first(out, line, chunks, i, pos_c)
                    buffered = []
                    continue
                if pos_n:
                    single = self.name(c.toks)
                    names = (self.names(c.toks) if self.multi(pos_n) else None) or ([single] if single else [])
                    if names and (len(names) == 1 or self.multi(pos_n)):
                        if self.multi(pos_n):
                            names = buffered + names
                        else:
                            out.leftover.extend(_Chunk(b, ",") for b in buffered)
                        buffered = []
                        for name in names:
                            if not self.emit(out, line, name, nxt.toks, pos_n):
                                out.leftover.append(c)
                        i += 2
                        continue
                    out.leftover.append(c)
                    i += 1
                    continue
                # "name: position name: …" or "position: name position: …" (a pair split across a chunk)
                after = i + 2 < len(chunks) and nxt.sep in (":", "-")
                first_name = self.name(c.toks) if after else None
                if first_name:
                    split = self._split(nxt.toks, position_first=True)
                    if split:
                        pos_toks, position, rest = split
                        self.emit(out, line, first_name, pos_toks, position)
                        chunks[i + 1] = _Chunk(rest, nxt.sep)
                        i += 1
                        continue
                out.leftover.append(c)
                if self.name(c.toks):
                    # "name: profile" (سعيد البقالي: مستشار جماعي): the other side is not a pair of its own.
                    out.leftover.append(nxt)
                    i += 1
                i += 1
                continue
            pairs = self.pairs_in_chunk(c.toks)
            if pairs:
                for name, pos_toks, position in pairs:
                    if not self.emit(out, line, name, pos_toks, position):
                        out.leftover.append(c)
                i += 1
                continue
            listed = self.names(c.toks)
            if listed:
                buffered.extend(listed)
            else:
                out.leftover.append(c)
            i += 1
        out.leftover.extend(_Chunk(b, ",") for b in buffered)
        return out

    def _split(self, toks: list[_Tok], *, position_first: bool):
        """Cut "position name" (or "name position") words in two: the first part for this pair, the rest next."""
        if position_first:
            for k in range(len(toks) - 1, max(0, len(toks) - _NAME_SPAN), -1):
                position = self.v.position(toks[:k], strict=True)
                if position and self.name(toks[k:]):
                    return toks[:k], position, toks[k:]
        else:
            for k in range(1, min(len(toks), _NAME_SPAN)):
                position = self.v.position(toks[k:], strict=True)
                if position and self.name(toks[:k]):
                    return toks[:k], position, toks[k:]
        return None

    def position_first(self, out: _Line, line: str, chunks: list[_Chunk], i: int, position: _Position) -> int:
        """chunks[i] is a position followed by ":"; its names follow. Returns the index of the next chunk."""
        pos_toks = chunks[i].toks
        j = i + 1
        taken = 0
        while j < len(chunks):
            c = chunks[j]
            if taken and (c.sep == ":" or self.v.position(c.toks, strict=True)):
                break  # the next pair starts
            if not taken and c.sep in (":", "-") and j + 1 < len(chunks):
                split = self._split(c.toks, position_first=False)  # "position: name position: name"
                if split:
                    name, _next_pos, rest = split
                    self.emit(out, line, name, pos_toks, position)
                    chunks[j] = _Chunk(rest, c.sep)
                    return j
            one = self.name(c.toks)
            names = self.names(c.toks) if self.multi(position) else ([one] if one else None)
            if not names or (taken and not self.multi(position)):
                break
            if len(names) > 1 and not self.multi(position):
                break
            for name in names:
                if not self.emit(out, line, name, pos_toks, position):
                    out.leftover.append(c)
            taken += 1
            j += 1
            if not self.multi(position):
                break
        if not taken:
            out.leftover.append(chunks[i])
        return j


def _units(toks: list[_Tok]) -> int:
    """Words of a name, compounds (عبد العزيز, بن علي) counted once."""
    return len(normalize_arabic(" ".join(t.text for t in toks)).split()) if toks else 0


def _as_vocabulary(nomenclature) -> Vocabulary:
    if nomenclature is None:
        return default_vocabulary()
    if isinstance(nomenclature, Vocabulary):
        return nomenclature
    if isinstance(nomenclature, Preset):
        words: dict[str, list[str]] = {}
        _add_preset(words, nomenclature)
        return vocabulary_with(words)
    return vocabulary_with(nomenclature)


def extract_office(text: str, nomenclature=None) -> Extraction:
    """The (name, position) pairs of an office composition written in `text`, and the lines not understood.

    `nomenclature`: None (every preset and the synonyms), a `Vocabulary`, a `Preset` (its words tried first) or
    a mapping {position key: words, or a `Words`} added to the defaults.
    """
    reader = _Reader(_as_vocabulary(nomenclature))
    result = Extraction()
    lines = re.split(r"\r\n|\r|\n", text)  # as a text box counts lines (not str.splitlines's \x0c, \u2028…)
    header_names = 0
    for number, raw in enumerate(lines, start=1):
        bullet = _BULLET.match(raw)
        line = raw[bullet.end() :] if bullet else raw
        tokens = _tokens(line)
        chunks = _chunks(tokens)
        words = sum(len(c.toks) for c in chunks)
        if not chunks:
            continue
        # A line of names under a position written alone on the line above ("المستشارون:").
        if reader.pending and all(c.sep in (",", "-", "") for c in chunks):
            key, pos_text, multi, _header_line = reader.pending
            listed = [found for found in (reader.names(c.toks) for c in chunks) if found]
            if len(listed) == len(chunks):
                names = [n for group in listed for n in group]
                if not multi:
                    names = names[:1]
                for name in names:
                    result.positions.append(Found(_span(line, name), pos_text, key, number))
                    reader.last_key = key
                header_names += len(names)
                if not multi:
                    reader.pending = None
                continue
        if reader.pending and not header_names:
            result.unmatched_lines.append(lines[reader.pending[3] - 1].strip())
        reader.pending = None
        header_names = 0
        # A line that is only a position: a header for the names below it.
        if len(chunks) == 1 and chunks[0].sep in (":", ""):
            position = reader.v.position(chunks[0].toks, strict=True)
            if position and position.key != _DEPUTY_REF:
                text_ = _position_span(line, chunks[0].toks)
                reader.pending = (position.key, text_, reader.multi(position), number)
                continue
        last_key = reader.last_key
        read = reader.read(line, chunks)
        used = sum(p.words for p in read.pairs)
        if read.pairs and words - used > max(6, used):
            read = _Line(leftover=chunks)  # prose that happens to hold a name and a position word
            reader.last_key = last_key
        for pair in read.pairs:
            result.positions.append(Found(pair.name, pair.position_text, pair.key, number))
        leftover = [c for n, c in enumerate(read.leftover) if not (n == 0 and c is chunks[0] and c.sep == ":")]
        if read.pairs:
            if leftover:
                result.unmatched_lines.append(raw.strip())
        elif _looks_like_composition(reader.v, chunks, words, bool(bullet)):
            result.unmatched_lines.append(raw.strip())
    if reader.pending and not header_names:
        result.unmatched_lines.append(lines[reader.pending[3] - 1].strip())
    result.positions = _settle_general_secretary(result.positions)
    return result


def _looks_like_composition(v: Vocabulary, chunks: list[_Chunk], words: int, bullet: bool) -> bool:
    colon = any(c.sep == ":" for c in chunks[:-1])
    if bullet or (colon and words <= 15):
        return True
    return words <= 6 and any(v.is_position_word(t) for c in chunks for t in c.toks)


def _settle_general_secretary(found: list[Found]) -> list[Found]:
    president = any(
        f.position_key == "head" and any(_stems(_fold(w)) & _PRESIDENT_BASES for w in f.position_text.split())
        for f in found
    )
    resolved = {
        _GENERAL_SECRETARY: "rapporteur" if president else "head",
        _DEPUTY_GENERAL_SECRETARY: "deputy_rapporteur" if president else "deputy_head",
    }
    return [
        Found(f.name, f.position_text, resolved[f.position_key], f.line) if f.position_key in resolved else f
        for f in found
    ]


def extract_office_for_party(text: str) -> Extraction:
    """`extract_office` with the party's own words from the database (position types and the executive bodies'
    head titles, both genders, Arabic and French) tried before the presets; the presets alone when the
    database cannot be read."""
    from django.db import DatabaseError

    from . import selectors

    try:
        extra: dict[str, list[str]] = {}
        multi: set[str] = set()
        for p in selectors.position_type_list():
            extra.setdefault(p.key, []).extend(
                x for x in (p.name_ar, p.name_ar_f, p.plural_ar, p.name_fr, p.name_fr_f, p.plural_fr) if x
            )
            if p.multi_holder:
                multi.add(p.key)
        for t in selectors.body_type_list():
            if t.category == "executive":
                extra.setdefault("head", []).extend(
                    x for x in (t.head_title_ar, t.head_title_ar_f, t.head_title_fr, t.head_title_fr_f) if x
                )
    except DatabaseError:
        return extract_office(text)
    return extract_office(text, vocabulary_with(extra, multi) if extra else None)
