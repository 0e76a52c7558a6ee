"""Categories invited as a whole: choosing one lists its persons in the attendance register ("invite every local
secretary of the province" is one choice). Each is read through the writer's scope, so a category never brings in
a person the writer may not read.

The body's own office at the meeting's date is always on the register and is what counts for the quorum; the
categories below are invited, present or not, and do not count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tanzim.members.models import ElectedMandate, ElectedOffice
from tanzim.organization.models import Body, Mandate
from tanzim.people.models import Person
from tanzim.territory.scope import Scope

OFFICE = "office"
GUEST = "guest"

SUB_HEADS = "sub_heads"
SUB_OFFICES = "sub_offices"
COMMUNE_PRESIDENTS = "commune_presidents"
PARLIAMENT = "parliament"

CATEGORIES = {
    SUB_HEADS: _("Heads of the bodies below (e.g. the local secretaries)"),
    SUB_OFFICES: _("Office members of the bodies below"),
    COMMUNE_PRESIDENTS: _("Presidents of communal councils in the territory"),
    PARLIAMENT: _("Members of parliament of the territory"),
}

# How the register names why a line is there.
LINE_CATEGORIES = {OFFICE: _("Office"), GUEST: _("Guest"), **CATEGORIES}


@dataclass(frozen=True)
class Invitee:
    person: Person
    capacity: str  # "head of the local secretariat — Commune X", "President of a commune — X"


def _current_mandates(scope: Scope, day: dt.date):
    return (
        Mandate.objects.visible_to(scope)
        .filter(start_date__lte=day)
        .exclude(end_date__isnull=False, end_date__lte=day)
        .select_related("person", "position_type", "body__body_type", "body__territory", "body__organization")
        .order_by("body__territory__code", "body_id", "position_type__rank", "id")
    )


def _sub_bodies(scope: Scope, body: Body):
    return (
        Body.objects.visible_to(scope)
        .filter(tree__startswith=body.tree, organization=body.organization)
        .exclude(pk=body.pk)
    )


def _elected(scope: Scope, body: Body, offices: list, day: dt.date):
    qs = (
        ElectedMandate.objects.visible_to(scope)
        .filter(office__in=offices, term_start__lte=day.year)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=day.year))
        .select_related("member__person", "territory")
        .order_by("office", "territory__code", "id")
    )
    if body.territory is not None:
        qs = qs.filter(Q(territory__path__startswith=body.territory.path) | Q(member__path__startswith=body.path))
    return qs


def invitees(key: str, *, scope: Scope, body: Body, day: dt.date) -> list[Invitee]:
    """The persons of a category for a meeting of `body` on `day`, read through `scope` (the writer's)."""
    found: list[Invitee] = []
    if key in (SUB_HEADS, SUB_OFFICES):
        mandates = _current_mandates(scope, day).filter(body__in=_sub_bodies(scope, body))
        if key == SUB_HEADS:
            mandates = mandates.filter(position_type__is_head=True)
        for m in mandates:
            found.append(Invitee(m.person, f"{m.title} — {m.body.name}"))
    elif key in (COMMUNE_PRESIDENTS, PARLIAMENT):
        offices = (
            [ElectedOffice.COMMUNE_PRESIDENT]
            if key == COMMUNE_PRESIDENTS
            else [ElectedOffice.REPRESENTATIVE, ElectedOffice.COUNCILLOR]
        )
        for e in _elected(scope, body, offices, day):
            place = f" — {e.territory.name}" if e.territory is not None else ""
            found.append(Invitee(e.member.person, f"{e.get_office_display()}{place}"))
    seen: set[int] = set()
    unique = []
    for invitee in found:
        if invitee.person.pk not in seen:
            seen.add(invitee.person.pk)
            unique.append(invitee)
    return unique
