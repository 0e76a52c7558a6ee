"""A composition pasted on the renewal or co-option page, read into rows the official checks before recording.

The text is read by `composition.extract_office_for_party` (pairs of name and position, and the lines it did not
understand). Each pair becomes a row: the position is the party's PositionType of the parser's key; the name is
looked up with the person picker's own search (`people.selectors.person_suggestions`), in the reader's scope and
the picker's territory (the body's province), so a paste never finds anyone the picker would not suggest:

- sure: exactly one person whose folded name (`tanzim.arabic.name_key`, either script) is the pasted one: chosen;
- doubtful: several such persons, or only persons whose names come close (the search matched): the picker keeps
  the pasted name and lists them to choose from;
- new: nobody: the picker's "not in the registry" part, open and filled in (names split into first and last,
  gender from the position's form where the text shows one, the body's commune for a branch).

Nothing here writes: the rows go back to the page, and only the page's normal submit records anything.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from tanzim.arabic import name_key
from tanzim.arabic.normalize import is_arabic
from tanzim.people.models import Person
from tanzim.people.selectors import person_suggestions
from tanzim.territory.models import Level

from .composition import Found, extract_office_for_party
from .models import Body, PositionType
from .selectors import position_type_list

SURE, DOUBTFUL, NEW = "sure", "doubtful", "new"
MOST_CHARACTERS = 20_000


@dataclass
class PastedRow:
    found: Found
    position: PositionType
    status: str
    person: Person | None = None
    candidates: list[Person] = field(default_factory=list)
    first_name: str = ""
    last_name: str = ""
    arabic: bool = True
    gender: str = ""


@dataclass
class Reading:
    rows: list[PastedRow] = field(default_factory=list)
    unmatched_lines: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


def read_composition(text: str, *, body: Body, scope, within_path: str, most: int = 200) -> Reading:
    """The rows of a pasted composition for `body`, names looked up in `scope` inside `within_path`."""
    extraction = extract_office_for_party(text[:MOST_CHARACTERS])
    positions = {p.key: p for p in position_type_list()}
    reading = Reading(unmatched_lines=list(extraction.unmatched_lines))
    for found in extraction.positions:
        position = positions.get(found.position_key)
        if position is None or len(reading.rows) >= most:
            reading.unmatched_lines.append(f"{found.name}: {found.position_text}")
            continue
        reading.rows.append(_row(found, position, body=body, scope=scope, within_path=within_path))
    return reading


def _row(found: Found, position: PositionType, *, body: Body, scope, within_path: str) -> PastedRow:
    candidates = person_suggestions(scope=scope, text=found.name, within_path=within_path or None)
    wanted = name_key(found.name)
    same = [p for p in candidates if wanted in (name_key(p.full_name_ar), name_key(p.full_name_latin))]
    first, last = split_name(found.name)
    row = PastedRow(found=found, position=position, status=NEW, first_name=first, last_name=last)
    row.arabic = any(is_arabic(w) for w in found.name.split())
    row.gender = guess_gender(found.position_text, position, body)
    if len(same) == 1:
        row.status, row.person, row.candidates = SURE, same[0], same
    elif candidates:
        row.status, row.candidates = DOUBTFUL, same + [p for p in candidates if p not in same]
    return row


def branch_commune(body: Body):
    """The commune a new person of this body lives in by default: the branch's own commune (none for a body above)."""
    territory = body.territory
    if territory is not None and territory.level in (Level.COMMUNE, Level.ARRONDISSEMENT):
        return territory
    return None


# --- names ---------------------------------------------------------------------------------------------------

# A first name of two words: عبد + the next (عبد العزيز، عبد الإلاه), أبو/بو + the next, and X الدين / X الله.
_JOINS_NEXT = {"عبد", "ابو", "بو", "abd", "abdel", "abdul", "abdelah", "abou", "abu", "bou"}
_JOINS_PREVIOUS = {"الدين", "الله", "eddine", "ddine", "dine", "allah"}


def _plain_word(word: str) -> str:
    word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return word.replace("ـ", "").translate(str.maketrans("أإآٱ", "اااا")).lower()


def split_name(name: str) -> tuple[str, str]:
    """First and last name of a name as published: the first word (two for a compound first name), then the rest."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    take = 1
    if len(words) >= 3 and (_plain_word(words[0]) in _JOINS_NEXT or _plain_word(words[1]) in _JOINS_PREVIOUS):
        take = 2
    return " ".join(words[:take]), " ".join(words[take:])


# --- gender --------------------------------------------------------------------------------------------------

_ARTICLES = ("وال", "فال", "بال", "لل", "ال", "و", "ل")


def _forms_of(word: str) -> set[str]:
    """A word and what it is without the article or a glued و/ل and without the accusative alif (كاتبا)."""
    plain = _plain_word(word)
    out = {plain}
    for article in _ARTICLES:
        if plain.startswith(article) and len(plain) - len(article) >= 3:
            out.add(plain[len(article) :])
    out |= {w[:-1] for w in list(out) if w.endswith("ا") and len(w) > 3}
    return out


def _first_words(*phrases: str) -> set[str]:
    found: set[str] = set()
    for phrase in phrases:
        if phrase and phrase.split():
            found |= _forms_of(phrase.split()[0])
    return found


def guess_gender(position_text: str, position: PositionType, body: Body) -> str:
    """ "f" where the position is written in its feminine form (أمينة المال، مستشارة، نائبتها، Trésorière), "m" where
    it is written in the masculine singular (كاتبا، نائبه، المقرر، Conseiller), "" where the text does not tell (a
    plural such as المستشارون, a committee's name, a form both genders share)."""
    words = position_text.split()
    if not words:
        return ""
    head = position.is_head
    types = body.body_type
    titles = (types.head_title_ar, types.head_title_fr) if head else ()
    titles_f = (types.head_title_ar_f, types.head_title_fr_f) if head else ()
    masculine = _first_words(position.name_ar, position.name_fr, *titles)
    feminine = _first_words(position.name_ar_f, position.name_fr_f, *titles_f)
    feminine |= {w + "ة" for w in masculine if is_arabic(w)}
    shared = masculine & feminine
    masculine, feminine = masculine - shared, feminine - shared
    plural = _first_words(position.plural_ar, position.plural_fr)
    forms = _forms_of(words[0])
    # A pronoun glued to the position: نائبه/نائبها (his, her deputy: the word is masculine), نائبته/نائبتها.
    for suffix in ("ها", "ه"):
        for w in list(forms):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                base = w[: -len(suffix)]
                forms.add(base[:-1] + "ة" if base.endswith("ت") else base)
    if forms & plural:
        return ""
    if forms & feminine or any(w.endswith("ات") and (w[:-2] in masculine or w[:-2] + "ة" in feminine) for w in forms):
        return "f"
    if any(w.endswith(("ون", "ين")) and w[:-2] in masculine for w in forms):
        return ""
    if forms & masculine:
        return "m"
    return ""
