"""Writes to persons."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tanzim.audit.services import audit_record
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from .footprint import PersonBeyondScope
from .models import Person
from .picker import NewPerson, PickRefused, enrol, may_enrol


def person_create(
    *,
    acting_user,
    first_name_ar: str = "",
    last_name_ar: str = "",
    first_name_latin: str = "",
    last_name_latin: str = "",
    gender: str,
    birth_date: dt.date | None = None,
    phone: str = "",
    commune: Territory | None = None,
    scope: Scope | None = None,
) -> Person:
    """Create a person and record it in the audit trail. The commune is a commune or an arrondissement; with a
    `scope` (where the writer may write), it must lie inside it (PersonBeyondScope otherwise)."""
    if scope is not None and not scope.covers(commune.path if commune is not None else None):
        raise PersonBeyondScope(_("This commune is outside your territory."))
    if commune is not None and commune.level not in ("commune", "arrondissement"):
        raise ValidationError(
            {
                "commune": _("Choose a commune or an arrondissement, not a %(level)s.")
                % {"level": commune.get_level_display()}
            }
        )
    with transaction.atomic():
        person = Person(
            first_name_ar=first_name_ar.strip(),
            last_name_ar=last_name_ar.strip(),
            first_name_latin=first_name_latin.strip(),
            last_name_latin=last_name_latin.strip(),
            gender=gender,
            birth_date=birth_date,
            phone=phone.strip(),
            commune=commune,
        )
        person.full_clean()
        person.save()
        audit_record(
            acting_user=acting_user,
            action="person.create",
            target=person,
            territory_path=commune.path if commune else "",
            changes={"name_ar": person.full_name_ar, "name_latin": person.full_name_latin},
        )
    return person


def person_from_pick(*, acting_user, scope: Scope, pick, enrol_scope: Scope | None = None) -> Person:
    """The person a picker yielded: an existing one as it is, or a new one created now (in the caller's transaction:
    a write refused after this creates nobody), with its card number recorded where `enrol_scope` (where the writer
    may write members) covers its commune."""
    if not isinstance(pick, NewPerson):
        return pick
    person = person_create(
        acting_user=acting_user,
        scope=scope,
        first_name_ar=pick.first_name_ar,
        last_name_ar=pick.last_name_ar,
        first_name_latin=pick.first_name_latin,
        last_name_latin=pick.last_name_latin,
        gender=pick.gender,
        commune=pick.commune,
    )
    if pick.card_number:
        if enrol_scope is None or not may_enrol() or not enrol_scope.covers(pick.commune.path):
            raise PickRefused(_("Your responsibilities do not include adding members in this commune."))
        enrol(acting_user=acting_user, scope=enrol_scope, person=person, card_number=pick.card_number)
    return person
