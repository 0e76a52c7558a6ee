"""What a list still lacks: the law's composition rules and the party's own, and each candidate's missing
documents. Pure functions over what the selectors read; each problem is a sentence an official reads.

The law: a women-only constituency takes only women; a list ballot files as many titular candidates as there are
seats, a uninominal ballot one; every list has its head (وكيل اللائحة).
The party (constants below, the same for every election until the department asks for them as data): at least one
candidate under the party's youth age in the first three places of a list of two seats or more, and at least a
third of women among the titulars of a mixed list of three seats or more (the parity target).
"""

from __future__ import annotations

import datetime as dt
from math import ceil

from django.utils.translation import gettext as _

from .models import Ballot, DocumentKind

YOUTH_PLACES = 3
PARITY_SHARE = (1, 3)  # at least one woman in three titulars


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def composition_problems(constituency, candidates, *, today: dt.date, youth_age: int = 35) -> list[str]:
    """The rules the list breaks (empty when it is complete). `candidates`: ListCandidate rows in order, with
    `member.person` read."""
    problems: list[str] = []
    titulars = [c for c in candidates if not c.alternate]
    expected = constituency.seats if constituency.ballot == Ballot.LIST else 1
    if len(titulars) < expected:
        problems.append(
            _("%(have)s candidates for %(seats)s seats: %(missing)s missing")
            % {"have": len(titulars), "seats": expected, "missing": expected - len(titulars)}
        )
    elif len(titulars) > expected:
        problems.append(
            _("%(have)s candidates for %(seats)s seats: %(extra)s too many")
            % {"have": len(titulars), "seats": expected, "extra": len(titulars) - expected}
        )
    if titulars and not any(c.is_head for c in titulars):
        problems.append(_("no head of list designated"))
    if constituency.women_only:
        men = [c for c in candidates if c.member.person.gender != "f"]
        if men:
            problems.append(
                _("reserved for women, but %(names)s is not a woman")
                % {"names": ", ".join(c.member.person.full_name for c in men)}
            )
    if expected >= 2 and titulars:
        first = titulars[:YOUTH_PLACES]
        young = [c for c in first if c.member.person.birth_date and _age(c.member.person.birth_date, today) < youth_age]
        if not young:
            problems.append(
                _("no candidate under %(age)s in the first %(places)s places")
                % {"age": youth_age, "places": min(YOUTH_PLACES, len(titulars))}
            )
    if not constituency.women_only and expected >= 3 and titulars:
        women = sum(1 for c in titulars if c.member.person.gender == "f")
        need = ceil(len(titulars) * PARITY_SHARE[0] / PARITY_SHARE[1])
        if women < need:
            problems.append(
                _("%(women)s women among %(titulars)s candidates: the parity target asks for %(need)s")
                % {"women": women, "titulars": len(titulars), "need": need}
            )
    return problems


def missing_documents(candidate) -> list[str]:
    """The documents of the filing file not yet received for this candidate (labels, in the reader's language)."""
    have = {item.kind for item in candidate.filing.all()}
    return [str(label) for value, label in DocumentKind.choices if value not in have]
