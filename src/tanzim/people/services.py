"""Writes to persons."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tanzim.audit.services import audit_record
from tanzim.territory.models import Territory

from .models import Person


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
) -> Person:
    """Create a person and record it in the audit trail. The commune is a commune or an arrondissement."""
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
