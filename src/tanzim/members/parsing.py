"""Turning the cells of a member file into typed values, or into a reason the row is refused.

Pure functions, no database: the importer, the member form and the API share them, so a value the form accepts
is a value the import and the API accept, and each refuses the others' refusals for the same reason. Free text
(names, card number, profession, address) follows one rule: cleaned, no control character, at most as long as
its column (`parse_text`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache, partial

import phonenumbers
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Field, Model
from django.utils.translation import gettext_lazy as _

from tanzim.errors import CodedError
from tanzim.people.models import Person

from .models import EducationLevel, Member, MemberStatus, Sector


class CellError(CodedError, ValueError):
    """A cell that cannot be taken; `code` is stable (declared in members/declarations.py), `message` is for
    people."""


# Arabic-Indic digits as ASCII; direction marks removed (they hide in cells copied from Arabic documents).
_CLEAN = str.maketrans(
    {**dict(zip("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789", strict=True)), "\u200f": None, "\u200e": None}
)
_SPACES = re.compile(r"\s+")


def clean(value) -> str:
    """A cell as text: None → "", numbers without a trailing .0, Arabic-Indic digits as ASCII, spaces collapsed."""
    if value.__class__ is str and value.isascii() and value.isprintable() and "  " not in value:
        return value.strip()  # the common case, with nothing to translate or collapse: fast on a million rows
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.translate(_CLEAN)
    if "  " in text or "\t" in text or "\n" in text or "\r" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


NAME_FIELDS = ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin")


def _max_length(model: type[Model], name: str) -> int:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or field.max_length is None:
        raise ImproperlyConfigured(f"{model.__name__}.{name} has no max_length")
    return field.max_length


# Free-text fields and the longest value their column holds: the models say it, nothing else repeats it.
MAX_LENGTHS: dict[str, int] = {
    **{f: _max_length(Person, f) for f in (*NAME_FIELDS, "address")},
    **{f: _max_length(Member, f) for f in ("card_number", "profession")},
}
# Control characters left once clean() has made tabs and line breaks spaces (NUL, escape, bell…): invisible, they
# corrupt exports, and PostgreSQL cannot store NUL. Format marks (the joiners of Arabic script) are text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def parse_text(value, field: str) -> str:
    """Free text for `field` (a key of MAX_LENGTHS): cleaned, without control characters, not longer than its column.

    Empty is allowed here; whether the field is required is the caller's rule (parse_card_number, check_first_name).
    """
    text = clean(value)
    if not text.isprintable() and _CONTROL.search(text):
        raise CellError("control_character", _("This text holds an invisible control character: type it again."))
    limit = MAX_LENGTHS[field]
    if len(text) > limit:
        raise CellError("too_long", _("Too long: at most %(limit)d characters.") % {"limit": limit})
    return text


def parse_card_number(value) -> str:
    """A membership card number, in capitals. Required."""
    if value.__class__ is str and value.isascii() and value.isalnum() and len(value) <= MAX_LENGTHS["card_number"]:
        return value.upper()  # the common case (letters and digits only), the same answer without the steps below
    text = parse_text(clean(value).upper(), "card_number")
    if not text:
        raise CellError("missing_card_number", _("The card number is missing."))
    return text


MISSING_NAME = _("Give the first name in Arabic or in Latin script.")


def check_first_name(first_name_ar: str, first_name_latin: str) -> None:
    """A person needs a first name in one script at least (the values already parsed)."""
    if not (first_name_ar or first_name_latin):
        raise CellError("missing_name", MISSING_NAME)


@lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """A header reduced for matching: lowercase, no accents, no punctuation, Arabic letters unified."""
    text = clean(text).lower()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.translate(_HEADER_FOLD)
    return re.sub(r"[\W_]+", " ", text).strip()


# Alef forms, ta marbuta, alef maksura and the hamza carriers as one letter; bare hamza and tatweel dropped (the
# harakat go with the accents in header_key).
_HEADER_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ء": None, "ـ": None}
)


@lru_cache(maxsize=4096)
def choice_key(text: str) -> str:
    """An enumerated cell (gender, status, sector, education) reduced as names are: header_key's folding (hamza
    forms, alef variants, ta marbuta, case, accents, punctuation), then without spaces and a leading article, so
    "أنثى", "انثي", "F." and "Féminin" meet their entry, and "الثانوي" meets "ثانوي"."""
    key = header_key(text).replace(" ", "")
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


# Column → the headers officials actually use for it, in Arabic and French (matched after header_key).
HEADERS: dict[str, tuple[str, ...]] = {
    "card_number": (
        "رقم البطاقة",
        "رقم بطاقة العضوية",
        "رقم العضوية",
        "رقم الانخراط",
        "بطاقة العضوية",
        "n carte",
        "no carte",
        "numero de carte",
        "num carte",
        "carte",
        "n adherent",
        "numero adherent",
    ),
    "last_name_ar": ("النسب", "الاسم العائلي", "اسم العائلة", "nom en arabe", "nom arabe"),
    "first_name_ar": ("الاسم", "الاسم الشخصي", "prenom en arabe", "prenom arabe"),
    "last_name_latin": ("nom", "nom de famille"),
    "first_name_latin": ("prenom",),
    "gender": ("الجنس", "النوع", "sexe", "genre"),
    "birth_date": ("تاريخ الازدياد", "تاريخ الميلاد", "date de naissance", "ne le", "naissance"),
    "cin": ("رقم البطاقة الوطنية", "البطاقة الوطنية", "ب ت و", "cin", "cnie", "n cin"),
    "phone": ("الهاتف", "رقم الهاتف", "الهاتف المحمول", "telephone", "tel", "gsm", "portable"),
    "commune": ("الجماعة", "جماعة السكن", "commune", "commune de residence"),
    "province": ("الإقليم", "العمالة", "الإقليم أو العمالة", "province", "prefecture", "province ou prefecture"),
    "join_date": ("تاريخ الانخراط", "تاريخ العضوية", "date d adhesion", "adhesion", "date adhesion"),
    "status": ("الوضعية", "الحالة", "statut", "situation"),
    "profession": ("المهنة", "profession", "metier"),
    "education_level": ("المستوى الدراسي", "niveau d etudes", "niveau scolaire"),
    "sector": ("القطاع", "secteur"),
    "dues_years": ("سنوات الاشتراك", "الاشتراكات", "cotisations", "annees de cotisation"),
}
# The headers of the template to download, in each language of the interface (each one an alias above).
TEMPLATE_HEADERS: dict[str, dict[str, str]] = {
    "ar": {
        "card_number": "رقم البطاقة",
        "last_name_ar": "النسب",
        "first_name_ar": "الاسم",
        "last_name_latin": "Nom",
        "first_name_latin": "Prénom",
        "gender": "الجنس",
        "birth_date": "تاريخ الازدياد",
        "cin": "رقم البطاقة الوطنية",
        "phone": "الهاتف",
        "commune": "الجماعة",
        "province": "الإقليم",
        "join_date": "تاريخ الانخراط",
        "status": "الوضعية",
        "profession": "المهنة",
        "education_level": "المستوى الدراسي",
        "sector": "القطاع",
        "dues_years": "سنوات الاشتراك",
    },
    "fr": {
        "card_number": "N° carte",
        "last_name_ar": "Nom en arabe",
        "first_name_ar": "Prénom en arabe",
        "last_name_latin": "Nom",
        "first_name_latin": "Prénom",
        "gender": "Sexe",
        "birth_date": "Date de naissance",
        "cin": "CIN",
        "phone": "Téléphone",
        "commune": "Commune",
        "province": "Province",
        "join_date": "Date d'adhésion",
        "status": "Statut",
        "profession": "Profession",
        "education_level": "Niveau d'études",
        "sector": "Secteur",
        "dues_years": "Années de cotisation",
    },
}
_HEADER_INDEX = {header_key(alias): column for column, aliases in HEADERS.items() for alias in aliases}
REQUIRED = ("card_number", "gender")


def map_headers(headers: list) -> tuple[dict[int, str], list[str]]:
    """Column index → field for the headers we know, and the headers we do not (reported, not fatal)."""
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        key = header_key(header or "")
        if not key:
            continue
        field = _HEADER_INDEX.get(key)
        if field and field not in mapping.values():
            mapping[index] = field
        else:
            unknown.append(clean(header))
    return mapping, unknown


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_FORMS = (
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})[/.\-](?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})$"),
)


def parse_date(value, *, today: dt.date | None = None) -> dt.date | None:
    """dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd, an Excel serial number, or a date cell. Empty → None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    else:
        text = clean(value)
        if not text:
            return None
        if text.isdigit() and 10000 <= int(text) <= 80000:  # an Excel serial that lost its date format
            result = _EXCEL_EPOCH + dt.timedelta(days=int(text))
        else:
            text = text.split(" ")[0]
            for form in _DATE_FORMS:
                match = form.match(text)
                if match:
                    try:
                        result = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
                    except ValueError:
                        raise CellError("bad_date", _("This date does not exist.")) from None
                    break
            else:
                raise CellError("bad_date", _("Unreadable date: write it as dd/mm/yyyy."))
    if result.year < 1900 or (today and result > today):
        raise CellError("date_out_of_range", _("This date is impossible (before 1900 or in the future)."))
    return result


_CIN = re.compile(r"^[A-Z]{1,2}\d{1,6}$")


def parse_cin(value) -> str:
    """A national identity card number: one or two letters then up to six digits (e.g. AB123456)."""
    if value.__class__ is str and value.isascii() and value.isalnum():
        text = value.upper()  # the common case: nothing to clean, join or strip
    else:
        text = clean(value).upper().replace(" ", "").replace("-", "")
    if not text:
        return ""
    if not _CIN.match(text):
        raise CellError("bad_cin", _("A national identity card number is one or two letters then digits."))
    return text


_MA_PHONE = re.compile(r"^(?:\+212|00212|212|0)([5-8]\d{8})$")
_PHONE_MARKS = re.compile(r"[\s.\-/()]")


@lru_cache(maxsize=4096)
def _prefix_is_valid(national: str) -> bool:
    # Validity in the numbering plan depends on the leading digits; checking one number per prefix with
    # phonenumbers keeps the import fast on a million rows without a rule of our own.
    return phonenumbers.is_valid_number(phonenumbers.parse("+212" + national, None))


def parse_phone(value) -> str:
    """A phone number in E.164 (+2126…). Moroccan numbers in any usual writing; others need their +country."""
    if (
        value.__class__ is str
        and len(value) == 10
        and value[0] == "0"
        and value[1] in "5678"
        and value.isdigit()
        and value.isascii()
        and _prefix_is_valid(value[1:6] + "0000")
    ):
        return "+212" + value[1:]  # the common case, 06xxxxxxxx in a range the numbering plan knows
    text = clean(value)
    if not text:
        return ""
    compact = text if text.isdigit() else _PHONE_MARKS.sub("", text)
    match = _MA_PHONE.match(compact)
    if match:
        national = match.group(1)
        if _prefix_is_valid(national[:5] + "0000") or phonenumbers.is_valid_number(
            phonenumbers.parse("+212" + national, None)
        ):
            return "+212" + national
        raise CellError("bad_phone", _("This is not a valid Moroccan phone number."))
    try:
        number = phonenumbers.parse(compact, "MA")
    except phonenumbers.NumberParseException:
        raise CellError("bad_phone", _("Unreadable phone number.")) from None
    if not phonenumbers.is_valid_number(number):
        raise CellError("bad_phone", _("This is not a valid phone number."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Every way files write a gender, reduced by choice_key: words, short forms (ذ, أ/ا, H/F, M), plurals.
_GENDERS = {
    choice_key(word): value
    for value, words in {
        "m": ("m", "h", "ذ", "ذكر", "ذكور", "رجل", "male", "homme", "masculin", "masc", "man"),
        "f": (
            "f",
            "ا",
            "أ",
            "أنثى",
            "انثى",
            "إناث",
            "امرأة",
            "امراة",
            "سيدة",
            "female",
            "femme",
            "feminin",
            "fem",
            "woman",
        ),
    }.items()
    for word in words
}


def parse_gender(value) -> str:
    text = choice_key(clean(value))
    if text in _GENDERS:
        return _GENDERS[text]
    raise CellError("bad_gender", _("Gender must be male or female (ذكر / أنثى, H / F)."))


@cache
def _choice_table(name: str) -> dict[str, str]:
    """Every way to write a choice: its value and its label in each language of the interface."""
    from django.utils import translation

    choices = {"status": MemberStatus, "sector": Sector, "education": EducationLevel}[name].choices
    table: dict[str, str] = {}
    for language in ("ar", "fr", "en"):
        with translation.override(language):
            for value, label in choices:
                table[choice_key(value)] = value
                table[choice_key(str(label))] = value
    for word, value in _CHOICE_WORDS.get(name, {}).items():
        table.setdefault(choice_key(word), value)
    return table


# The words members' files use besides the values and their labels.
_CHOICE_WORDS: dict[str, dict[str, str]] = {
    "status": {
        "نشيط": "active",
        "نشط": "active",
        "actif": "active",
        "active": "active",
        "متوقف": "lapsed",
        "منقطع": "lapsed",
        "radie": "lapsed",
        "موقوف": "suspended",
        "suspendu": "suspended",
        "مستقيل": "resigned",
        "demissionnaire": "resigned",
        "متوفى": "deceased",
        "decede": "deceased",
    },
    "education": {
        "بدون": "none",
        "امي": "none",
        "أمي": "none",
        "غير متمدرس": "none",
        "sans": "none",
        "aucun": "none",
        "ابتدائي": "primary",
        "primaire": "primary",
        "اعدادي": "secondary",
        "إعدادي": "secondary",
        "ثانوي": "secondary",
        "college": "secondary",
        "secondaire": "secondary",
        "lycee": "secondary",
        "باكالوريا": "baccalaureate",
        "بكالوريا": "baccalaureate",
        "bac": "baccalaureate",
        "جامعي": "licence",
        "اجازة": "licence",
        "إجازة": "licence",
        "ليسانس": "licence",
        "الإجازة": "licence",
        "ماستر": "master",
        "ماجستير": "master",
        "دكتوراه": "doctorate",
        "دكتوراة": "doctorate",
        "doctorat": "doctorate",
    },
    "sector": {
        "صحة": "health",
        "sante": "health",
        "تعليم": "education",
        "enseignement": "education",
        "طالب": "student",
        "طلبة": "student",
        "etudiant": "student",
        "متقاعد": "retired",
        "retraite": "retired",
        "فلاحة": "agriculture",
        "تجارة": "commerce",
    },
}


def _choice_parser(name: str, code: str, message):
    def parse(cell) -> str:
        text = choice_key(clean(cell))
        if not text:
            return ""
        if text in _choice_table(name):
            return _choice_table(name)[text]
        raise CellError(code, message)

    return parse


def parse_status(cell) -> str:
    """A member status; an empty cell means active."""
    text = choice_key(clean(cell))
    if not text:
        return MemberStatus.ACTIVE
    if text in _choice_table("status"):
        return _choice_table("status")[text]
    raise CellError("bad_status", _("Unknown status: active, lapsed, suspended, resigned or deceased."))


parse_sector = _choice_parser("sector", "bad_sector", _("Unknown sector."))
parse_education = _choice_parser("education", "bad_education", _("Unknown education level."))


def parse_years(cell, *, today: dt.date) -> list[int]:
    """Years of dues paid: "2023, 2024" or "2023-2025"."""
    text = clean(cell)
    if not text:
        return []
    years: set[int] = set()
    for part in re.split(r"[,;،\s]+", text):
        if not part:
            continue
        span = re.match(r"^(\d{4})-(\d{4})$", part)
        if span:
            start, end = int(span[1]), int(span[2])
            if end < start or end - start > 60:
                raise CellError("bad_years", _("Unreadable years of dues."))
            years.update(range(start, end + 1))
        elif re.match(r"^\d{4}$", part):
            years.add(int(part))
        else:
            raise CellError("bad_years", _("Unreadable years of dues."))
    if any(y < 1950 or y > today.year for y in years):
        raise CellError("bad_years", _("A year of dues is impossible."))
    return sorted(years)


# --- what an import takes with a warning ------------------------------------------------------------------------


class CellWarning(CellError):
    """A doubtful optional cell that an import takes anyway: `value` is what is stored, the raw cell is kept in the
    import's report for the branch to check. Never a reason to refuse a member."""

    def __init__(self, code: str, message, value: str):
        super().__init__(code, message)
        self.value = value


def lenient(parse: Callable[[object], str], *, keep: Callable[[object], str]) -> Callable[[object], object]:
    """An optional field's parser for an import: the strict value, or a CellWarning holding `keep(cell)`."""

    def parse_or_warn(cell):
        try:
            return parse(cell)
        except CellError as error:
            return CellWarning(error.code, error.message, keep(cell))

    return parse_or_warn


def _moroccan_or_nothing(cell) -> str:
    """A Moroccan number the phone library does not know (a new range, 0683…) kept in E.164; anything else is not
    a phone we can store, and stays only in the report."""
    compact = _PHONE_MARKS.sub("", clean(cell))
    match = _MA_PHONE.match(compact)
    return "+212" + match.group(1) if match else ""


def _cin_as_written(cell) -> str:
    text = clean(cell).upper().replace(" ", "").replace("-", "")
    return text if len(text) <= MAX_LENGTHS_CIN and text.isalnum() else ""


def _profession_cut(cell) -> str:
    text = _CONTROL.sub("", clean(cell))
    return text[: MAX_LENGTHS["profession"]]


def parse_entered_phone(value) -> str:
    """A phone typed in the form or sent to the API: parse_phone's rule, except that a Moroccan number in a range
    the phone library does not know yet (0683…, which an import takes with a warning) is accepted too, so a
    member imported with one can be edited without retyping it."""
    try:
        return parse_phone(value)
    except CellError:
        kept = _moroccan_or_nothing(value)
        if kept:
            return kept
        raise


MAX_LENGTHS_CIN = _max_length(Person, "cin")
import_phone = lenient(parse_phone, keep=_moroccan_or_nothing)
import_cin = lenient(parse_cin, keep=_cin_as_written)
import_profession = lenient(partial(parse_text, field="profession"), keep=_profession_cut)


# --- is it the same person? -------------------------------------------------------------------------------------


def _one_typo(a: str, b: str) -> bool:
    """At most one letter changed, added, dropped, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _names_alike(first: str, last: str, other_first: str, other_last: str) -> bool | None:
    """Two people's names in one script: alike (a typo fixed, spacing, spelling variants, first and last swapped),
    different, or None when either side is missing them."""
    from difflib import SequenceMatcher

    from tanzim.arabic import name_key

    mine = " ".join(filter(None, (name_key(first), name_key(last))))
    theirs = " ".join(filter(None, (name_key(other_first), name_key(other_last))))
    if not mine or not theirs:
        return None
    if mine == theirs or sorted(mine.split()) == sorted(theirs.split()):
        return True
    return SequenceMatcher(None, mine.replace(" ", ""), theirs.replace(" ", "")).ratio() >= 0.8


def _dates_alike(a, b) -> bool:
    """A birth date typed again with one slip: one of day, month or year changed, or day and month swapped."""
    if not a or not b:
        return True
    a, b = (d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)[:10]) for d in (a, b))
    if a == b or (a.day, a.month, a.year) == (b.month, b.day, b.year):
        return True
    return sum((a.day != b.day, a.month != b.month, a.year != b.year)) == 1 and (
        a.year == b.year or _one_typo(str(a.year), str(b.year))
    )


def identity_differs(file_row: dict, registry: dict) -> bool:
    """Is the person of a file's row someone else than the person holding the card (or another row's person)?

    Each side: first_name_ar, last_name_ar, first_name_latin, last_name_latin, cin, birth_date. A typo fixed is
    the same person (one character of a CIN, one part of a date, names that read alike); the same CIN on both
    sides is the same person unless the birth dates disagree too; otherwise names that differ in a script both
    sides write, another CIN, or another birth date make another person. Whatever the file says beyond that is
    an update, never a conflict."""
    cin, other_cin = file_row.get("cin") or "", registry.get("cin") or ""
    dates_alike = _dates_alike(file_row.get("birth_date"), registry.get("birth_date"))
    if cin and cin == other_cin:
        return not dates_alike
    if cin and other_cin and not _one_typo(cin, other_cin):
        return True
    if not dates_alike:
        return True
    verdicts = [
        _names_alike(
            file_row[f"first_name_{s}"],
            file_row[f"last_name_{s}"],
            registry[f"first_name_{s}"],
            registry[f"last_name_{s}"],
        )
        for s in ("ar", "latin")
    ]
    return False in verdicts
