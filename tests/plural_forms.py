"""The counts of a catalogue as patterns to find on a page, and which of those found are written in a form their
number does not take (Arabic has six: none, one, two, a few, many, and the rest). Used by the Arabic crawl."""

from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "tanzim"

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
ISOLATES = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A letter, or a mark written on one (Arabic short vowels and tanween, which \w leaves out): a count's words end
# before neither.
LETTER = r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
NUMBER = re.compile(r"^\d[\d,.\u066c\u00a0\u202f ]*$")


def catalogues(language: str) -> Iterator[gettext.GNUTranslations]:
    """The compiled catalogues of a language: the project's and each app's."""
    for folder in [SRC / "locale", *sorted(SRC.glob("*/locale"))]:
        with open(folder / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
            yield gettext.GNUTranslations(mo)


class Counts:
    """The language's counts (every ngettext entry of the catalogues) as patterns to find on a page: each form that
    writes its number becomes a pattern whose placeholders capture what the page shows in their place."""

    def __init__(self, language: str):
        self.entries: list[list[str]] = []
        self.plural = None
        for translations in catalogues(language):
            self.plural = translations.plural
            forms: dict[str, dict[int, str]] = {}
            for key, text in translations._catalog.items():
                if isinstance(key, tuple):
                    forms.setdefault(key[0], {})[key[1]] = text
            self.entries += [[found[i] for i in sorted(found)] for found in forms.values()]
        self.patterns = []
        for forms in self.entries:
            counted = self._counted(forms)
            for i, form in enumerate(forms):
                names = [m.group(1) or "" for m in PLACEHOLDER.finditer(form)]
                if counted & set(names):
                    self.patterns.append((_compiled(form), forms, i, names, counted))

    @staticmethod
    def _counted(forms: list[str]) -> set[str]:
        """The placeholder(s) that may be the count: those of the last form ("other") that some form writes in
        words instead (Arabic one and two); when every form writes them all, any of them."""
        names = [{m.group(1) or "" for m in PLACEHOLDER.finditer(form)} for form in forms]
        every = set.intersection(*names) if names else set()
        return (names[-1] - every) or names[-1]

    def written_by(self, text: str, n: int) -> bool:
        """Whether the catalogue writes `text` for the number n with the form n takes, in one of its counts."""
        chosen = self.plural(n)
        return any(chosen < len(forms) and _compiled(forms[chosen]).fullmatch(text) for forms in self.entries)

    def wrong(self, shown: str) -> list[str]:
        """The counts on a page written with a form their number does not take."""
        shown = " ".join(ISOLATES.sub("", shown).split())
        found = []
        for pattern, forms, i, names, counted in self.patterns:
            for match in pattern.finditer(shown):
                values = [g for name, g in zip(names, match.groups(), strict=True) if name in counted]
                numbers = [int(re.sub(r"\D", "", g)) for g in values if NUMBER.match(g)]
                if numbers and not any(self.written_by(match.group(0), n) for n in numbers):
                    found.append(f"{match.group(0)!r} (form {i} of {forms[-1]!r})")
        return found


@functools.cache
def _compiled(form: str) -> re.Pattern:
    """A form as a pattern: its texts as they are, each placeholder a number (separators inside allowed) or a word;
    the whole neither starting nor ending inside a word."""
    texts = [t.replace("%%", "%") for t in PLACEHOLDER.split(form)[::2]]  # names come between the texts
    texts[0], texts[-1] = texts[0].lstrip(), texts[-1].rstrip()
    value = r"(\d(?:[\d,.\u066c\u00a0\u202f]*\d)?|[^\s\d]\S*)"
    return re.compile(f"(?<!{LETTER})" + value.join(re.escape(t) for t in texts) + f"(?!{LETTER})")
